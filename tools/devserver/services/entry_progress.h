// An entry follows its flavors: PRECONVERT when content arrives, READY with
// the source's duration and dimensions once it is processed,
// ERROR_CONVERTING when it fails; and the replacement it belongs to moves on.
// Call with state_mutex held.
#pragma once

#include "flavor_asset.h"

namespace devserver {

class ServerContext;

void entry_content_arrived(ServerContext& server, const FlavorAsset& flavor);
void entry_flavor_finished(ServerContext& server, const FlavorAsset& flavor);

}  // namespace devserver
