// The conversionProfile and flavorParams services (§9.1): read-only views of
// conversion_profile_catalogue and flavor_params_catalogue.
#include "../server_context.h"
#include "asset_services.h"
#include "conversion_profile_catalogue.h"
#include "flavor_params_catalogue.h"
#include "json_output.h"

namespace devserver {

namespace {

// The catalogue is fixed; its objects date from the server's start.
int64_t catalogue_created_at(ServerContext& server) {
  static const int64_t created_at = server.now();
  return created_at;
}

JsonNode* profile_json(ActionCall& call, const ConversionProfile& profile) {
  return conversion_profile_to_json(profile, call.caller.partner_id, catalogue_created_at(*call.server),
                                    profile.id == call.server->config.default_conversion_profile_id);
}

JsonNode* get_default_profile(ActionCall& call) {
  return profile_json(call, *find_conversion_profile(call.server->config.default_conversion_profile_id));
}

JsonNode* get_profile(ActionCall& call) {
  const int64_t id = g_ascii_strtoll(call.required_string("id").c_str(), nullptr, 10);
  const ConversionProfile* profile = find_conversion_profile(id);
  if (!profile) throw ApiError("CONVERSION_PROFILE_ID_NOT_FOUND", {{"ID", std::to_string(id)}});
  return profile_json(call, *profile);
}

JsonNode* list_profiles(ActionCall& call) {
  std::vector<JsonNode*> objects;
  for (const auto& profile : conversion_profiles()) objects.push_back(profile_json(call, profile));
  return list_response(objects, static_cast<int64_t>(objects.size()), "KalturaConversionProfileListResponse");
}

JsonNode* get_params(ActionCall& call) {
  const int64_t id = g_ascii_strtoll(call.required_string("id").c_str(), nullptr, 10);
  const FlavorParams* params = find_flavor_params(id);
  if (!params) throw ApiError("FLAVOR_PARAMS_ID_NOT_FOUND", {{"ID", std::to_string(id)}});
  return flavor_params_to_json(*params, catalogue_created_at(*call.server));
}

JsonNode* list_params(ActionCall& call) {
  std::vector<JsonNode*> objects;
  for (const auto& params : system_flavor_params())
    objects.push_back(flavor_params_to_json(params, catalogue_created_at(*call.server)));
  return list_response(objects, static_cast<int64_t>(objects.size()), "KalturaFlavorParamsListResponse");
}

}  // namespace

void register_conversion_profile_actions(ServerContext& server) {
  server.add_action("conversionprofile", "getDefault", ActionSpec{get_default_profile, Access::NonWidgetKs});
  server.add_action("conversionprofile", "get", ActionSpec{get_profile, Access::NonWidgetKs});
  server.add_action("conversionprofile", "list", ActionSpec{list_profiles, Access::NonWidgetKs});
  server.add_action("flavorparams", "get", ActionSpec{get_params, Access::AnyKs});
  server.add_action("flavorparams", "list", ActionSpec{list_params, Access::AnyKs});
}

}  // namespace devserver
