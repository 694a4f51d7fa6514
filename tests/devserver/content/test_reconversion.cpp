// Converting again (§9.1): flavorAsset.convert and reconvert, media.convert
// (each makes a new version of the file, or a new rendition), their errors,
// the WebM and 3GP renditions, renditions of a replacement, and a
// rendition a client publishes itself, which is never transcoded.
#include <glib.h>

#include <cstdlib>
#include <string>

#include "content_test_api.h"
#include "rendition_checks.h"

using namespace content_test;
using testing_support::kFastProfileId;
using testing_support::kSourceOnlyProfileId;

namespace {

// 2 s of 320x180 H.264 with AAC audio.
const std::string& source_video() {
  static const std::string media = make_video_with_audio_mp4(320, 180, 60);
  return media;
}

// The flavor files in the server's content store.
size_t stored_flavor_files(const DevServerProcess& server) {
  g_autoptr(GDir) dir = g_dir_open((server.data_dir() + "/content").c_str(), 0, nullptr);
  g_assert_nonnull(dir);
  size_t count = 0;
  while (const char* name = g_dir_read_name(dir)) count += g_str_has_prefix(name, "flavor_") ? 1 : 0;
  return count;
}

// Polls the flavor until it leaves READY (a new conversion started), then
// until it is READY again; the entry must stay READY all along.
Result wait_for_new_version(const Api& api, const std::string& flavor_id, const std::string& entry_id) {
  const gint64 deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
  bool left_ready = false;
  for (;;) {
    Result flavor = api.call("flavorasset", "get", {{"id", flavor_id}});
    const int64_t status = flavor.number("status");
    if (status != 2) left_ready = true;
    if (left_ready && (status == 2 || status == -1)) return flavor;
    g_assert_cmpint(api.call("media", "get", {{"entryId", entry_id}}).number("status"), ==, 2);
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    g_usleep(20 * 1000);
  }
}

void test_reconvert_makes_a_new_version() {
  DevServerProcess server({"--processing-delay-ms", "100"});
  Api api(server, start_session(server, 2));
  const std::string entry_id = converted_entry(api, kFastProfileId, source_video(), "av.mp4");
  Result first = flavor_with_params(api, entry_id, 100);
  assert_text_eq(first.text("version"), "1");
  const std::string old_url = api.call("flavorasset", "getUrl", {{"id", first.text("id")}}).text();

  Result answer = api.call("flavorasset", "reconvert", {{"id", first.text("id")}});
  g_assert_true(JSON_NODE_HOLDS_NULL(answer.at("")));
  g_assert_cmpint(api.call("flavorasset", "get", {{"id", first.text("id")}}).number("status"), ==, 0);  // QUEUED
  Result again = wait_for_new_version(api, first.text("id"), entry_id);
  assert_text_eq(again.text("version"), "2");
  const DiscoveredMedia media = check_ready_rendition(api, again);
  g_assert_cmpint(media.width, ==, 160);
  // A new URL (the version is part of it), and the old version's file is gone.
  g_assert_true(api.call("flavorasset", "getUrl", {{"id", first.text("id")}}).text() != old_url);
  g_assert_cmpuint(stored_flavor_files(server), ==, 4);  // source, 9, 100, 101

  Result source = flavor_with_params(api, entry_id, 0);
  Result original = api.call("flavorasset", "reconvert", {{"id", source.text("id")}});
  assert_text_eq(original.code(), "FLAVOR_ASSET_RECONVERT_ORIGINAL");
  assert_text_eq(original.message(), "Cannot reconvert original flavor asset");
  assert_text_eq(api.call("flavorasset", "reconvert", {{"id", "0_nosuch12"}}).code(), "FLAVOR_ASSET_ID_NOT_FOUND");
}

// flavorAsset.convert adds a rendition the profile does not have, or makes
// an existing one again.
void test_convert_adds_a_rendition() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string entry_id = api.ready_media(make_video_mp4(640, 360, 60), "hd.mp4");  // source only
  g_assert_cmpint(api.call("media", "get", {{"entryId", entry_id}}).number("conversionProfileId"), ==,
                  kSourceOnlyProfileId);
  Result answer = api.call("flavorasset", "convert", {{"entryId", entry_id}, {"flavorParamsId", "2"}});
  assert_text_eq(answer.code(), "");
  g_assert_true(JSON_NODE_HOLDS_NULL(answer.at("")));
  Result flavor = api.wait_for_flavor(flavor_with_params(api, entry_id, 2).text("id"), {2, -1}, 60000);
  const DiscoveredMedia media = check_ready_rendition(api, flavor);
  g_assert_cmpint(media.width, ==, 640);
  g_assert_cmpint(media.height, ==, 360);
  assert_text_eq(flavor.text("tags"), "mobile,web,mbr");
  Result entry = api.call("media", "get", {{"entryId", entry_id}});
  g_assert_cmpint(entry.number("status"), ==, 2);
  assert_text_eq(entry.text("flavorParamsIds"), "0,2");

