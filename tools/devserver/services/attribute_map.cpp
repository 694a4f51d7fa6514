#include "attribute_map.h"

#include <json-glib/json-glib.h>

namespace devserver {

std::string encode_attributes(const AttributeMap& attributes) {
  g_autoptr(JsonBuilder) builder = json_builder_new();
  json_builder_begin_object(builder);
  for (const auto& [name, value] : attributes) {
    json_builder_set_member_name(builder, name.c_str());
    json_builder_add_string_value(builder, value.c_str());
  }
  json_builder_end_object(builder);
  g_autoptr(JsonNode) root = json_builder_get_root(builder);
  g_autofree char* text = json_to_string(root, FALSE);
  return text;
}

AttributeMap decode_attributes(const std::string& json_text) {
  AttributeMap attributes;
  if (json_text.empty()) return attributes;
  g_autoptr(JsonNode) root = json_from_string(json_text.c_str(), nullptr);
  if (!root || !JSON_NODE_HOLDS_OBJECT(root)) return attributes;
  JsonObject* object = json_node_get_object(root);
  g_autoptr(GList) names = json_object_get_members(object);
  for (GList* item = names; item; item = item->next) {
    const char* name = static_cast<const char*>(item->data);
    attributes[name] = json_object_get_string_member_with_default(object, name, "");
  }
  return attributes;
}

}  // namespace devserver
