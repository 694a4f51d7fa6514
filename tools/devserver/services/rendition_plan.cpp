#include "rendition_plan.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace devserver {

namespace {

RenditionPlan refused(RenditionPlan::Outcome outcome, std::string reason) {
  RenditionPlan plan;
  plan.outcome = outcome;
  plan.reason = std::move(reason);
  return plan;
}

// The formats the transcoder makes: H.264/AAC in MP4, VP8/Vorbis in WebM.
bool is_supported(const FlavorParams& params) {
  const auto made_of = [&params](const char* format, const char* video_codec, const char* audio_codec) {
    return std::strcmp(params.format, format) == 0 &&
           (!flavor_params_has_video(params) || std::strcmp(params.video_codec, video_codec) == 0) &&
           (!flavor_params_has_audio(params) || std::strcmp(params.audio_codec, audio_codec) == 0);
  };
  return made_of("mp4", "h264", "aac") || made_of("webm", "vp8", "vorbis");
}

int64_t even(double size) { return std::max<int64_t>(2, static_cast<int64_t>(std::lround(size / 2)) * 2); }

std::string size_text(int64_t width, int64_t height) {
  return (width ? std::to_string(width) : "any") + "x" + (height ? std::to_string(height) : "any");
}

// The scale that fits the source into the params' box (1 when the box is free).
double fitting_scale(const FlavorParams& params, const MediaInspection& source) {
  double scale = 1e9;
  if (params.width > 0) scale = std::min(scale, static_cast<double>(params.width) / source.width);
  if (params.height > 0) scale = std::min(scale, static_cast<double>(params.height) / source.height);
  return scale == 1e9 ? 1.0 : scale;
}

}  // namespace

RenditionPlan plan_rendition(const FlavorParams& params, const MediaInspection& source) {
  if (!is_supported(params))
    return refused(
        RenditionPlan::Outcome::Unsupported,
        std::string("kaltura-devserver makes H.264/AAC renditions in MP4 and VP8/Vorbis in WebM only, not ") +
            params.video_codec + "/" + params.audio_codec + " in " + params.format + " (\"" + params.name + "\")");
  RenditionPlan plan;
  plan.audio = flavor_params_has_audio(params) && source.has_audio;
  if (!flavor_params_has_video(params)) {
    if (!source.has_audio) return refused(RenditionPlan::Outcome::NotApplicable, "The source has no audio");
    return plan;
  }
  if (!source.has_video || source.is_image)
    return refused(RenditionPlan::Outcome::NotApplicable, "The source has no video");
  if (source.width <= 0 || source.height <= 0)
    return refused(RenditionPlan::Outcome::NotApplicable, "The source's picture size is unknown");
  const double scale = fitting_scale(params, source);
  if (scale > 1.0)
    return refused(RenditionPlan::Outcome::NotApplicable,
                   "The source (" + size_text(source.width, source.height) + ") is smaller than " +
                       size_text(params.width, params.height) + ": renditions are never upscaled");
  plan.video = true;
  plan.width = even(source.width * scale);
  plan.height = even(source.height * scale);
  if (params.max_frame_rate > 0 && (source.frame_rate <= 0 || source.frame_rate > params.max_frame_rate))
    plan.frame_rate = params.max_frame_rate;
  const double output_rate = plan.frame_rate ? plan.frame_rate : source.frame_rate > 0 ? source.frame_rate : 30;
  plan.key_frame_interval = std::lround(2 * output_rate);
  return plan;
}

}  // namespace devserver
