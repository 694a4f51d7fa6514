#include "content_files.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <cerrno>
#include <cstring>
#include <map>

#include "../server_context.h"

namespace devserver {

namespace {

const std::map<std::string, std::string>& mime_types() {
  static const std::map<std::string, std::string> types = {
      {"mp4", "video/mp4"},        {"m4v", "video/mp4"},          {"mov", "video/quicktime"},
      {"webm", "video/webm"},      {"mkv", "video/x-matroska"},   {"ts", "video/mp2t"},
      {"flv", "video/x-flv"},      {"avi", "video/x-msvideo"},    {"ogv", "video/ogg"},
      {"3gp", "video/3gpp"},       {"mpg", "video/mpeg"},         {"mpeg", "video/mpeg"},
      {"mp3", "audio/mpeg"},       {"m4a", "audio/mp4"},          {"aac", "audio/aac"},
      {"wav", "audio/wav"},        {"ogg", "audio/ogg"},          {"oga", "audio/ogg"},
      {"opus", "audio/opus"},      {"flac", "audio/flac"},        {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},      {"png", "image/png"},          {"gif", "image/gif"},
      {"bmp", "image/bmp"},        {"webp", "image/webp"},        {"pdf", "application/pdf"},
      {"swf", "application/x-shockwave-flash"},                   {"txt", "text/plain"},
      {"csv", "text/csv"},         {"md", "text/markdown"},       {"vtt", "text/vtt"},
      {"srt", "application/x-subrip"},                            {"xml", "application/xml"},
      {"json", "application/json"}, {"doc", "application/msword"}, {"zip", "application/zip"},
  };
  return types;
}

std::string random_name(const std::string& kind, const std::string& extension) {
  std::string name = kind + "_";
  for (int i = 0; i < 4; ++i) {
    char chunk[9];
    g_snprintf(chunk, sizeof chunk, "%08x", g_random_int());
    name += chunk;
  }
  if (!extension.empty()) name += "." + extension;
  return name;
}

std::string new_content_path(ServerContext& server, const std::string& kind, const std::string& extension) {
  const std::string dir = server.content_dir();
  if (g_mkdir_with_parents(dir.c_str(), 0700) != 0) throw ApiError("INTERNAL_SERVERL_ERROR");
  g_autofree char* path = g_build_filename(dir.c_str(), random_name(kind, extension).c_str(), nullptr);
  return path;
}

}  // namespace

std::string safe_extension(const std::string& file_name) {
  const auto dot = file_name.find_last_of('.');
  if (dot == std::string::npos) return "";
  std::string extension;
  for (char c : file_name.substr(dot + 1)) {
    if (!g_ascii_isalnum(c)) return "";
    extension += g_ascii_tolower(c);
  }
  return extension.size() <= 10 ? extension : "";
}

std::string store_content_file(ServerContext& server, const std::string& source_path, const std::string& kind,
                               const std::string& extension) {
  const std::string target = new_content_path(server, kind, extension);
  if (g_rename(source_path.c_str(), target.c_str()) == 0) return target;
  // Another file system: copy, then drop the original.
  g_autoptr(GFile) from = g_file_new_for_path(source_path.c_str());
  g_autoptr(GFile) to = g_file_new_for_path(target.c_str());
  g_autoptr(GError) error = nullptr;
  if (!g_file_copy(from, to, G_FILE_COPY_NONE, nullptr, nullptr, nullptr, &error)) {
    g_warning("cannot store content file: %s", error->message);
    throw ApiError("INTERNAL_SERVERL_ERROR");
  }
  g_unlink(source_path.c_str());
  return target;
}

std::string write_content_file(ServerContext& server, const std::string& bytes, const std::string& kind,
                               const std::string& extension) {
  const std::string target = new_content_path(server, kind, extension);
  g_autoptr(GError) error = nullptr;
  if (!g_file_set_contents(target.c_str(), bytes.data(), static_cast<gssize>(bytes.size()), &error)) {
    g_warning("cannot write content file: %s", error->message);
    throw ApiError("INTERNAL_SERVERL_ERROR");
  }
  return target;
}

void remove_content_file(ServerContext& server, const std::string& path) {
  const std::string dir = server.content_dir() + G_DIR_SEPARATOR_S;
  if (path.empty() || path.compare(0, dir.size(), dir) != 0) return;
  g_unlink(path.c_str());
}

void discard_incoming_file(const std::string& path) {
  if (!path.empty()) g_unlink(path.c_str());
}

bool read_content_file(const std::string& path, std::string& bytes) {
  g_autofree char* data = nullptr;
  gsize size = 0;
  if (!g_file_get_contents(path.c_str(), &data, &size, nullptr)) return false;
  bytes.assign(data, size);
  return true;
}

std::string content_type_for_extension(const std::string& extension) {
  const auto found = mime_types().find(extension);
  return found == mime_types().end() ? "application/octet-stream" : found->second;
}

int media_type_for_extension(const std::string& extension) {
  const std::string type = content_type_for_extension(extension);
  if (g_str_has_prefix(type.c_str(), "video/")) return 1;
  if (g_str_has_prefix(type.c_str(), "image/")) return 2;
  if (g_str_has_prefix(type.c_str(), "audio/")) return 5;
  return 0;
}

}  // namespace devserver
