// The attachment plugin's attachment_attachmentAsset service (§9.2).
#include <set>

#include "../server_context.h"
#include "asset_access.h"
#include "asset_json.h"
#include "asset_services.h"
#include "attachment_content.h"
#include "content_files.h"
#include "content_resource.h"
#include "delivery_urls.h"
#include "entry_access.h"
#include "json_output.h"
#include "paging.h"
#include "property_rules.h"
#include "token_attachment.h"

namespace devserver {

namespace {

constexpr const char* kClass = "KalturaAttachmentAsset";

bool is_readonly_attachment_property(const std::string& name) {
  static const std::set<std::string> names = {"id",        "entryId",   "partnerId", "version", "size",
                                              "sizeInBytes", "createdAt", "updatedAt", "status"};
  return names.count(name) > 0;
}

// format: a string enum, "1" TEXT, "2" MEDIA, "3" DOCUMENT, "4" JSON, "5" MARKDOWN.
void check_format(const ObjectFields& input) {
  if (!input.has("format")) return;
  const std::string format = input.text("format");
  if (format.size() != 1 || format[0] < '1' || format[0] > '5')
    throw ApiError("INVALID_ENUM_VALUE",
                   {{"ENUM_VAL", format}, {"PARAM_NAME", "format"}, {"ENUM_TYPE", "KalturaAttachmentType"}});
}

void apply_settable(const ObjectFields& input, AttachmentAsset& asset) {
  const auto set_text = [&input](const char* name, std::string& field) {
    if (input.has(name)) field = input.text(name);
    if (input.is_null(name)) field.clear();
  };
  set_text("filename", asset.filename);
  set_text("title", asset.title);
  set_text("format", asset.format);
  set_text("tags", asset.tags);
  set_text("partnerData", asset.partner_data);
  set_text("partnerDescription", asset.partner_description);
}

JsonNode* add(ActionCall& call) {
  ServerContext& server = *call.server;
  const std::string entry_id = call.required_string("entryId");
  ObjectFields input(call.required_object("attachmentAsset"));
  reject_properties(input, is_readonly_attachment_property, kClass);
  check_format(input);
  // An entry the caller may not change counts as not found here.
  const auto entry = [&] {
    try {
      return entry_for_editing(server, call.caller, entry_id);
    } catch (const ApiError&) {
      throw ApiError("ENTRY_ID_NOT_FOUND", {{"ENTRY_ID", entry_id}});
    }
  }();
  AttachmentAsset asset;
  asset.id = make_object_id();
  asset.entry_id = entry.id;
  asset.partner_id = entry.partner_id;
  asset.status = attachment_status::kQueued;
  asset.file_ext = safe_extension("." + input.text("fileExt"));
  apply_settable(input, asset);
  asset.created_at = server.now();
  asset.updated_at = asset.created_at;
  AttachmentStore(server.db()).insert(asset);
  return attachment_to_json(asset);
}

JsonNode* set_content(ActionCall& call) {
  ServerContext& server = *call.server;
  const std::string id = call.required_string("id");
  JsonObject* resource = call.required_object("contentResource");
  check_resource_class(resource);
  AttachmentAsset asset = attachment_for(server, call.caller, id, AssetUse::Edit);
  TokenClaim claim = claim_upload_token(server, call.caller, resource_token(resource), "attachmentAsset", asset.id);
  AttachmentStore assets(server.db());
  if (claim.state == TokenClaim::State::Ready) {
    take_attachment_file(server, asset.id, claim.file_path, claim.file_name, claim.size);
  } else {
    asset.status = attachment_status::kImporting;
    asset.updated_at = server.now();
    assets.update(asset);
  }
  return attachment_to_json(*assets.find(asset.id));
}

JsonNode* get(ActionCall& call) {
  return attachment_to_json(
      attachment_for(*call.server, call.caller, call.required_string("attachmentAssetId"), AssetUse::View));
}

JsonNode* list(ActionCall& call) {
  ObjectFields filter(call.object_param("filter"));
  std::vector<AttachmentAsset> matching;
  for (auto& asset : AttachmentStore(call.server->db()).live_of_partner(call.caller.partner_id)) {
    if (filter.has("entryIdEqual") && asset.entry_id != filter.text("entryIdEqual")) continue;
    try {
      entry_for_viewing(*call.server, call.caller, asset.entry_id);
    } catch (const ApiError&) {
      continue;
    }
    matching.push_back(std::move(asset));
  }
  const auto objects = page_items(page_of(call), matching, attachment_to_json);
  return list_response(objects, static_cast<int64_t>(matching.size()), "KalturaAttachmentAssetListResponse");
}

JsonNode* update(ActionCall& call) {
  ServerContext& server = *call.server;
  const std::string id = call.required_string("id");
  ObjectFields input(call.required_object("attachmentAsset"));
  reject_properties(
      input, [](const std::string& name) { return is_readonly_attachment_property(name) || name == "fileExt"; },
      kClass);
  check_format(input);
  AttachmentAsset asset = attachment_for(server, call.caller, id, AssetUse::Edit);
  apply_settable(input, asset);
  asset.updated_at = server.now();
  AttachmentStore(server.db()).update(asset);
  return attachment_to_json(asset);
}

JsonNode* remove(ActionCall& call) {
  ServerContext& server = *call.server;
  AttachmentAsset asset = attachment_for(server, call.caller, call.required_string("attachmentAssetId"), AssetUse::Edit);
  remove_content_file(server, asset.file_path);
  asset.file_path.clear();
  asset.status = attachment_status::kDeleted;
  asset.updated_at = server.now();
  AttachmentStore(server.db()).update(asset);
  return json_null_node();
}

JsonNode* get_url(ActionCall& call) {
  const AttachmentAsset asset = attachment_for(*call.server, call.caller, call.required_string("id"), AssetUse::View);
  return json_string_node(attachment_file_url(*call.server, asset));
}

}  // namespace

void register_attachment_actions(ServerContext& server) {
  const auto add_action = [&server](const char* action, ActionHandler handler,
                                    Access access = Access::NonWidgetKs) {
    server.add_action("attachment_attachmentasset", action, ActionSpec{std::move(handler), access});
  };
  add_action("add", add);
  add_action("setContent", set_content);
  add_action("get", get, Access::AnyKs);
  add_action("list", list, Access::AnyKs);
  add_action("update", update);
  add_action("delete", remove);
  add_action("getUrl", get_url, Access::AnyKs);
}

}  // namespace devserver
