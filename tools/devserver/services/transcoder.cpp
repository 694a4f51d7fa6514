#include "transcoder.h"

#include <gst/gst.h>

#include <atomic>
#include <mutex>
#include <vector>

#include "rendition_recipe.h"

namespace devserver {

namespace {

constexpr GstClockTime kBusPoll = 100 * GST_MSECOND;
constexpr const char* kInjectedFault = "Injected fault (--fault-conversion-params): the encoder failed";

// Checked before the pipeline starts: a missing element is a clear error
// rather than a pipeline that cannot link.
std::string missing_element(const RenditionPlan& plan, const RenditionRecipe& recipe) {
  std::vector<ElementRequirement> needed = {{"filesrc", "gstreamer1.0 core"},
                                            {"decodebin", "gstreamer1.0-plugins-base"},
                                            recipe.muxer,
                                            {"filesink", "gstreamer1.0 core"}};
  if (plan.video)
    needed.insert(needed.end(), {{"videoconvert", "gstreamer1.0-plugins-base"},
                                 {"videoscale", "gstreamer1.0-plugins-base"},
                                 {"videorate", "gstreamer1.0-plugins-base"},
                                 recipe.video_encoder});
  if (plan.audio)
    needed.insert(needed.end(), {{"audioconvert", "gstreamer1.0-plugins-base"},
                                 {"audioresample", "gstreamer1.0-plugins-base"},
                                 recipe.audio_encoder});
  for (const auto& requirement : needed) {
    g_autoptr(GstElementFactory) factory = gst_element_factory_find(requirement.factory);
    if (!factory)
      return std::string("The GStreamer element ") + requirement.factory + " is missing (install " +
             requirement.package + ")";
  }
  return "";
}

std::string caps_name(const GstCaps* caps) {
  if (!caps || gst_caps_is_empty(caps) || gst_caps_is_any(caps)) return "";
  return gst_structure_get_name(gst_caps_get_structure(caps, 0));
}

// The pipeline's dynamic half: decodebin's pads are linked to new branches
// on its streaming thread.
struct Branches {
  std::mutex mutex;
  const TranscodeRequest* request = nullptr;
  const RenditionRecipe* recipe = nullptr;
  GstElement* pipeline = nullptr;
  GstElement* muxer = nullptr;
  bool video_linked = false;
  bool audio_linked = false;
  std::atomic<bool> fault_posted{false};
};

GstElement* make(const char* factory, const ElementProperties& properties = {}) {
  GstElement* element = gst_element_factory_make(factory, nullptr);
  // Text values go through the properties' own types (enums, 64-bit integers).
  for (const auto& [name, value] : properties) gst_util_set_object_arg(G_OBJECT(element), name, value.c_str());
  return element;
}

GstElement* caps_filter(const std::string& caps) {
  GstElement* filter = gst_element_factory_make("capsfilter", nullptr);
  g_autoptr(GstCaps) parsed = gst_caps_from_string(caps.c_str());
  g_object_set(filter, "caps", parsed, nullptr);
  return filter;
}

// Adds the elements, links them in a row (the last one to `sink_to` when
// given), starts them, and returns the first.
GstElement* add_chain(GstElement* pipeline, const std::vector<GstElement*>& chain, GstElement* sink_to) {
  for (GstElement* element : chain) gst_bin_add(GST_BIN(pipeline), element);
  for (size_t i = 0; i + 1 < chain.size(); ++i) gst_element_link(chain[i], chain[i + 1]);
  if (sink_to) gst_element_link(chain.back(), sink_to);
  for (auto element = chain.rbegin(); element != chain.rend(); ++element) gst_element_sync_state_with_parent(*element);
  return chain.front();
}

GstPadProbeReturn fail_on_first_buffer(GstPad* pad, GstPadProbeInfo*, gpointer data) {
  auto* branches = static_cast<Branches*>(data);
  if (branches->fault_posted.exchange(true)) return GST_PAD_PROBE_DROP;
  g_autoptr(GstElement) encoder = gst_pad_get_parent_element(pad);
  GError* error = g_error_new_literal(GST_STREAM_ERROR, GST_STREAM_ERROR_ENCODE, kInjectedFault);
  gst_element_post_message(encoder, gst_message_new_error(GST_OBJECT(encoder), error, nullptr));
  g_error_free(error);
  return GST_PAD_PROBE_DROP;
}

void watch_for_fault(Branches& branches, GstElement* encoder) {
  if (!branches.request->inject_failure) return;
  g_autoptr(GstPad) pad = gst_element_get_static_pad(encoder, "src");
  gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, fail_on_first_buffer, &branches, nullptr);
}

GstElement* add_video_branch(Branches& branches) {
  const RenditionPlan& plan = branches.request->plan;
  const FlavorParams& params = *branches.request->params;
  std::string raw = "video/x-raw,width=" + std::to_string(plan.width) + ",height=" + std::to_string(plan.height) +
                    ",pixel-aspect-ratio=1/1";
  if (plan.frame_rate) raw += ",framerate=" + std::to_string(plan.frame_rate) + "/1";
  std::vector<GstElement*> chain = {make("queue"), make("videoconvert"), make("videoscale"), make("videorate"),
                                    caps_filter(raw)};
  const RenditionRecipe& recipe = *branches.recipe;
  GstElement* encoder =
      make(recipe.video_encoder.factory,
           recipe.video_encoder_properties({params.video_bitrate_kbps, plan.key_frame_interval, params.speed_preset}));
  chain.push_back(encoder);
  if (recipe.encoded_video_caps) chain.push_back(caps_filter(recipe.encoded_video_caps));
  watch_for_fault(branches, encoder);
  return add_chain(branches.pipeline, chain, branches.muxer);
}

GstElement* add_audio_branch(Branches& branches) {
  const FlavorParams& params = *branches.request->params;
  GstElement* encoder =
      make(branches.recipe->audio_encoder.factory, {{"bitrate", std::to_string(params.audio_bitrate_kbps * 1000)}});
  if (!branches.request->plan.video) watch_for_fault(branches, encoder);
  return add_chain(branches.pipeline,
                   {make("queue"), make("audioconvert"), make("audioresample"),
                    caps_filter("audio/x-raw,rate=44100,channels=[1,2]"), encoder},
                   branches.muxer);
}

GstElement* add_discard_branch(Branches& branches) {
  return add_chain(branches.pipeline, {make("fakesink", {{"sync", "false"}, {"async", "false"}})}, nullptr);
}

void on_pad_added(GstElement*, GstPad* pad, gpointer data) {
  auto* branches = static_cast<Branches*>(data);
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps(pad);
  if (!caps) caps = gst_pad_query_caps(pad, nullptr);
  const std::string name = caps_name(caps);
  const RenditionPlan& plan = branches->request->plan;
  std::lock_guard<std::mutex> lock(branches->mutex);
  GstElement* head = nullptr;
  if (name == "video/x-raw" && plan.video && !branches->video_linked) {
    head = add_video_branch(*branches);
    branches->video_linked = true;
  } else if (name == "audio/x-raw" && plan.audio && !branches->audio_linked) {
    head = add_audio_branch(*branches);
    branches->audio_linked = true;
  } else {
    head = add_discard_branch(*branches);
  }
  g_autoptr(GstPad) sink = gst_element_get_static_pad(head, "sink");
  gst_pad_link(pad, sink);
}

// Encoded streams of a kind the rendition leaves out are not decoded.
gboolean on_autoplug_continue(GstElement*, GstPad*, GstCaps* caps, gpointer data) {
  const RenditionPlan& plan = static_cast<Branches*>(data)->request->plan;
  const auto decodable_as = [caps](GstElementFactoryListType media) {
    GList* decoders = gst_element_factory_list_get_elements(GST_ELEMENT_FACTORY_TYPE_DECODER | media,
                                                            GST_RANK_MARGINAL);
    GList* matching = gst_element_factory_list_filter(decoders, caps, GST_PAD_SINK, FALSE);
    const bool found = matching != nullptr;
    gst_plugin_feature_list_free(matching);
    gst_plugin_feature_list_free(decoders);
    return found;
  };
  if (!plan.video && decodable_as(GST_ELEMENT_FACTORY_TYPE_MEDIA_VIDEO)) return FALSE;
  if (!plan.audio && decodable_as(GST_ELEMENT_FACTORY_TYPE_MEDIA_AUDIO)) return FALSE;
  return TRUE;
}

TranscodeResult failed(std::string error) {
  TranscodeResult result;
  result.outcome = TranscodeResult::Outcome::Failed;
  result.error = std::move(error);
  return result;
}

TranscodeResult run_to_end(GstElement* pipeline, const TranscodeRequest& request) {
  // A conversion that takes this long is stuck, not slow.
  const gint64 deadline =
      g_get_monotonic_time() + (600 + request.source_duration_ms / 100) * static_cast<gint64>(G_USEC_PER_SEC);
  g_autoptr(GstBus) bus = gst_element_get_bus(pipeline);
  if (gst_element_set_state(pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    return failed("The conversion pipeline did not start");
  for (;;) {
    g_autoptr(GstMessage) message =
        gst_bus_timed_pop_filtered(bus, kBusPoll, static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
    if (message && GST_MESSAGE_TYPE(message) == GST_MESSAGE_EOS) return {TranscodeResult::Outcome::Done, ""};
    if (message) {
      g_autoptr(GError) error = nullptr;
      gst_message_parse_error(message, &error, nullptr);
      return failed(error ? error->message : "The conversion pipeline failed");
    }
    if (request.cancelled && request.cancelled()) return {TranscodeResult::Outcome::Cancelled, ""};
    if (g_get_monotonic_time() > deadline) return failed("The conversion took too long");
  }
}

}  // namespace

TranscodeResult transcode(const TranscodeRequest& request) {
  const FlavorParams& params = *request.params;
  const RenditionRecipe* recipe = rendition_recipe_for(params);
  // Every system params has its recipe: one added to the catalogue without
  // fails its conversions saying so.
  if (!recipe)
    return failed(std::string("kaltura-devserver has no way to make ") + params.video_codec + "/" + params.audio_codec +
                  " in " + params.format);
  const std::string missing = missing_element(request.plan, *recipe);
  if (!missing.empty()) return failed(missing);

  g_autoptr(GstElement) pipeline = GST_ELEMENT(gst_object_ref_sink(gst_pipeline_new("conversion")));
  Branches branches;
  branches.request = &request;
  branches.recipe = recipe;
  branches.pipeline = pipeline;
  branches.muxer = make(recipe->muxer.factory);
  if (recipe->index_first)
    g_object_set(branches.muxer, "faststart", TRUE, "faststart-file", request.scratch_path.c_str(), nullptr);
  GstElement* source = make("filesrc");
  g_object_set(source, "location", request.source_path.c_str(), nullptr);
  GstElement* decoder = make("decodebin");
  GstElement* sink = make("filesink");
  g_object_set(sink, "location", request.output_path.c_str(), nullptr);
  gst_bin_add_many(GST_BIN(pipeline), source, decoder, branches.muxer, sink, nullptr);
  gst_element_link(source, decoder);
  gst_element_link(branches.muxer, sink);
  g_signal_connect(decoder, "autoplug-continue", G_CALLBACK(on_autoplug_continue), &branches);
  g_signal_connect(decoder, "pad-added", G_CALLBACK(on_pad_added), &branches);

  TranscodeResult result = run_to_end(pipeline, request);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  return result;
}

}  // namespace devserver
