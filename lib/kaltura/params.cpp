#include "kaltura/params.h"

namespace kaltura {

namespace {

JsonNode* deep_copy(JsonNode* node);

JsonObject* deep_copy_object(JsonObject* source) {
  JsonObject* copy = json_object_new();
  JsonObjectIter iter;
  const char* name;
  JsonNode* member;
  json_object_iter_init(&iter, source);
  while (json_object_iter_next(&iter, &name, &member)) json_object_set_member(copy, name, deep_copy(member));
  return copy;
}

// json_node_copy() shares nested objects and arrays; parameters must not.
JsonNode* deep_copy(JsonNode* node) {
  if (JSON_NODE_HOLDS_OBJECT(node)) {
    JsonNode* copy = json_node_new(JSON_NODE_OBJECT);
    json_node_take_object(copy, deep_copy_object(json_node_get_object(node)));
    return copy;
  }
  if (JSON_NODE_HOLDS_ARRAY(node)) {
    JsonArray* source = json_node_get_array(node);
    JsonArray* array = json_array_sized_new(json_array_get_length(source));
    for (guint i = 0; i < json_array_get_length(source); ++i)
      json_array_add_element(array, deep_copy(json_array_get_element(source, i)));
    JsonNode* copy = json_node_new(JSON_NODE_ARRAY);
    json_node_take_array(copy, array);
    return copy;
  }
  return json_node_copy(node);
}

}  // namespace

Params::Params() : object_(json_object_new()) {}

Params::Params(const Params& other) : object_(deep_copy_object(other.object_)) {}

Params& Params::operator=(const Params& other) {
  if (this != &other) {
    JsonObject* copy = deep_copy_object(other.object_);
    json_object_unref(object_);
    object_ = copy;
  }
  return *this;
}

// A moved-from Params stays usable (empty), as callers may reuse it.
Params::Params(Params&& other) noexcept : object_(other.object_) { other.object_ = json_object_new(); }

Params& Params::operator=(Params&& other) noexcept {
  if (this != &other) std::swap(object_, other.object_);
  return *this;
}

Params::~Params() { json_object_unref(object_); }

Params& Params::set(const std::string& key, const std::string& value) {
  json_object_set_string_member(object_, key.c_str(), value.c_str());
  return *this;
}

Params& Params::set(const std::string& key, const char* value) { return set(key, std::string(value ? value : "")); }

Params& Params::set(const std::string& key, int64_t value) {
  json_object_set_int_member(object_, key.c_str(), value);
  return *this;
}

Params& Params::set(const std::string& key, int value) { return set(key, static_cast<int64_t>(value)); }

Params& Params::set(const std::string& key, double value) {
  json_object_set_double_member(object_, key.c_str(), value);
  return *this;
}

Params& Params::set(const std::string& key, bool value) {
  json_object_set_boolean_member(object_, key.c_str(), value);
  return *this;
}

Params& Params::set(const std::string& key, const Params& object) {
  json_object_set_object_member(object_, key.c_str(), deep_copy_object(object.object_));
  return *this;
}

Params Params::object(const std::string& object_type) {
  Params params;
  params.set("objectType", object_type);
  return params;
}

bool Params::empty() const { return json_object_get_size(object_) == 0; }

bool Params::has(const std::string& key) const { return json_object_has_member(object_, key.c_str()); }

}  // namespace kaltura
