// Processing of uploaded content (§7.6, §8.3): the status flow of the entry
// and its source flavor, the properties read from real media, failures on
// content that is not media, and processing that survives a restart.
#include <glib.h>

#include <string>
#include <vector>

#include "content_test_api.h"

using namespace content_test;

namespace {

// Created once: 60 frames of 320x240 H.264 at 30 fps in MP4 (2 s).
const std::string& test_video() {
  static const std::string video = make_video_mp4(320, 240, 60);
  return video;
}

std::string source_flavor_id(const Api& api, const std::string& entry_id) {
  Result flavors = api.call("flavorasset", "list", {{"filter[entryIdEqual]", entry_id}});
  assert_text_eq(flavors.code(), "");
  g_assert_cmpint(flavors.number("totalCount"), ==, 1);
  return flavors.text("objects.0.id");
}

// The order of the distinct values seen while polling.
void record(std::vector<int>& seen, int status) {
  if (seen.empty() || seen.back() != status) seen.push_back(status);
}

// Entry first, token attached while empty, then chunks: the entry processes
// by itself when the last chunk lands, and reports what the file holds.
void test_deferred_upload_reaches_ready() {
  DevServerProcess server;
  Api api(server, start_session(server, 2, "maker"));
  const std::string entry_id = api.add_media({{"name", "deferred"}});
  const std::string token = api.add_token("recording.mp4");
  Fields attach = api.token_resource("resource", token);
  attach.emplace_back("entryId", entry_id);
  Result attached = api.call("media", "addContent", attach);
  assert_text_eq(attached.code(), "");
  g_assert_cmpint(attached.number("status"), ==, 0);  // IMPORT
  assert_text_eq(attached.text("sourceType"), "1");

  Result importing = api.call("flavorasset", "get", {{"id", source_flavor_id(api, entry_id)}});
  g_assert_cmpint(importing.number("status"), ==, 7);
  g_assert_cmpint(importing.number("flavorParamsId"), ==, 0);
  assert_text_eq(importing.text("isOriginal"), "true");
  assert_text_eq(importing.text("tags"), "source,web");
  Result token_state = api.call("uploadtoken", "get", {{"uploadTokenId", token}});
  assert_text_eq(token_state.text("attachedObjectType"), "flavorAsset");
  assert_text_eq(token_state.text("attachedObjectId"), importing.text("id"));

  api.upload(token, test_video(), 100000, "recording.mp4");
  Result entry = api.wait_for_entry(entry_id);
  g_assert_cmpint(entry.number("status"), ==, 2);
  g_assert_cmpint(entry.number("mediaType"), ==, 1);  // derived from .mp4
  g_assert_cmpint(entry.number("duration"), ==, 2);
  g_assert_cmpint(entry.number("msDuration"), ==, 2000);
  g_assert_cmpint(entry.number("width"), ==, 320);
  g_assert_cmpint(entry.number("height"), ==, 240);
  assert_text_eq(entry.text("flavorParamsIds"), "0");

  Result flavor = api.call("flavorasset", "get", {{"id", source_flavor_id(api, entry_id)}});
  g_assert_cmpint(flavor.number("status"), ==, 2);
  g_assert_cmpint(flavor.number("width"), ==, 320);
  g_assert_cmpint(flavor.number("height"), ==, 240);
  assert_text_eq(flavor.text("frameRate"), "30");
  assert_text_eq(flavor.text("containerFormat"), "isom");
  assert_text_eq(flavor.text("videoCodecId"), "avc1");
  assert_text_eq(flavor.text("fileExt"), "mp4");
  g_assert_cmpint(flavor.number("sizeInBytes"), ==, static_cast<int64_t>(test_video().size()));
  g_assert_cmpint(flavor.number("size"), ==, static_cast<int64_t>((test_video().size() + 1023) / 1024));
  g_assert_cmpint(flavor.type("version"), ==, G_TYPE_STRING);
  g_assert_cmpint(flavor.number("bitrate"), >, 0);
  g_assert_cmpint(api.call("uploadtoken", "get", {{"uploadTokenId", token}}).number("status"), ==, 3);
}

// With a processing delay every status can be watched, in order. QUEUED and
// PRECONVERT begin inside the final chunk's request, so they are read in the
// same multirequest: a loaded machine can take longer than a step to answer
// an upload. Each later step lasts 1.5 s and is watched by polling.
void test_every_status_is_observable() {
  DevServerProcess server({"--processing-delay-ms", "1500"});
  const std::string ks = start_session(server, 2);
  Api api(server, ks);
  const std::string entry_id = api.add_media();
  const std::string token = api.add_token("watch.mp4");
  std::vector<int> entry_seen, flavor_seen;
  Result empty = api.call("media", "get", {{"entryId", entry_id}});
  record(entry_seen, static_cast<int>(empty.number("status")));
  Fields attach = api.token_resource("resource", token);
  attach.emplace_back("entryId", entry_id);
  record(entry_seen, static_cast<int>(api.call("media", "addContent", attach).number("status")));
  const std::string flavor_id = source_flavor_id(api, entry_id);
  record(flavor_seen, static_cast<int>(api.call("flavorasset", "get", {{"id", flavor_id}}).number("status")));
  auto uploaded = testing_support::post_multipart(server.api_base() + "/service/multirequest",
                                                  {{"format", "1"},
                                                   {"ks", ks},
                                                   {"1:service", "uploadtoken"},
                                                   {"1:action", "upload"},
                                                   {"1:uploadTokenId", token},
                                                   {"1:finalChunk", "true"},
                                                   {"2:service", "flavorasset"},
                                                   {"2:action", "get"},
                                                   {"2:id", flavor_id},
                                                   {"3:service", "media"},
                                                   {"3:action", "get"},
                                                   {"3:entryId", entry_id}},
                                                  {{"1:fileData", "watch.mp4", test_video()}});
  Result results(uploaded.body);
  g_assert_cmpint(results.number("0.status"), ==, 3);  // token CLOSED
  record(flavor_seen, static_cast<int>(results.number("1.status")));
  record(entry_seen, static_cast<int>(results.number("2.status")));
  const gint64 deadline = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;
  while (g_get_monotonic_time() < deadline) {
    // The entry first: it is READY only once its source flavor is, so the
    // poll that ends the loop also sees the flavor's READY.
    const int status = static_cast<int>(api.call("media", "get", {{"entryId", entry_id}}).number("status"));
    record(entry_seen, status);
    record(flavor_seen, static_cast<int>(api.call("flavorasset", "get", {{"id", flavor_id}}).number("status")));
    if (status == 2) break;
    g_usleep(40 * 1000);
  }
  g_assert_cmpuint(entry_seen.size(), ==, 4);
  g_assert_cmpint(entry_seen[0], ==, 7);  // NO_CONTENT
  g_assert_cmpint(entry_seen[1], ==, 0);  // IMPORT
  g_assert_cmpint(entry_seen[2], ==, 1);  // PRECONVERT
  g_assert_cmpint(entry_seen[3], ==, 2);  // READY
  g_assert_cmpuint(flavor_seen.size(), ==, 4);
  g_assert_cmpint(flavor_seen[0], ==, 7);  // IMPORTING
  g_assert_cmpint(flavor_seen[1], ==, 0);  // QUEUED
  g_assert_cmpint(flavor_seen[2], ==, 1);  // CONVERTING
  g_assert_cmpint(flavor_seen[3], ==, 2);  // READY
}

void test_content_that_is_not_media_fails() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string entry_id = api.add_media({{"mediaType", "1"}});
  Fields attach = api.token_resource("resource", api.uploaded_token(std::string(5000, 'x') + "\n", "notes.mp4"));
  attach.emplace_back("entryId", entry_id);
  assert_text_eq(api.call("media", "addContent", attach).code(), "");
  Result entry = api.wait_for_entry(entry_id);
  g_assert_cmpint(entry.number("status"), ==, -1);  // ERROR_CONVERTING
  Result flavor = api.call("flavorasset", "get", {{"id", source_flavor_id(api, entry_id)}});
  g_assert_cmpint(flavor.number("status"), ==, -1);
  g_assert_true(g_str_has_prefix(flavor.text("description").c_str(), "The file is not an audio or video file"));
  Result url = api.call("flavorasset", "getUrl", {{"id", flavor.text("id")}});
  assert_text_eq(url.code(), "FLAVOR_ASSET_IS_NOT_READY");
  assert_text_eq(url.message(), "The flavor asset is not ready");
}

