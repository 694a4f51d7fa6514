// Conversion profiles and flavor params (§9.1): the conversionProfile and
// flavorParams services, the profile an entry gets (the server's default,
// media.add, updateContent), CONVERSION_PROFILE_ID_NOT_FOUND, and
// flavorAsset.getFlavorAssetsWithParams.
#include <glib.h>

#include <string>

#include "content_test_api.h"
#include "rendition_checks.h"

using namespace content_test;
using testing_support::kDefaultProfileId;
using testing_support::kFastProfileId;
using testing_support::kSourceOnlyProfileId;

namespace {

void test_profiles_and_params() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  Result profiles = api.call("conversionprofile", "list");
  assert_text_eq(profiles.text("objectType"), "KalturaConversionProfileListResponse");
  g_assert_cmpint(profiles.number("totalCount"), ==, 3);
  const std::pair<int, const char*> expected[] = {
      {kDefaultProfileId, "0,2,4,5,9"}, {kSourceOnlyProfileId, "0"}, {kFastProfileId, "0,100,101,9"}};
  for (const auto& [id, params_ids] : expected) {
    Result profile = api.call("conversionprofile", "get", {{"id", std::to_string(id)}});
    assert_text_eq(profile.code(), "");
    assert_text_eq(profile.text("flavorParamsIds"), params_ids);
    assert_text_eq(profile.text("objectType"), "KalturaConversionProfile");
    // The test fixture makes "Source only" the default.
    g_assert_cmpint(profile.number("isDefault"), ==, id == kSourceOnlyProfileId ? 1 : 0);
  }
  Result fallback = api.call("conversionprofile", "getDefault");
  g_assert_cmpint(fallback.number("id"), ==, kSourceOnlyProfileId);
  assert_text_eq(fallback.text("name"), "Source only");
  Result missing = api.call("conversionprofile", "get", {{"id", "777"}});
  assert_text_eq(missing.code(), "CONVERSION_PROFILE_ID_NOT_FOUND");
  assert_text_eq(missing.arg("ID"), "777");

  Result params = api.call("flavorparams", "list");
  assert_text_eq(params.text("objectType"), "KalturaFlavorParamsListResponse");
  g_assert_cmpint(params.number("totalCount"), ==, static_cast<int64_t>(params.length("objects")));
  Result tiny = api.call("flavorparams", "get", {{"id", "100"}});
  g_assert_cmpint(tiny.number("width"), ==, 160);
  g_assert_cmpint(tiny.number("height"), ==, 90);
  g_assert_cmpint(tiny.number("frameRate"), ==, 15);
  g_assert_cmpint(tiny.number("videoBitrate"), ==, 100);
  assert_text_eq(tiny.text("videoCodec"), "h264");
  assert_text_eq(tiny.text("audioCodec"), "aac");
  assert_text_eq(tiny.text("format"), "mp4");
  Result hd = api.call("flavorparams", "get", {{"id", "5"}});
  g_assert_cmpint(hd.number("height"), ==, 720);
  g_assert_cmpint(hd.number("videoBitrate"), ==, 1500);
  Result audio = api.call("flavorparams", "get", {{"id", "9"}});
  assert_text_eq(audio.text("videoCodec"), "");
  assert_text_eq(audio.text("audioCodec"), "aac");
  g_assert_cmpint(audio.number("audioBitrate"), ==, 96);
}

// --default-conversion-profile: the profile of entries that name none.
void test_default_profile_is_a_server_option() {
  DevServerProcess server({"--default-conversion-profile", std::to_string(kFastProfileId)});
  Api api(server, start_session(server, 2));
  Result fallback = api.call("conversionprofile", "getDefault");
  g_assert_cmpint(fallback.number("id"), ==, kFastProfileId);
  g_assert_cmpint(fallback.number("isDefault"), ==, 1);
  Result entry = api.call("media", "get", {{"entryId", api.add_media()}});
  g_assert_cmpint(entry.number("conversionProfileId"), ==, kFastProfileId);
  // Its content gets the Fast renditions.
  Fields attach = api.token_resource("resource", api.uploaded_token(make_video_mp4(320, 180, 60), "v.mp4"));
  attach.emplace_back("entryId", entry.text("id"));
  assert_text_eq(api.call("media", "addContent", attach).code(), "");
  Result ready = api.wait_for_entry(entry.text("id"));
  g_assert_cmpint(ready.number("status"), ==, 2);
  assert_text_eq(ready.text("flavorParamsIds"), "0,100,101");
}

