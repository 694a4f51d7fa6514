#include "conversion_profile_catalogue.h"

#include <string>

#include "json_output.h"

namespace devserver {

const std::vector<ConversionProfile>& conversion_profiles() {
  static const std::vector<ConversionProfile> profiles = {
      {conversion_profile_id::kDefault, "Default", "Default",
       "The source, H.264/AAC renditions at 360p, 480p and 720p, and an AAC audio rendition",
       {0, 2, 4, 5, 9}},
      {conversion_profile_id::kSourceOnly, "Source only", "Passthrough",
       "The source is kept as it is; nothing is transcoded", {0}},
      {conversion_profile_id::kFast, "Fast", "Fast",
       "The source and tiny renditions (160x90, 320x180, AAC audio) that transcode in a blink, for tests",
       {0, 100, 101, 9}},
  };
  return profiles;
}

const ConversionProfile* find_conversion_profile(int64_t id) {
  for (const auto& profile : conversion_profiles())
    if (profile.id == id) return &profile;
  return nullptr;
}

std::string flavor_params_id_list(const ConversionProfile& profile) {
  std::string list;
  for (int64_t id : profile.flavor_params_ids) list += (list.empty() ? "" : ",") + std::to_string(id);
  return list;
}

JsonNode* conversion_profile_to_json(const ConversionProfile& profile, int partner_id, int64_t created_at,
                                     bool is_default) {
  ResultObject object;
  object.integer("id", profile.id)
      .integer("partnerId", partner_id)
      .text("status", "2")  // ENABLED, a string enum
      .text("type", "1")    // MEDIA
      .text("name", profile.name)
      .text("systemName", profile.system_name)
      .text("description", profile.description)
      .integer("createdAt", created_at)
      .text("flavorParamsIds", flavor_params_id_list(profile))
      .integer("isDefault", is_default ? 1 : 0)
      .boolean("isPartnerDefault", is_default);
  return object.finish("KalturaConversionProfile");
}

}  // namespace devserver
