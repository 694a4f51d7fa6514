// Small helpers shared by the devserver protocol tests: calling an action
// with raw HTTP and reading fields of the JSON answer.
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include <string>

#include "devserver_process.h"
#include "raw_http.h"

// g_assert_cmpstr on std::string values (temporaries included).
#define ASSERT_STR(actual, expected)                  \
  do {                                                \
    const std::string actual_text_ = (actual);        \
    const std::string expected_text_ = (expected);    \
    g_assert_cmpstr(actual_text_.c_str(), ==, expected_text_.c_str()); \
  } while (0)

namespace devserver_test {

using testing_support::DevServerProcess;
using testing_support::Fields;
using testing_support::HttpResponse;

// The parsed body of a response (any JSON value); aborts the test when the
// body is not JSON.
class Json {
 public:
  explicit Json(const std::string& text) {
    parser_ = json_parser_new();
    g_autoptr(GError) error = nullptr;
    if (!json_parser_load_from_data(parser_, text.c_str(), static_cast<gssize>(text.size()), &error))
      g_error("response is not JSON (%s): %.300s", error->message, text.c_str());
  }
  ~Json() { g_object_unref(parser_); }
  Json(const Json&) = delete;
  Json& operator=(const Json&) = delete;

  JsonNode* root() const { return json_parser_get_root(parser_); }

  // The node at a path of member names and array indices ("objects.0.id");
  // nullptr when absent.
  JsonNode* at(const std::string& path) const {
    JsonNode* node = root();
    g_auto(GStrv) steps = g_strsplit(path.c_str(), ".", -1);
    for (char** step = steps; node && *step; ++step) {
      if (!**step) continue;
      if (JSON_NODE_HOLDS_OBJECT(node)) {
        JsonObject* object = json_node_get_object(node);
        node = json_object_has_member(object, *step) ? json_object_get_member(object, *step) : nullptr;
      } else if (JSON_NODE_HOLDS_ARRAY(node)) {
        JsonArray* array = json_node_get_array(node);
        guint index = static_cast<guint>(g_ascii_strtoull(*step, nullptr, 10));
        node = index < json_array_get_length(array) ? json_array_get_element(array, index) : nullptr;
      } else {
        node = nullptr;
      }
    }
    return node;
  }
  bool has(const std::string& path) const { return at(path) != nullptr; }
  // A scalar as text ("" when absent); numbers in decimal.
  std::string str(const std::string& path = "") const {
    JsonNode* node = at(path);
    if (!node || !JSON_NODE_HOLDS_VALUE(node)) return "";
    if (json_node_get_value_type(node) == G_TYPE_STRING) return json_node_get_string(node);
    if (json_node_get_value_type(node) == G_TYPE_BOOLEAN) return json_node_get_boolean(node) ? "true" : "false";
    if (json_node_get_value_type(node) == G_TYPE_DOUBLE) return std::to_string(json_node_get_double(node));
    return std::to_string(json_node_get_int(node));
  }
  gint64 num(const std::string& path) const { return g_ascii_strtoll(str(path).c_str(), nullptr, 10); }
  guint length(const std::string& path = "") const {
    JsonNode* node = at(path);
    return node && JSON_NODE_HOLDS_ARRAY(node) ? json_array_get_length(json_node_get_array(node)) : 0;
  }

 private:
  JsonParser* parser_ = nullptr;
};

inline std::string action_url(const DevServerProcess& server, const std::string& service, const std::string& action) {
  return server.api_base() + "/service/" + service + "/action/" + action;
}

// POST of urlencoded fields with format=1.
inline HttpResponse call(const DevServerProcess& server, const std::string& service, const std::string& action,
                         Fields fields) {
  fields.emplace_back("format", "1");
  return testing_support::post_form(action_url(server, service, action), fields);
}

inline std::string admin_ks(const DevServerProcess& server, const std::string& user = "admin") {
  HttpResponse response = call(server, "session", "start",
                               {{"secret", testing_support::kAdminSecret}, {"type", "2"}, {"userId", user}});
  g_assert_cmpint(response.status, ==, 200);
  Json ks(response.body);
  g_assert_true(JSON_NODE_HOLDS_VALUE(ks.root()));
  return ks.str();
}

// The error code of a response body, "" when it is not an error.
inline std::string error_code(const std::string& body) {
  Json json(body);
  return json.str("objectType") == "KalturaAPIException" ? json.str("code") : "";
}

}  // namespace devserver_test
