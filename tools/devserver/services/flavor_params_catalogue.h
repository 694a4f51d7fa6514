// The system flavor params (§9.1): what each rendition of an entry is made
// of. The source (0) is the uploaded file itself; the others describe the
// renditions the server transcodes (H.264/AAC in MP4, VP8/Vorbis in WebM,
// H.263/AAC in 3GP; flavor_conversion.h) and the formats clients may publish
// themselves (flavorAsset.add).
#pragma once

#include <json-glib/json-glib.h>

#include <cstdint>
#include <vector>

namespace devserver {

struct FlavorParams {
  int64_t id;
  const char* name;
  const char* tags;
  const char* format;       // container: "mp4", "3gp", "webm"; "" for the source
  const char* video_codec;  // "h264", "vp8", "h263"; "" for the source and audio-only params
  int64_t video_bitrate_kbps;
  // The box the picture is scaled into, keeping its aspect ratio; 0 leaves
  // that side free. A source smaller than the box is never upscaled.
  int64_t width;
  int64_t height;
  int64_t max_frame_rate;  // 0 keeps the source's
  const char* audio_codec;  // "aac"; "" for none
  int64_t audio_bitrate_kbps;
  const char* speed_preset;  // x264's, trading quality for encoding time
};

const std::vector<FlavorParams>& system_flavor_params();
const FlavorParams* find_flavor_params(int64_t id);
bool flavor_params_is_source(const FlavorParams& params);
bool flavor_params_has_video(const FlavorParams& params);
bool flavor_params_has_audio(const FlavorParams& params);
JsonNode* flavor_params_to_json(const FlavorParams& params, int64_t created_at);

}  // namespace devserver
