#include "media_inspection.h"

#include <glib/gstdio.h>
#include <gst/gst.h>

#include <cstdio>
#include <cstring>
#include <mutex>
#include <vector>

namespace devserver {

namespace {

constexpr GstClockTime kInspectionTimeout = 30 * GST_SECOND;
// Past this, a file whose streams are all exposed is read without its
// preroll (see wait_for_preroll).
constexpr GstClockTime kExposedPrerollTimeout = 5 * GST_SECOND;
constexpr GstClockTime kDurationEstimateTimeout = 2 * GST_SECOND;
constexpr guint kParsedAhead = 1024 * 1024;  // bytes each stream may run ahead of its preroll

// decodebin exposes streams in these forms instead of decoding them further.
// MPEG audio and FLAC only once parsed: a bare mp3, AAC (ADTS) or FLAC file
// has no demuxer, and only their parsers tell the duration.
constexpr const char* kElementaryCaps =
    "video/x-raw; audio/x-raw; video/x-h264; video/x-h265; video/x-vp8; video/x-vp9; video/x-av1; "
    "video/x-theora; video/mpeg; video/x-h263; video/x-divx; video/x-xvid; video/x-msmpeg; video/x-wmv; "
    "video/x-prores; video/x-dirac; image/jpeg; image/png; image/gif; image/bmp; image/webp; "
    "audio/mpeg, parsed=(boolean)true; audio/mpeg, framed=(boolean)true; audio/x-flac, framed=(boolean)true; "
    "audio/x-opus; audio/x-vorbis; audio/x-ac3; audio/x-eac3; audio/x-alaw; audio/x-mulaw; "
    "audio/x-wma; audio/x-speex; audio/x-alac; text/x-raw; application/x-subtitle-vtt";

// What the streaming threads report while the pipeline prerolls.
struct ProbeState {
  std::mutex mutex;
  GstCaps* first_caps = nullptr;  // the file as typefind saw it: the container
  std::vector<GstCaps*> streams;
  bool all_exposed = false;  // decodebin said no-more-pads
  GstElement* pipeline = nullptr;
  ~ProbeState() {
    if (first_caps) gst_caps_unref(first_caps);
    for (GstCaps* caps : streams) gst_caps_unref(caps);
  }
};

gboolean on_autoplug_continue(GstElement*, GstPad*, GstCaps* caps, gpointer data) {
  auto* state = static_cast<ProbeState*>(data);
  std::lock_guard<std::mutex> lock(state->mutex);
  if (!state->first_caps) state->first_caps = gst_caps_ref(caps);
  return TRUE;
}

// Every exposed stream ends in its own queue and fakesink so the pipeline
// prerolls. The queue lets the parser read on past the first frame: parsers
// of streams without a header that gives the length (mp3, ADTS AAC) estimate
// the duration from the frames they have seen.
void on_pad_added(GstElement*, GstPad* pad, gpointer data) {
  auto* state = static_cast<ProbeState*>(data);
  GstCaps* caps = gst_pad_get_current_caps(pad);
  if (!caps) caps = gst_pad_query_caps(pad, nullptr);
  {
    std::lock_guard<std::mutex> lock(state->mutex);
    state->streams.push_back(caps);
  }
  GstElement* queue = gst_element_factory_make("queue", nullptr);
  GstElement* sink = gst_element_factory_make("fakesink", nullptr);
  g_object_set(queue, "max-size-buffers", 0u, "max-size-time", guint64{0}, "max-size-bytes", kParsedAhead, nullptr);
  gst_bin_add_many(GST_BIN(state->pipeline), queue, sink, nullptr);
  gst_element_link(queue, sink);
  g_autoptr(GstPad) queue_pad = gst_element_get_static_pad(queue, "sink");
  gst_pad_link(pad, queue_pad);
  gst_element_sync_state_with_parent(sink);
  gst_element_sync_state_with_parent(queue);
}

void on_no_more_pads(GstElement*, gpointer data) {
  auto* state = static_cast<ProbeState*>(data);
  std::lock_guard<std::mutex> lock(state->mutex);
  state->all_exposed = true;
}

std::string caps_name(const GstCaps* caps) {
  if (!caps || gst_caps_is_empty(caps) || gst_caps_is_any(caps)) return "";
  return gst_structure_get_name(gst_caps_get_structure(caps, 0));
}

std::string container_format_of(const GstCaps* caps) {
  const std::string name = caps_name(caps);
  if (name == "video/quicktime") {
    const char* variant = gst_structure_get_string(gst_caps_get_structure(caps, 0), "variant");
    if (g_strcmp0(variant, "iso") == 0 || g_strcmp0(variant, "iso-fragmented") == 0) return "isom";
    if (g_strcmp0(variant, "3gpp") == 0) return "3gp";
    return "qt";
  }
  if (name == "application/x-3gp") return "3gp";  // as typefinding names 3GP files
  if (name == "video/x-matroska") return "matroska";
  if (name == "video/webm") return "webm";
  if (name == "video/mpegts") return "mpegts";
  if (name == "video/x-flv") return "flv";
  if (name == "application/ogg") return "ogg";
  if (name == "video/x-msvideo") return "avi";
  if (name == "audio/x-wav") return "wav";
  if (name == "application/x-id3" || name == "audio/mpeg") return "mp3";
  return name;
}

// As Kaltura's videoCodecId: the codec's four-character code in MP4 and 3GP
// files (H.263 is "s263" there).
std::string video_codec_id_of(const std::string& name) {
  if (name == "video/x-h264") return "avc1";
  if (name == "video/x-h265") return "hev1";
  if (name == "video/x-vp8") return "vp8";
  if (name == "video/x-vp9") return "vp9";
  if (name == "video/x-av1") return "av01";
  if (name == "video/x-theora") return "theora";
  if (name == "video/mpeg") return "mp4v";
  if (name == "video/x-h263") return "s263";
  if (name == "image/jpeg") return "jpeg";
  if (name == "image/png") return "png";
  if (name == "image/gif") return "gif";
  if (name == "video/x-raw") return "raw";
  return name;
}

void read_streams(const std::vector<GstCaps*>& streams, MediaInspection& result) {
  for (GstCaps* caps : streams) {
    const std::string name = caps_name(caps);
    if (name.rfind("audio/", 0) == 0) result.has_audio = true;
    const bool image = name.rfind("image/", 0) == 0;
    if ((name.rfind("video/", 0) != 0 && !image) || result.has_video) continue;
    result.has_video = true;
    result.is_image = image;
    result.video_codec_id = video_codec_id_of(name);
    const GstStructure* structure = gst_caps_get_structure(caps, 0);
    int width = 0, height = 0, numerator = 0, denominator = 0;
    if (gst_structure_get_int(structure, "width", &width)) result.width = width;
    if (gst_structure_get_int(structure, "height", &height)) result.height = height;
    if (gst_structure_get_fraction(structure, "framerate", &numerator, &denominator) && denominator > 0)
      result.frame_rate = static_cast<double>(numerator) / denominator;
  }
}

// decodebin exposes PNG and GIF images as the file holds them, without their
// dimensions (their parsers are in plugins-bad): the file's header has them.
void read_image_dimensions(const std::string& path, MediaInspection& result) {
  if (!result.is_image || result.width > 0) return;
  alignas(8) unsigned char header[24] = {};  // aligned for the GST_READ_* loads at offsets 6, 8, 16, 20
  FILE* file = g_fopen(path.c_str(), "rb");
  if (!file) return;
  const size_t length = fread(header, 1, sizeof header, file);
  fclose(file);
  if (result.video_codec_id == "png" && length >= 24 && memcmp(header + 12, "IHDR", 4) == 0) {
    result.width = GST_READ_UINT32_BE(header + 16);
    result.height = GST_READ_UINT32_BE(header + 20);
  } else if (result.video_codec_id == "gif" && length >= 10 && memcmp(header, "GIF8", 4) == 0) {
    result.width = GST_READ_UINT16_LE(header + 6);
    result.height = GST_READ_UINT16_LE(header + 8);
  }
}

// Waits for the preroll; the error text when the file cannot be demuxed.
// A parser pulling a small bare file (mp3, FLAC) may reach its end while
// decodebin is still exposing the stream: on a busy machine, once in tens of
// files, the end of stream then never reaches the sink, which never
// prerolls. Everything there is to know is known by then (the streams are
// exposed, the parser answers the duration query), so a file whose streams
// are all exposed is read on after a while without its preroll.
std::string wait_for_preroll(GstElement* pipeline, ProbeState& state) {
  g_autoptr(GstBus) bus = gst_element_get_bus(pipeline);
  const auto types = static_cast<GstMessageType>(GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ERROR);
  g_autoptr(GstMessage) message = gst_bus_timed_pop_filtered(bus, kExposedPrerollTimeout, types);
  if (!message) {
    {
      std::lock_guard<std::mutex> lock(state.mutex);
      if (state.all_exposed && !state.streams.empty()) return "";
    }
    message = gst_bus_timed_pop_filtered(bus, kInspectionTimeout - kExposedPrerollTimeout, types);
  }
  if (!message) return "inspecting the file timed out";
  if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ASYNC_DONE) return "";
  g_autoptr(GError) error = nullptr;
  gst_message_parse_error(message, &error, nullptr);
  return error ? error->message : "unreadable file";
}

// The duration, 0 when unknown. The parser of a bare MPEG audio file (mp3,
// ADTS AAC: no demuxer, no index) knows it only from an estimate made once it
// has seen frames for a while, after the preroll: it then posts
// DURATION_CHANGED, which is worth waiting for.
gint64 file_duration(GstElement* pipeline, bool estimate_coming) {
  gint64 duration = 0;
  if (gst_element_query_duration(pipeline, GST_FORMAT_TIME, &duration) && duration > 0) return duration;
  if (!estimate_coming) return 0;
  g_autoptr(GstBus) bus = gst_element_get_bus(pipeline);
  g_autoptr(GstMessage) message = gst_bus_timed_pop_filtered(
      bus, kDurationEstimateTimeout,
      static_cast<GstMessageType>(GST_MESSAGE_DURATION_CHANGED | GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  if (gst_element_query_duration(pipeline, GST_FORMAT_TIME, &duration) && duration > 0) return duration;
  return 0;
}

}  // namespace

MediaInspection inspect_media_file(const std::string& path) {
  MediaInspection result;
  g_autoptr(GstElement) pipeline = GST_ELEMENT(gst_object_ref_sink(gst_pipeline_new("inspection")));
  GstElement* source = gst_element_factory_make("filesrc", nullptr);
  GstElement* demuxer = gst_element_factory_make("decodebin", nullptr);
  // The bin owns whatever was created, so an early return leaks nothing.
  if (source) gst_bin_add(GST_BIN(pipeline), source);
  if (demuxer) gst_bin_add(GST_BIN(pipeline), demuxer);
  if (!source || !demuxer) {
    result.problem = "The media inspector is not available (GStreamer base plugins are missing)";
    return result;
  }
  ProbeState state;
  state.pipeline = pipeline;
  g_autoptr(GstCaps) stop_caps = gst_caps_from_string(kElementaryCaps);
  g_object_set(source, "location", path.c_str(), nullptr);
  g_object_set(demuxer, "caps", stop_caps, nullptr);
  g_signal_connect(demuxer, "autoplug-continue", G_CALLBACK(on_autoplug_continue), &state);
  g_signal_connect(demuxer, "pad-added", G_CALLBACK(on_pad_added), &state);
  g_signal_connect(demuxer, "no-more-pads", G_CALLBACK(on_no_more_pads), &state);
  gst_element_link(source, demuxer);

  gst_element_set_state(pipeline, GST_STATE_PAUSED);
  const std::string problem = wait_for_preroll(pipeline, state);
  bool bare_mpeg_audio = false;
  {
    std::lock_guard<std::mutex> lock(state.mutex);
    bare_mpeg_audio = state.first_caps && container_format_of(state.first_caps) == "mp3";
  }
  const gint64 duration = problem.empty() ? file_duration(pipeline, bare_mpeg_audio) : 0;
  gst_element_set_state(pipeline, GST_STATE_NULL);

  std::lock_guard<std::mutex> lock(state.mutex);
  read_streams(state.streams, result);
  read_image_dimensions(path, result);
  if (!problem.empty() || (!result.has_video && !result.has_audio)) {
    result.problem = "The file is not an audio or video file (" +
                     (problem.empty() ? std::string("no audio or video stream") : problem) + ")";
    result.has_video = result.has_audio = false;
    return result;
  }
  result.is_media = true;
  result.duration_ms = duration > 0 ? duration / static_cast<gint64>(GST_MSECOND) : 0;
  if (state.first_caps && caps_name(state.first_caps) != caps_name(state.streams.front()))
    result.container_format = container_format_of(state.first_caps);
  // The overall bitrate from the file size: containers rarely carry one.
  GStatBuf file_status;
  if (result.duration_ms > 0 && g_stat(path.c_str(), &file_status) == 0)
    result.bitrate_kbps = static_cast<int64_t>(file_status.st_size) * 8 / result.duration_ms;
  return result;
}

}  // namespace devserver
