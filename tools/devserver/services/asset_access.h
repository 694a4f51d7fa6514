// Finding a flavor or attachment asset for a caller: the asset must exist,
// not be deleted and belong to the caller's partner (else *_ID_NOT_FOUND),
// and its entry's ownership rules apply (§6.1). Call with state_mutex held.
#pragma once

#include <string>

#include "../action.h"
#include "attachment_asset.h"
#include "flavor_asset.h"

namespace devserver {

class ServerContext;

enum class AssetUse { View, Edit };

FlavorAsset flavor_for(ServerContext& server, const Caller& caller, const std::string& id, AssetUse use);
AttachmentAsset attachment_for(ServerContext& server, const Caller& caller, const std::string& id, AssetUse use);

}  // namespace devserver
