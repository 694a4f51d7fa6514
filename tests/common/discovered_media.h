// What a media file holds, as GstDiscoverer sees it: the tests' own view of
// what was uploaded and of the renditions the devserver produces,
// independent of the devserver's inspection code.
#pragma once

#include <cstdint>
#include <string>

namespace testing_support {

struct DiscoveredMedia {
  int64_t duration_ms = 0;
  bool has_video = false;
  std::string video_codec;  // caps name: "video/x-h264"
  int width = 0;
  int height = 0;
  double frame_rate = 0;
  bool has_audio = false;
  std::string audio_codec;  // caps name: "audio/mpeg"
  int audio_mpeg_version = 0;  // 4 for AAC
};

// Asserts that the bytes are media GStreamer can read.
DiscoveredMedia discover_media(const std::string& bytes);

}  // namespace testing_support
