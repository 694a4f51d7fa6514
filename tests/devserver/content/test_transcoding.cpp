// Renditions the devserver transcodes (§9.1) with the Fast conversion
// profile (source, 160x90 at 15 fps, 320x180, AAC audio): each is a real
// file whose API fields match what GStreamer finds in it; renditions larger
// than the source or of a stream the source lacks are NOT_APPLICABLE; audio
// entries take the audio path; failed conversions and the entry's rule.
#include <glib.h>

#include <cmath>
#include <string>
#include <vector>

#include "content_test_api.h"
#include "rendition_checks.h"

using namespace content_test;
using testing_support::kFastProfileId;

namespace {

constexpr int kSource = 0;
constexpr int k90p = 100;
constexpr int k180p = 101;
constexpr int kAudio = 9;

// 3 s of 320x180 H.264 at 30 fps with AAC stereo audio.
const std::string& video_with_audio() {
  static const std::string media = make_video_with_audio_mp4(320, 180, 90);
  return media;
}

void assert_duration_near(int64_t actual_ms, int64_t expected_ms) {
  g_assert_cmpint(std::llabs(actual_ms - expected_ms), <=, 150);
}

// The order of distinct values seen while polling.
void record(std::vector<int>& seen, int status) {
  if (seen.empty() || seen.back() != status) seen.push_back(status);
}

// The entry waits for its renditions; each becomes a real H.264/AAC MP4 of
// the size its params ask for, served like the source.
void test_fast_profile_renditions_are_real() {
  DevServerProcess server({"--processing-delay-ms", "300"});
  Api api(server, start_session(server, 2));
  const std::string entry_id = api.add_media({{"conversionProfileId", std::to_string(kFastProfileId)}});
  Fields attach = api.token_resource("resource", api.uploaded_token(video_with_audio(), "av.mp4"));
  attach.emplace_back("entryId", entry_id);
  assert_text_eq(api.call("media", "addContent", attach).code(), "");

  // Poll until READY: renditions are queued once the source is READY, and
  // the entry stays PRECONVERT while they convert.
  std::vector<int> rendition_seen;
  bool preconvert_with_ready_source = false;
  std::string rendition_id;
  const gint64 deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
  for (;;) {
    const int entry_status = static_cast<int>(api.call("media", "get", {{"entryId", entry_id}}).number("status"));
    Result flavors = api.call("flavorasset", "list", {{"filter[entryIdEqual]", entry_id}});
    for (size_t i = 0; i < flavors.length("objects"); ++i) {
      const std::string at = "objects." + std::to_string(i) + ".";
      if (flavors.number(at + "flavorParamsId") == kSource && flavors.number(at + "status") == 2 &&
          entry_status == 1)
        preconvert_with_ready_source = true;
      if (flavors.number(at + "flavorParamsId") == k180p) record(rendition_seen, flavors.number(at + "status"));
    }
    if (entry_status == 2) break;
    g_assert_cmpint(entry_status, !=, -1);
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    g_usleep(30 * 1000);
  }
  g_assert_true(preconvert_with_ready_source);
  g_assert_cmpuint(rendition_seen.size(), ==, 3);
  g_assert_cmpint(rendition_seen[0], ==, 0);  // QUEUED
  g_assert_cmpint(rendition_seen[1], ==, 1);  // CONVERTING
  g_assert_cmpint(rendition_seen[2], ==, 2);  // READY

  Result entry = api.call("media", "get", {{"entryId", entry_id}});
  assert_text_eq(entry.text("flavorParamsIds"), "0,9,100,101");
  g_assert_cmpint(entry.number("width"), ==, 320);
  g_assert_cmpint(entry.number("conversionProfileId"), ==, kFastProfileId);
  g_assert_cmpint(api.call("flavorasset", "list", {{"filter[entryIdEqual]", entry_id}}).number("totalCount"), ==, 4);

  const DiscoveredMedia tiny = check_ready_rendition(api, flavor_with_params(api, entry_id, k90p));
  g_assert_cmpint(tiny.width, ==, 160);
  g_assert_cmpint(tiny.height, ==, 90);
  g_assert_cmpfloat(tiny.frame_rate, ==, 15);  // the params' maximum
  g_assert_true(tiny.has_audio);
  assert_duration_near(tiny.duration_ms, 3000);

  const Result small_flavor = flavor_with_params(api, entry_id, k180p);
  const DiscoveredMedia small = check_ready_rendition(api, small_flavor);
  g_assert_cmpint(small.width, ==, 320);
  g_assert_cmpint(small.height, ==, 180);
  g_assert_cmpfloat(small.frame_rate, ==, 30);
  g_assert_true(small.has_audio);
  assert_duration_near(small.duration_ms, 3000);
  assert_text_eq(small_flavor.text("version"), "1");
  assert_text_eq(small_flavor.text("tags"), "web,mbr");
  assert_text_eq(small_flavor.text("description"), "");

  const DiscoveredMedia audio = check_ready_rendition(api, flavor_with_params(api, entry_id, kAudio));
  g_assert_false(audio.has_video);
  g_assert_true(audio.has_audio);
  assert_duration_near(audio.duration_ms, 3000);

  // Delivery: Range on the rendition's URL, and playManifest by flavor params.
  const std::string url = api.call("flavorasset", "getUrl", {{"id", small_flavor.text("id")}}).text();
  const std::string whole = fetch(url).body;
  auto part = fetch(url, "bytes=100-199");
  g_assert_cmpint(part.status, ==, 206);
  assert_text_eq(part.body, whole.substr(100, 100));
  const std::string manifest = server.url() + "/p/100/sp/10000/playManifest/entryId/" + entry_id +
                               "/format/download/protocol/http/flavorParamIds/" + std::to_string(k180p);
  assert_text_eq(sha256(fetch(manifest).body), sha256(whole));
}

// Kaltura never upscales, and a rendition needs the streams it is made of.
void test_renditions_the_source_cannot_give() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  // 160x90 video without audio.
  const std::string entry_id = converted_entry(api, kFastProfileId, make_video_mp4(160, 90, 45), "tiny.mp4");
  Result entry = api.call("media", "get", {{"entryId", entry_id}});
  g_assert_cmpint(entry.number("status"), ==, 2);
  assert_text_eq(entry.text("flavorParamsIds"), "0,100");

