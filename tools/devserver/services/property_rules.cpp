#include "property_rules.h"

#include "../action.h"

namespace devserver {

std::vector<std::string> sent_property_names(const ObjectFields& input) {
  std::vector<std::string> names;
  if (!input.exists()) return names;
  const std::string null_suffix = "__null";
  g_autoptr(GList) members = json_object_get_members(input.raw());
  for (GList* item = members; item; item = item->next) {
    std::string name = static_cast<const char*>(item->data);
    if (name.size() > null_suffix.size() &&
        name.compare(name.size() - null_suffix.size(), null_suffix.size(), null_suffix) == 0)
      name.resize(name.size() - null_suffix.size());
    names.push_back(name);
  }
  return names;
}

void reject_properties(const ObjectFields& input, const std::function<bool(const std::string&)>& forbidden,
                       const std::string& class_name) {
  for (const auto& name : sent_property_names(input))
    if (forbidden(name)) throw ApiError("PROPERTY_VALIDATION_NOT_UPDATABLE", {{"PROP_NAME", class_name + "::" + name}});
}

}  // namespace devserver
