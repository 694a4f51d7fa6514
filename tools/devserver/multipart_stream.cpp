#include "multipart_stream.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace devserver {

namespace {

// A header block longer than this is not a form's part header.
constexpr size_t kMaxHeaderBytes = 64 * 1024;
// File content is written in pieces of about this size rather than in each
// 8 KiB read of the socket.
constexpr size_t kFileWriteBytes = 256 * 1024;

std::string temp_file_name(const std::string& dir) {
  unsigned char random[12];
  size_t filled = 0;
  while (filled < sizeof random) {
    ssize_t got = getrandom(random + filled, sizeof random - filled, 0);
    if (got > 0) filled += static_cast<size_t>(got);
  }
  std::string name = dir + "/part-";
  char hex[3];
  for (unsigned char byte : random) {
    std::snprintf(hex, sizeof hex, "%02x", byte);
    name += hex;
  }
  return name;
}

bool write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t put = write(fd, data, size);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return false;
    data += put;
    size -= static_cast<size_t>(put);
  }
  return true;
}

}  // namespace

void ReceivedFiles::remove_all() {
  for (const auto& file : files) g_unlink(file.path.c_str());
  files.clear();
}

MultipartStream::MultipartStream(std::string boundary, std::string tmp_dir, int64_t max_part_bytes)
    : delimiter_("\r\n--" + boundary),
      tmp_dir_(std::move(tmp_dir)),
      max_part_bytes_(max_part_bytes),
      state_(boundary.empty() ? State::kFailed : State::kPreamble) {
  // The first delimiter may open the body without a line break before it.
  buffer_ = "\r\n";
}

MultipartStream::~MultipartStream() { discard_open_file(); }

void MultipartStream::feed(const char* data, size_t size) {
  received_bytes_ += size;
  if (state_ == State::kFailed || state_ == State::kEpilogue) return;
  buffer_.append(data, size);
  bool more = true;
  while (more) {
    switch (state_) {
      case State::kPreamble:
      case State::kContent:
        more = scan_for_delimiter();
        break;
      case State::kAfterDelimiter:
        more = read_delimiter_end();
        break;
      case State::kHeaders:
        more = read_headers();
        break;
      case State::kEpilogue:
      case State::kFailed:
        more = false;
        break;
    }
  }
  buffer_.erase(0, pos_);
  pos_ = 0;
}

// Content (or preamble) runs up to the next delimiter. Without one in the
// buffer, everything but a possible start of it is content.
bool MultipartStream::scan_for_delimiter() {
  const char* start = buffer_.data() + pos_;
  size_t available = buffer_.size() - pos_;
  const void* found = memmem(start, available, delimiter_.data(), delimiter_.size());
  if (!found) {
    size_t keep = delimiter_.size() - 1;
    if (available > keep) {
      if (state_ == State::kContent) take_content(start, available - keep);
      pos_ += available - keep;
    }
    return false;
  }
  size_t length = static_cast<size_t>(static_cast<const char*>(found) - start);
  if (state_ == State::kContent) {
    take_content(start, length);
    if (state_ == State::kFailed) return false;
    end_part();
    if (state_ == State::kFailed) return false;
  }
  pos_ += length + delimiter_.size();
  state_ = State::kAfterDelimiter;
  return true;
}

// After a delimiter: "--" closes the body; otherwise optional spaces and a
// line break open the next part's headers.
bool MultipartStream::read_delimiter_end() {
  while (pos_ < buffer_.size() && (buffer_[pos_] == ' ' || buffer_[pos_] == '\t')) ++pos_;
  if (buffer_.size() - pos_ < 2) return false;
  if (buffer_.compare(pos_, 2, "--") == 0) {
    state_ = State::kEpilogue;  // what follows is ignored
    pos_ = buffer_.size();
    return false;
  }
  if (buffer_.compare(pos_, 2, "\r\n") != 0) {
    fail();
    return false;
  }
  pos_ += 2;
  headers_ = "\r\n";
  state_ = State::kHeaders;
  return true;
}

