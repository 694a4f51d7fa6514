#include "kaltura/download/flavor_lookup.h"

#include "kaltura/error.h"
#include "kaltura/operations.h"

namespace kaltura::download {

namespace {

Error flavor_not_found(const std::string& text, const std::string& entry_id) {
  return Error(ErrorKind::Api, "FLAVOR_NOT_FOUND", text, {{"ENTRY_ID", entry_id}});
}

// Why the flavor may be missing: not made yet, or not made for this entry.
std::string missing_flavor_hint(const Entry& entry) {
  // Playlists (5), data entries (6) and live streams (7, 8) hold no file.
  if (entry.type != static_cast<int>(EntryType::MediaClip) && entry.type != static_cast<int>(EntryType::Document) &&
      entry.type != static_cast<int>(EntryType::Automatic))
    return ": the entry is of type " + std::to_string(entry.type) +
           " (a playlist, data or live stream entry), which holds no file; only media and document entries can be "
           "read";
  switch (static_cast<EntryStatus>(entry.status)) {
    case EntryStatus::NoContent:
    case EntryStatus::Import:
    case EntryStatus::Preconvert:
    case EntryStatus::Pending:
      return " yet: the entry is " + std::string(entry_status_name(entry.status)) +
             ", and its renditions are made once its content is processed (wait-ready=true waits for them)";
    default:
      return ": which renditions an entry gets depends on its conversion profile";
  }
}

}  // namespace

EntryFlavor find_flavor(Client& client, const FlavorChoice& choice) {
  if (!choice.flavor_asset_id.empty()) {
    FlavorAsset flavor = FlavorAsset::from_json(client.call(ops::flavor_asset_get(choice.flavor_asset_id)));
    if (!choice.entry_id.empty() && flavor.entry_id != choice.entry_id)
      throw flavor_not_found("Flavor asset \"" + choice.flavor_asset_id + "\" is not a flavor of entry \"" +
                                 choice.entry_id + "\"",
                             choice.entry_id);
    return {Entry::from_json(client.call(ops::base_entry_get(flavor.entry_id))), std::move(flavor)};
  }
  // baseEntry.get first, so that an unknown entry is ENTRY_ID_NOT_FOUND and
  // not an empty flavor list.
  Entry entry = Entry::from_json(client.call(ops::base_entry_get(choice.entry_id)));
  auto flavors = ListResult<FlavorAsset>::from_json(client.call(ops::flavor_asset_list(choice.entry_id)));
  for (auto& flavor : flavors.objects)
    if (flavor.flavor_params_id == choice.flavor_params_id) return {std::move(entry), std::move(flavor)};
  throw flavor_not_found("Entry \"" + choice.entry_id + "\" has no flavor with flavor params id " +
                             std::to_string(choice.flavor_params_id) + missing_flavor_hint(entry),
                         choice.entry_id);
}

std::string flavor_download_url(Client& client, const std::string& flavor_asset_id) {
  Json url = client.call(ops::flavor_asset_get_url(flavor_asset_id));
  const std::string text = url.as_string();
  if (text.empty())
    throw Error(ErrorKind::Protocol, "BAD_RESPONSE", "flavorAsset.getUrl gave no URL for \"" + flavor_asset_id + "\"");
  return text;
}

}  // namespace kaltura::download
