#include "entry_progress.h"

#include "../server_context.h"
#include "entry_store.h"
#include "flavor_store.h"
#include "replacement.h"

namespace devserver {

namespace {

bool waits_for_content(int status) {
  return status == entry_status::kNoContent || status == entry_status::kImport;
}

// The source flavor decides the entry's state; an entry without one follows
// whichever flavor it has (a client publishing renditions itself).
bool flavor_drives_entry(ServerContext& server, const FlavorAsset& flavor) {
  if (flavor.is_original) return true;
  for (const auto& other : FlavorStore(server.db()).live_of_entry(flavor.entry_id))
    if (other.is_original) return false;
  return true;
}

}  // namespace

void entry_content_arrived(ServerContext& server, const FlavorAsset& flavor) {
  EntryStore entries(server.db());
  auto entry = entries.find(flavor.entry_id);
  if (!entry || entry->status == entry_status::kDeleted) return;
  if (!flavor.is_original && !waits_for_content(entry->status)) return;
  entry->status = entry_status::kPreconvert;
  entry->updated_at = server.now();
  entries.update(*entry);
}

void entry_flavor_finished(ServerContext& server, const FlavorAsset& flavor) {
  EntryStore entries(server.db());
  auto entry = entries.find(flavor.entry_id);
  if (!entry || entry->status == entry_status::kDeleted || !flavor_drives_entry(server, flavor)) return;
  if (flavor.status == flavor_status::kReady) {
    entry->status = entry_status::kReady;
    if (entry->type == entry_type::kMediaClip) {
      entry->width = flavor.width;
      entry->height = flavor.height;
      entry->ms_duration = flavor.duration_ms;
      if (!entry->media_type_given && entry->media_type != media_type::kImage)
        entry->media_type = flavor.has_video ? media_type::kVideo : media_type::kAudio;
    }
  } else {
    entry->status = entry_status::kErrorConverting;
  }
  entry->updated_at = server.now();
  entries.update(*entry);
  if (entry->is_temporary_replacement()) temporary_entry_finished(server, *entry);
}

}  // namespace devserver
