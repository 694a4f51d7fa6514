#include "response_xml.h"

#include <cmath>

#include "xml_chars.h"

namespace devserver {

namespace {

constexpr const char* kErrorType = "KalturaAPIException";

// Character data: the five markup characters as entities, a carriage return
// as a reference (a parser would read a raw one as a line feed), and what
// XML 1.0 cannot carry at all (other control characters, U+FFFE, U+FFFF,
// bytes that are not UTF-8) as U+FFFD.
void write_text(std::string& out, const char* text) {
  g_autofree char* valid = g_utf8_make_valid(text, -1);
  for (const char* c = valid; *c; c = g_utf8_next_char(c)) {
    const gunichar ch = g_utf8_get_char(c);
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
      case '\n':
        out += static_cast<char>(ch);
        break;
      default:
        if (!is_xml_char(ch))
          out += "\xEF\xBF\xBD";
        else
          out.append(c, g_utf8_next_char(c) - c);
    }
  }
}

void open_tag(std::string& out, const char* name) {
  out += '<';
  out += name;
  out += '>';
}

void close_tag(std::string& out, const char* name) {
  out += "</";
  out += name;
  out += '>';
}

void write_element(std::string& out, const char* name, const char* text) {
  open_tag(out, name);
  write_text(out, text);
  close_tag(out, name);
}

const char* string_member(JsonObject* object, const char* name) {
  JsonNode* node = json_object_get_member(object, name);
  if (!node || !JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING) return "";
  return json_node_get_string(node);
}

void write_node(std::string& out, JsonNode* node);

// Each argument an <item> of Kaltura's made-up KalturaApiExceptionArg type.
void write_error(std::string& out, JsonObject* error) {
  out += "<error>";
  write_element(out, "objectType", kErrorType);
  write_element(out, "code", string_member(error, "code"));
  write_element(out, "message", string_member(error, "message"));
  out += "<args>";
  JsonNode* args = json_object_get_member(error, "args");
  if (args && JSON_NODE_HOLDS_OBJECT(args)) {
    JsonObject* object = json_node_get_object(args);
    g_autoptr(GList) names = json_object_get_members(object);
    for (GList* item = names; item; item = item->next) {
      const char* name = static_cast<const char*>(item->data);
      out += "<item>";
      write_element(out, "objectType", "KalturaApiExceptionArg");
      write_element(out, "name", name);
      write_element(out, "value", string_member(object, name));
      out += "</item>";
    }
  }
  out += "</args></error>";
}

void write_object(std::string& out, JsonObject* object) {
  JsonNode* type = json_object_get_member(object, "objectType");
  const bool typed = type && JSON_NODE_HOLDS_VALUE(type) && json_node_get_value_type(type) == G_TYPE_STRING;
  if (typed && g_strcmp0(json_node_get_string(type), kErrorType) == 0) {
    write_error(out, object);
    return;
  }
  g_autoptr(GList) names = json_object_get_members(object);
  if (!typed) {
    // A map: its keys are data, so they go in <itemKey>, never in a tag name.
    for (GList* item = names; item; item = item->next) {
      const char* name = static_cast<const char*>(item->data);
      out += "<item>";
      write_element(out, "itemKey", name);
      write_node(out, json_object_get_member(object, name));
      out += "</item>";
    }
    return;
  }
  write_element(out, "objectType", json_node_get_string(type));
  for (GList* item = names; item; item = item->next) {
    const char* name = static_cast<const char*>(item->data);
    JsonNode* value = json_object_get_member(object, name);
    if (value == type || JSON_NODE_HOLDS_NULL(value)) continue;
    open_tag(out, name);
    write_node(out, value);
    close_tag(out, name);
  }
}

void write_array(std::string& out, JsonArray* array) {
  for (guint i = 0; i < json_array_get_length(array); ++i) {
    out += "<item>";
    write_node(out, json_array_get_element(array, i));
    out += "</item>";
  }
}

void write_node(std::string& out, JsonNode* node) {
  if (!node || JSON_NODE_HOLDS_NULL(node)) return;
  if (JSON_NODE_HOLDS_OBJECT(node)) {
    write_object(out, json_node_get_object(node));
    return;
  }
  if (JSON_NODE_HOLDS_ARRAY(node)) {
    write_array(out, json_node_get_array(node));
    return;
  }
  switch (json_node_get_value_type(node)) {
    case G_TYPE_STRING:
      write_text(out, json_node_get_string(node));
      break;
    case G_TYPE_BOOLEAN:
      out += json_node_get_boolean(node) ? '1' : '0';
      break;
    case G_TYPE_DOUBLE: {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      const double value = json_node_get_double(node);
      out += std::isfinite(value) ? g_ascii_dtostr(buffer, sizeof buffer, value) : "0";
      break;
    }
    default:
      out += std::to_string(json_node_get_int(node));
  }
}

std::string envelope(const std::string& result, double execution_time) {
  char seconds[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd(seconds, sizeof seconds, "%.6f", execution_time);
  return std::string("<?xml version=\"1.0\" encoding=\"utf-8\"?><xml><result>") + result + "</result><executionTime>" +
         seconds + "</executionTime></xml>";
}

}  // namespace

std::string write_response_xml(JsonNode* result, double execution_time) {
  std::string out;
  write_node(out, result);
  return envelope(out, execution_time);
}

}  // namespace devserver
