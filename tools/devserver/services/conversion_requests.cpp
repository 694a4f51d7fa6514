#include "conversion_requests.h"

#include "../server_context.h"
#include "asset_access.h"
#include "conversion_profile_catalogue.h"
#include "entry_access.h"
#include "entry_progress.h"
#include "entry_store.h"
#include "flavor_conversion.h"
#include "flavor_params_catalogue.h"
#include "flavor_store.h"

namespace devserver {

namespace {

// Only video and audio entries have renditions.
Entry media_entry_for_converting(ServerContext& server, const Caller& caller, const std::string& entry_id) {
  Entry entry = entry_for_editing(server, caller, entry_id, entry_type::kMediaClip);
  if (entry.media_type == media_type::kImage) throw ApiError("ENTRY_ID_NOT_FOUND", {{"ENTRY_ID", entry_id}});
  return entry;
}

bool has_source(ServerContext& server, const std::string& entry_id) {
  for (const auto& flavor : FlavorStore(server.db()).live_of_entry(entry_id))
    if (flavor.is_original) return true;
  return false;
}

}  // namespace

void convert_entry_flavor(ServerContext& server, const Caller& caller, const std::string& entry_id,
                          int64_t flavor_params_id) {
  const Entry entry = media_entry_for_converting(server, caller, entry_id);
  const FlavorParams* params = find_flavor_params(flavor_params_id);
  if (!params) throw ApiError("FLAVOR_PARAMS_ID_NOT_FOUND", {{"ID", std::to_string(flavor_params_id)}});
  if (flavor_params_is_source(*params)) throw ApiError("FLAVOR_ASSET_RECONVERT_ORIGINAL");
  if (!ready_source_flavor(server, entry.id)) throw ApiError("ORIGINAL_FLAVOR_ASSET_IS_MISSING");
  convert_rendition(server, entry, *params);
  settle_entry_status(server, entry.id);
}

void reconvert_flavor(ServerContext& server, const Caller& caller, const std::string& flavor_id) {
  const FlavorAsset flavor = flavor_for(server, caller, flavor_id, AssetUse::Edit);
  if (flavor.is_original) throw ApiError("FLAVOR_ASSET_RECONVERT_ORIGINAL");
  convert_entry_flavor(server, caller, flavor.entry_id, flavor.flavor_params_id);
}

int64_t convert_entry(ServerContext& server, const Caller& caller, const std::string& entry_id,
                      int64_t conversion_profile_id) {
  Entry entry = media_entry_for_converting(server, caller, entry_id);
  if (!has_source(server, entry.id)) throw ApiError("ORIGINAL_FLAVOR_ASSET_IS_MISSING");
  if (conversion_profile_id > 0) {
    if (!find_conversion_profile(conversion_profile_id))
      throw ApiError("CONVERSION_PROFILE_ID_NOT_FOUND", {{"ID", std::to_string(conversion_profile_id)}});
    entry.conversion_profile_id = conversion_profile_id;
    entry.updated_at = server.now();
    EntryStore(server.db()).update(entry);
  }
  if (!ready_source_flavor(server, entry.id)) return 0;
  const ConversionProfile* profile = find_conversion_profile(entry.conversion_profile_id);
  int64_t first_job = 0;
  for (int64_t params_id : profile ? profile->flavor_params_ids : std::vector<int64_t>{}) {
    const FlavorParams* params = find_flavor_params(params_id);
    if (!params || flavor_params_is_source(*params)) continue;
    const int64_t job = convert_rendition(server, entry, *params);
    if (!first_job) first_job = job;
  }
  settle_entry_status(server, entry.id);
  return first_job;
}

}  // namespace devserver
