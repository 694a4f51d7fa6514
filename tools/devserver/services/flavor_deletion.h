// Deleting flavor assets: status DELETED and the file removed. Call with
// state_mutex held.
#pragma once

#include <string>

#include "flavor_asset.h"

namespace devserver {

class ServerContext;

void delete_flavor_asset(ServerContext& server, FlavorAsset& flavor);
void delete_flavors_of_entry(ServerContext& server, const std::string& entry_id);

}  // namespace devserver
