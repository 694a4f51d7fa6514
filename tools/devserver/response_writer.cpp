#include "response_writer.h"

#include <cmath>
#include <cstdio>

namespace devserver {

namespace {

void write_string(std::string& out, const char* text) {
  out += '"';
  for (const unsigned char* c = reinterpret_cast<const unsigned char*>(text); *c; ++c) {
    switch (*c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (*c < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", *c);
          out += escaped;
        } else {
          out += static_cast<char>(*c);
        }
    }
  }
  out += '"';
}

void write_node(std::string& out, JsonNode* node);

void write_object(std::string& out, JsonObject* object) {
  JsonNode* type = json_object_get_member(object, "objectType");
  const bool keep_order =
      type && JSON_NODE_HOLDS_VALUE(type) && g_strcmp0(json_node_get_string(type), "KalturaAPIException") == 0;
  out += '{';
  bool first = true;
  g_autoptr(GList) members = json_object_get_members(object);
  for (GList* item = members; item; item = item->next) {
    const char* name = static_cast<const char*>(item->data);
    JsonNode* value = json_object_get_member(object, name);
    if (JSON_NODE_HOLDS_NULL(value)) continue;
    if (!keep_order && value == type) continue;
    if (!first) out += ',';
    first = false;
    write_string(out, name);
    out += ':';
    write_node(out, value);
  }
  if (!keep_order && type && !JSON_NODE_HOLDS_NULL(type)) {
    if (!first) out += ',';
    out += "\"objectType\":";
    write_node(out, type);
  }
  out += '}';
}

void write_node(std::string& out, JsonNode* node) {
  if (!node || JSON_NODE_HOLDS_NULL(node)) {
    out += "null";
    return;
  }
  if (JSON_NODE_HOLDS_OBJECT(node)) {
    write_object(out, json_node_get_object(node));
    return;
  }
  if (JSON_NODE_HOLDS_ARRAY(node)) {
    JsonArray* array = json_node_get_array(node);
    out += '[';
    for (guint i = 0; i < json_array_get_length(array); ++i) {
      if (i) out += ',';
      write_node(out, json_array_get_element(array, i));
    }
    out += ']';
    return;
  }
  switch (json_node_get_value_type(node)) {
    case G_TYPE_STRING:
      write_string(out, json_node_get_string(node));
      break;
    case G_TYPE_BOOLEAN:
      out += json_node_get_boolean(node) ? "true" : "false";
      break;
    case G_TYPE_DOUBLE: {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      double value = json_node_get_double(node);
      out += std::isfinite(value) ? g_ascii_dtostr(buffer, sizeof buffer, value) : "0";
      break;
    }
    default:
      out += std::to_string(json_node_get_int(node));
  }
}

}  // namespace

std::string write_response_json(JsonNode* node) {
  std::string out;
  write_node(out, node);
  return out;
}

}  // namespace devserver
