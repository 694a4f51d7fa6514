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