// Without a mediaType the entry takes one from the file: audio for audio-only content.
void test_audio_only_content_is_audio() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  Result added = api.call("media", "add", {{"entry[objectType]", "KalturaMediaEntry"}, {"entry[name]", "tone"}});
  g_assert_false(added.has("mediaType"));
  Fields attach = api.token_resource("resource", api.uploaded_token(make_audio_wav(15), "tone.bin"));
  attach.emplace_back("entryId", added.text("id"));
  assert_text_eq(api.call("media", "addContent", attach).code(), "");
  Result entry = api.wait_for_entry(added.text("id"));
  g_assert_cmpint(entry.number("status"), ==, 2);
  g_assert_cmpint(entry.number("mediaType"), ==, 5);
  g_assert_cmpint(entry.number("msDuration"), ==, 1500);
  g_assert_cmpint(entry.number("width"), ==, 0);
}

// A new media entry of media_type with the file as its content, as the
// server has it once processing ended.
Result processed_entry(const Api& api, const char* media_type, const std::string& bytes, const std::string& file_name) {
  const std::string entry_id = api.add_media({{"mediaType", media_type}});
  Fields attach = api.token_resource("resource", api.uploaded_token(bytes, file_name));
  attach.emplace_back("entryId", entry_id);
  assert_text_eq(api.call("media", "addContent", attach).code(), "");
  return api.wait_for_entry(entry_id);
}

