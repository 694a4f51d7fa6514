#include "kaltura/json.h"

#include <cmath>
#include <cstdlib>

#include "kaltura/error.h"

namespace kaltura {

namespace {

// Scans the text the way a JSON parser would, only to tell a body that was
// cut off (open brackets or string at the end) from one that is malformed.
bool looks_truncated(const std::string& text) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') ++depth;
    else if (c == '}' || c == ']') --depth;
  }
  return in_string || depth > 0;
}

bool parse_int_text(const char* text, int64_t* out) {
  if (!text) return false;
  while (g_ascii_isspace(*text)) ++text;
  if (!*text) return false;
  char* end = nullptr;
  gint64 value = g_ascii_strtoll(text, &end, 10);
  if (end != text && (*end == '\0' || *end == '.' || g_ascii_isspace(*end))) {
    if (*end == '.') value = static_cast<gint64>(g_ascii_strtod(text, nullptr));
    *out = value;
    return true;
  }
  double d = g_ascii_strtod(text, &end);
  if (end != text) {
    *out = static_cast<int64_t>(d);
    return true;
  }
  return false;
}

// A value node (not object/array/null) read as the lenient types of §3.2.
std::string value_as_string(JsonNode* node) {
  switch (json_node_get_value_type(node)) {
    case G_TYPE_STRING:
      return json_node_get_string(node) ? json_node_get_string(node) : "";
    case G_TYPE_INT64:
      return std::to_string(json_node_get_int(node));
    case G_TYPE_DOUBLE: {
      double d = json_node_get_double(node);
      if (std::floor(d) == d && std::fabs(d) < 9e15) return std::to_string(static_cast<int64_t>(d));
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      return g_ascii_dtostr(buffer, sizeof buffer, d);
    }
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean(node) ? "1" : "0";
    default:
      return "";
  }
}

