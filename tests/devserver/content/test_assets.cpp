// Flavor assets (§9.1) and attachment assets (§9.2): listing rules, a
// rendition published with flavorAsset.add + setContent and inspected,
// the errors of each action, and attachments with their bytes.
#include <glib.h>

#include <string>

#include "content_test_api.h"

using namespace content_test;

namespace {

void test_flavor_list_needs_an_entry_filter() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  Result unfiltered = api.call("flavorasset", "list");
  assert_text_eq(unfiltered.code(), "PROPERTY_VALIDATION_CANNOT_BE_NULL");
  assert_text_eq(unfiltered.arg("PROP_NAME"),
                 "KalturaFlavorAssetFilter::entryIdEqual/KalturaFlavorAssetFilter::entryIdIn");
  Result empty = api.call("flavorasset", "list", {{"filter[entryIdIn]", api.add_media() + "," + api.add_media()}});
  g_assert_cmpint(empty.number("totalCount"), ==, 0);
  assert_text_eq(empty.text("objectType"), "KalturaFlavorAssetListResponse");
  assert_text_eq(api.call("flavorasset", "get", {{"id", "0_nosuch12"}}).code(), "FLAVOR_ASSET_ID_NOT_FOUND");
  assert_text_eq(api.call("flavorasset", "getUrl", {{"id", "0_nosuch12"}}).message(),
                 "Flavor asset id \"0_nosuch12\" not found");
}

// An encoder publishing its own rendition next to the source.
void test_published_rendition_is_inspected() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string rendition = make_video_mp4(256, 144, 45);
  const std::string entry_id = api.ready_media(make_video_mp4(320, 240, 45), "source.mp4");
  Result added = api.call("flavorasset", "add", {{"entryId", entry_id},
                                                 {"flavorAsset[objectType]", "KalturaFlavorAsset"},
                                                 {"flavorAsset[flavorParamsId]", "2"},
                                                 {"flavorAsset[label]", "low"}});
  assert_text_eq(added.code(), "");
  g_assert_cmpint(added.number("status"), ==, 0);
  assert_text_eq(added.text("isOriginal"), "false");
  assert_text_eq(added.text("label"), "low");
  const std::string flavor_id = added.text("id");

  Result duplicate = api.call("flavorasset", "add", {{"entryId", entry_id}, {"flavorAsset[flavorParamsId]", "2"}});
  assert_text_eq(duplicate.code(), "FLAVOR_ASSET_ALREADY_EXISTS");
  assert_text_eq(duplicate.message(),
                 "Flavor asset id \"" + flavor_id + "\" already use flavor params id \"2\"");
  Result unknown = api.call("flavorasset", "add", {{"entryId", entry_id}, {"flavorAsset[flavorParamsId]", "4242"}});
  assert_text_eq(unknown.code(), "FLAVOR_PARAMS_ID_NOT_FOUND");
  assert_text_eq(unknown.arg("ID"), "4242");
  Result readonly = api.call("flavorasset", "add", {{"entryId", entry_id}, {"flavorAsset[flavorParamsId]", "3"},
                                                    {"flavorAsset[status]", "2"}});
  assert_text_eq(readonly.arg("PROP_NAME"), "KalturaFlavorAsset::status");
  Result no_entry = api.call("flavorasset", "add", {{"entryId", "0_nosuch12"}, {"flavorAsset[flavorParamsId]", "3"}});
  assert_text_eq(no_entry.code(), "ENTRY_ID_NOT_FOUND");
  assert_text_eq(api.call("flavorasset", "getUrl", {{"id", flavor_id}}).code(), "FLAVOR_ASSET_IS_NOT_READY");

  Fields content = api.token_resource("contentResource", api.uploaded_token(rendition, "low.mp4"));
  content.emplace_back("id", flavor_id);
  assert_text_eq(api.call("flavorasset", "setContent", content).code(), "");
  Result ready = api.wait_for_flavor(flavor_id);
  g_assert_cmpint(ready.number("status"), ==, 2);
  g_assert_cmpint(ready.number("width"), ==, 256);
  g_assert_cmpint(ready.number("height"), ==, 144);
  assert_text_eq(ready.text("videoCodecId"), "avc1");
  assert_text_eq(ready.text("fileExt"), "mp4");
  assert_text_eq(ready.text("version"), "1");
  g_assert_cmpint(ready.number("sizeInBytes"), ==, static_cast<int64_t>(rendition.size()));
  assert_text_eq(sha256(fetch(api.call("flavorasset", "getUrl", {{"id", flavor_id}}).text()).body),
                 sha256(rendition));
  // The source still drives the entry.
  Result entry = api.call("media", "get", {{"entryId", entry_id}});
  g_assert_cmpint(entry.number("width"), ==, 320);
  assert_text_eq(entry.text("flavorParamsIds"), "0,2");

  Result pairs = api.call("flavorasset", "getFlavorAssetsWithParams", {{"entryId", entry_id}});
  g_assert_cmpuint(pairs.length(""), ==, 2);
  g_assert_cmpint(pairs.number("0.flavorParams.id"), ==, 0);
  assert_text_eq(pairs.text("0.flavorAsset.isOriginal"), "true");
  g_assert_cmpint(pairs.number("1.flavorParams.id"), ==, 2);
  assert_text_eq(pairs.text("1.flavorAsset.id"), flavor_id);
  assert_text_eq(pairs.text("1.objectType"), "KalturaFlavorAssetWithParams");

  g_assert_true(JSON_NODE_HOLDS_NULL(api.call("flavorasset", "delete", {{"id", flavor_id}}).at("")));
  assert_text_eq(api.call("flavorasset", "get", {{"id", flavor_id}}).code(), "FLAVOR_ASSET_ID_NOT_FOUND");
  assert_text_eq(api.call("media", "get", {{"entryId", entry_id}}).text("flavorParamsIds"), "0");
}

