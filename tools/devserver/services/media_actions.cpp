// The media service (§8.3).
#include "../server_context.h"
#include "conversion_requests.h"
#include "entry.h"
#include "entry_operations.h"
#include "entry_services.h"
#include "json_output.h"

namespace devserver {

namespace {

constexpr int kMedia = entry_type::kMediaClip;

JsonNode* convert(ActionCall& call) {
  const std::string entry_id = call.required_string("entryId");
  return json_int_node(convert_entry(*call.server, call.caller, entry_id, call.int_param("conversionProfileId", 0)));
}

}  // namespace

void register_media_actions(ServerContext& server) {
  const auto add = [&server](const char* action, ActionHandler handler, Access access = Access::NonWidgetKs) {
    server.add_action("media", action, ActionSpec{std::move(handler), access});
  };
  add("add", [](ActionCall& call) { return add_entry(call, kMedia, "entry"); });
  add("addContent", [](ActionCall& call) { return add_entry_content(call, kMedia); });
  add("get", [](ActionCall& call) { return get_entry(call, kMedia); }, Access::AnyKs);
  add("list", [](ActionCall& call) { return list_entries(call, kMedia, "KalturaMediaListResponse"); },
      Access::AnyKs);
  add("count", [](ActionCall& call) { return count_entries(call, kMedia); }, Access::AnyKs);
  add("update", [](ActionCall& call) { return update_entry(call, kMedia, "mediaEntry"); });
  add("delete", [](ActionCall& call) { return delete_entry(call, kMedia); });
  add("updateContent", [](ActionCall& call) { return update_entry_content(call, kMedia); });
  add("approveReplace", [](ActionCall& call) { return approve_entry_replacement(call, kMedia); });
  add("cancelReplace", [](ActionCall& call) { return cancel_entry_replacement(call, kMedia); });
  add("convert", convert);
}

}  // namespace devserver
