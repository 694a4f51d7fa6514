// What clients ask of conversions (§9.1): flavorAsset.convert and
// reconvert, media.convert. Each checks the request the way Kaltura does
// and queues the conversions (flavor_conversion.h). Call with state_mutex
// held.
#pragma once

#include <cstdint>
#include <string>

#include "../action.h"

namespace devserver {

class ServerContext;

// flavorAsset.convert: the entry's rendition of these params is made (again).
// FLAVOR_PARAMS_ID_NOT_FOUND, FLAVOR_ASSET_RECONVERT_ORIGINAL for the source's
// params, ORIGINAL_FLAVOR_ASSET_IS_MISSING until the source is READY.
void convert_entry_flavor(ServerContext& server, const Caller& caller, const std::string& entry_id,
                          int64_t flavor_params_id);
// flavorAsset.reconvert: the same, by asset id.
void reconvert_flavor(ServerContext& server, const Caller& caller, const std::string& flavor_id);
// media.convert: every rendition of the profile (the entry's, or the one
// given, which becomes the entry's) is made again. Returns the job id of the
// first conversion queued, 0 when none is (a source-only profile, or a
// source that is not READY yet: its renditions follow when it is).
int64_t convert_entry(ServerContext& server, const Caller& caller, const std::string& entry_id,
                      int64_t conversion_profile_id);

}  // namespace devserver
