#include "asset_access.h"

#include "../server_context.h"
#include "entry_access.h"
#include "entry_store.h"
#include "flavor_store.h"

namespace devserver {

namespace {

// The asset's entry must be live too; a USER KS must own it.
template <typename NotFound>
void check_entry_of_asset(ServerContext& server, const Caller& caller, const std::string& entry_id, AssetUse use,
                          NotFound not_found) {
  auto entry = EntryStore(server.db()).find(entry_id);
  if (!entry || entry->status == entry_status::kDeleted) not_found();
  const bool allowed =
      use == AssetUse::View ? caller_may_view(caller, *entry) : caller.can_edit_entry(entry->id, entry->user_id);
  if (!allowed) throw_not_owner();
}

}  // namespace

FlavorAsset flavor_for(ServerContext& server, const Caller& caller, const std::string& id, AssetUse use) {
  const auto not_found = [&id] { throw ApiError("FLAVOR_ASSET_ID_NOT_FOUND", {{"ID", id}}); };
  auto flavor = FlavorStore(server.db()).find(id);
  if (!flavor || flavor->status == flavor_status::kDeleted || flavor->partner_id != caller.partner_id) not_found();
  check_entry_of_asset(server, caller, flavor->entry_id, use, not_found);
  return *flavor;
}

AttachmentAsset attachment_for(ServerContext& server, const Caller& caller, const std::string& id, AssetUse use) {
  const auto not_found = [&id] { throw ApiError("ATTACHMENT_ASSET_ID_NOT_FOUND", {{"ASSET_ID", id}}); };
  auto asset = AttachmentStore(server.db()).find(id);
  if (!asset || asset->status == attachment_status::kDeleted || asset->partner_id != caller.partner_id)
    not_found();
  check_entry_of_asset(server, caller, asset->entry_id, use, not_found);
  return *asset;
}

}  // namespace devserver
