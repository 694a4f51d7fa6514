// What a media file holds: the properties the source flavor and its entry
// report once processed (§9.1).
//
// GStreamer demuxes the file without decoding it: decodebin stops at the
// first encoded (or raw) elementary streams, whose caps carry the codec,
// dimensions and frame rate. GstDiscoverer would need a decoder for every
// stream, which minimal installs (no H.264 parser or decoder) lack.
#pragma once

#include <cstdint>
#include <string>

namespace devserver {

struct MediaInspection {
  bool is_media = false;
  std::string problem;  // why the file is not playable media, when !is_media
  int64_t duration_ms = 0;
  bool has_video = false;
  bool has_audio = false;
  bool is_image = false;
  int64_t width = 0;
  int64_t height = 0;
  double frame_rate = 0;
  int64_t bitrate_kbps = 0;
  std::string container_format;  // "isom", "qt", "matroska", "webm"...
  std::string video_codec_id;    // "avc1", "hev1", "vp8"...
};

// Blocks while GStreamer reads the file; call without state_mutex, once
// GStreamer is initialised (main does it before any thread starts).
MediaInspection inspect_media_file(const std::string& path);

}  // namespace devserver
