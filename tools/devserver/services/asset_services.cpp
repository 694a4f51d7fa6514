// register_asset_services: flavorAsset, attachment_attachmentAsset,
// conversionProfile and flavorParams. The asset tables are created by
// register_entry_services, which owns the processing they share.
#include "../server_context.h"
#include "asset_services.h"

namespace devserver {

void register_asset_services(ServerContext& server) {
  register_flavor_asset_actions(server);
  register_attachment_actions(server);
  register_conversion_profile_actions(server);
}

}  // namespace devserver
