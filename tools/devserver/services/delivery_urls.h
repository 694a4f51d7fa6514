// The URLs of §10 that point at this server's delivery routes
// (delivery_routes.cpp answers them).
#pragma once

#include <string>

#include "attachment_asset.h"
#include "entry.h"
#include "flavor_asset.h"

namespace devserver {

class ServerContext;

// "{base}/p/{pid}/sp/{pid*100}"
std::string partner_prefix(const ServerContext& server, int partner_id);
std::string entry_data_url(const ServerContext& server, const Entry& entry);
std::string entry_download_url(const ServerContext& server, const Entry& entry);
std::string entry_thumbnail_url(const ServerContext& server, const Entry& entry);
// The direct file URL of flavorAsset.getUrl (serveFlavor form).
std::string flavor_file_url(const ServerContext& server, const FlavorAsset& flavor);
std::string attachment_file_url(const ServerContext& server, const AttachmentAsset& asset);

}  // namespace devserver
