// An entry follows its flavors (§8.3). Content arriving makes it PRECONVERT.
// Once its source is READY the entry takes the source's duration and
// dimensions and its conversion profile's renditions are queued
// (flavor_conversion.h); it becomes READY when no conversion is left, or
// ERROR_CONVERTING when the source failed or every rendition that applied
// to the source failed. The replacement it belongs to moves on with it.
// Call with state_mutex held.
#pragma once

#include <string>

#include "flavor_asset.h"

namespace devserver {

class ServerContext;

void entry_content_arrived(ServerContext& server, const FlavorAsset& flavor);
void entry_flavor_finished(ServerContext& server, const FlavorAsset& flavor);
// The virus scan found the entry's source infected: the entry stops there,
// in the plugin's status, and no rendition is made.
void entry_found_infected(ServerContext& server, const FlavorAsset& source);
// Conversions were queued or finished: the entry's status follows.
void settle_entry_status(ServerContext& server, const std::string& entry_id);

}  // namespace devserver