  const DiscoveredMedia same_size = check_ready_rendition(api, flavor_with_params(api, entry_id, k90p));
  g_assert_cmpint(same_size.width, ==, 160);
  g_assert_false(same_size.has_audio);

  Result larger = flavor_with_params(api, entry_id, k180p);
  g_assert_cmpint(larger.number("status"), ==, 4);  // NOT_APPLICABLE
  assert_text_eq(larger.text("description"), "The source (160x90) is smaller than 320x180: renditions are never upscaled");
  g_assert_cmpint(larger.number("sizeInBytes"), ==, 0);
  assert_text_eq(api.call("flavorasset", "getUrl", {{"id", larger.text("id")}}).code(), "FLAVOR_ASSET_IS_NOT_READY");
  Result audio = flavor_with_params(api, entry_id, kAudio);
  g_assert_cmpint(audio.number("status"), ==, 4);
  assert_text_eq(audio.text("description"), "The source has no audio");
}

// An audio entry: video renditions do not apply, the audio one is transcoded to AAC.
void test_audio_source_takes_the_audio_path() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string entry_id = converted_entry(api, kFastProfileId, make_audio_wav(20), "tone.wav");
  Result entry = api.call("media", "get", {{"entryId", entry_id}});
  g_assert_cmpint(entry.number("status"), ==, 2);
  g_assert_cmpint(entry.number("mediaType"), ==, 5);
  assert_text_eq(entry.text("flavorParamsIds"), "0,9");
  for (int params_id : {k90p, k180p}) {
    Result video = flavor_with_params(api, entry_id, params_id);
    g_assert_cmpint(video.number("status"), ==, 4);
    assert_text_eq(video.text("description"), "The source has no video");
  }
  Result audio_flavor = flavor_with_params(api, entry_id, kAudio);
  const DiscoveredMedia audio = check_ready_rendition(api, audio_flavor);
  g_assert_false(audio.has_video);
  g_assert_true(audio.has_audio);
  assert_duration_near(audio.duration_ms, 2000);
  g_assert_cmpint(audio_flavor.number("width"), ==, 0);
  // 96 kbps AAC, and not the WAV's 705 kbps.
  g_assert_cmpint(audio_flavor.number("bitrate"), <, 200);
}

