// Continuing an unfinished upload: the token recorded in the state file or
// named by upload-token-id, what the server already holds, and the attaching
// call still to make.
#pragma once

#include <cstdint>

#include "kalturasink_run.h"

namespace kalturasink {

// Looks up the token to continue (state-file or upload-token-id) and fills
// the resume facts. Returns false after posting an error; throws
// kaltura::Error(Cancelled) when unlock() cancelled a call.
bool prepare_resume(GstKalturaSink* self, Run& run, RunState& state, uint64_t& chunk_size, uint64_t& head_size);

// For a chunk the server already holds (state.skip covers it): what is wrong
// when the state file recorded the chunk with another digest (the stream is
// not the one recorded), "" when it may be skipped. digest: chunk_digest()
// of the chunk's bytes, "" without a state file.
std::string skipped_chunk_mismatch(const Run& run, const RunState& state, uint64_t offset, uint64_t length,
                                   const std::string& digest);

}  // namespace kalturasink
