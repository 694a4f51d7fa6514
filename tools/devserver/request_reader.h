// Turns one api_v3 HTTP request into the parameter tree and the file parts
// (protocol §1.1, §2): path /key/value pairs, query string, and a body that
// is urlencoded, JSON or multipart (plain fields or a "json" field). File
// parts are written under tmp/ with generated names.
#pragma once

#include <glib.h>

#include <string>
#include <vector>

#include "action.h"
#include "param_tree.h"

namespace devserver {

struct RequestInput {
  std::string path;          // below /api_v3, still percent-encoded
  std::string query;         // raw query string, may be empty
  std::string content_type;  // the Content-Type header as sent
  GBytes* body = nullptr;    // borrowed
  std::string tmp_dir;
  int64_t max_part_bytes = 0;
};

// The stored file parts of a request; deleted when this goes away unless a
// module moved them.
class ReceivedFiles {
 public:
  ReceivedFiles() = default;
  ~ReceivedFiles();
  ReceivedFiles(const ReceivedFiles&) = delete;
  ReceivedFiles& operator=(const ReceivedFiles&) = delete;
  std::vector<UploadedFile> files;
};

struct ParsedRequest {
  JsonNodePtr params;  // an object node
  ReceivedFiles received;
  // Set when the body cannot be used at all (a file part over the size
  // limit, a multipart body that does not parse): the whole call fails with it.
  std::string error_code;
};

void read_request(const RequestInput& input, ParsedRequest& out);

}  // namespace devserver
