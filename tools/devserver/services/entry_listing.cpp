#include "entry_listing.h"

#include <algorithm>

#include "../server_context.h"
#include "entry_access.h"
#include "entry_filter.h"
#include "entry_json.h"
#include "entry_order.h"
#include "entry_store.h"
#include "json_output.h"
#include "object_fields.h"
#include "paging.h"

namespace devserver {

namespace {

// The partner's entries the selection takes and the caller may see, oldest first.
std::vector<Entry> selected_entries(ActionCall& call, const EntryFilter& selection, int entry_type) {
  const bool sees_all = caller_may_list_all(call.caller);
  std::vector<Entry> entries;
  for (auto& entry : EntryStore(call.server->db()).all_of_partner(call.caller.partner_id)) {
    if (entry_type != kAnyEntryType && entry.type != entry_type) continue;
    if (!sees_all && !caller_may_view(call.caller, entry)) continue;
    if (selection.matches(entry)) entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace

std::vector<Entry> matching_entries(ActionCall& call, int entry_type) {
  const ObjectFields filter(call.object_param("filter"));
  std::vector<Entry> entries = selected_entries(call, list_filter(filter), entry_type);
  order_entries(entries, filter.text("orderBy"));
  return entries;
}

std::vector<Entry> entries_with_reference_id(ActionCall& call, const std::string& reference_id) {
  std::vector<Entry> entries = selected_entries(call, reference_id_filter(reference_id), kAnyEntryType);
  std::reverse(entries.begin(), entries.end());
  return entries;
}

JsonNode* entry_list_response(ActionCall& call, const std::vector<Entry>& entries, const char* list_type) {
  const auto objects =
      page_items(page_of(call), entries, [&call](const Entry& entry) { return entry_to_json(*call.server, entry); });
  return list_response(objects, static_cast<int64_t>(entries.size()), list_type);
}

}  // namespace devserver