void test_entry_profile_from_add_and_update_content() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  Result added = api.call("media", "add", {{"entry[objectType]", "KalturaMediaEntry"}, {"entry[mediaType]", "1"},
                                           {"entry[conversionProfileId]", std::to_string(kFastProfileId)}});
  g_assert_cmpint(added.number("conversionProfileId"), ==, kFastProfileId);
  Result unknown = api.call("media", "add", {{"entry[objectType]", "KalturaMediaEntry"},
                                             {"entry[conversionProfileId]", "4242"}});
  assert_text_eq(unknown.code(), "CONVERSION_PROFILE_ID_NOT_FOUND");
  assert_text_eq(unknown.message(), "Conversion profile id \"4242\" not found");
  Result update = api.call("media", "update", {{"entryId", added.text("id")},
                                               {"mediaEntry[conversionProfileId]", "4242"}});
  assert_text_eq(update.code(), "CONVERSION_PROFILE_ID_NOT_FOUND");

  // updateContent's conversionProfileId: checked, and the entry converts with it.
  const std::string entry_id = api.add_media();
  const std::string token = api.uploaded_token(make_video_mp4(320, 180, 60), "v.mp4");
  Fields content = api.token_resource("resource", token);
  content.emplace_back("entryId", entry_id);
  Fields bad = content;
  bad.emplace_back("conversionProfileId", "4242");
  Result refused = api.call("media", "updateContent", bad);
  assert_text_eq(refused.code(), "CONVERSION_PROFILE_ID_NOT_FOUND");
  assert_text_eq(refused.arg("ID"), "4242");
  g_assert_cmpint(api.call("media", "get", {{"entryId", entry_id}}).number("status"), ==, 7);  // untouched
  content.emplace_back("conversionProfileId", std::to_string(kFastProfileId));
  Result updated = api.call("media", "updateContent", content);
  assert_text_eq(updated.code(), "");
  g_assert_cmpint(updated.number("conversionProfileId"), ==, kFastProfileId);
  Result ready = api.wait_for_entry(entry_id);
  assert_text_eq(ready.text("flavorParamsIds"), "0,100,101");
}

// Every flavor params of the entry's profile, with its asset once there is one.
void test_flavor_assets_with_params() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string empty_id = api.add_media({{"conversionProfileId", std::to_string(kFastProfileId)}});
  Result empty = api.call("flavorasset", "getFlavorAssetsWithParams", {{"entryId", empty_id}});
  g_assert_cmpuint(empty.length(""), ==, 4);
  const int params_order[] = {0, 9, 100, 101};
  for (int i = 0; i < 4; ++i) {
    const std::string at = std::to_string(i) + ".";
    g_assert_cmpint(empty.number(at + "flavorParams.id"), ==, params_order[i]);
    g_assert_false(empty.has(at + "flavorAsset"));
    assert_text_eq(empty.text(at + "entryId"), empty_id);
    assert_text_eq(empty.text(at + "objectType"), "KalturaFlavorAssetWithParams");
  }

  const std::string entry_id =
      converted_entry(api, kFastProfileId, make_video_mp4(160, 90, 60), "tiny.mp4");  // 180p does not apply
  Result pairs = api.call("flavorasset", "getFlavorAssetsWithParams", {{"entryId", entry_id}});
  g_assert_cmpuint(pairs.length(""), ==, 4);
  for (int i = 0; i < 4; ++i) {
    const std::string at = std::to_string(i) + ".";
    g_assert_cmpint(pairs.number(at + "flavorParams.id"), ==, params_order[i]);
    g_assert_cmpint(pairs.number(at + "flavorAsset.flavorParamsId"), ==, params_order[i]);
    assert_text_eq(pairs.text(at + "flavorAsset.entryId"), entry_id);
    assert_text_eq(pairs.text(at + "flavorAsset.id"), flavor_with_params(api, entry_id, params_order[i]).text("id"));
  }
  g_assert_cmpint(pairs.number("0.flavorAsset.status"), ==, 2);
  g_assert_cmpint(pairs.number("1.flavorAsset.status"), ==, 4);  // no audio in the source
  g_assert_cmpint(pairs.number("2.flavorAsset.status"), ==, 2);
  g_assert_cmpint(pairs.number("3.flavorAsset.status"), ==, 4);  // larger than the source
  assert_text_eq(api.call("flavorasset", "getFlavorAssetsWithParams", {{"entryId", "0_nosuch12"}}).code(),
                 "ENTRY_ID_NOT_FOUND");
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/devserver/conversion-profiles/profiles-and-params", test_profiles_and_params);
  g_test_add_func("/devserver/conversion-profiles/default-profile-is-a-server-option",
                  test_default_profile_is_a_server_option);
  g_test_add_func("/devserver/conversion-profiles/entry-profile-from-add-and-update-content",
                  test_entry_profile_from_add_and_update_content);
  g_test_add_func("/devserver/conversion-profiles/flavor-assets-with-params", test_flavor_assets_with_params);
  return g_test_run();
}
