#include "kaltura/upload/upload_state_file.h"

#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <sstream>
#include <stdexcept>

namespace kaltura::upload {

bool UploadState::covers(uint64_t offset, uint64_t length) const {
  for (const auto& [begin, end] : acknowledged)
    if (begin <= offset && offset + length <= end) return true;
  return false;
}

uint64_t UploadState::acknowledged_bytes() const {
  uint64_t total = 0;
  for (const auto& [begin, end] : acknowledged) total += end - begin;
  return total;
}

uint64_t UploadState::acknowledged_end() const { return acknowledged.empty() ? 0 : acknowledged.back().second; }

void UploadState::add(uint64_t offset, uint64_t length, const std::string& digest) {
  if (length == 0) return;
  if (!digest.empty()) digests[offset] = ChunkDigest{length, digest};
  acknowledged.emplace_back(offset, offset + length);
  std::sort(acknowledged.begin(), acknowledged.end());
  std::vector<std::pair<uint64_t, uint64_t>> merged;
  for (const auto& range : acknowledged) {
    if (!merged.empty() && range.first <= merged.back().second)
      merged.back().second = std::max(merged.back().second, range.second);
    else
      merged.push_back(range);
  }
  acknowledged = std::move(merged);
}

const ChunkDigest* UploadState::digest_at(uint64_t offset) const {
  const auto found = digests.find(offset);
  return found == digests.end() ? nullptr : &found->second;
}

namespace {

// A state file that cannot be read as one: what is wrong, and what to do.
std::runtime_error malformed(const std::string& what, const std::string& path) {
  return std::runtime_error(what + " in state file " + path +
                            ": it was not written by kalturasink, or was damaged; delete it to start a new upload");
}

// "OFFSET+LENGTH:DIGEST", one chunk's digest in the file.
void parse_digest(const std::string& value, UploadState& state, const std::string& path) {
  const auto plus = value.find('+');
  const auto colon = value.find(':');
  if (plus == std::string::npos || colon == std::string::npos || colon < plus || colon + 1 == value.size())
    throw malformed("malformed digest", path);
  const uint64_t offset = g_ascii_strtoull(value.substr(0, plus).c_str(), nullptr, 10);
  const uint64_t length = g_ascii_strtoull(value.substr(plus + 1, colon - plus - 1).c_str(), nullptr, 10);
  state.digests[offset] = ChunkDigest{length, value.substr(colon + 1)};
}

// "content", "flavor-params-id N" or "attachment-title TITLE", the title
// escaped (g_strescape) since the file has one line per key and a title is
// free text.
std::string target_record(const RecordedTarget& target) {
  if (target.flavor_params_id >= 0) return "flavor-params-id " + std::to_string(target.flavor_params_id);
  if (target.attachment_title.empty()) return "content";
  g_autofree char* escaped = g_strescape(target.attachment_title.c_str(), nullptr);
  return std::string("attachment-title ") + escaped;
}

// Throws std::runtime_error when value is none of those.
RecordedTarget parse_target(const std::string& value, const std::string& path) {
  RecordedTarget target;
  const auto space = value.find(' ');
  const std::string kind = value.substr(0, space);
  const std::string rest = space == std::string::npos ? "" : value.substr(space + 1);
  if (kind == "content" && space == std::string::npos) return target;
  if (kind == "flavor-params-id" && !rest.empty()) {
    char* end = nullptr;
    const gint64 id = g_ascii_strtoll(rest.c_str(), &end, 10);
    if (*end == '\0' && id >= 0 && id <= G_MAXINT) {
      target.flavor_params_id = static_cast<int>(id);
      return target;
    }
  } else if (kind == "attachment-title" && !rest.empty()) {
    g_autofree char* title = g_strcompress(rest.c_str());
    target.attachment_title = title;
    return target;
  }
  throw malformed("malformed target", path);
}

}  // namespace

UploadStateFile::~UploadStateFile() {
  if (lock_fd_ >= 0) close(lock_fd_);
}

bool UploadStateFile::claim() {
  const std::string lock_path = path_ + ".lock";
  const int fd = g_open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  // The lock file sits beside the state file: a directory that is missing or
  // not writable fails here first.
  if (fd < 0)
    throw std::runtime_error("cannot use the state file " + path_ + ": its lock file " + lock_path +
                             " cannot be created (" + g_strerror(errno) + ")");
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    close(fd);
    if (error == EWOULDBLOCK) return false;
    throw std::runtime_error("cannot lock " + lock_path + ": " + g_strerror(error));
  }
  lock_fd_ = fd;
  return true;
}

