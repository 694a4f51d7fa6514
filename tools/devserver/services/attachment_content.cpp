#include "attachment_content.h"

#include "../server_context.h"
#include "attachment_asset.h"
#include "content_files.h"

namespace devserver {

void take_attachment_file(ServerContext& server, const std::string& asset_id, const std::string& path,
                          const std::string& file_name, int64_t size) {
  AttachmentStore assets(server.db());
  auto asset = assets.find(asset_id);
  if (!asset || asset->status == attachment_status::kDeleted) {
    discard_incoming_file(path);
    return;
  }
  const std::string extension = safe_extension(file_name);
  const std::string stored = store_content_file(server, path, "attachment", extension);
  remove_content_file(server, asset->file_path);
  asset->file_path = stored;
  asset->file_ext = extension;
  asset->size_bytes = size;
  asset->version += 1;
  asset->status = attachment_status::kReady;
  if (asset->filename.empty()) {
    g_autofree char* base_name = g_path_get_basename(file_name.c_str());
    asset->filename = base_name;
  }
  asset->updated_at = server.now();
  assets.update(*asset);
}

}  // namespace devserver
