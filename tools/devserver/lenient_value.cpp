#include "lenient_value.h"

#include <glib.h>

namespace devserver {

namespace {

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

}  // namespace devserver
