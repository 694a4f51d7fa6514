// One API call (service, action, parameters, file parts) and a multirequest
// batch of them (protocol §4).
#pragma once

#include <glib.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "kaltura/params.h"

namespace kaltura {

// When a call must be over, on the steady clock.
using CallDeadline = std::chrono::steady_clock::time_point;
inline constexpr CallDeadline kNoDeadline = CallDeadline::max();

// A file parameter, sent as a real multipart file part whose filename carries
// the extension (the server takes the stored file's extension from it). Its
// bytes are a list of blocks sent one after the other: an upload chunk goes
// out as the slices it was assembled from, without being copied into one.
class FilePart {
 public:
  std::string param = "fileData";
  std::string filename;

  FilePart() = default;
  // One block; nullptr is an empty file.
  FilePart(std::string param_name, std::string file_name, GBytes* adopt_data);
  FilePart(std::string param_name, std::string file_name, std::vector<GBytes*> adopt_blocks);
  FilePart(const FilePart& other);
  FilePart& operator=(const FilePart& other);
  FilePart(FilePart&& other) noexcept;
  FilePart& operator=(FilePart&& other) noexcept;
  ~FilePart();

  size_t size() const { return size_; }
  const std::vector<GBytes*>& blocks() const { return blocks_; }

 private:
  void release();
  std::vector<GBytes*> blocks_;  // owned: one reference each, none empty
  size_t size_ = 0;
};

struct Request {
  std::string service;  // lowercase service id: "uploadtoken", "media"...
  std::string action;   // camelCase action: "addContent"
  Params params;
  std::vector<FilePart> files;
  // 0 = the client's default timeout.
  std::chrono::seconds timeout{0};
  // The call fails with TIMEOUT at this point, not before and not later:
  // the attempt in progress is cut short, a retry that would start after
  // it is not made, and the session start the call needs first is bound by
  // it too. For calls of a wait that has a limit of its own.
  CallDeadline deadline = kNoDeadline;
  // false for calls whose repetition after an unknown outcome could do harm
  // (the caller then re-syncs itself instead of the client retrying blindly).
  bool retry_unknown_outcome = true;
  // Called after each attempt that went out, retries included (e.g. to
  // count the bytes a file part puts on the wire). Not for calls in a
  // multirequest.
  std::function<void()> on_attempt;
};

class MultiRequest {
 public:
  // Adds a call; returns its 1-based execution position, the k of
  // reference(k, path).
  int add(Request request);
  // "{k:result:path}" (or "{k:result}" when path is empty).
  static std::string reference(int position, const std::string& path = "");
  const std::vector<Request>& requests() const { return requests_; }
  size_t size() const { return requests_.size(); }

 private:
  std::vector<Request> requests_;
};

}  // namespace kaltura
