// Runs one api_v3 call: resolves service and action (case-insensitive),
// checks the language field, verifies the KS and the restrictions its
// privileges put on the request's origin, refuses text parameters XML cannot
// carry, checks the action's access level, then runs the handler under
// ServerContext::state_mutex. Errors become the error object (§3.3).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "action.h"
#include "param_tree.h"
#include "server_context.h"
#include "session_auth.h"

namespace devserver {

struct CallOutcome {
  std::string name;               // "service.action" as sent, lowercased
  JsonNodePtr result;             // the result, or the error object
  std::optional<ApiError> error;  // set when the call failed
  double milliseconds = 0;        // time spent in run(), lock wait included
};

class CallDispatcher {
 public:
  CallDispatcher(ServerContext& server, RequestOrigin origin) : server_(server), origin_(std::move(origin)) {}
  // params: the call's own parameter object (service, action, ks...).
  CallOutcome run(JsonObject* params, std::vector<UploadedFile> files);

 private:
  ServerContext& server_;
  const RequestOrigin origin_;
};

// The call's "service.action" for logs and fault filters.
std::string call_name(JsonObject* params);

}  // namespace devserver
