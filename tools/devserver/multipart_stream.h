// Reads a multipart/form-data request body (RFC 7578 on RFC 2046 §5.1) as it
// arrives from the socket: file parts are written straight to files under the
// data dir's tmp/ folder, plain fields are kept in memory. So the server never
// holds a whole upload in memory, and each piece of a file is written while it
// is still in the cache, instead of being gathered, copied into one block and
// parsed once the body is complete.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "action.h"

namespace devserver {

// The stored file parts of a request; deleted when this goes away unless a
// module moved them.
class ReceivedFiles {
 public:
  ReceivedFiles() = default;
  ~ReceivedFiles() { remove_all(); }
  ReceivedFiles(const ReceivedFiles&) = delete;
  ReceivedFiles& operator=(const ReceivedFiles&) = delete;
  // Deletes the files still here (a module that moved one leaves nothing to delete).
  void remove_all();
  std::vector<UploadedFile> files;
};

struct MultipartForm {
  std::vector<std::pair<std::string, std::string>> fields;  // plain fields, in body order
  ReceivedFiles received;
  // Set when the body cannot be used (not a complete multipart body, a part
  // over the size limit, a file that cannot be written); no files are kept then.
  std::string error_code;
};

class MultipartStream {
 public:
  // boundary: the Content-Type's boundary parameter ("" when it had none,
  // which makes the body unusable). File parts larger than max_part_bytes,
  // or plain fields adding up to more, make the body unusable.
  MultipartStream(std::string boundary, std::string tmp_dir, int64_t max_part_bytes);
  ~MultipartStream();
  MultipartStream(const MultipartStream&) = delete;
  MultipartStream& operator=(const MultipartStream&) = delete;

  // The next bytes of the body, in any division.
  void feed(const char* data, size_t size);
  // At the end of the body: the parts, or error_code when the body did not
  // end with the closing delimiter (an empty body is an empty form).
  MultipartForm& finish();

 private:
  enum class State { kPreamble, kAfterDelimiter, kHeaders, kContent, kEpilogue, kFailed };

  // Each consumes from buffer_ at pos_; false when it needs more bytes.
  bool scan_for_delimiter();
  bool read_delimiter_end();
  bool read_headers();

  void begin_part();
  void take_content(const char* data, size_t size);
  void end_part();
  void flush_file();
  void discard_open_file();
  void fail();

  std::string delimiter_;  // CRLF "--" boundary
  std::string tmp_dir_;
  int64_t max_part_bytes_;
  State state_;
  int64_t received_bytes_ = 0;
  std::string buffer_;  // bytes received and not yet consumed
  size_t pos_ = 0;
  std::string headers_;  // the current part's header block, from the CRLF ending the delimiter line

  // The current part: a file (fd_ >= 0), a plain field, or ignored (no name).
  enum class PartKind { kIgnored, kField, kFile };
  PartKind part_kind_ = PartKind::kIgnored;
  std::string part_name_;
  std::string field_value_;
  int64_t fields_bytes_ = 0;
  UploadedFile file_;
  int fd_ = -1;
  std::string file_pending_;  // content gathered for fewer, larger writes

  MultipartForm form_;
};

}  // namespace devserver
