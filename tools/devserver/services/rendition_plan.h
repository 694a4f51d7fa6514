// What a rendition of a source will be (§9.1): the picture size and frame
// rate the flavor params ask for, fitted to the source, or why the rendition
// does not apply. Kaltura never upscales: a rendition larger than the source
// is NOT_APPLICABLE, and so is a video rendition of an audio-only source or
// an audio rendition of a source without audio.
#pragma once

#include <cstdint>
#include <string>

#include "flavor_params_catalogue.h"
#include "media_inspection.h"

namespace devserver {

struct RenditionPlan {
  enum class Outcome {
    Transcode,
    NotApplicable,  // the source cannot give this rendition
  };
  Outcome outcome = Outcome::Transcode;
  std::string reason;  // why not, for the flavor's description
  bool video = false;
  int64_t width = 0;  // even (4:2:0 chroma); for H.263+ a multiple of 4
  int64_t height = 0;
  int64_t frame_rate = 0;  // 0 keeps the source's
  int64_t key_frame_interval = 0;  // in frames: a key frame every 2 s, for adaptive streaming
  bool audio = false;
};

RenditionPlan plan_rendition(const FlavorParams& params, const MediaInspection& source);

}  // namespace devserver
