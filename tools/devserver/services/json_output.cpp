#include "json_output.h"

namespace devserver {

ResultObject::ResultObject() : builder_(json_builder_new()) { json_builder_begin_object(builder_); }

ResultObject::~ResultObject() { g_object_unref(builder_); }

ResultObject& ResultObject::text(const char* name, const std::string& value) {
  json_builder_set_member_name(builder_, name);
  json_builder_add_string_value(builder_, value.c_str());
  return *this;
}

ResultObject& ResultObject::integer(const char* name, int64_t value) {
  json_builder_set_member_name(builder_, name);
  json_builder_add_int_value(builder_, value);
  return *this;
}

ResultObject& ResultObject::real(const char* name, double value) {
  json_builder_set_member_name(builder_, name);
  json_builder_add_double_value(builder_, value);
  return *this;
}

ResultObject& ResultObject::boolean(const char* name, bool value) {
  json_builder_set_member_name(builder_, name);
  json_builder_add_boolean_value(builder_, value);
  return *this;
}

ResultObject& ResultObject::node(const char* name, JsonNode* value) {
  json_builder_set_member_name(builder_, name);
  json_builder_add_value(builder_, value);
  return *this;
}

JsonNode* ResultObject::finish(const char* object_type) {
  text("objectType", object_type);
  json_builder_end_object(builder_);
  return json_builder_get_root(builder_);
}

JsonNode* json_array_of(const std::vector<JsonNode*>& objects) {
  JsonArray* array = json_array_sized_new(objects.size());
  for (JsonNode* object : objects) json_array_add_element(array, object);
  JsonNode* node = json_node_new(JSON_NODE_ARRAY);
  json_node_take_array(node, array);
  return node;
}

JsonNode* list_response(const std::vector<JsonNode*>& objects, int64_t total_count, const char* list_type) {
  ResultObject list;
  list.node("objects", json_array_of(objects));
  list.integer("totalCount", total_count);
  return list.finish(list_type);
}

JsonNode* json_string_node(const std::string& value) {
  JsonNode* node = json_node_new(JSON_NODE_VALUE);
  json_node_set_string(node, value.c_str());
  return node;
}

JsonNode* json_int_node(int64_t value) {
  JsonNode* node = json_node_new(JSON_NODE_VALUE);
  json_node_set_int(node, value);
  return node;
}

JsonNode* json_null_node() { return json_node_new(JSON_NODE_NULL); }

}  // namespace devserver