  // Converting it again keeps the one asset and makes version 2.
  assert_text_eq(api.call("flavorasset", "convert", {{"entryId", entry_id}, {"flavorParamsId", "2"}}).code(), "");
  Result again = wait_for_new_version(api, flavor.text("id"), entry_id);
  assert_text_eq(again.text("version"), "2");
  g_assert_cmpint(api.call("flavorasset", "list", {{"filter[entryIdEqual]", entry_id}}).number("totalCount"), ==, 2);

  Result source_params = api.call("flavorasset", "convert", {{"entryId", entry_id}, {"flavorParamsId", "0"}});
  assert_text_eq(source_params.code(), "FLAVOR_ASSET_RECONVERT_ORIGINAL");
  Result unknown = api.call("flavorasset", "convert", {{"entryId", entry_id}, {"flavorParamsId", "4242"}});
  assert_text_eq(unknown.code(), "FLAVOR_PARAMS_ID_NOT_FOUND");
  assert_text_eq(unknown.arg("ID"), "4242");
  assert_text_eq(api.call("flavorasset", "convert", {{"entryId", entry_id}}).code(), "MISSING_MANDATORY_PARAMETER");
  Result no_source = api.call("flavorasset", "convert", {{"entryId", api.add_media()}, {"flavorParamsId", "2"}});
  assert_text_eq(no_source.code(), "ORIGINAL_FLAVOR_ASSET_IS_MISSING");
  assert_text_eq(no_source.message(), "The original flavor asset is missing");
}

// 3GP (params 1): H.263 video and AAC in 3GP, 176 wide at 15 frames per
// second at most, from a 320x180 source at 30: never upscaled, the source's
// shape kept.
void test_3gp_rendition() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string entry_id = converted_entry(api, kFastProfileId, source_video(), "av.mp4");
  assert_text_eq(api.call("flavorasset", "convert", {{"entryId", entry_id}, {"flavorParamsId", "1"}}).code(), "");
  Result mobile = api.wait_for_flavor(flavor_with_params(api, entry_id, 1).text("id"), {2, -1}, 60000);
  const DiscoveredMedia media = check_ready_rendition(api, mobile, k3gpRendition);
  g_assert_cmpint(media.width, ==, 176);
  g_assert_cmpint(media.height, ==, 100);  // 180 x 176/320 = 99, made even
  g_assert_cmpfloat(media.frame_rate, ==, 15.0);
  g_assert_true(media.has_audio);
  g_assert_cmpint(media.duration_ms, >=, 1900);  // 60 frames at 30 per second
  g_assert_cmpint(api.call("media", "get", {{"entryId", entry_id}}).number("status"), ==, 2);
}