// A bare mp3 or FLAC file has no container to give its length: the
// parser's reading of the frames does (mp3: an estimate from the bitrate).
void test_bare_audio_files_report_their_duration() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  struct Case {
    std::string bytes, file_name;
  };
  for (const Case& audio : {Case{make_audio_mp3(40), "talk.mp3"}, Case{make_audio_flac(40), "talk.flac"}}) {
    const Result entry = processed_entry(api, "5", audio.bytes, audio.file_name);
    g_assert_cmpint(entry.number("status"), ==, 2);
    g_test_message("%s: %" G_GINT64_FORMAT " ms", audio.file_name.c_str(), entry.number("msDuration"));
    // 4 s of sound; an mp3 encoder adds its delay and padding, under three frames (26 ms each).
    g_assert_cmpint(entry.number("msDuration"), >=, 4000);
    g_assert_cmpint(entry.number("msDuration"), <=, 4080);
    g_assert_cmpint(entry.number("duration"), ==, 4);
  }
}

// A GIF image of 40x30: its header, a two-colour palette and one image of
// those dimensions (no encoder for GIF is among the dependencies).
std::string small_gif() {
  const unsigned char bytes[] = {'G',  'I',  'F', '8', '9', 'a', 40, 0, 30, 0, 0x80, 0, 0, 0,    0,    0, 0xff, 0xff,
                                 0xff, 0x2c, 0,   0,   0,   0,   40, 0, 30, 0, 0,    2, 2, 0x44, 0x01, 0, 0x3b};
  return std::string(reinterpret_cast<const char*>(bytes), sizeof bytes);
}

// Images (media type 2) are not transcoded; they are READY with the
// dimensions of the file, on the entry and on its source flavor, also for
// PNG and GIF, which decodebin hands over as they are.
void test_images_report_their_dimensions() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  struct Case {
    std::string bytes, file_name;
    int width, height;
  };
  for (const Case& image : {Case{make_png(96, 64), "photo.png", 96, 64}, Case{small_gif(), "icon.gif", 40, 30}}) {
    const Result entry = processed_entry(api, "2", image.bytes, image.file_name);
    g_assert_cmpint(entry.number("status"), ==, 2);
    g_assert_cmpint(entry.number("width"), ==, image.width);
    g_assert_cmpint(entry.number("height"), ==, image.height);
    Result flavor = api.call("flavorasset", "get", {{"id", source_flavor_id(api, entry.text("id"))}});
    g_assert_cmpint(flavor.number("width"), ==, image.width);
    g_assert_cmpint(flavor.number("height"), ==, image.height);
  }
}

// A server stopped while content waits to be processed finishes it after its restart.
void test_restart_mid_processing_finishes() {
  DevServerProcess server({"--processing-delay-ms", "3000"});
  std::string entry_id;
  {
    Api api(server, start_session(server, 2));
    entry_id = api.add_media();
    Fields attach = api.token_resource("resource", api.uploaded_token(test_video(), "restart.mp4"));
    attach.emplace_back("entryId", entry_id);
    g_assert_cmpint(api.call("media", "addContent", attach).number("status"), ==, 1);  // PRECONVERT
  }
  server.kill();
  server.restart({"--processing-delay-ms", "50"});
  Api api(server, start_session(server, 2));
  Result entry = api.wait_for_entry(entry_id, {2, -1}, 20000);
  g_assert_cmpint(entry.number("status"), ==, 2);
  g_assert_cmpint(entry.number("width"), ==, 320);
  g_assert_cmpint(entry.number("msDuration"), ==, 2000);
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/devserver/processing/deferred-upload-reaches-ready", test_deferred_upload_reaches_ready);
  g_test_add_func("/devserver/processing/every-status-is-observable", test_every_status_is_observable);
  g_test_add_func("/devserver/processing/not-media-fails", test_content_that_is_not_media_fails);
  g_test_add_func("/devserver/processing/audio-only-is-audio", test_audio_only_content_is_audio);
  g_test_add_func("/devserver/processing/bare-audio-files-report-their-duration",
                  test_bare_audio_files_report_their_duration);
  g_test_add_func("/devserver/processing/images-report-their-dimensions", test_images_report_their_dimensions);
  g_test_add_func("/devserver/processing/restart-mid-processing-finishes", test_restart_mid_processing_finishes);
  return g_test_run();
}
