#include "param_tree.h"

#include <glib.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace devserver {

namespace {

// "a[b][c]:d" -> {"a", "b", "c", "d"}
std::vector<std::string> split_key(const std::string& key) {
  std::vector<std::string> segments;
  std::string current;
  for (char c : key) {
    if (c == '[' || c == ']' || c == ':') {
      if (!current.empty()) segments.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) segments.push_back(current);
  return segments;
}

bool is_index(const char* name) {
  if (!*name) return false;
  for (const char* c = name; *c; ++c)
    if (!g_ascii_isdigit(*c)) return false;
  return true;
}

JsonObject* child_object(JsonObject* parent, const std::string& name) {
  JsonNode* node = json_object_get_member(parent, name.c_str());
  if (node && JSON_NODE_HOLDS_OBJECT(node)) return json_node_get_object(node);
  JsonObject* object = json_object_new();
  json_object_set_object_member(parent, name.c_str(), object);
  return object;
}

void convert_index_objects(JsonNode* node, bool top_level);

void convert_members(JsonObject* object) {
  g_autoptr(GList) members = json_object_get_members(object);
  for (GList* item = members; item; item = item->next)
    convert_index_objects(json_object_get_member(object, static_cast<const char*>(item->data)), false);
}

void convert_index_objects(JsonNode* node, bool top_level) {
  if (JSON_NODE_HOLDS_ARRAY(node)) {
    JsonArray* array = json_node_get_array(node);
    for (guint i = 0; i < json_array_get_length(array); ++i)
      convert_index_objects(json_array_get_element(array, i), false);
    return;
  }
  if (!JSON_NODE_HOLDS_OBJECT(node)) return;
  JsonObject* object = json_node_get_object(node);
  convert_members(object);
  if (top_level || json_object_get_size(object) == 0) return;
  g_autoptr(GList) members = json_object_get_members(object);
  std::vector<std::pair<long long, const char*>> indices;
  for (GList* item = members; item; item = item->next) {
    const char* name = static_cast<const char*>(item->data);
    if (!is_index(name)) return;
    indices.emplace_back(std::atoll(name), name);
  }
  std::sort(indices.begin(), indices.end());
  JsonArray* array = json_array_new();
  for (const auto& index : indices) json_array_add_element(array, json_object_dup_member(object, index.second));
  json_node_init(node, JSON_NODE_ARRAY);  // releases the object
  json_node_take_array(node, array);
}

}  // namespace

ParamTree::ParamTree() : root_(json_node_init_object(json_node_alloc(), json_object_new())) {}

void ParamTree::merge_object(JsonObject* object) {
  JsonObject* root = json_node_get_object(root_.get());
  g_autoptr(GList) members = json_object_get_members(object);
  for (GList* item = members; item; item = item->next) {
    const char* name = static_cast<const char*>(item->data);
    json_object_set_member(root, name, json_object_dup_member(object, name));
  }
}

void ParamTree::set_flat(const std::string& key, const std::string& value) {
  std::vector<std::string> segments = split_key(key);
  if (segments.empty()) return;
  JsonObject* parent = json_node_get_object(root_.get());

  // "{prop}:-" / "{prop}[-]": an empty array.
  if (segments.back() == "-" && segments.size() > 1) {
    segments.pop_back();
    for (size_t i = 0; i + 1 < segments.size(); ++i) parent = child_object(parent, segments[i]);
    json_object_set_array_member(parent, segments.back().c_str(), json_array_new());
    return;
  }
  for (size_t i = 0; i + 1 < segments.size(); ++i) parent = child_object(parent, segments[i]);
  std::string name = segments.back();
  const std::string null_suffix = "__null";
  if (name.size() > null_suffix.size() && name.compare(name.size() - null_suffix.size(), null_suffix.size(), null_suffix) == 0) {
    name.resize(name.size() - null_suffix.size());
    json_object_set_null_member(parent, name.c_str());
    return;
  }
  json_object_set_string_member(parent, name.c_str(), value.c_str());
}

JsonNodePtr ParamTree::finish() {
  convert_index_objects(root_.get(), true);
  return std::move(root_);
}

}  // namespace devserver
