#include "entry_filter.h"

#include "entry_filter_fields.h"
#include "entry_list_defaults.h"

namespace devserver {

bool EntryFilter::matches(const Entry& entry) const {
  for (const auto& condition : conditions_)
    if (!condition(entry)) return false;
  return true;
}

EntryFilter list_filter(const ObjectFields& filter) {
  EntryFilter selection;
  add_field_conditions(filter, selection);
  add_list_defaults(filter, selection);
  return selection;
}

EntryFilter reference_id_filter(const std::string& reference_id) {
  EntryFilter selection;
  selection.require([reference_id](const Entry& entry) { return entry.reference_id == reference_id; });
  selection.require([](const Entry& entry) { return entry.status != entry_status::kDeleted; });
  selection.require([](const Entry& entry) { return !entry.is_system_entry(); });
  return selection;
}

}  // namespace devserver
