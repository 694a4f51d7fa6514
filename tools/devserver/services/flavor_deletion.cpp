#include "flavor_deletion.h"

#include "../server_context.h"
#include "content_files.h"
#include "flavor_store.h"

namespace devserver {

void delete_flavor_asset(ServerContext& server, FlavorAsset& flavor) {
  remove_content_file(server, flavor.file_path);
  flavor.file_path.clear();
  flavor.status = flavor_status::kDeleted;
  flavor.deleted_at = server.now();
  flavor.updated_at = flavor.deleted_at;
  FlavorStore(server.db()).update(flavor);
}

void delete_flavors_of_entry(ServerContext& server, const std::string& entry_id) {
  for (auto& flavor : FlavorStore(server.db()).live_of_entry(entry_id)) delete_flavor_asset(server, flavor);
}

}  // namespace devserver