// WebM (params 8): VP8 and Vorbis in WebM, at 854x480 from a source of that
// size, delivered like the others.
void test_webm_rendition() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string entry_id =
      converted_entry(api, kFastProfileId, make_video_with_audio_mp4(854, 480, 45), "wide.mp4");
  assert_text_eq(api.call("flavorasset", "convert", {{"entryId", entry_id}, {"flavorParamsId", "8"}}).code(), "");
  Result webm = api.wait_for_flavor(flavor_with_params(api, entry_id, 8).text("id"), {2, -1}, 60000);
  const DiscoveredMedia media = check_ready_rendition(api, webm, kWebmRendition);
  g_assert_cmpint(media.width, ==, 854);
  g_assert_cmpint(media.height, ==, 480);
  g_assert_true(media.has_audio);
  g_assert_cmpint(media.duration_ms, >=, 1400);  // 45 frames at 30 per second
}

// media.convert: every rendition of the profile, which becomes the entry's.
void test_media_convert() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string entry_id = api.ready_media(source_video(), "av.mp4");  // source only
  assert_text_eq(api.call("media", "get", {{"entryId", entry_id}}).text("flavorParamsIds"), "0");

  Result job = api.call("media", "convert", {{"entryId", entry_id}, {"conversionProfileId", std::to_string(kFastProfileId)}});
  assert_text_eq(job.code(), "");
  g_assert_cmpint(job.type(""), ==, G_TYPE_INT64);
  g_assert_cmpint(job.number(""), >, 0);
  // The entry, playable all along, stays READY while its renditions are made.
  g_assert_cmpint(api.call("media", "get", {{"entryId", entry_id}}).number("status"), ==, 2);
  wait_for_flavors(api, entry_id, 4);
  Result entry = api.call("media", "get", {{"entryId", entry_id}});
  g_assert_cmpint(entry.number("status"), ==, 2);
  g_assert_cmpint(entry.number("conversionProfileId"), ==, kFastProfileId);
  assert_text_eq(entry.text("flavorParamsIds"), "0,9,100,101");
  g_assert_cmpint(check_ready_rendition(api, flavor_with_params(api, entry_id, 101)).height, ==, 180);

  // Again, with the entry's own profile: every rendition gets version 2.
  Result second = api.call("media", "convert", {{"entryId", entry_id}});
  g_assert_cmpint(second.number(""), >, job.number(""));
  for (int params_id : {9, 100, 101}) {
    Result flavor = api.wait_for_flavor(flavor_with_params(api, entry_id, params_id).text("id"), {2, -1}, 30000);
    if (flavor.text("version") != "2")
      flavor = wait_for_new_version(api, flavor.text("id"), entry_id);
    assert_text_eq(flavor.text("version"), "2");
    check_ready_rendition(api, flavor);
  }
  g_assert_cmpint(api.call("flavorasset", "list", {{"filter[entryIdEqual]", entry_id}}).number("totalCount"), ==, 4);

  Result unknown = api.call("media", "convert", {{"entryId", entry_id}, {"conversionProfileId", "4242"}});
  assert_text_eq(unknown.code(), "CONVERSION_PROFILE_ID_NOT_FOUND");
  assert_text_eq(api.call("media", "convert", {{"entryId", api.add_media()}}).code(), "ORIGINAL_FLAVOR_ASSET_IS_MISSING");
  assert_text_eq(api.call("media", "convert", {{"entryId", "0_nosuch12"}}).code(), "ENTRY_ID_NOT_FOUND");
}

