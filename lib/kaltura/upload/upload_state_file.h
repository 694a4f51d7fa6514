// A small text file recording an unfinished upload (token, entry, what of
// the entry it feeds, chunking, the byte ranges the server acknowledged with
// a digest of each chunk, and the attaching call still to make when the
// server would not attach the unfinished token) so that a process started
// again after a crash continues the same token and skips what the server
// already holds, once it has seen that the stream gives the same bytes
// again. Rewritten atomically after every change; removed when the upload
// completes. Holds no secret.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kaltura/upload/deferred_attach.h"

namespace kaltura::upload {

// What an acknowledged chunk held: its length and chunk_digest() of its bytes.
struct ChunkDigest {
  uint64_t length = 0;
  std::string value;
};

// What the target properties besides entry-id named: the entry's content
// (neither set), one of its flavors or one of its attachments.
struct RecordedTarget {
  int flavor_params_id = -1;
  std::string attachment_title;

  bool operator==(const RecordedTarget& other) const {
    return flavor_params_id == other.flavor_params_id && attachment_title == other.attachment_title;
  }
};

struct UploadState {
  std::string token_id;
  std::string entry_id;
  // So that a resume given other target properties is refused rather than
  // finishing this upload; nullopt when not known (a file written before it
  // was recorded, or a token continued with upload-token-id and no entry-id).
  std::optional<RecordedTarget> target;
  std::string file_name;
  uint64_t chunk_size = 0;
  uint64_t head_size = 0;
  std::vector<std::pair<uint64_t, uint64_t>> acknowledged;  // sorted, merged [begin, end)
  std::map<uint64_t, ChunkDigest> digests;                  // by chunk offset
  std::optional<DeferredAttach> attach_after_final;         // the server refused the unfinished token

  bool covers(uint64_t offset, uint64_t length) const;
  uint64_t acknowledged_bytes() const;
  // Where the last acknowledged range ends: 0 when none.
  uint64_t acknowledged_end() const;
  // digest: of the chunk's bytes, "" when not taken.
  void add(uint64_t offset, uint64_t length, const std::string& digest = "");
  // The digest recorded for the chunk at offset, if any.
  const ChunkDigest* digest_at(uint64_t offset) const;
};

class UploadStateFile {
 public:
  explicit UploadStateFile(std::string path) : path_(std::move(path)) {}
  ~UploadStateFile();
  UploadStateFile(const UploadStateFile&) = delete;
  UploadStateFile& operator=(const UploadStateFile&) = delete;

  const std::string& path() const { return path_; }
  // Holds the file for this upload alone until destruction (a lock on
  // "<path>.lock"): two uploads recording in one file would continue each
  // other's token. False when another upload (process or element) holds it;
  // throws std::runtime_error when the lock file cannot be made.
  bool claim();
  // The recorded state; nullopt when there is no file. Throws
  // std::runtime_error when the file exists but cannot be read.
  std::optional<UploadState> load() const;
  void save(const UploadState& state);  // throws std::runtime_error
  // The upload is over: the file goes, and its lock file with it.
  void remove();
  // The record is stale (its token gone or complete) and a new upload
  // starts in its place: the file goes, but the lock stays held, so that no
  // other upload claims the state file meanwhile.
  void forget();

 private:
  std::string path_;
  std::mutex mutex_;
  int lock_fd_ = -1;
};

}  // namespace kaltura::upload
