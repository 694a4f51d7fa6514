// The system flavor params and the partner's conversion profiles (§9.1).
// The default conversion profile keeps the source only: flavors beyond the
// source come from clients publishing their own renditions (flavorAsset.add).
#pragma once

#include <json-glib/json-glib.h>

#include <cstdint>
#include <string>
#include <vector>

namespace devserver {

struct FlavorParams {
  int64_t id;
  const char* name;
  const char* tags;
  const char* video_codec;  // "" for the source
  int64_t video_bitrate_kbps;
  int64_t width;
  int64_t height;
  const char* format;
};

const std::vector<FlavorParams>& system_flavor_params();
const FlavorParams* find_flavor_params(int64_t id);
bool flavor_params_is_source(const FlavorParams& params);
JsonNode* flavor_params_to_json(const FlavorParams& params, int64_t created_at);

struct ConversionProfile {
  int64_t id;
  const char* name;
  const char* system_name;
  const char* flavor_params_ids;  // comma list
  bool is_default;
};

const std::vector<ConversionProfile>& conversion_profiles();
const ConversionProfile& default_conversion_profile();
const ConversionProfile* find_conversion_profile(int64_t id);
JsonNode* conversion_profile_to_json(const ConversionProfile& profile, int partner_id, int64_t created_at);

}  // namespace devserver
