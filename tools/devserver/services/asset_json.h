// Flavor and attachment assets in their wire form (§9).
#pragma once

#include <json-glib/json-glib.h>

#include "attachment_asset.h"
#include "flavor_asset.h"

namespace devserver {

JsonNode* flavor_to_json(const FlavorAsset& flavor);
JsonNode* attachment_to_json(const AttachmentAsset& asset);
// Size in KB as the wire reports it (rounded up, so a small file is not 0).
int64_t size_in_kb(int64_t bytes);

}  // namespace devserver