std::optional<UploadState> UploadStateFile::load() const {
  g_autofree char* text = nullptr;
  g_autoptr(GError) error = nullptr;
  if (!g_file_get_contents(path_.c_str(), &text, nullptr, &error)) {
    if (g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT)) return std::nullopt;
    throw std::runtime_error("cannot read the state file " + path_ + ": " + error->message);
  }
  UploadState state;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto equals = line.find('=');
    if (equals == std::string::npos) throw malformed("a line without \"=\"", path_);
    const std::string key = line.substr(0, equals);
    const std::string value = line.substr(equals + 1);
    if (key == "token-id") state.token_id = value;
    else if (key == "entry-id") state.entry_id = value;
    else if (key == "target")
      state.target = parse_target(value, path_);
    else if (key == "file-name") state.file_name = value;
    else if (key == "chunk-size") state.chunk_size = g_ascii_strtoull(value.c_str(), nullptr, 10);
    else if (key == "head-size") state.head_size = g_ascii_strtoull(value.c_str(), nullptr, 10);
    else if (key == "digest")
      parse_digest(value, state, path_);
    else if (key == "attach-after-final") {
      state.attach_after_final = DeferredAttach::from_record(value);
      if (!state.attach_after_final) throw malformed("malformed attach-after-final", path_);
    } else if (key == "acknowledged") {
      std::istringstream ranges(value);
      std::string range;
      while (std::getline(ranges, range, ',')) {
        const auto dash = range.find('-');
        if (dash == std::string::npos) throw malformed("malformed range", path_);
        const uint64_t begin = g_ascii_strtoull(range.substr(0, dash).c_str(), nullptr, 10);
        const uint64_t end = g_ascii_strtoull(range.substr(dash + 1).c_str(), nullptr, 10);
        if (end > begin) state.add(begin, end - begin);
      }
    }
  }
  if (state.token_id.empty() || state.chunk_size == 0) throw malformed("no upload token or chunk size", path_);
  return state;
}

void UploadStateFile::save(const UploadState& state) {
  std::ostringstream text;
  text << "# kalturasink upload state: delete this file to start a new upload\n"
       << "token-id=" << state.token_id << "\n"
       << "entry-id=" << state.entry_id << "\n"
       << "file-name=" << state.file_name << "\n"
       << "chunk-size=" << state.chunk_size << "\n"
       << "head-size=" << state.head_size << "\n";
  if (state.target) text << "target=" << target_record(*state.target) << "\n";
  if (state.attach_after_final) text << "attach-after-final=" << state.attach_after_final->to_record() << "\n";
  text << "acknowledged=";
  bool first = true;
  for (const auto& [begin, end] : state.acknowledged) {
    text << (first ? "" : ",") << begin << "-" << end;
    first = false;
  }
  text << "\n";
  for (const auto& [offset, digest] : state.digests)
    text << "digest=" << offset << "+" << digest.length << ":" << digest.value << "\n";
  const std::string contents = text.str();
  std::lock_guard<std::mutex> lock(mutex_);
  g_autoptr(GError) error = nullptr;
  // g_file_set_contents writes a temporary file and renames it: a crash
  // leaves either the old or the new state, never half of one.
  if (!g_file_set_contents(path_.c_str(), contents.data(), static_cast<gssize>(contents.size()), &error))
    throw std::runtime_error("cannot write the state file " + path_ + ": " + error->message);
}

void UploadStateFile::remove() {
  std::lock_guard<std::mutex> lock(mutex_);
  g_unlink(path_.c_str());
  if (lock_fd_ >= 0) g_unlink((path_ + ".lock").c_str());  // the lock file goes with it
}

void UploadStateFile::forget() {
  std::lock_guard<std::mutex> lock(mutex_);
  g_unlink(path_.c_str());
}

}  // namespace kaltura::upload
