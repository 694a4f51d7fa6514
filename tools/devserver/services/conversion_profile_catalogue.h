// The partner's conversion profiles (§9.1): which flavor params an entry's
// renditions are made with. The default profile is a server option
// (--default-conversion-profile), so that tests can run with the source
// only while a server started by hand transcodes like Kaltura.
#pragma once

#include <json-glib/json-glib.h>

#include <cstdint>
#include <string>
#include <vector>

namespace devserver {

struct ConversionProfile {
  int64_t id;
  const char* name;
  const char* system_name;
  const char* description;
  std::vector<int64_t> flavor_params_ids;  // the source (0) first
};

namespace conversion_profile_id {
constexpr int64_t kDefault = 1;     // source + H.264 360p, 480p, 720p + AAC audio
constexpr int64_t kSourceOnly = 2;  // passthrough: the source is kept, nothing transcoded
constexpr int64_t kFast = 3;        // source + 90p and 180p ultrafast + AAC audio, for tests
}  // namespace conversion_profile_id

const std::vector<ConversionProfile>& conversion_profiles();
const ConversionProfile* find_conversion_profile(int64_t id);
// "0,2,4": the wire form of flavor_params_ids.
std::string flavor_params_id_list(const ConversionProfile& profile);
JsonNode* conversion_profile_to_json(const ConversionProfile& profile, int partner_id, int64_t created_at,
                                     bool is_default);

}  // namespace devserver
