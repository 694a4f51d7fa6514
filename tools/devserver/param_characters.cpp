#include "param_characters.h"

#include <cstring>
#include <set>
#include <string>

#include "action.h"
#include "xml_chars.h"

namespace devserver {

namespace {

bool is_request_field(const char* name) {
  static const std::set<std::string> names = {"service",   "action",     "ks",        "format",
                                              "clientTag", "apiVersion", "partnerId", "language",
                                              "kalsig",    "ignoreNull", "fileData"};
  return names.count(name) > 0;
}

bool is_null_marker(const char* name) {
  const size_t length = strlen(name);
  return length > 6 && strcmp(name + length - 6, "__null") == 0;
}

bool holds_non_xml_char(const char* text) {
  const char* end = text + strlen(text);
  for (const char* c = text; c < end;) {
    const gunichar ch = g_utf8_get_char_validated(c, end - c);
    if (ch == static_cast<gunichar>(-1) || ch == static_cast<gunichar>(-2)) {
      ++c;  // not UTF-8: dropped, not refused
      continue;
    }
    if (!is_xml_char(ch)) return true;
    c = g_utf8_next_char(c);
  }
  return false;
}

void check_node(JsonNode* node, const char* field);

void check_members(JsonObject* object, bool top_level) {
  g_autoptr(GList) members = json_object_get_members(object);
  for (GList* item = members; item; item = item->next) {
    const char* name = static_cast<const char*>(item->data);
    if ((top_level && is_request_field(name)) || strcmp(name, "objectType") == 0 || is_null_marker(name)) continue;
    check_node(json_object_get_member(object, name), name);
  }
}

void check_node(JsonNode* node, const char* field) {
  if (JSON_NODE_HOLDS_OBJECT(node)) {
    check_members(json_node_get_object(node), false);
  } else if (JSON_NODE_HOLDS_ARRAY(node)) {
    JsonArray* array = json_node_get_array(node);
    for (guint i = 0; i < json_array_get_length(array); ++i) check_node(json_array_get_element(array, i), field);
  } else if (JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_STRING &&
             holds_non_xml_char(json_node_get_string(node))) {
    throw ApiError("INVALID_PARAMETER_CHAR", {{"XML_FIELD", field}});
  }
}

}  // namespace

void reject_non_xml_text(JsonObject* params) {
  if (params) check_members(params, true);
}

}  // namespace devserver
