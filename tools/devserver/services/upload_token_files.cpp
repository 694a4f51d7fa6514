#include "upload_token_files.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace devserver {

namespace {

constexpr const char* kAssembledName = "assembled";
constexpr const char* kChunkPrefix = "chunk-";
constexpr const char* kIncomingSuffix = ".incoming";
constexpr size_t kCopyBlock = 1 << 20;

// A file descriptor closed on scope exit.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }

 private:
  int fd_;
};

[[noreturn]] void fail_io(const std::string& what, const std::string& path) {
  g_printerr("kaltura-devserver: upload token storage: %s %s: %s\n", what.c_str(), path.c_str(), g_strerror(errno));
  throw ApiError("UPLOAD_ERROR");
}

int64_t file_size(const std::string& path) {
  GStatBuf info;
  if (g_stat(path.c_str(), &info) != 0) return -1;
  return static_cast<int64_t>(info.st_size);
}

// Copies the whole of source into destination (opened for writing) at offset.
void copy_into(const std::string& source_path, int destination_fd, int64_t offset,
               const std::string& destination_path) {
  FileDescriptor source(g_open(source_path.c_str(), O_RDONLY | O_CLOEXEC, 0));
  if (!source.valid()) fail_io("cannot read", source_path);
  std::vector<char> block(kCopyBlock);
  for (;;) {
    ssize_t got = read(source.get(), block.data(), block.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) fail_io("cannot read", source_path);
    if (got == 0) break;
    for (ssize_t done = 0; done < got;) {
      ssize_t put = pwrite(destination_fd, block.data() + done, static_cast<size_t>(got - done), offset);
      if (put < 0 && errno == EINTR) continue;
      if (put < 0) fail_io("cannot write", destination_path);
      done += put;
      offset += put;
    }
  }
}

// Puts the part's file at destination, atomically: a rename when the data
// dir holds both, else a copy under a temporary name, then a rename.
void move_into_place(const UploadedFile& part, const std::string& destination) {
  if (g_rename(part.path.c_str(), destination.c_str()) == 0) return;
  std::string incoming = destination + kIncomingSuffix;
  {
    FileDescriptor out(g_open(incoming.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!out.valid()) fail_io("cannot create", incoming);
    copy_into(part.path, out.get(), 0, incoming);
  }
  if (g_rename(incoming.c_str(), destination.c_str()) != 0) fail_io("cannot rename", incoming);
}

bool parse_chunk_offset(const char* name, int64_t* offset) {
  if (!g_str_has_prefix(name, kChunkPrefix)) return false;
  const char* digits = name + strlen(kChunkPrefix);
  if (!*digits) return false;
  for (const char* c = digits; *c; ++c)
    if (!g_ascii_isdigit(*c)) return false;
  *offset = g_ascii_strtoll(digits, nullptr, 10);
  return true;
}

}  // namespace

UploadTokenFiles::UploadTokenFiles(const ServerContext& server, const std::string& token_id)
    : dir_(server.content_dir() + "/upload-tokens/" + token_id) {}

void UploadTokenFiles::ensure_dir() const {
  if (g_mkdir_with_parents(dir_.c_str(), 0755) != 0) fail_io("cannot create", dir_);
}

std::string UploadTokenFiles::assembled_path(const std::string& extension) const {
  return dir_ + "/" + kAssembledName + (extension.empty() ? "" : "." + extension);
}

int64_t UploadTokenFiles::assembled_size(const std::string& extension) const {
  return file_size(assembled_path(extension));
}

void UploadTokenFiles::start_with(const UploadedFile& part, const std::string& old_extension,
                                  const std::string& new_extension) {
  ensure_dir();
  discard_stored_chunks();
  move_into_place(part, assembled_path(new_extension));
  if (old_extension != new_extension) g_unlink(assembled_path(old_extension).c_str());
}

int64_t UploadTokenFiles::write_at(const std::string& extension, int64_t offset, const std::string& source_path) {
  std::string path = assembled_path(extension);
  FileDescriptor out(g_open(path.c_str(), O_WRONLY | O_CLOEXEC, 0));
  if (!out.valid()) fail_io("cannot open", path);
  copy_into(source_path, out.get(), offset, path);
  struct stat info;
  if (fstat(out.get(), &info) != 0) fail_io("cannot stat", path);
  return static_cast<int64_t>(info.st_size);
}

void UploadTokenFiles::store_aside(int64_t offset, const UploadedFile& part) {
  ensure_dir();
  move_into_place(part, dir_ + "/" + kChunkPrefix + std::to_string(offset));
}

std::vector<StoredChunk> UploadTokenFiles::stored_chunks() const {
  std::vector<StoredChunk> chunks;
  g_autoptr(GDir) dir = g_dir_open(dir_.c_str(), 0, nullptr);
  if (!dir) return chunks;
  while (const char* name = g_dir_read_name(dir)) {
    StoredChunk chunk;
    if (!parse_chunk_offset(name, &chunk.offset)) continue;
    chunk.path = dir_ + "/" + name;
    chunk.size = file_size(chunk.path);
    if (chunk.size >= 0) chunks.push_back(chunk);
  }
  std::sort(chunks.begin(), chunks.end(),
            [](const StoredChunk& a, const StoredChunk& b) { return a.offset < b.offset; });
  return chunks;
}

std::optional<StoredChunk> UploadTokenFiles::stored_chunk_at(int64_t offset) const {
  StoredChunk chunk;
  chunk.offset = offset;
  chunk.path = dir_ + "/" + kChunkPrefix + std::to_string(offset);
  chunk.size = file_size(chunk.path);
  if (chunk.size < 0) return std::nullopt;
  return chunk;
}

void UploadTokenFiles::discard(const StoredChunk& chunk) { g_unlink(chunk.path.c_str()); }

void UploadTokenFiles::discard_stored_chunks() {
  for (const auto& chunk : stored_chunks()) discard(chunk);
}

void UploadTokenFiles::remove_interrupted_writes() {
  g_autoptr(GDir) dir = g_dir_open(dir_.c_str(), 0, nullptr);
  if (!dir) return;
  while (const char* name = g_dir_read_name(dir))
    if (g_str_has_suffix(name, kIncomingSuffix)) g_unlink((dir_ + "/" + name).c_str());
}

void UploadTokenFiles::remove_all() {
  g_autoptr(GDir) dir = g_dir_open(dir_.c_str(), 0, nullptr);
  if (!dir) return;
  while (const char* name = g_dir_read_name(dir)) g_unlink((dir_ + "/" + name).c_str());
  g_rmdir(dir_.c_str());
}

}  // namespace devserver
