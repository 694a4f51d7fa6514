// HTTP/1.1 messages as the direct sender speaks them (RFC 9112): a request
// head, and a response read whole from a buffered stream (status line,
// header fields, then a body framed by Content-Length, by the chunked coding
// or by the end of the connection).
#pragma once

#include <gio/gio.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace kaltura::http1 {

using HeaderFields = std::vector<std::pair<std::string, std::string>>;

// "METHOD target HTTP/1.1", the fields, and the empty line.
std::string request_head(const std::string& method, const std::string& target, const HeaderFields& fields);

struct Response {
  int status = 0;
  std::string reason;
  HeaderFields fields;  // names in lower case, in arrival order
  std::string body;
  // The server keeps the connection open for another request.
  bool keep_alive = false;

  // The first value of a field (name in lower case); nullptr when absent.
  const std::string* field(const std::string& name) const;
};

// Reads one final response (skipping 1xx ones). body_expected is false for
// the answer to CONNECT, whose 2xx has no body. Returns false with error
// set when the stream failed, ended early or did not hold HTTP.
bool read_response(GDataInputStream* in, bool body_expected, Response& response, GCancellable* cancellable,
                   GError** error);

}  // namespace kaltura::http1
