#include "entry_listing.h"

#include <algorithm>
#include <cstring>
#include <set>
#include <sstream>

#include "../server_context.h"
#include "entry_access.h"
#include "entry_json.h"
#include "entry_store.h"
#include "json_output.h"
#include "object_fields.h"
#include "paging.h"

namespace devserver {

namespace {

std::set<std::string> comma_set(const std::string& list) {
  std::set<std::string> items;
  std::stringstream stream(list);
  std::string item;
  while (std::getline(stream, item, ','))
    if (!item.empty()) items.insert(item);
  return items;
}

bool contains_case_insensitive(const std::string& haystack, const std::string& needle) {
  g_autofree char* h = g_utf8_casefold(haystack.c_str(), -1);
  g_autofree char* n = g_utf8_casefold(needle.c_str(), -1);
  return strstr(h, n) != nullptr;
}

class EntryFilter {
 public:
  explicit EntryFilter(const ObjectFields& filter) : filter_(filter) {}

  bool matches(const Entry& e) const {
    return equal("idEqual", e.id) && in("idIn", e.id) && equal("referenceIdEqual", e.reference_id) &&
           in("referenceIdIn", e.reference_id) && equal("statusEqual", std::to_string(e.status)) &&
           in("statusIn", std::to_string(e.status)) && equal("mediaTypeEqual", std::to_string(e.media_type)) &&
           in("mediaTypeIn", std::to_string(e.media_type)) && equal("typeEqual", std::to_string(e.type)) &&
           in("typeIn", std::to_string(e.type)) && equal("userIdEqual", e.user_id) && like("nameLike", e.name) &&
           like("tagsLike", e.tags);
  }
  bool newest_first() const { return filter_.text("orderBy", "-createdAt") != "+createdAt"; }

 private:
  bool equal(const char* name, const std::string& value) const {
    return !filter_.has(name) || filter_.text(name) == value;
  }
  bool in(const char* name, const std::string& value) const {
    return !filter_.has(name) || comma_set(filter_.text(name)).count(value) > 0;
  }
  bool like(const char* name, const std::string& value) const {
    return !filter_.has(name) || contains_case_insensitive(value, filter_.text(name));
  }
  ObjectFields filter_;
};

}  // namespace

std::vector<Entry> matching_entries(ActionCall& call, int entry_type) {
  EntryFilter filter{ObjectFields(call.object_param("filter"))};
  const bool sees_all = caller_may_list_all(call.caller);
  std::vector<Entry> entries;
  for (auto& entry : EntryStore(call.server->db()).all_live(call.caller.partner_id)) {
    // The hidden entry of a replacement never shows in lists.
    if (entry.is_temporary_replacement()) continue;
    if (entry_type != kAnyEntryType && entry.type != entry_type) continue;
    if (!sees_all && !caller_may_view(call.caller, entry)) continue;
    if (filter.matches(entry)) entries.push_back(std::move(entry));
  }
  // all_live is oldest first; a stable reverse keeps creation order within a second.
  if (filter.newest_first()) std::reverse(entries.begin(), entries.end());
  return entries;
}

JsonNode* entry_list_response(ActionCall& call, const std::vector<Entry>& entries, const char* list_type) {
  const auto objects =
      page_items(page_of(call), entries, [&call](const Entry& entry) { return entry_to_json(*call.server, entry); });
  return list_response(objects, static_cast<int64_t>(entries.size()), list_type);
}

}  // namespace devserver