// A replacement converts the new content before the swap; the original
// ends with the new source and the new renditions only.
void test_replacement_brings_its_renditions() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string entry_id = converted_entry(api, kFastProfileId, make_video_mp4(160, 90, 60), "small.mp4");
  Result old_tiny = flavor_with_params(api, entry_id, 100);
  Result old_source = flavor_with_params(api, entry_id, 0);
  const std::string not_applicable = flavor_with_params(api, entry_id, 101).text("id");
  g_assert_cmpint(flavor_with_params(api, entry_id, 101).number("status"), ==, 4);

  Fields content = api.token_resource("resource", api.uploaded_token(source_video(), "new.mp4"));
  content.emplace_back("entryId", entry_id);
  Result replacing = api.call("media", "updateContent", content);
  assert_text_eq(replacing.code(), "");
  const std::string temporary_id = replacing.text("replacingEntryId");
  Result temporary = api.wait_for_entry(temporary_id);
  g_assert_cmpint(temporary.number("status"), ==, 2);
  g_assert_cmpint(api.call("media", "get", {{"entryId", entry_id}}).number("replacementStatus"), ==, 2);
  assert_text_eq(api.call("media", "approveReplace", {{"entryId", entry_id}}).code(), "");

  Result entry = api.call("media", "get", {{"entryId", entry_id}});
  g_assert_cmpint(entry.number("status"), ==, 2);
  g_assert_cmpint(entry.number("width"), ==, 320);
  assert_text_eq(entry.text("flavorParamsIds"), "0,9,100,101");
  g_assert_cmpint(api.call("flavorasset", "list", {{"filter[entryIdEqual]", entry_id}}).number("totalCount"), ==, 4);
  // As in Kaltura, a flavor of the same params keeps its id and gets the
  // new file as its next version.
  Result tiny = flavor_with_params(api, entry_id, 100);
  assert_text_eq(tiny.text("id"), old_tiny.text("id"));
  g_assert_cmpint(atoi(tiny.text("version").c_str()), ==, atoi(old_tiny.text("version").c_str()) + 1);
  assert_text_eq(flavor_with_params(api, entry_id, 0).text("id"), old_source.text("id"));
  assert_text_eq(flavor_with_params(api, entry_id, 101).text("id"), not_applicable);
  assert_text_eq(tiny.text("entryId"), entry_id);
  g_assert_true(check_ready_rendition(api, tiny).has_audio);  // made from the new source
  g_assert_cmpint(check_ready_rendition(api, flavor_with_params(api, entry_id, 101)).width, ==, 320);
}

// A new source sent into a READY entry's source flavor (flavorAsset.setContent)
// makes the renditions again; the entry stays READY meanwhile, as in Kaltura.
void test_new_source_keeps_the_entry_ready() {
  DevServerProcess server({"--processing-delay-ms", "100"});
  Api api(server, start_session(server, 2));
  const std::string entry_id = converted_entry(api, kFastProfileId, make_video_mp4(160, 90, 60), "small.mp4");
  Result tiny = flavor_with_params(api, entry_id, 100);
  Fields content = api.token_resource("contentResource", api.uploaded_token(source_video(), "new.mp4"));
  content.emplace_back("id", flavor_with_params(api, entry_id, 0).text("id"));
  assert_text_eq(api.call("flavorasset", "setContent", content).code(), "");
  Result again = wait_for_new_version(api, tiny.text("id"), entry_id);  // the entry READY all along
  g_assert_cmpint(atoi(again.text("version").c_str()), ==, atoi(tiny.text("version").c_str()) + 1);
  g_assert_true(check_ready_rendition(api, again).has_audio);  // made from the new source
}

// A replacement whose new source makes fewer renditions (no audio, a smaller
// picture): as in Kaltura only its READY flavors are swapped in, and the
// original's renditions without a READY counterpart are deleted.
void test_replacement_with_fewer_renditions() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string entry_id = converted_entry(api, kFastProfileId, source_video(), "av.mp4");
  Result old_tiny = flavor_with_params(api, entry_id, 100);
  g_assert_cmpint(flavor_with_params(api, entry_id, 9).number("status"), ==, 2);

  Fields content = api.token_resource("resource", api.uploaded_token(make_video_mp4(160, 90, 60), "small.mp4"));
  content.emplace_back("entryId", entry_id);
  Result replacing = api.call("media", "updateContent", content);
  const std::string temporary_id = replacing.text("replacingEntryId");
  api.wait_for_entry(temporary_id);
  assert_text_eq(api.call("media", "approveReplace", {{"entryId", entry_id}}).code(), "");

  Result listed = api.call("flavorasset", "list", {{"filter[entryIdEqual]", entry_id}});
  g_assert_cmpint(listed.number("totalCount"), ==, 2);  // the source and the 160x90 rendition
  Result tiny = flavor_with_params(api, entry_id, 100);
  assert_text_eq(tiny.text("id"), old_tiny.text("id"));
  g_assert_false(check_ready_rendition(api, tiny).has_audio);
  assert_text_eq(api.call("media", "get", {{"entryId", entry_id}}).text("flavorParamsIds"), "0,100");
  g_assert_cmpint(api.call("flavorasset", "list", {{"filter[entryIdEqual]", temporary_id}}).number("totalCount"), ==,
                  0);
}

