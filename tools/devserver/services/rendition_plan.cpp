#include "rendition_plan.h"

#include <algorithm>
#include <cmath>

#include "rendition_recipe.h"

namespace devserver {

namespace {

RenditionPlan refused(RenditionPlan::Outcome outcome, std::string reason) {
  RenditionPlan plan;
  plan.outcome = outcome;
  plan.reason = std::move(reason);
  return plan;
}

// The step picture sides are rounded to, as the params' encoder needs.
int64_t size_step(const FlavorParams& params) {
  const RenditionRecipe* recipe = rendition_recipe_for(params);
  return recipe ? recipe->size_step : 2;
}

int64_t rounded(double size, int64_t step) {
  return std::max<int64_t>(step, static_cast<int64_t>(std::lround(size / step)) * step);
}

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
  plan.width = rounded(source.width * scale, size_step(params));
  plan.height = rounded(source.height * scale, size_step(params));
  if (params.max_frame_rate > 0 && (source.frame_rate <= 0 || source.frame_rate > params.max_frame_rate))
    plan.frame_rate = params.max_frame_rate;
  const double output_rate = plan.frame_rate ? plan.frame_rate : source.frame_rate > 0 ? source.frame_rate : 30;
  plan.key_frame_interval = std::lround(2 * output_rate);
  return plan;
}

}  // namespace devserver
