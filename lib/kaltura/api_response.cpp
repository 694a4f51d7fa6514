#include "kaltura/api_response.h"

#include <glib.h>

#include "kaltura/http/proxy_setting.h"

namespace kaltura {

namespace {

constexpr const char* kRedacted = "<redacted>";

// INVALID_KS carries the KS itself in KSID (and in the message) unless the KS
// decoded but is not valid now, in which case KSID is one of these reasons
// (§6.7).
bool is_ks_failure_reason(const std::string& ksid) {
  static const char* const reasons[] = {"",
                                        "EXPIRED",
                                        "LOGOUT",
                                        "INVALID_PARTNER",
                                        "INVALID_USER",
                                        "EXCEEDED_ACTIONS_LIMIT",
                                        "EXCEEDED_RESTRICTED_IP",
                                        "EXCEEDED_RESTRICTED_URI"};
  for (const char* reason : reasons)
    if (ksid == reason) return true;
  return false;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

}  // namespace

bool is_api_exception(const Json& value) {
  if (!value.is_object()) return false;
  if (value.object_type() == "KalturaAPIException") return true;
  return value.has("code") && value.has("message") && !value.has("objectType");
}

Error api_exception_to_error(const Json& value, int http_status) {
  std::string code = value.get_string("code");
  std::string message = value.get_string("message");
  Error::Args args;
  // args is an object of strings, or [] when there are none.
  if (JsonObject* object = value.get("args").object()) {
    JsonObjectIter iter;
    const char* name;
    JsonNode* member;
    json_object_iter_init(&iter, object);
    while (json_object_iter_next(&iter, &name, &member)) {
      Json holder(json_node_ref(member));
      args.emplace_back(name, holder.as_string());
    }
  }
  if (code == "INVALID_KS") {
    for (auto& [name, arg_value] : args) {
      if (name == "KSID" && !is_ks_failure_reason(arg_value)) {
        replace_all(message, arg_value, kRedacted);
        arg_value = kRedacted;
      }
    }
  }
  // Kaltura's passing faults: its own internal error, a database failure
  // (the API's front controller gives every database exception this code)
  // and a lock another request held too long.
  bool transient = code == "INTERNAL_SERVERL_ERROR" || code == "INTERNAL_DATABASE_ERROR" || code == "LOCK_TIMED_OUT";
  if (code.empty()) code = "UNKNOWN_ERROR";
  return Error(ErrorKind::Api, code, message, std::move(args), http_status, transient);
}

Json decode_response(int http_status, const std::string& reason, const std::string& content_type,
                     const std::string& body, int retry_after_seconds) {
  // The answer of a proxy on the way, not of the API.
  if (http_status == 407) throw proxy_credentials_refused();
  if (http_status != 200) {
    bool transient = http_status >= 500 || http_status == 429;
    std::string message = "The Kaltura API answered HTTP " + std::to_string(http_status);
    if (!reason.empty()) message += " " + reason;
    // What a service URL with a path gets: the API is not where it was asked for.
    if (http_status == 404 || http_status == 405)
      message +=
          ": service-url should be the server's address without a path, such as https://www.kaltura.com "
          "(the API is under its /api_v3)";
    if (http_status == 413)
      message +=
          ": the request is larger than the server takes (an upload's chunks are chunk-size bytes, more on "
          "very long uploads): lower chunk-size";
    Error error(ErrorKind::Http, "HTTP_ERROR", message, {}, http_status, transient);
    error.set_retry_after(retry_after_seconds);
    throw error;
  }
  Json result;
  try {
    result = Json::parse(body);
  } catch (const Error& error) {
    std::string message = error.message();
    if (!content_type.empty()) message += ", Content-Type " + content_type;
    throw Error(ErrorKind::Protocol, error.code(), message, {}, http_status, false);
  }
  if (is_api_exception(result)) throw api_exception_to_error(result, http_status);
  return result;
}

}  // namespace kaltura
