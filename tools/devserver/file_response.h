// Answers of the file routes outside api_v3 (serveFlavor, raw,
// playManifest...): the route a module registered decides what to serve,
// this serves it with a single HTTP Range (206, Content-Range, 416), HEAD
// and redirects.
#pragma once

#include <glib.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "server_context.h"

namespace devserver {

struct FileReply {
  int status = 404;
  std::string content_type = "text/plain";
  GBytes* body = nullptr;  // owned
  std::vector<std::pair<std::string, std::string>> headers;

  FileReply() = default;
  ~FileReply();
  FileReply(const FileReply&) = delete;
  FileReply& operator=(const FileReply&) = delete;
};

// Runs the route under state_mutex, then reads the file without it, and
// writes the request's line in the request log. range: the Range header,
// empty when absent.
void serve_file_route(ServerContext& server, const std::string& path,
                      const std::map<std::string, std::string>& query, const std::string& range, FileReply& reply);

}  // namespace devserver
