#include "object_fields.h"

#include <glib.h>

namespace devserver {

namespace {

JsonNode* member(JsonObject* object, const char* name) {
  if (!object || !json_object_has_member(object, name)) return nullptr;
  return json_object_get_member(object, name);
}

bool is_json_null(JsonNode* node) { return !node || JSON_NODE_HOLDS_NULL(node); }

}  // namespace

std::string lenient_text(JsonNode* node, const std::string& fallback) {
  if (is_json_null(node) || !JSON_NODE_HOLDS_VALUE(node)) return fallback;
  switch (json_node_get_value_type(node)) {
    case G_TYPE_STRING:
      return json_node_get_string(node);
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean(node) ? "1" : "0";
    case G_TYPE_DOUBLE: {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      return g_ascii_dtostr(buffer, sizeof buffer, json_node_get_double(node));
    }
    default:
      return std::to_string(json_node_get_int(node));
  }
}

int64_t lenient_integer(JsonNode* node, int64_t fallback) {
  if (is_json_null(node) || !JSON_NODE_HOLDS_VALUE(node)) return fallback;
  switch (json_node_get_value_type(node)) {
    case G_TYPE_STRING: {
      const char* text = json_node_get_string(node);
      if (g_ascii_strcasecmp(text, "true") == 0) return 1;
      if (g_ascii_strcasecmp(text, "false") == 0) return 0;
      // Non-numeric strings become 0, as the real service's casts do.
      return g_ascii_strtoll(text, nullptr, 10);
    }
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean(node) ? 1 : 0;
    case G_TYPE_DOUBLE:
      return static_cast<int64_t>(json_node_get_double(node));
    default:
      return json_node_get_int(node);
  }
}

double lenient_real(JsonNode* node, double fallback) {
  if (is_json_null(node) || !JSON_NODE_HOLDS_VALUE(node)) return fallback;
  switch (json_node_get_value_type(node)) {
    case G_TYPE_STRING:
      return g_ascii_strtod(json_node_get_string(node), nullptr);
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean(node) ? 1 : 0;
    case G_TYPE_DOUBLE:
      return json_node_get_double(node);
    default:
      return static_cast<double>(json_node_get_int(node));
  }
}

bool lenient_boolean(JsonNode* node, bool fallback) {
  if (is_json_null(node) || !JSON_NODE_HOLDS_VALUE(node)) return fallback;
  switch (json_node_get_value_type(node)) {
    case G_TYPE_STRING: {
      const char* text = json_node_get_string(node);
      return !(text[0] == '\0' || g_ascii_strcasecmp(text, "false") == 0 || g_strcmp0(text, "0") == 0);
    }
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean(node);
    case G_TYPE_DOUBLE:
      return json_node_get_double(node) != 0;
    default:
      return json_node_get_int(node) != 0;
  }
}

bool ObjectFields::has(const char* name) const {
  JsonNode* node = member(object_, name);
  return !is_json_null(node) && !is_null(name);
}

bool ObjectFields::is_null(const char* name) const {
  JsonNode* node = member(object_, name);
  if (node && JSON_NODE_HOLDS_NULL(node)) return true;
  const std::string null_form = std::string(name) + "__null";
  return member(object_, null_form.c_str()) != nullptr;
}

std::string ObjectFields::text(const char* name, const std::string& fallback) const {
  return has(name) ? lenient_text(member(object_, name), fallback) : fallback;
}

int64_t ObjectFields::integer(const char* name, int64_t fallback) const {
  return has(name) ? lenient_integer(member(object_, name), fallback) : fallback;
}

double ObjectFields::real(const char* name, double fallback) const {
  return has(name) ? lenient_real(member(object_, name), fallback) : fallback;
}

bool ObjectFields::boolean(const char* name, bool fallback) const {
  return has(name) ? lenient_boolean(member(object_, name), fallback) : fallback;
}

JsonObject* ObjectFields::object(const char* name) const {
  JsonNode* node = member(object_, name);
  return node && JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : nullptr;
}

}  // namespace devserver
