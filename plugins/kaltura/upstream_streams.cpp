#include "upstream_streams.h"

namespace {

// Far enough for queue ! taginject ! capsfilter chains; a bound all the
// same, should a pipeline loop.
constexpr int kMaxHops = 8;

struct Inputs {
  bool video = false, image = false, audio = false;
  int count = 0;
  GstPad* only = nullptr;  // the single input, when there is one (a reference)
};

void count_input(Inputs& inputs, GstPad* pad) {
  if (++inputs.count == 1) inputs.only = GST_PAD(gst_object_ref(pad));
  GstCaps* caps = gst_pad_get_current_caps(pad);
  if (!caps) return;
  const char* media = gst_structure_get_name(gst_caps_get_structure(caps, 0));
  inputs.video = inputs.video || g_str_has_prefix(media, "video/");
  inputs.image = inputs.image || g_str_has_prefix(media, "image/");
  inputs.audio = inputs.audio || g_str_has_prefix(media, "audio/");
  gst_caps_unref(caps);
}

Inputs inputs_of(GstElement* element) {
  Inputs inputs;
  GstIterator* pads = gst_element_iterate_sink_pads(element);
  GValue item = G_VALUE_INIT;
  for (bool more = true; more;) {
    switch (gst_iterator_next(pads, &item)) {
      case GST_ITERATOR_OK:
        count_input(inputs, GST_PAD(g_value_get_object(&item)));
        g_value_reset(&item);
        break;
      case GST_ITERATOR_RESYNC:  // the pads changed meanwhile: count again
        gst_clear_object(&inputs.only);
        inputs = Inputs();
        gst_iterator_resync(pads);
        break;
      default:
        more = false;
        break;
    }
  }
  g_value_unset(&item);
  gst_iterator_free(pads);
  if (inputs.count > 1) gst_clear_object(&inputs.only);
  return inputs;
}

// Whether the element passes its single input's caps through unchanged, or
// has none on either side (queue behind a source of untyped bytes).
bool passes_caps_through(GstPad* input, GstPad* output) {
  GstCaps* in = gst_pad_get_current_caps(input);
  GstCaps* out = gst_pad_get_current_caps(output);
  const bool same = in && out ? gst_caps_is_equal(in, out) : !in && !out;
  if (in) gst_caps_unref(in);
  if (out) gst_caps_unref(out);
  return same;
}

bool is_typefind(GstElement* element) {
  GstElementFactory* factory = gst_element_get_factory(element);
  return factory && g_strcmp0(GST_OBJECT_NAME(factory), "typefind") == 0;
}

// The first element upstream of a sink pad that changes the caps: its output
// pad and its inputs. Elements that pass the caps through, such as queue or
// taginject, typefind, and ghost pads (into and out of bins) are looked past.
struct Upstream {
  GstPad* output = nullptr;  // a reference; nullptr when nothing is linked
  Inputs inputs;
  Upstream() = default;
  Upstream(const Upstream&) = delete;
  Upstream& operator=(const Upstream&) = delete;
  ~Upstream() {
    gst_clear_object(&output);
    gst_clear_object(&inputs.only);
  }
};

void find_first_changing_element(GstPad* sink_pad, Upstream& found) {
  GstPad* output = gst_pad_get_peer(sink_pad);
  for (int hop = 0; output && hop < kMaxHops; ++hop) {
    if (GST_IS_GHOST_PAD(output)) {
      // A bin's output: on from the pad inside that it stands for (the bin
      // itself, without sink pads, is no source).
      GstPad* target = gst_ghost_pad_get_target(GST_GHOST_PAD(output));
      gst_object_unref(output);
      output = target;
      continue;
    }
    GstElement* element = gst_pad_get_parent_element(output);
    if (!element) {
      // The inside of a ghost pad, when the sink sits in a bin: on from
      // what feeds the ghost pad.
      if (!GST_IS_PROXY_PAD(output)) break;
      GstProxyPad* ghost = gst_proxy_pad_get_internal(GST_PROXY_PAD(output));
      gst_object_unref(output);
      output = ghost ? gst_pad_get_peer(GST_PAD(ghost)) : nullptr;
      if (ghost) gst_object_unref(ghost);
      continue;
    }
    Inputs inputs = inputs_of(element);
    // typefind only names the type of the bytes it passes on (a source bin,
    // such as urisourcebin, may end with one).
    const bool names_the_type = is_typefind(element);
    gst_object_unref(element);
    if (inputs.count == 1 && (names_the_type || passes_caps_through(inputs.only, output))) {
      gst_object_unref(output);
      output = gst_pad_get_peer(inputs.only);
      gst_object_unref(inputs.only);
      continue;
    }
    found.output = output;
    found.inputs = inputs;
    return;
  }
  if (output) gst_object_unref(output);
}

}  // namespace

UpstreamFacts what_upstream_tells(GstPad* sink_pad) {
  Upstream upstream;
  find_first_changing_element(sink_pad, upstream);
  const Inputs& inputs = upstream.inputs;
  UpstreamFacts facts;
  // Images a muxer takes in are the frames of a video (Motion JPEG in a .mov).
  facts.media_type = inputs.video || inputs.image ? 1 : inputs.audio ? 5 : 0;
  gint64 size = -1;
  if (upstream.output && inputs.count == 0 && gst_pad_query_duration(upstream.output, GST_FORMAT_BYTES, &size) &&
      size >= 0)
    facts.source_size = size;
  return facts;
}
