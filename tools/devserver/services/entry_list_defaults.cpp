#include "entry_list_defaults.h"

namespace devserver {

namespace {

bool any_sent(const ObjectFields& filter, std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (filter.has(name)) return true;
  return false;
}

}  // namespace

void add_list_defaults(const ObjectFields& filter, EntryFilter& selection) {
  // Kaltura compares these two with null loosely: an empty one is no entry named.
  if (!filter.text("idEqual").empty() || !filter.text("redirectFromEntryId").empty()) return;
  if (!any_sent(filter, {"statusEqual", "statusIn", "statusNotEqual", "statusNotIn"}))
    selection.require([](const Entry& entry) { return entry.status == entry_status::kReady; });
  if (!any_sent(filter,
                {"moderationStatusEqual", "moderationStatusIn", "moderationStatusNotEqual", "moderationStatusNotIn"}))
    selection.require([](const Entry& entry) {
      return entry.moderation_status() != moderation_status::kPendingModeration &&
             entry.moderation_status() != moderation_status::kRejected;
    });
  if (filter.text("parentEntryIdEqual").empty())
    selection.require([](const Entry& entry) { return !entry.is_system_entry(); });
}

}  // namespace devserver
