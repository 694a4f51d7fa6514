// Turns one api_v3 HTTP request into the parameter tree and the file parts
// (protocol §1.1, §2): path /key/value pairs, query string, and a body that
// is urlencoded, JSON or multipart (plain fields or a "json" field). A
// multipart body arrives already read by a MultipartStream, its file parts
// stored under tmp/.
#pragma once

#include <glib.h>

#include <string>
#include <vector>

#include "action.h"
#include "multipart_stream.h"
#include "param_tree.h"

namespace devserver {

struct RequestInput {
  std::string path;          // below /api_v3, still percent-encoded
  std::string query;         // raw query string, may be empty
  std::string remote_address;  // the client's IP address
  std::string content_type;  // the Content-Type header as sent
  GBytes* body = nullptr;    // borrowed; nullptr for a multipart body
  MultipartForm* form = nullptr;  // borrowed: the multipart body's parts (moved out)
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
