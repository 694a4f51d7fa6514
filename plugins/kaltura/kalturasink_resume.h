// Continuing an unfinished upload: the token recorded in the state file or
// named by upload-token-id, what the server already holds, and the attaching
// call still to make.
#pragma once

#include <cstdint>

#include "kalturasink_run.h"

namespace kalturasink {

// Looks up the token to continue (state-file or upload-token-id) and fills
// the resume facts. Returns false after posting an error (also when the
// target properties name another token, entry, flavor or attachment than the
// state file records); throws kaltura::Error(Cancelled) when unlock()
// cancelled a call.
bool prepare_resume(GstKalturaSink* self, Run& run, RunState& state, uint64_t& chunk_size, uint64_t& head_size);

// What of the entry the properties target, as a state file records it.
kaltura::upload::RecordedTarget recorded_target(const KalturaSinkSettings& settings);

// Whether a chunk the server already holds gives again the bytes the state
// file recorded for it (its length and digest).
bool gives_recorded_digest(const kaltura::upload::Chunk& chunk, const kaltura::upload::ChunkDigest& recorded);
// The error text when it does not: the stream is not the one recorded.
std::string stream_mismatch(const Run& run, const std::string& token_id, const kaltura::upload::Chunk& chunk);
// The error text when a resumed stream ends (EOS) after total bytes, before
// held_end, where what the token already holds ends: it is not the stream
// uploaded either.
std::string stream_shorter_than_held(const Run& run, const std::string& token_id, uint64_t total, uint64_t held_end);

}  // namespace kalturasink
