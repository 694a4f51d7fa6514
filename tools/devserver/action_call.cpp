// ActionCall's parameter accessors with the protocol's lenient typing (§2.2)
// and the Caller's privilege rules (§6.1).
#include <glib.h>

#include <sstream>

#include "action.h"
#include "ks.h"
#include "lenient_value.h"

namespace devserver {

namespace {

JsonNode* member(JsonObject* params, const char* name) {
  if (!params || !json_object_has_member(params, name)) return nullptr;
  JsonNode* node = json_object_get_member(params, name);
  return JSON_NODE_HOLDS_NULL(node) ? nullptr : node;
}

}  // namespace

bool Caller::has_privilege(const std::string& name, const std::string& value) const {
  for (const auto& [key, values] : split_privileges(privileges)) {
    if (key != name) continue;
    if (value.empty()) return true;
    // A value may hold several items joined by '/'.
    std::stringstream items(values);
    std::string item;
    while (std::getline(items, item, '/'))
      if (item == value || item == "*") return true;
  }
  return false;
}

bool Caller::is_widget() const {
  return type == 0 && (user_id.empty() || user_id == "0") && has_privilege("widget", "1");
}

bool Caller::can_edit_entry(const std::string& entry_id, const std::string& owner_user_id) const {
  if (is_admin() || has_privilege("*")) return true;
  if (!user_id.empty() && user_id == owner_user_id) return true;
  return has_privilege("edit", entry_id);
}

bool ActionCall::has(const char* name) const { return member(params, name) != nullptr; }

std::string ActionCall::string_param(const char* name, const std::string& fallback) const {
  return lenient_text(member(params, name), fallback);
}

std::string ActionCall::required_string(const char* name) const {
  JsonNode* node = member(params, name);
  if (!node || !JSON_NODE_HOLDS_VALUE(node)) throw ApiError("MISSING_MANDATORY_PARAMETER", {{"PARAM_NAME", name}});
  return lenient_text(node, "");
}

int64_t ActionCall::int_param(const char* name, int64_t fallback) const {
  return lenient_integer(member(params, name), fallback);
}

double ActionCall::double_param(const char* name, double fallback) const {
  return lenient_real(member(params, name), fallback);
}

bool ActionCall::bool_param(const char* name, bool fallback) const {
  return lenient_boolean(member(params, name), fallback);
}

JsonObject* ActionCall::object_param(const char* name) const {
  JsonNode* node = member(params, name);
  return node && JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : nullptr;
}

JsonObject* ActionCall::required_object(const char* name) const {
  JsonObject* object = object_param(name);
  if (!object) throw ApiError("MISSING_MANDATORY_PARAMETER", {{"PARAM_NAME", name}});
  return object;
}

const UploadedFile* ActionCall::file(const char* name) const {
  for (const auto& file : files)
    if (file.param == name) return &file;
  return nullptr;
}

}  // namespace devserver
