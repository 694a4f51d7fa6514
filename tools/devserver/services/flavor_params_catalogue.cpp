#include "flavor_params_catalogue.h"

#include <cstring>

#include "json_output.h"

namespace devserver {

const std::vector<FlavorParams>& system_flavor_params() {
  // Ids 0 to 8 and -1 are Kaltura's usual system params (§9.1); 9 is the
  // audio rendition of audio entries; 100 and 101 are tiny renditions that
  // transcode in a blink, for tests (the "Fast" conversion profile).
  static const std::vector<FlavorParams> params = {
      {0, "Source", "source,web", "", "", 0, 0, 0, 0, "", 0, ""},
      {1, "Mobile (3GP)", "mobile", "3gp", "h263", 250, 176, 144, 15, "aac", 32, ""},
      {2, "H264 360p 400 kbps", "mobile,web,mbr", "mp4", "h264", 400, 640, 360, 0, "aac", 64, "veryfast"},
      {3, "H264 360p 600 kbps", "mobile,web,mbr", "mp4", "h264", 600, 640, 360, 0, "aac", 64, "veryfast"},
      {4, "H264 480p 900 kbps", "mobile,web,mbr", "mp4", "h264", 900, 854, 480, 0, "aac", 96, "veryfast"},
      {5, "H264 720p 1500 kbps", "web,mbr", "mp4", "h264", 1500, 1280, 720, 0, "aac", 128, "veryfast"},
      {6, "H264 720p 2500 kbps", "web,mbr", "mp4", "h264", 2500, 1280, 720, 0, "aac", 128, "veryfast"},
      {7, "H264 1080p 4000 kbps", "web,mbr", "mp4", "h264", 4000, 1920, 1080, 0, "aac", 128, "veryfast"},
      {8, "WebM", "web", "webm", "vp8", 900, 854, 480, 0, "vorbis", 96, ""},
      {9, "Audio only (AAC 96 kbps)", "web,audio_only", "mp4", "", 0, 0, 0, 0, "aac", 96, ""},
      {100, "Fast H264 90p 100 kbps", "web,mbr", "mp4", "h264", 100, 160, 90, 15, "aac", 32, "ultrafast"},
      {101, "Fast H264 180p 200 kbps", "web,mbr", "mp4", "h264", 200, 320, 180, 0, "aac", 32, "ultrafast"},
      {-1, "Generic H264", "web", "mp4", "h264", 1000, 0, 0, 0, "aac", 96, "veryfast"},
  };
  return params;
}

const FlavorParams* find_flavor_params(int64_t id) {
  for (const auto& params : system_flavor_params())
    if (params.id == id) return &params;
  return nullptr;
}

bool flavor_params_is_source(const FlavorParams& params) {
  return std::strncmp(params.tags, "source", 6) == 0;
}

bool flavor_params_has_video(const FlavorParams& params) { return *params.video_codec != '\0'; }

bool flavor_params_has_audio(const FlavorParams& params) { return *params.audio_codec != '\0'; }

JsonNode* flavor_params_to_json(const FlavorParams& params, int64_t created_at) {
  ResultObject object;
  object.integer("id", params.id)
      .integer("partnerId", 0)
      .text("name", params.name)
      .text("systemName", params.name)
      .text("description", "")
      .integer("createdAt", created_at)
      .integer("isSystemDefault", 1)
      .text("tags", params.tags)
      .text("videoCodec", params.video_codec)
      .integer("videoBitrate", params.video_bitrate_kbps)
      .text("audioCodec", params.audio_codec)
      .integer("audioBitrate", params.audio_bitrate_kbps)
      .integer("width", params.width)
      .integer("height", params.height)
      .real("frameRate", static_cast<double>(params.max_frame_rate))
      .text("format", params.format);
  return object.finish("KalturaFlavorParams");
}

}  // namespace devserver