// The header block ends with an empty line. It is kept with the line break
// before it, the form libsoup's header parser reads (a first line, here empty,
// then the headers).
bool MultipartStream::read_headers() {
  size_t before = headers_.size();
  headers_.append(buffer_, pos_, std::string::npos);
  size_t end = headers_.find("\r\n\r\n", before >= 3 ? before - 3 : 0);
  if (end == std::string::npos) {
    pos_ = buffer_.size();
    if (headers_.size() > kMaxHeaderBytes) fail();
    return false;
  }
  pos_ += end + 4 - before;
  headers_.resize(end + 2);
  begin_part();
  if (state_ == State::kFailed) return false;
  state_ = State::kContent;
  return true;
}

void MultipartStream::begin_part() {
  part_kind_ = PartKind::kIgnored;
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new(SOUP_MESSAGE_HEADERS_MULTIPART);
  g_autofree char* disposition = nullptr;
  g_autoptr(GHashTable) params = nullptr;
  if (!soup_headers_parse(headers_.data(), static_cast<int>(headers_.size()), headers) ||
      !soup_message_headers_get_content_disposition(headers, &disposition, &params))
    return;
  const char* name = static_cast<const char*>(g_hash_table_lookup(params, "name"));
  if (!name) return;
  part_name_ = name;
  if (!g_hash_table_contains(params, "filename")) {
    part_kind_ = PartKind::kField;
    field_value_.clear();
    return;
  }
  const char* filename = static_cast<const char*>(g_hash_table_lookup(params, "filename"));
  file_ = UploadedFile();
  file_.param = name;
  file_.filename = filename ? filename : "";
  file_.path = temp_file_name(tmp_dir_);
  fd_ = g_open(file_.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    fail();
    return;
  }
  part_kind_ = PartKind::kFile;
  file_pending_.clear();
}

void MultipartStream::take_content(const char* data, size_t size) {
  if (size == 0) return;
  switch (part_kind_) {
    case PartKind::kIgnored:
      return;
    case PartKind::kField:
      fields_bytes_ += static_cast<int64_t>(size);
      if (fields_bytes_ > max_part_bytes_) {
        fail();
        return;
      }
      field_value_.append(data, size);
      return;
    case PartKind::kFile:
      file_.size += static_cast<int64_t>(size);
      if (file_.size > max_part_bytes_) {
        fail();
        return;
      }
      file_pending_.append(data, size);
      if (file_pending_.size() >= kFileWriteBytes) flush_file();
      return;
  }
}

void MultipartStream::flush_file() {
  if (!write_all(fd_, file_pending_.data(), file_pending_.size())) {
    fail();
    return;
  }
  file_pending_.clear();
}

void MultipartStream::end_part() {
  switch (part_kind_) {
    case PartKind::kIgnored:
      return;
    case PartKind::kField:
      form_.fields.emplace_back(part_name_, field_value_);
      return;
    case PartKind::kFile:
      flush_file();
      if (state_ == State::kFailed) return;
      close(fd_);
      fd_ = -1;
      form_.received.files.push_back(std::move(file_));
      return;
  }
}

// The file part being written, if any, is closed and deleted.
void MultipartStream::discard_open_file() {
  if (fd_ < 0) return;
  close(fd_);
  fd_ = -1;
  g_unlink(file_.path.c_str());
}

// The body is unusable: nothing of it is kept, the rest is ignored.
void MultipartStream::fail() {
  state_ = State::kFailed;
  discard_open_file();
  form_.received.remove_all();
  form_.fields.clear();
  form_.error_code = "UPLOAD_ERROR";
  buffer_.clear();
  pos_ = 0;
}

MultipartForm& MultipartStream::finish() {
  if (received_bytes_ == 0) return form_;  // no body is no form, not a broken one
  if (state_ != State::kEpilogue) fail();
  return form_;
}

}  // namespace devserver
