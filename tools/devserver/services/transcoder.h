// Makes a rendition file with a GStreamer pipeline:
//
//   filesrc ! decodebin ┬ videoconvert ! videoscale ! videorate ! x264enc ┬ mp4mux ! filesink
//                       └ audioconvert ! audioresample ! avenc_aac ───────┘
//
// or, for WebM params, vp8enc, vorbisenc and webmmux in their places, and
// for 3GP ones avenc_h263p and 3gppmux (rendition_recipe.h).
// Streams the plan does not want end in a fakesink, undecoded. Blocking;
// call without state_mutex, once GStreamer is initialised (main does it).
#pragma once

#include <functional>
#include <string>

#include "flavor_params_catalogue.h"
#include "rendition_plan.h"

namespace devserver {

struct TranscodeRequest {
  std::string source_path;
  std::string output_path;
  std::string scratch_path;  // the muxer's temporary file for moving the index to the front (MP4, 3GP)
  const FlavorParams* params = nullptr;
  RenditionPlan plan;
  int64_t source_duration_ms = 0;  // bounds how long the conversion may take
  // Fault injection (--fault-conversion-params): the encoder fails on its first buffer.
  bool inject_failure = false;
  std::function<bool()> cancelled;  // polled; true stops the pipeline
};

struct TranscodeResult {
  enum class Outcome { Done, Failed, Cancelled } outcome = Outcome::Failed;
  std::string error;  // why it failed
};

TranscodeResult transcode(const TranscodeRequest& request);

}  // namespace devserver
