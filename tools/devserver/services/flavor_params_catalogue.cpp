#include "flavor_params_catalogue.h"

#include <cstring>

#include "json_output.h"

namespace devserver {

const std::vector<FlavorParams>& system_flavor_params() {
  static const std::vector<FlavorParams> params = {
      {0, "Source", "source,web", "", 0, 0, 0, ""},
      {1, "Mobile (3GP)", "mobile", "mpeg4", 250, 176, 144, "3gp"},
      {2, "H264 360p 400 kbps", "mobile,web,mbr", "h264", 400, 640, 360, "mp4"},
      {3, "H264 360p 600 kbps", "mobile,web,mbr", "h264", 600, 640, 360, "mp4"},
      {4, "H264 480p 900 kbps", "mobile,web,mbr", "h264", 900, 854, 480, "mp4"},
      {5, "H264 720p 1500 kbps", "web,mbr", "h264", 1500, 1280, 720, "mp4"},
      {6, "H264 720p 2500 kbps", "web,mbr", "h264", 2500, 1280, 720, "mp4"},
      {7, "H264 1080p 4000 kbps", "web,mbr", "h264", 4000, 1920, 1080, "mp4"},
      {8, "WebM", "web", "vp8", 900, 854, 480, "webm"},
      {-1, "Generic H264", "web", "h264", 1000, 0, 0, "mp4"},
  };
  return params;
}

const FlavorParams* find_flavor_params(int64_t id) {
  for (const auto& params : system_flavor_params())
    if (params.id == id) return &params;
  return nullptr;
}

bool flavor_params_is_source(const FlavorParams& params) {
  return std::strncmp(params.tags, "source", 6) == 0;
}

JsonNode* flavor_params_to_json(const FlavorParams& params, int64_t created_at) {
  ResultObject object;
  object.integer("id", params.id)
      .integer("partnerId", 0)
      .text("name", params.name)
      .text("systemName", params.name)
      .text("description", "")
      .text("tags", params.tags)
      .integer("createdAt", created_at)
      .boolean("isSystemDefault", true)
      .text("format", params.format)
      .text("videoCodec", params.video_codec)
      .integer("videoBitrate", params.video_bitrate_kbps)
      .integer("width", params.width)
      .integer("height", params.height);
  return object.finish("KalturaFlavorParams");
}

const std::vector<ConversionProfile>& conversion_profiles() {
  static const std::vector<ConversionProfile> profiles = {
      {1, "Default", "Default", "0", true},
  };
  return profiles;
}

const ConversionProfile& default_conversion_profile() { return conversion_profiles().front(); }

const ConversionProfile* find_conversion_profile(int64_t id) {
  for (const auto& profile : conversion_profiles())
    if (profile.id == id) return &profile;
  return nullptr;
}

JsonNode* conversion_profile_to_json(const ConversionProfile& profile, int partner_id, int64_t created_at) {
  ResultObject object;
  object.integer("id", profile.id)
      .integer("partnerId", partner_id)
      .text("status", "2")  // ENABLED, a string enum
      .text("type", "1")    // MEDIA
      .text("name", profile.name)
      .text("systemName", profile.system_name)
      .text("description", "")
      .integer("createdAt", created_at)
      .text("flavorParamsIds", profile.flavor_params_ids)
      .integer("isDefault", profile.is_default ? 1 : 0);
  return object.finish("KalturaConversionProfile");
}

}  // namespace devserver