void test_flavor_params_and_profiles() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  Result source = api.call("flavorparams", "get", {{"id", "0"}});
  assert_text_eq(source.text("name"), "Source");
  assert_text_eq(source.text("tags"), "source,web");
  assert_text_eq(api.call("flavorparams", "get", {{"id", "999"}}).code(), "FLAVOR_PARAMS_ID_NOT_FOUND");
  g_assert_cmpint(api.call("flavorparams", "list").number("totalCount"), >, 1);
  Result profile = api.call("conversionprofile", "getDefault");
  assert_text_eq(profile.text("objectType"), "KalturaConversionProfile");
  assert_text_eq(api.call("conversionprofile", "get", {{"id", profile.text("id")}}).text("flavorParamsIds"), "0");
  assert_text_eq(api.call("conversionprofile", "get", {{"id", "777"}}).message(),
                 "Conversion profile id \"777\" not found");
  // Default (renditions), Source only (the tests' default), Fast.
  g_assert_cmpint(api.call("conversionprofile", "list").number("totalCount"), ==, 3);
}

void test_attachments() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string entry_id = api.add_media();
  Result added = api.call("attachment_attachmentAsset", "add",
                          {{"entryId", entry_id}, {"attachmentAsset[objectType]", "KalturaAttachmentAsset"},
                           {"attachmentAsset[title]", "Transcript"}, {"attachmentAsset[format]", "1"}});
  assert_text_eq(added.code(), "");
  g_assert_cmpint(added.number("status"), ==, 0);
  assert_text_eq(added.text("format"), "1");
  g_assert_cmpint(added.type("format"), ==, G_TYPE_STRING);
  const std::string id = added.text("id");

  const std::string text = "WEBVTT\n\n00:00.000 --> 00:01.000\nhello\n";
  Fields content = api.token_resource("contentResource", api.uploaded_token(text, "talk.vtt"));
  content.emplace_back("id", id);
  Result ready = api.call("attachment_attachmentAsset", "setContent", content);
  g_assert_cmpint(ready.number("status"), ==, 2);
  assert_text_eq(ready.text("fileExt"), "vtt");
  assert_text_eq(ready.text("filename"), "talk.vtt");
  g_assert_cmpint(ready.number("sizeInBytes"), ==, static_cast<int64_t>(text.size()));
  auto download = fetch(api.call("attachment_attachmentAsset", "getUrl", {{"id", id}}).text());
  g_assert_cmpint(download.status, ==, 200);
  assert_text_eq(download.body, text);
  assert_text_eq(download.headers["content-type"], "text/vtt");

  // Deferred: the asset becomes READY when the token's upload completes.
  Result second = api.call("attachment_attachmentAsset", "add", {{"entryId", entry_id},
                                                                 {"attachmentAsset[format]", "4"},
                                                                 {"attachmentAsset[filename]", "meta.json"}});
  const std::string token = api.add_token("meta.json");
  Fields deferred = api.token_resource("contentResource", token);
  deferred.emplace_back("id", second.text("id"));
  g_assert_cmpint(api.call("attachment_attachmentAsset", "setContent", deferred).number("status"), ==, 7);
  api.upload(token, "{\"a\":1}", 3, "meta.json");
  Result completed = api.call("attachment_attachmentAsset", "get", {{"attachmentAssetId", second.text("id")}});
  g_assert_cmpint(completed.number("status"), ==, 2);
  g_assert_cmpint(completed.number("sizeInBytes"), ==, 7);

  Result listed = api.call("attachment_attachmentAsset", "list", {{"filter[entryIdEqual]", entry_id}});
  g_assert_cmpint(listed.number("totalCount"), ==, 2);
  assert_text_eq(listed.text("objectType"), "KalturaAttachmentAssetListResponse");
  Result updated = api.call("attachment_attachmentAsset", "update",
                            {{"id", id}, {"attachmentAsset[title]", "Captions"}});
  assert_text_eq(updated.text("title"), "Captions");
  assert_text_eq(updated.text("format"), "1");

  Result bad_format = api.call("attachment_attachmentAsset", "add",
                               {{"entryId", entry_id}, {"attachmentAsset[format]", "9"}});
  assert_text_eq(bad_format.code(), "INVALID_ENUM_VALUE");
  Result no_entry = api.call("attachment_attachmentAsset", "add", {{"entryId", "0_nosuch12"},
                                                                   {"attachmentAsset[title]", "x"}});
  assert_text_eq(no_entry.code(), "ENTRY_ID_NOT_FOUND");
  Result unknown = api.call("attachment_attachmentAsset", "get", {{"attachmentAssetId", "0_nosuch12"}});
  assert_text_eq(unknown.code(), "ATTACHMENT_ASSET_ID_NOT_FOUND");
  assert_text_eq(unknown.message(), "Attachment asset id \"0_nosuch12\" not found");
  g_assert_true(JSON_NODE_HOLDS_NULL(
      api.call("attachment_attachmentAsset", "delete", {{"attachmentAssetId", id}}).at("")));
  assert_text_eq(api.call("attachment_attachmentAsset", "get", {{"attachmentAssetId", id}}).code(),
                 "ATTACHMENT_ASSET_ID_NOT_FOUND");
  g_assert_cmpint(api.call("attachment_attachmentAsset", "list", {{"filter[entryIdEqual]", entry_id}})
                      .number("totalCount"),
                  ==, 1);

  // Another user's entry is not editable: not found for attachments.
  Api carol(server, start_session(server, 0, "carol"));
  assert_text_eq(carol.call("attachment_attachmentAsset", "add", {{"entryId", entry_id},
                                                                  {"attachmentAsset[title]", "x"}})
                     .code(),
                 "ENTRY_ID_NOT_FOUND");
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/devserver/assets/flavor-list-needs-entry-filter", test_flavor_list_needs_an_entry_filter);
  g_test_add_func("/devserver/assets/published-rendition", test_published_rendition_is_inspected);
  g_test_add_func("/devserver/assets/flavor-params-and-profiles", test_flavor_params_and_profiles);
  g_test_add_func("/devserver/assets/attachments", test_attachments);
  return g_test_run();
}
