// One api_v3 request from its bytes to its reply, independent of the HTTP
// server's threading: parsing, format check, fault injection, the call or
// the multirequest, the request log and the response body and headers.
// Runs on a worker thread; takes state_mutex per call.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "fault_injector.h"
#include "request_reader.h"
#include "server_context.h"

namespace devserver {

struct ApiReply {
  enum class Delivery {
    Answer,        // send status, headers and body
    Drop,          // close the connection without an answer
    HoldThenDrop,  // keep the client waiting (--fault-timeout-ms), then close
  } delivery = Delivery::Answer;
  int status = 200;
  std::string body;  // JSON, or XML for format=2
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

ApiReply handle_api_request(ServerContext& server, FaultInjector& faults, const RequestInput& input);

}  // namespace devserver