// An encoder's own rendition of a profile's params is kept as published:
// inspected, never transcoded over; the other renditions are made. Here the
// rendition arrives while the source is still uploading.
void test_published_rendition_is_not_transcoded() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string entry_id = api.add_media({{"conversionProfileId", std::to_string(kFastProfileId)}});
  const std::string source_token = api.add_token("av.mp4");
  Fields attach = api.token_resource("resource", source_token);
  attach.emplace_back("entryId", entry_id);
  g_assert_cmpint(api.call("media", "addContent", attach).number("status"), ==, 0);  // IMPORT

  const std::string own = make_video_mp4(320, 180, 30);
  Result added = api.call("flavorasset", "add", {{"entryId", entry_id}, {"flavorAsset[flavorParamsId]", "101"}});
  assert_text_eq(added.code(), "");
  Fields published = api.token_resource("contentResource", api.uploaded_token(own, "own.mp4"));
  published.emplace_back("id", added.text("id"));
  assert_text_eq(api.call("flavorasset", "setContent", published).code(), "");
  api.wait_for_flavor(added.text("id"));

  api.upload(source_token, source_video(), source_video().size(), "av.mp4");
  api.wait_for_entry(entry_id);
  wait_for_flavors(api, entry_id, 4);
  Result entry = api.call("media", "get", {{"entryId", entry_id}});
  g_assert_cmpint(entry.number("status"), ==, 2);
  assert_text_eq(entry.text("flavorParamsIds"), "0,9,100,101");
  Result kept = api.call("flavorasset", "get", {{"id", added.text("id")}});
  assert_text_eq(kept.text("version"), "1");
  assert_text_eq(sha256(download_flavor(api, kept.text("id"))), sha256(own));
  g_assert_true(check_ready_rendition(api, flavor_with_params(api, entry_id, 100)).has_audio);

  // A client's file given to a rendition the server made replaces it.
  const std::string tiny_id = flavor_with_params(api, entry_id, 100).text("id");
  const std::string replacement = make_video_mp4(160, 90, 30);
  Fields content = api.token_resource("contentResource", api.uploaded_token(replacement, "tiny.mp4"));
  content.emplace_back("id", tiny_id);
  assert_text_eq(api.call("flavorasset", "setContent", content).code(), "");
  Result replaced = wait_for_new_version(api, tiny_id, entry_id);
  assert_text_eq(replaced.text("version"), "2");
  assert_text_eq(sha256(download_flavor(api, tiny_id)), sha256(replacement));
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/devserver/reconversion/reconvert-makes-a-new-version", test_reconvert_makes_a_new_version);
  g_test_add_func("/devserver/reconversion/new-source-keeps-the-entry-ready", test_new_source_keeps_the_entry_ready);
  g_test_add_func("/devserver/reconversion/replacement-with-fewer-renditions", test_replacement_with_fewer_renditions);
  g_test_add_func("/devserver/reconversion/convert-adds-a-rendition", test_convert_adds_a_rendition);
  g_test_add_func("/devserver/reconversion/3gp-rendition", test_3gp_rendition);
  g_test_add_func("/devserver/reconversion/webm-rendition", test_webm_rendition);
  g_test_add_func("/devserver/reconversion/media-convert", test_media_convert);
  g_test_add_func("/devserver/reconversion/replacement-brings-its-renditions", test_replacement_brings_its_renditions);
  g_test_add_func("/devserver/reconversion/published-rendition-is-not-transcoded",
                  test_published_rendition_is_not_transcoded);
  return g_test_run();
}
