// The flavorAsset service (§9.1).
#include <set>
#include <sstream>

#include "../server_context.h"
#include "asset_access.h"
#include "asset_json.h"
#include "asset_services.h"
#include "content_resource.h"
#include "conversion_profile_catalogue.h"
#include "conversion_requests.h"
#include "delivery_urls.h"
#include "entry_access.h"
#include "flavor_deletion.h"
#include "flavor_params_catalogue.h"
#include "flavor_processing.h"
#include "flavor_store.h"
#include "json_output.h"
#include "paging.h"
#include "property_rules.h"
#include "token_attachment.h"

namespace devserver {

namespace {

const char* const kSettableTexts[] = {"label", "language", "partnerData", "partnerDescription"};

bool is_readonly_flavor_property(const std::string& name) {
  static const std::set<std::string> names = {
      "id",     "entryId",   "partnerId",   "version", "size",      "sizeInBytes",     "createdAt",
      "updatedAt", "deletedAt", "description", "width", "height",  "bitrate",         "frameRate",
      "isOriginal", "isWeb", "containerFormat", "videoCodecId", "status"};
  return names.count(name) > 0;
}

std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ','))
    if (!item.empty()) items.push_back(item);
  return items;
}

JsonNode* list(ActionCall& call) {
  ObjectFields filter(call.object_param("filter"));
  std::vector<std::string> entry_ids;
  if (filter.has("entryIdEqual")) entry_ids.push_back(filter.text("entryIdEqual"));
  if (filter.has("entryIdIn")) entry_ids = comma_list(filter.text("entryIdIn"));
  if (!filter.has("entryIdEqual") && !filter.has("entryIdIn"))
    throw ApiError("PROPERTY_VALIDATION_CANNOT_BE_NULL",
                   {{"PROP_NAME", "KalturaFlavorAssetFilter::entryIdEqual/KalturaFlavorAssetFilter::entryIdIn"}});
  std::vector<FlavorAsset> matching;
  for (const auto& entry_id : entry_ids) {
    try {
      entry_for_viewing(*call.server, call.caller, entry_id);
    } catch (const ApiError&) {
      continue;  // an entry the caller cannot see has no flavors for it
    }
    for (auto& flavor : FlavorStore(call.server->db()).live_of_entry(entry_id)) {
      if (filter.has("statusEqual") && filter.integer("statusEqual") != flavor.status) continue;
      if (filter.has("flavorParamsIdEqual") && filter.integer("flavorParamsIdEqual") != flavor.flavor_params_id)
        continue;
      matching.push_back(std::move(flavor));
    }
  }
  const auto objects = page_items(page_of(call), matching, flavor_to_json);
  return list_response(objects, static_cast<int64_t>(matching.size()), "KalturaFlavorAssetListResponse");
}

JsonNode* get(ActionCall& call) {
  return flavor_to_json(flavor_for(*call.server, call.caller, call.required_string("id"), AssetUse::View));
}

JsonNode* get_url(ActionCall& call) {
  const FlavorAsset flavor = flavor_for(*call.server, call.caller, call.required_string("id"), AssetUse::View);
  if (flavor.status != flavor_status::kReady) throw ApiError("FLAVOR_ASSET_IS_NOT_READY");
  return json_string_node(flavor_file_url(*call.server, flavor));
}

JsonNode* add(ActionCall& call) {
  ServerContext& server = *call.server;
  const std::string entry_id = call.required_string("entryId");
  ObjectFields input(call.required_object("flavorAsset"));
  reject_properties(input, is_readonly_flavor_property, "KalturaFlavorAsset");
  // Only video and audio entries have flavors.
  const auto not_found = [&entry_id] { throw ApiError("ENTRY_ID_NOT_FOUND", {{"ENTRY_ID", entry_id}}); };
  Entry entry;
  try {
    entry = entry_for_editing(server, call.caller, entry_id, entry_type::kMediaClip);
  } catch (const ApiError& error) {
    if (error.code() == "ENTRY_ID_NOT_FOUND") not_found();
    throw;
  }
  if (entry.media_type == media_type::kImage) not_found();
  if (!input.has("flavorParamsId"))
    throw ApiError("PROPERTY_VALIDATION_CANNOT_BE_NULL", {{"PROP_NAME", "KalturaFlavorAsset::flavorParamsId"}});
  const int64_t params_id = input.integer("flavorParamsId");
  const FlavorParams* params = find_flavor_params(params_id);
  if (!params) throw ApiError("FLAVOR_PARAMS_ID_NOT_FOUND", {{"ID", std::to_string(params_id)}});
  FlavorStore flavors(server.db());
  for (const auto& existing : flavors.live_of_entry(entry.id))
    if (existing.flavor_params_id == params_id)
      throw ApiError("FLAVOR_ASSET_ALREADY_EXISTS",
                     {{"ASSET_ID", existing.id}, {"PARAMS_ID", std::to_string(params_id)}});
  FlavorAsset flavor;
  flavor.id = make_object_id();
  flavor.entry_id = entry.id;
  flavor.partner_id = entry.partner_id;
  flavor.flavor_params_id = params_id;
  flavor.is_original = flavor_params_is_source(*params);
  flavor.status = flavor_status::kQueued;
  flavor.tags = input.text("tags", params->tags);
  flavor.file_ext = input.text("fileExt");
  for (const char* name : kSettableTexts)
    if (input.has(name)) flavor.attributes[name] = input.text(name);
  flavor.is_default = input.boolean("isDefault", false);
  flavor.created_at = server.now();
  flavor.updated_at = flavor.created_at;
  flavors.insert(flavor);
  return flavor_to_json(flavor);
}

