#include "flavor_media.h"

namespace devserver {

void set_flavor_media(FlavorAsset& flavor, const MediaInspection& media) {
  flavor.duration_ms = media.duration_ms;
  flavor.has_video = media.has_video;
  flavor.width = media.width;
  flavor.height = media.height;
  flavor.frame_rate = media.frame_rate;
  flavor.bitrate_kbps = media.bitrate_kbps;
  flavor.container_format = media.container_format;
  flavor.video_codec_id = media.video_codec_id;
}

void clear_flavor_media(FlavorAsset& flavor) { set_flavor_media(flavor, MediaInspection{}); }

}  // namespace devserver
