#include "rendition_checks.h"

#include <cmath>

namespace content_test {

Result flavor_with_params(const Api& api, const std::string& entry_id, int params_id) {
  Result flavors = api.call("flavorasset", "list",
                            {{"filter[entryIdEqual]", entry_id}, {"filter[flavorParamsIdEqual]", std::to_string(params_id)}});
  assert_text_eq(flavors.code(), "");
  if (flavors.number("totalCount") != 1)
    g_error("entry %s has %s flavors of params %d", entry_id.c_str(), flavors.text("totalCount").c_str(), params_id);
  return api.call("flavorasset", "get", {{"id", flavors.text("objects.0.id")}});
}

std::string download_flavor(const Api& api, const std::string& flavor_id) {
  Result url = api.call("flavorasset", "getUrl", {{"id", flavor_id}});
  assert_text_eq(url.code(), "");
  auto response = fetch(url.text());
  g_assert_cmpint(response.status, ==, 200);
  return response.body;
}

std::string converted_entry(const Api& api, int profile_id, const std::string& media, const std::string& file_name) {
  const std::string entry_id = api.add_media({{"conversionProfileId", std::to_string(profile_id)}});
  Fields attach = api.token_resource("resource", api.uploaded_token(media, file_name));
  attach.emplace_back("entryId", entry_id);
  assert_text_eq(api.call("media", "addContent", attach).code(), "");
  api.wait_for_entry(entry_id, {2, -1}, 60000);
  return entry_id;
}

Result wait_for_flavors(const Api& api, const std::string& entry_id, size_t count) {
  const gint64 deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
  for (;;) {
    Result flavors = api.call("flavorasset", "list", {{"filter[entryIdEqual]", entry_id}});
    bool finished = flavors.length("objects") == count;
    for (size_t i = 0; finished && i < count; ++i) {
      const int64_t status = flavors.number("objects." + std::to_string(i) + ".status");
      finished = status == 2 || status == 4 || status == -1;
    }
    if (finished) return flavors;
    if (g_get_monotonic_time() > deadline) g_error("the flavors of %s did not finish: %s", entry_id.c_str(),
                                                   flavors.body().c_str());
    g_usleep(30 * 1000);
  }
}

DiscoveredMedia check_ready_rendition(const Api& api, const Result& flavor, const RenditionFormat& format) {
  g_assert_cmpint(flavor.number("status"), ==, 2);
  const std::string bytes = download_flavor(api, flavor.text("id"));
  g_assert_cmpint(flavor.number("sizeInBytes"), ==, static_cast<int64_t>(bytes.size()));
  g_assert_cmpint(flavor.number("size"), ==, static_cast<int64_t>((bytes.size() + 1023) / 1024));
  assert_text_eq(flavor.text("fileExt"), format.file_ext);
  assert_text_eq(flavor.text("containerFormat"), format.container_format);
  assert_text_eq(flavor.text("isOriginal"), "false");
  const DiscoveredMedia media = discover_media(bytes);
  g_assert_cmpint(media.duration_ms, >, 0);
  // The bitrate is the file's: its size over its duration.
  const double file_kbps = bytes.size() * 8.0 / media.duration_ms;
  g_assert_cmpfloat(std::fabs(flavor.number("bitrate") - file_kbps), <=, file_kbps * 0.05 + 1);
  g_assert_cmpint(flavor.number("width"), ==, media.width);
  g_assert_cmpint(flavor.number("height"), ==, media.height);
  if (media.has_video) {
    assert_text_eq(media.video_codec, format.video_caps);
    assert_text_eq(flavor.text("videoCodecId"), format.video_codec_id);
    g_assert_cmpfloat(std::fabs(g_ascii_strtod(flavor.text("frameRate").c_str(), nullptr) - media.frame_rate), <,
                      0.01);
  } else {
    g_assert_false(flavor.has("videoCodecId"));
  }
  if (media.has_audio) {
    assert_text_eq(media.audio_codec, format.audio_caps);
    if (format.audio_mpeg_version) g_assert_cmpint(media.audio_mpeg_version, ==, format.audio_mpeg_version);
  }
  return media;
}

}  // namespace content_test
