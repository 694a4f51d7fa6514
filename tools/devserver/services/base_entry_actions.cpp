// The baseEntry service (§8.4): every entry type through one service.
#include <sstream>

#include "../server_context.h"
#include "entry_access.h"
#include "entry_json.h"
#include "entry_listing.h"
#include "entry_operations.h"
#include "entry_services.h"
#include "entry_store.h"
#include "json_output.h"
#include "object_fields.h"

namespace devserver {

namespace {

// entry.objectType picks the class; without one, the `type` parameter does.
int entry_type_of_add(ActionCall& call) {
  const std::string object_type = ObjectFields(call.required_object("entry")).text("objectType");
  if (object_type == "KalturaMediaEntry") return entry_type::kMediaClip;
  if (object_type == "KalturaDataEntry") return entry_type::kData;
  if (object_type == "KalturaDocumentEntry") return entry_type::kDocument;
  const int64_t type = call.int_param("type", -1);
  if (type == entry_type::kMediaClip || type == entry_type::kData || type == entry_type::kDocument)
    return static_cast<int>(type);
  throw ApiError("ENTRY_TYPE_NOT_SUPPORTED", {{"ENTRY_TYPE", std::to_string(type)}});
}

JsonNode* add(ActionCall& call) { return add_entry(call, entry_type_of_add(call), "entry"); }

// The visible entries of a comma list, in its order; unknown ids are skipped.
JsonNode* get_by_ids(ActionCall& call) {
  std::stringstream ids(call.required_string("entryIds"));
  std::vector<JsonNode*> objects;
  EntryStore entries(call.server->db());
  std::string id;
  while (std::getline(ids, id, ',')) {
    auto entry = entries.find(id);
    if (!entry || entry->status == entry_status::kDeleted || entry->partner_id != call.caller.partner_id ||
        !caller_may_view(call.caller, *entry))
      continue;
    objects.push_back(entry_to_json(*call.server, *entry));
  }
  return json_array_of(objects);
}

JsonNode* list_by_reference_id(ActionCall& call) {
  const std::string reference_id = call.required_string("refId");
  return entry_list_response(call, entries_with_reference_id(call, reference_id), "KalturaBaseEntryListResponse");
}

}  // namespace

void register_base_entry_actions(ServerContext& server) {
  const auto add_action = [&server](const char* action, ActionHandler handler,
                                    Access access = Access::NonWidgetKs) {
    server.add_action("baseentry", action, ActionSpec{std::move(handler), access});
  };
  add_action("add", add);
  add_action("addContent", [](ActionCall& call) { return add_entry_content(call, kAnyEntryType); });
  add_action("get", [](ActionCall& call) { return get_entry(call, kAnyEntryType); }, Access::AnyKs);
  add_action("getByIds", get_by_ids, Access::AnyKs);
  add_action("list",
             [](ActionCall& call) { return list_entries(call, kAnyEntryType, "KalturaBaseEntryListResponse"); },
             Access::AnyKs);
  add_action("count", [](ActionCall& call) { return count_entries(call, kAnyEntryType); }, Access::AnyKs);
  add_action("listByReferenceId", list_by_reference_id, Access::AnyKs);
  add_action("update", [](ActionCall& call) { return update_entry(call, kAnyEntryType, "baseEntry"); });
  add_action("delete", [](ActionCall& call) { return delete_entry(call, kAnyEntryType); });
  add_action("updateContent", [](ActionCall& call) { return update_entry_content(call, kAnyEntryType); });
}

}  // namespace devserver
