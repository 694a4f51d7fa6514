// A small text file recording an unfinished upload (token, entry, chunking,
// the byte ranges the server acknowledged, and the attaching call still to
// make when the server would not attach the unfinished token) so that a process started
// again after a crash continues the same token and skips what the server
// already holds. Rewritten atomically after every change; removed when the
// upload completes. Holds no secret.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kaltura/upload/deferred_attach.h"

namespace kaltura::upload {

struct UploadState {
  std::string token_id;
  std::string entry_id;
  std::string file_name;
  uint64_t chunk_size = 0;
  uint64_t head_size = 0;
  std::vector<std::pair<uint64_t, uint64_t>> acknowledged;  // sorted, merged [begin, end)
  std::optional<DeferredAttach> attach_after_final;         // the server refused the unfinished token

  bool covers(uint64_t offset, uint64_t length) const;
  uint64_t acknowledged_bytes() const;
  void add(uint64_t offset, uint64_t length);
};

class UploadStateFile {
 public:
  explicit UploadStateFile(std::string path) : path_(std::move(path)) {}

  const std::string& path() const { return path_; }
  // The recorded state; nullopt when there is no file. Throws
  // std::runtime_error when the file exists but cannot be read.
  std::optional<UploadState> load() const;
  void save(const UploadState& state);  // throws std::runtime_error
  void remove();

 private:
  std::string path_;
  std::mutex mutex_;
};

}  // namespace kaltura::upload