// One rendition fails: it is ERROR with the reason; the entry, which still
// has a READY rendition, is READY.
void test_failed_rendition_leaves_the_entry_ready() {
  DevServerProcess server({"--fault-conversion-params", std::to_string(k90p)});
  Api api(server, start_session(server, 2));
  const std::string entry_id = converted_entry(api, kFastProfileId, video_with_audio(), "av.mp4");
  Result failed = flavor_with_params(api, entry_id, k90p);
  g_assert_cmpint(failed.number("status"), ==, -1);
  assert_text_eq(failed.text("description"),
                 "Conversion to \"Fast H264 90p 100 kbps\" failed: Injected fault (--fault-conversion-params): "
                 "the encoder failed");
  assert_text_eq(api.call("flavorasset", "getUrl", {{"id", failed.text("id")}}).code(), "FLAVOR_ASSET_IS_NOT_READY");
  g_assert_cmpint(flavor_with_params(api, entry_id, k180p).number("status"), ==, 2);
  Result entry = api.call("media", "get", {{"entryId", entry_id}});
  g_assert_cmpint(entry.number("status"), ==, 2);
  assert_text_eq(entry.text("flavorParamsIds"), "0,9,101");
  g_assert_true(server.log().find("conversion " + failed.text("id") + " flavorParamsId=100 -> ERROR") !=
                std::string::npos);
}

// Every rendition that applied failed: nothing the profile asked for
// exists, and the entry is ERROR_CONVERTING; its source stays downloadable.
void test_every_rendition_failed_is_error_converting() {
  DevServerProcess server({"--fault-conversion-params", "100,101"});
  Api api(server, start_session(server, 2));
  const std::string video = make_video_mp4(320, 180, 30);  // no audio: the audio rendition does not apply
  const std::string entry_id = converted_entry(api, kFastProfileId, video, "v.mp4");
  Result entry = api.call("media", "get", {{"entryId", entry_id}});
  g_assert_cmpint(entry.number("status"), ==, -1);
  g_assert_cmpint(flavor_with_params(api, entry_id, k90p).number("status"), ==, -1);
  g_assert_cmpint(flavor_with_params(api, entry_id, k180p).number("status"), ==, -1);
  g_assert_cmpint(flavor_with_params(api, entry_id, kAudio).number("status"), ==, 4);
  Result source = flavor_with_params(api, entry_id, kSource);
  g_assert_cmpint(source.number("status"), ==, 2);
  assert_text_eq(sha256(download_flavor(api, source.text("id"))), sha256(video));
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/devserver/transcoding/fast-profile-renditions-are-real", test_fast_profile_renditions_are_real);
  g_test_add_func("/devserver/transcoding/renditions-the-source-cannot-give", test_renditions_the_source_cannot_give);
  g_test_add_func("/devserver/transcoding/audio-source-takes-the-audio-path", test_audio_source_takes_the_audio_path);
  g_test_add_func("/devserver/transcoding/failed-rendition-leaves-the-entry-ready",
                  test_failed_rendition_leaves_the_entry_ready);
  g_test_add_func("/devserver/transcoding/every-rendition-failed-is-error-converting",
                  test_every_rendition_failed_is_error_converting);
  return g_test_run();
}
