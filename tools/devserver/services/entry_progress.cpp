#include "entry_progress.h"

#include <optional>
#include <vector>

#include "../server_context.h"
#include "conversion_store.h"
#include "entry_store.h"
#include "flavor_conversion.h"
#include "flavor_store.h"
#include "replacement.h"

namespace devserver {

namespace {

bool waits_for_content(int status) {
  return status == entry_status::kNoContent || status == entry_status::kImport;
}

bool is_final(int status) { return status == entry_status::kReady || status == entry_status::kErrorConverting; }

std::optional<FlavorAsset> source_of(const std::vector<FlavorAsset>& flavors) {
  for (const auto& flavor : flavors)
    if (flavor.is_original) return flavor;
  return std::nullopt;
}

void take_media_properties(Entry& entry, const FlavorAsset& flavor) {
  if (entry.type != entry_type::kMediaClip) return;
  entry.width = flavor.width;
  entry.height = flavor.height;
  entry.ms_duration = flavor.duration_ms;
  if (!entry.media_type_given && entry.media_type != media_type::kImage)
    entry.media_type = flavor.has_video ? media_type::kVideo : media_type::kAudio;
}

// The rule of docs/devserver-content.md: the source decides until it is
// READY; then the entry waits for the server's conversions, and fails only
// when renditions applied to the source and none of them could be made.
// The renditions clients publish themselves never fail the entry.
int settled_status(ServerContext& server, const Entry& entry, const std::vector<FlavorAsset>& flavors,
                   const FlavorAsset& source) {
  if (entry.status == entry_status::kReady) return entry_status::kReady;  // see entry_content_arrived
  if (source.status == flavor_status::kError) return entry_status::kErrorConverting;
  if (source.status != flavor_status::kReady) return entry.status;
  ConversionStore conversions(server.db());
  if (conversions.entry_has_pending(entry.id))
    return entry.status == entry_status::kReady ? entry_status::kReady : entry_status::kPreconvert;
  bool applied = false;
  for (const auto& flavor : flavors) {
    if (flavor.is_original || !conversions.converts(flavor.id)) continue;
    if (flavor.status == flavor_status::kReady) return entry_status::kReady;
    if (flavor.status != flavor_status::kNotApplicable) applied = true;
  }
  return applied ? entry_status::kErrorConverting : entry_status::kReady;
}

void set_status(ServerContext& server, Entry& entry, int status) {
  const bool finished_now = is_final(status) && status != entry.status;
  entry.status = status;
  entry.updated_at = server.now();
  EntryStore(server.db()).update(entry);
  if (finished_now && entry.is_temporary_replacement()) temporary_entry_finished(server, entry);
}

}  // namespace

void entry_content_arrived(ServerContext& server, const FlavorAsset& flavor) {
  EntryStore entries(server.db());
  auto entry = entries.find(flavor.entry_id);
  if (!entry || entry->status == entry_status::kDeleted) return;
  if (!flavor.is_original && !waits_for_content(entry->status)) return;
  // A new source of a READY entry leaves it READY while it is processed, as
  // Kaltura does (it does not move a READY entry back through batch jobs).
  if (entry->status == entry_status::kReady) return;
  entry->status = entry_status::kPreconvert;
  entry->updated_at = server.now();
  entries.update(*entry);
}

void entry_flavor_finished(ServerContext& server, const FlavorAsset& flavor) {
  auto entry = EntryStore(server.db()).find(flavor.entry_id);
  if (!entry || entry->status == entry_status::kDeleted) return;
  const auto flavors = FlavorStore(server.db()).live_of_entry(entry->id);
  const auto source = source_of(flavors);
  if (!source) {
    // A client publishing renditions without a source: the flavor decides.
    if (flavor.status == flavor_status::kReady) take_media_properties(*entry, flavor);
    set_status(server, *entry, flavor.status == flavor_status::kReady ? entry_status::kReady
                                                                      : entry_status::kErrorConverting);
    return;
  }
  if (flavor.is_original && flavor.status == flavor_status::kReady) {
    take_media_properties(*entry, flavor);
    EntryStore(server.db()).update(*entry);
    convert_profile_renditions(server, *entry);
  }
  settle_entry_status(server, entry->id);
}

void entry_found_infected(ServerContext& server, const FlavorAsset& source) {
  auto entry = EntryStore(server.db()).find(source.entry_id);
  if (!entry || entry->status == entry_status::kDeleted) return;
  set_status(server, *entry, entry_status::kVirusScanInfected);
}

void settle_entry_status(ServerContext& server, const std::string& entry_id) {
  auto entry = EntryStore(server.db()).find(entry_id);
  if (!entry || entry->status == entry_status::kDeleted) return;
  const auto flavors = FlavorStore(server.db()).live_of_entry(entry->id);
  const auto source = source_of(flavors);
  if (!source) return;
  const int status = settled_status(server, *entry, flavors, *source);
  if (status != entry->status) set_status(server, *entry, status);
}

}  // namespace devserver
