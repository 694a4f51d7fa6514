// A flavor's media properties (§9.1: width, height, bitrate, frameRate,
// containerFormat, videoCodecId, and the duration its entry reports) from
// the inspection of its file.
#pragma once

#include "flavor_asset.h"
#include "media_inspection.h"

namespace devserver {

void set_flavor_media(FlavorAsset& flavor, const MediaInspection& media);
// A flavor left without a file (ERROR, NOT_APPLICABLE) reports no media.
void clear_flavor_media(FlavorAsset& flavor);

}  // namespace devserver