std::optional<int64_t> value_as_int(JsonNode* node) {
  switch (json_node_get_value_type(node)) {
    case G_TYPE_INT64:
      return json_node_get_int(node);
    case G_TYPE_DOUBLE:
      return static_cast<int64_t>(json_node_get_double(node));
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean(node) ? 1 : 0;
    case G_TYPE_STRING: {
      int64_t value = 0;
      if (parse_int_text(json_node_get_string(node), &value)) return value;
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

bool is_value(JsonNode* node) { return node && JSON_NODE_HOLDS_VALUE(node); }

}  // namespace

Json::Json(JsonNode* adopt) : node_(adopt) {}

Json Json::parse(const std::string& text) {
  if (text.empty()) throw Error(ErrorKind::Protocol, "BAD_RESPONSE", "the response body is empty, expected JSON");
  g_autoptr(JsonParser) parser = json_parser_new_immutable();
  g_autoptr(GError) error = nullptr;
  if (!json_parser_load_from_data(parser, text.data(), static_cast<gssize>(text.size()), &error)) {
    // The parser's own message may quote the body, which can hold a KS.
    std::string what = looks_truncated(text) ? "the response body is truncated JSON"
                                              : "the response body is not valid JSON";
    throw Error(ErrorKind::Protocol, "BAD_RESPONSE", what + " (" + std::to_string(text.size()) + " bytes)");
  }
  JsonNode* root = json_parser_get_root(parser);
  if (!root) throw Error(ErrorKind::Protocol, "BAD_RESPONSE", "the response body holds no JSON value");
  return Json(json_node_ref(root));
}

Json::Json(const Json& other) : node_(other.node_ ? json_node_ref(other.node_) : nullptr) {}

Json& Json::operator=(const Json& other) {
  if (this != &other) {
    JsonNode* copy = other.node_ ? json_node_ref(other.node_) : nullptr;
    if (node_) json_node_unref(node_);
    node_ = copy;
  }
  return *this;
}

Json::Json(Json&& other) noexcept : node_(other.node_) { other.node_ = nullptr; }

Json& Json::operator=(Json&& other) noexcept {
  if (this != &other) {
    if (node_) json_node_unref(node_);
    node_ = other.node_;
    other.node_ = nullptr;
  }
  return *this;
}

Json::~Json() {
  if (node_) json_node_unref(node_);
}

bool Json::is_null() const { return !node_ || JSON_NODE_HOLDS_NULL(node_); }
bool Json::is_object() const { return node_ && JSON_NODE_HOLDS_OBJECT(node_); }
bool Json::is_array() const { return node_ && JSON_NODE_HOLDS_ARRAY(node_); }
JsonObject* Json::object() const { return is_object() ? json_node_get_object(node_) : nullptr; }

std::string Json::object_type() const { return get_string("objectType"); }

bool Json::has(const char* name) const {
  JsonObject* obj = object();
  if (!obj) return false;
  JsonNode* member = json_object_get_member(obj, name);
  return member && !JSON_NODE_HOLDS_NULL(member);
}

std::string Json::get_string(const char* name, const std::string& fallback) const {
  JsonObject* obj = object();
  JsonNode* member = obj ? json_object_get_member(obj, name) : nullptr;
  return is_value(member) ? value_as_string(member) : fallback;
}

int64_t Json::get_int(const char* name, int64_t fallback) const {
  return get_optional_int(name).value_or(fallback);
}

std::optional<int64_t> Json::get_optional_int(const char* name) const {
  JsonObject* obj = object();
  JsonNode* member = obj ? json_object_get_member(obj, name) : nullptr;
  return is_value(member) ? value_as_int(member) : std::nullopt;
}

double Json::get_double(const char* name, double fallback) const {
  JsonObject* obj = object();
  JsonNode* member = obj ? json_object_get_member(obj, name) : nullptr;
  if (!is_value(member)) return fallback;
  switch (json_node_get_value_type(member)) {
    case G_TYPE_DOUBLE:
      return json_node_get_double(member);
    case G_TYPE_INT64:
      return static_cast<double>(json_node_get_int(member));
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean(member) ? 1 : 0;
    case G_TYPE_STRING: {
      const char* text = json_node_get_string(member);
      char* end = nullptr;
      double value = g_ascii_strtod(text, &end);
      return end != text ? value : fallback;
    }
    default:
      return fallback;
  }
}

bool Json::get_bool(const char* name, bool fallback) const {
  JsonObject* obj = object();
  JsonNode* member = obj ? json_object_get_member(obj, name) : nullptr;
  if (!is_value(member)) return fallback;
  switch (json_node_get_value_type(member)) {
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean(member);
    case G_TYPE_INT64:
      return json_node_get_int(member) != 0;
    case G_TYPE_DOUBLE:
      return json_node_get_double(member) != 0;
    case G_TYPE_STRING: {
      // §2.2: "false" in any case, "0" and "" are false; anything else true.
      std::string text = json_node_get_string(member);
      return !(text.empty() || text == "0" || g_ascii_strcasecmp(text.c_str(), "false") == 0);
    }
    default:
      return fallback;
  }
}

Json Json::get(const char* name) const {
  JsonObject* obj = object();
  JsonNode* member = obj ? json_object_get_member(obj, name) : nullptr;
  return member ? Json(json_node_ref(member)) : Json();
}

size_t Json::size() const { return is_array() ? json_array_get_length(json_node_get_array(node_)) : 0; }

Json Json::at(size_t index) const {
  if (index >= size()) return Json();
  return Json(json_node_ref(json_array_get_element(json_node_get_array(node_), static_cast<guint>(index))));
}

std::string Json::as_string() const { return is_value(node_) ? value_as_string(node_) : ""; }

int64_t Json::as_int() const { return is_value(node_) ? value_as_int(node_).value_or(0) : 0; }

std::string Json::to_string() const {
  if (!node_) return "null";
  g_autofree char* text = json_to_string(node_, FALSE);
  return text ? text : "";
}

}  // namespace kaltura
