#include "discovered_media.h"

#include <glib/gstdio.h>
#include <gst/pbutils/pbutils.h>
#include <unistd.h>

namespace testing_support {

namespace {

std::string caps_name(GstCaps* caps) {
  return caps && !gst_caps_is_empty(caps) ? gst_structure_get_name(gst_caps_get_structure(caps, 0)) : "";
}

void read_video(GstDiscovererStreamInfo* stream, DiscoveredMedia& media) {
  auto* video = GST_DISCOVERER_VIDEO_INFO(stream);
  media.has_video = true;
  media.width = static_cast<int>(gst_discoverer_video_info_get_width(video));
  media.height = static_cast<int>(gst_discoverer_video_info_get_height(video));
  const guint denominator = gst_discoverer_video_info_get_framerate_denom(video);
  if (denominator) media.frame_rate = static_cast<double>(gst_discoverer_video_info_get_framerate_num(video)) / denominator;
  g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps(stream);
  media.video_codec = caps_name(caps);
}

void read_audio(GstDiscovererStreamInfo* stream, DiscoveredMedia& media) {
  media.has_audio = true;
  g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps(stream);
  media.audio_codec = caps_name(caps);
  if (caps && !gst_caps_is_empty(caps))
    gst_structure_get_int(gst_caps_get_structure(caps, 0), "mpegversion", &media.audio_mpeg_version);
}

}  // namespace

DiscoveredMedia discover_media(const std::string& bytes) {
  if (!gst_is_initialized()) gst_init(nullptr, nullptr);
  g_autofree char* path = g_build_filename(g_get_tmp_dir(), "discovered-XXXXXX", nullptr);
  const int fd = g_mkstemp(path);
  g_assert_cmpint(fd, >=, 0);
  g_assert_cmpint(write(fd, bytes.data(), bytes.size()), ==, static_cast<ssize_t>(bytes.size()));
  close(fd);
  g_autofree char* uri = g_filename_to_uri(path, nullptr, nullptr);
  g_autoptr(GError) error = nullptr;
  g_autoptr(GstDiscoverer) discoverer = gst_discoverer_new(30 * GST_SECOND, &error);
  g_assert_no_error(error);
  g_autoptr(GstDiscovererInfo) info = gst_discoverer_discover_uri(discoverer, uri, &error);
  g_unlink(path);
  g_assert_no_error(error);
  g_assert_cmpint(gst_discoverer_info_get_result(info), ==, GST_DISCOVERER_OK);

  DiscoveredMedia media;
  media.duration_ms = static_cast<int64_t>(gst_discoverer_info_get_duration(info) / GST_MSECOND);
  GList* streams = gst_discoverer_info_get_stream_list(info);
  for (GList* item = streams; item; item = item->next) {
    auto* stream = static_cast<GstDiscovererStreamInfo*>(item->data);
    if (GST_IS_DISCOVERER_VIDEO_INFO(stream) && !media.has_video) read_video(stream, media);
    if (GST_IS_DISCOVERER_AUDIO_INFO(stream) && !media.has_audio) read_audio(stream, media);
  }
  gst_discoverer_stream_info_list_free(streams);
  return media;
}

}  // namespace testing_support
