// How the server makes renditions of each container (§9.1): the muxer and
// the encoders, as GStreamer elements with the Debian package of each, the
// video encoder's settings, and the step the picture's sides are rounded to.
// The rendition plan takes the step, the transcoder the rest.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "flavor_params_catalogue.h"

namespace devserver {

struct ElementRequirement {
  const char* factory;
  const char* package;
};

// What a video encoder is set from.
struct VideoEncoding {
  int64_t bitrate_kbps;
  int64_t key_frame_interval;  // in frames
  const char* speed_preset;    // x264's
};

// Property names and values, as gst_util_set_object_arg takes them.
using ElementProperties = std::vector<std::pair<const char*, std::string>>;

struct RenditionRecipe {
  const char* format;  // the flavor params' container
  const char* video_codec;
  const char* audio_codec;
  ElementRequirement muxer;
  ElementRequirement video_encoder;
  ElementRequirement audio_encoder;
  ElementProperties (*video_encoder_properties)(const VideoEncoding& encoding);
  const char* encoded_video_caps;  // a caps filter after the video encoder, or nullptr
  // The muxer can put the index at the front (qtmux's faststart), for
  // playback that starts before the whole file has arrived.
  bool index_first;
  // 2 for 4:2:0 chroma; 4 for H.263+, whose custom picture sizes count in fours.
  int64_t size_step;
};

// The recipe for the params' container and codecs; nullptr when there is
// none. Every system params has one.
const RenditionRecipe* rendition_recipe_for(const FlavorParams& params);

}  // namespace devserver
