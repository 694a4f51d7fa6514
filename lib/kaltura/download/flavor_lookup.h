// Which file of an entry to read: the flavor asset an entry id with a
// flavor params id names (0 is the source), or a flavor asset id, and the
// URL the API gives for its file (protocol §9.1, §10).
#pragma once

#include <string>

#include "kaltura/client.h"
#include "kaltura/objects.h"

namespace kaltura::download {

struct FlavorChoice {
  std::string entry_id;          // may be empty when flavor_asset_id is set
  int flavor_params_id = 0;      // 0: the source flavor
  std::string flavor_asset_id;   // when set, names the flavor; flavor_params_id is not used
};

struct EntryFlavor {
  Entry entry;
  FlavorAsset flavor;
};

// The flavor asset the choice names and its entry, as the server has them
// now (any status). Throws Error: the server's ENTRY_ID_NOT_FOUND or
// FLAVOR_ASSET_ID_NOT_FOUND, or FLAVOR_NOT_FOUND (a code of ours) when the
// entry has no flavor with those flavor params, or the flavor asset belongs
// to another entry.
EntryFlavor find_flavor(Client& client, const FlavorChoice& choice);

// flavorAsset.getUrl: where the flavor's file is served. Throws Error, e.g.
// FLAVOR_ASSET_IS_NOT_READY.
std::string flavor_download_url(Client& client, const std::string& flavor_asset_id);

}  // namespace kaltura::download
