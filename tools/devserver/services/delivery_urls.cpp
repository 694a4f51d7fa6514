#include "delivery_urls.h"

#include "../server_context.h"

namespace devserver {

namespace {

// Video and audio entries are delivered through playManifest, others raw.
bool plays(const Entry& entry) {
  return entry.type == entry_type::kMediaClip && entry.media_type != media_type::kImage;
}

std::string protocol_of(const ServerContext& server) {
  return server.base_url().rfind("https:", 0) == 0 ? "https" : "http";
}

std::string dot_extension(const std::string& extension) { return extension.empty() ? "" : "." + extension; }

}  // namespace

std::string partner_prefix(const ServerContext& server, int partner_id) {
  return server.base_url() + "/p/" + std::to_string(partner_id) + "/sp/" + std::to_string(partner_id * 100);
}

std::string entry_data_url(const ServerContext& server, const Entry& entry) {
  if (!plays(entry)) return entry_download_url(server, entry);
  return partner_prefix(server, entry.partner_id) + "/playManifest/entryId/" + entry.id + "/format/url/protocol/" +
         protocol_of(server);
}

std::string entry_download_url(const ServerContext& server, const Entry& entry) {
  if (!plays(entry))
    return partner_prefix(server, entry.partner_id) + "/raw/entry_id/" + entry.id + "/version/" +
           std::to_string(entry.version);
  return partner_prefix(server, entry.partner_id) + "/playManifest/entryId/" + entry.id +
         "/format/download/protocol/" + protocol_of(server) + "/flavorParamIds/0";
}

std::string entry_thumbnail_url(const ServerContext& server, const Entry& entry) {
  return partner_prefix(server, entry.partner_id) + "/thumbnail/entry_id/" + entry.id + "/version/" +
         std::to_string(entry.version);
}

std::string flavor_file_url(const ServerContext& server, const FlavorAsset& flavor) {
  const std::string extension = dot_extension(flavor.file_ext);
  return partner_prefix(server, flavor.partner_id) + "/serveFlavor/entryId/" + flavor.entry_id + "/v/" +
         std::to_string(flavor.version) + "/flavorId/" + flavor.id + "/fileName/" + flavor.id + extension +
         "/name/a" + extension;
}

std::string attachment_file_url(const ServerContext& server, const AttachmentAsset& asset) {
  return partner_prefix(server, asset.partner_id) + "/serveAttachment/attachmentAssetId/" + asset.id + "/v/" +
         std::to_string(asset.version) + "/name/a" + dot_extension(asset.file_ext);
}

}  // namespace devserver