JsonNode* set_content(ActionCall& call) {
  ServerContext& server = *call.server;
  const std::string id = call.required_string("id");
  JsonObject* resource = call.required_object("contentResource");
  check_resource_class(resource);
  FlavorAsset flavor = flavor_for(server, call.caller, id, AssetUse::Edit);
  const std::string token = resource_token(resource);
  TokenClaim claim = claim_upload_token(server, call.caller, token, "flavorAsset", flavor.id);
  FlavorStore flavors(server.db());
  if (claim.state == TokenClaim::State::Ready) {
    take_flavor_file(server, flavor.id, claim.file_path, claim.file_name, claim.size);
  } else {
    flavor.status = flavor_status::kImporting;
    flavor.updated_at = server.now();
    flavors.update(flavor);
  }
  return flavor_to_json(*flavors.find(flavor.id));
}

JsonNode* convert(ActionCall& call) {
  const std::string entry_id = call.required_string("entryId");
  const std::string params_id = call.required_string("flavorParamsId");
  convert_entry_flavor(*call.server, call.caller, entry_id, g_ascii_strtoll(params_id.c_str(), nullptr, 10));
  return json_null_node();
}

JsonNode* reconvert(ActionCall& call) {
  reconvert_flavor(*call.server, call.caller, call.required_string("id"));
  return json_null_node();
}

JsonNode* remove(ActionCall& call) {
  FlavorAsset flavor = flavor_for(*call.server, call.caller, call.required_string("id"), AssetUse::Edit);
  delete_flavor_asset(*call.server, flavor);
  return json_null_node();
}

// Each flavor params of the entry's conversion profile, and of its assets,
// with the asset where there is one.
JsonNode* get_flavor_assets_with_params(ActionCall& call) {
  const Entry entry = entry_for_viewing(*call.server, call.caller, call.required_string("entryId"));
  const auto flavors = FlavorStore(call.server->db()).live_of_entry(entry.id);
  std::set<int64_t> params_ids = {0};
  if (const ConversionProfile* profile = find_conversion_profile(entry.conversion_profile_id))
    params_ids.insert(profile->flavor_params_ids.begin(), profile->flavor_params_ids.end());
  for (const auto& flavor : flavors) params_ids.insert(flavor.flavor_params_id);
  std::vector<JsonNode*> pairs;
  for (int64_t params_id : params_ids) {
    const FlavorParams* params = find_flavor_params(params_id);
    if (!params) continue;
    ResultObject pair;
    for (const auto& flavor : flavors)
      if (flavor.flavor_params_id == params_id) pair.node("flavorAsset", flavor_to_json(flavor));
    pair.node("flavorParams", flavor_params_to_json(*params, entry.created_at)).text("entryId", entry.id);
    pairs.push_back(pair.finish("KalturaFlavorAssetWithParams"));
  }
  return json_array_of(pairs);
}

}  // namespace

void register_flavor_asset_actions(ServerContext& server) {
  const auto add_action = [&server](const char* action, ActionHandler handler,
                                    Access access = Access::NonWidgetKs) {
    server.add_action("flavorasset", action, ActionSpec{std::move(handler), access});
  };
  add_action("list", list, Access::AnyKs);
  add_action("get", get, Access::AnyKs);
  add_action("getUrl", get_url, Access::AnyKs);
  add_action("add", add);
  add_action("setContent", set_content);
  add_action("delete", remove);
  add_action("getFlavorAssetsWithParams", get_flavor_assets_with_params, Access::AnyKs);
  add_action("convert", convert);
  add_action("reconvert", reconvert);
}

}  // namespace devserver
