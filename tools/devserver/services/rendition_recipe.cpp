#include "rendition_recipe.h"

#include <cstring>

namespace devserver {

namespace {

constexpr RenditionRecipe kRecipes[] = {
    {"mp4",
     "h264",
     "aac",
     {"mp4mux", "gstreamer1.0-plugins-good"},
     {"x264enc", "gstreamer1.0-plugins-ugly"},
     {"avenc_aac", "gstreamer1.0-libav"},
     true,
     2},
    {"webm",
     "vp8",
     "vorbis",
     {"webmmux", "gstreamer1.0-plugins-good"},
     {"vp8enc", "gstreamer1.0-plugins-good"},
     {"vorbisenc", "gstreamer1.0-plugins-base"},
     false,
     2},
    {"3gp",
     "h263",
     "aac",
     {"3gppmux", "gstreamer1.0-plugins-good"},
     {"avenc_h263p", "gstreamer1.0-libav"},
     {"avenc_aac", "gstreamer1.0-libav"},
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
