// Registration of the asset services, one function per service.
#pragma once

namespace devserver {

class ServerContext;

void register_flavor_asset_actions(ServerContext& server);
void register_attachment_actions(ServerContext& server);
void register_conversion_profile_actions(ServerContext& server);  // conversionProfile, flavorParams

}  // namespace devserver
