#include "rendition_recipe.h"

#include <cstring>

namespace devserver {

namespace {

ElementProperties x264_properties(const VideoEncoding& encoding) {
  return {{"bitrate", std::to_string(encoding.bitrate_kbps)},
          {"speed-preset", encoding.speed_preset},
          {"key-int-max", std::to_string(encoding.key_frame_interval)}};
}

// deadline 1: libvpx's realtime mode, which a development server wants.
ElementProperties vp8_properties(const VideoEncoding& encoding) {
  return {{"target-bitrate", std::to_string(encoding.bitrate_kbps * 1000)},
          {"deadline", "1"},
          {"keyframe-max-dist", std::to_string(encoding.key_frame_interval)}};
}

// H.263+, whose custom picture sizes keep the source's shape (plain H.263
// knows five sizes only).
ElementProperties h263p_properties(const VideoEncoding& encoding) {
  return {{"bitrate", std::to_string(encoding.bitrate_kbps * 1000)},
          {"gop-size", std::to_string(encoding.key_frame_interval)}};
}

const RenditionRecipe kRecipes[] = {
    {"mp4",
     "h264",
     "aac",
     {"mp4mux", "gstreamer1.0-plugins-good"},
     {"x264enc", "gstreamer1.0-plugins-ugly"},
     {"avenc_aac", "gstreamer1.0-libav"},
     x264_properties,
     "video/x-h264,profile=main",
     true,
     2},
    {"webm",
     "vp8",
     "vorbis",
     {"webmmux", "gstreamer1.0-plugins-good"},
     {"vp8enc", "gstreamer1.0-plugins-good"},
     {"vorbisenc", "gstreamer1.0-plugins-base"},
     vp8_properties,
     nullptr,
     false,
     2},
    {"3gp",
     "h263",
     "aac",
     {"3gppmux", "gstreamer1.0-plugins-good"},
     {"avenc_h263p", "gstreamer1.0-libav"},
     {"avenc_aac", "gstreamer1.0-libav"},
     h263p_properties,
     nullptr,
     true,
     4},
};

}  // namespace

const RenditionRecipe* rendition_recipe_for(const FlavorParams& params) {
  for (const RenditionRecipe& recipe : kRecipes) {
    const bool video_matches =
        !flavor_params_has_video(params) || std::strcmp(params.video_codec, recipe.video_codec) == 0;
    const bool audio_matches =
        !flavor_params_has_audio(params) || std::strcmp(params.audio_codec, recipe.audio_codec) == 0;
    if (std::strcmp(params.format, recipe.format) == 0 && video_matches && audio_matches) return &recipe;
  }
  return nullptr;
}

}  // namespace devserver
