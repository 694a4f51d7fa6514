// The data service (§8.4, type 6) and the document plugin's
// document_documents service (type 10).
#include "../server_context.h"
#include "entry_operations.h"
#include "entry_services.h"
#include "entry.h"

namespace devserver {

namespace {

// The real data service names its update parameter documentEntry; dataEntry
// is accepted as well.
JsonNode* update_data(ActionCall& call) {
  return update_entry(call, entry_type::kData, call.object_param("dataEntry") ? "dataEntry" : "documentEntry");
}

}  // namespace

void register_data_actions(ServerContext& server) {
  constexpr int kData = entry_type::kData;
  const auto add = [&server](const char* action, ActionHandler handler, Access access = Access::NonWidgetKs) {
    server.add_action("data", action, ActionSpec{std::move(handler), access});
  };
  add("add", [](ActionCall& call) { return add_entry(call, kData, "dataEntry"); });
  add("addContent", [](ActionCall& call) { return add_entry_content(call, kData); });
  add("get", [](ActionCall& call) { return get_entry(call, kData); }, Access::AnyKs);
  add("list", [](ActionCall& call) { return list_entries(call, kData, "KalturaDataListResponse"); }, Access::AnyKs);
  add("update", update_data);
  add("delete", [](ActionCall& call) { return delete_entry(call, kData); });
}

void register_document_actions(ServerContext& server) {
  constexpr int kDocument = entry_type::kDocument;
  const auto add = [&server](const char* action, ActionHandler handler, Access access = Access::NonWidgetKs) {
    server.add_action("document_documents", action, ActionSpec{std::move(handler), access});
  };
  add("add", [](ActionCall& call) { return add_entry(call, kDocument, "documentEntry"); });
  add("addContent", [](ActionCall& call) { return add_entry_content(call, kDocument); });
  add("get", [](ActionCall& call) { return get_entry(call, kDocument); }, Access::AnyKs);
  add("list", [](ActionCall& call) { return list_entries(call, kDocument, "KalturaDocumentListResponse"); },
      Access::AnyKs);
  add("update", [](ActionCall& call) { return update_entry(call, kDocument, "documentEntry"); });
  add("delete", [](ActionCall& call) { return delete_entry(call, kDocument); });
  add("updateContent", [](ActionCall& call) { return update_entry_content(call, kDocument); });
  add("approveReplace", [](ActionCall& call) { return approve_entry_replacement(call, kDocument); });
  add("cancelReplace", [](ActionCall& call) { return cancel_entry_replacement(call, kDocument); });
}

}  // namespace devserver
