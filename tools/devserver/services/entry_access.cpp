#include "entry_access.h"

#include "../server_context.h"
#include "entry_store.h"

namespace devserver {

void throw_not_owner() {
  throw ApiError("INVALID_KS", {{"KSID", ""}, {"ERR_CODE", "-4"}, {"ERR_DESC", "INVALID_TYPE"}});
}

bool caller_may_list_all(const Caller& caller) {
  return caller.is_admin() || caller.is_widget() || caller.has_privilege("list", "*") ||
         caller.has_privilege("edit", "*") || caller.has_privilege("*");
}

bool caller_may_view(const Caller& caller, const Entry& entry) {
  return caller_may_list_all(caller) || caller.can_edit_entry(entry.id, entry.user_id) ||
         caller.has_privilege("sview", entry.id) || caller.has_privilege("sview", "*");
}

Entry entry_for_viewing(ServerContext& server, const Caller& caller, const std::string& entry_id, int entry_type) {
  auto entry = EntryStore(server.db()).find(entry_id);
  if (!entry || entry->status == entry_status::kDeleted || entry->partner_id != caller.partner_id ||
      (entry_type != kAnyEntryType && entry->type != entry_type))
    throw ApiError("ENTRY_ID_NOT_FOUND", {{"ENTRY_ID", entry_id}});
  if (!caller_may_view(caller, *entry)) throw_not_owner();
  return *entry;
}

Entry entry_for_editing(ServerContext& server, const Caller& caller, const std::string& entry_id, int entry_type) {
  Entry entry = entry_for_viewing(server, caller, entry_id, entry_type);
  if (!caller.can_edit_entry(entry.id, entry.user_id)) throw_not_owner();
  return entry;
}

}  // namespace devserver
