// Tokens attached to content (protocol §7.6): a FULL_UPLOAD token hands its
// file over at once; a PENDING or PARTIAL_UPLOAD token records the
// attachment and delivers when its final chunk lands. The bytes are checked
// by downloading the attachment asset that received them.
#include <glib.h>

#include <memory>

#include "test_upload_token_api.h"

using namespace upload_token_test;

namespace {

std::unique_ptr<DevServerProcess> server;

void assert_ok(const Reply& reply) {
  if (!reply.code().empty()) g_error("unexpected error: %s", reply.body().c_str());
}

std::string new_entry(const TokenApi& api) {
  Reply entry = api.call("media", "add", {{"entry[objectType]", "KalturaMediaEntry"}, {"entry[mediaType]", "1"},
                                          {"entry[name]", "token attachment"}});
  assert_ok(entry);
  return entry.text("id");
}

std::string new_attachment(const TokenApi& api, const std::string& entry_id) {
  Reply asset = api.call("attachment_attachmentasset", "add",
                         {{"entryId", entry_id},
                          {"attachmentAsset[objectType]", "KalturaAttachmentAsset"},
                          {"attachmentAsset[filename]", "notes.bin"}});
  assert_ok(asset);
  return asset.text("id");
}

Reply set_attachment_content(const TokenApi& api, const std::string& asset_id, const std::string& token_id) {
  return api.call("attachment_attachmentasset", "setContent",
                  {{"id", asset_id},
                   {"contentResource[objectType]", "KalturaUploadedFileTokenResource"},
                   {"contentResource[token]", token_id}});
}

std::string download_attachment(const TokenApi& api, const std::string& asset_id) {
  Reply url = api.call("attachment_attachmentasset", "getUrl", {{"id", asset_id}});
  if (!JSON_NODE_HOLDS_VALUE(url.root())) g_error("getUrl failed: %s", url.body().c_str());
  auto response = testing_support::http_request("GET", json_node_get_string(url.root()));
  g_assert_cmpint(response.status, ==, 200);
  return response.body;
}

void test_full_upload_token_is_taken_at_once() {
  TokenApi api(*server, start_session(*server, 2));
  std::string data = pattern_bytes(50000, 41);
  std::string token = api.add({{"fileName", "notes.bin"}}).text("id");
  g_assert_cmpint(api.upload(token, data, false, true, 0).number("status"), ==, 2);

  std::string asset = new_attachment(api, new_entry(api));
  Reply attached = set_attachment_content(api, asset, token);
  assert_ok(attached);
  g_assert_cmpint(attached.number("status"), ==, 2);

  Reply closed = api.get(token);
  g_assert_cmpint(closed.number("status"), ==, 3);
  ASSERT_TEXT(closed.text("attachedObjectType"), "attachmentAsset");
  ASSERT_TEXT(closed.text("attachedObjectId"), asset);
  ASSERT_TEXT(sha256(download_attachment(api, asset)), sha256(data));
  // A CLOSED token takes no more uploads.
  ASSERT_TEXT(api.upload(token, "more", true, true, 50000).code(), "UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD");
}

void test_deferred_attachment_completes_with_the_final_chunk() {
  TokenApi api(*server, start_session(*server, 2));
  std::string data = pattern_bytes(90000, 42);
  std::string token = api.add({{"fileName", "notes.bin"}}).text("id");
  std::string asset = new_attachment(api, new_entry(api));

  // Attached while still PENDING: create, attach, then upload.
  assert_ok(set_attachment_content(api, asset, token));
  Reply pending = api.get(token);
  g_assert_cmpint(pending.number("status"), ==, 0);
  ASSERT_TEXT(pending.text("attachedObjectType"), "attachmentAsset");
  ASSERT_TEXT(pending.text("attachedObjectId"), asset);

  g_assert_cmpint(api.upload(token, data.substr(0, 30000), false, false, 0).number("status"), ==, 1);
  g_assert_cmpint(api.upload(token, data.substr(60000), true, false, 60000).number("status"), ==, 1);
  g_assert_cmpint(api.call("attachment_attachmentasset", "get", {{"attachmentAssetId", asset}}).number("status"), !=, 2);
  g_assert_cmpint(api.upload(token, data.substr(30000, 30000), true, false, 30000).number("status"), ==, 1);

  Reply done = api.upload(token, "", true, true, 90000);
  assert_ok(done);
  g_assert_cmpint(done.number("status"), ==, 3);  // already handed over
  ASSERT_TEXT(done.text("uploadedFileSize"), "90000");
  g_assert_cmpint(api.get(token).number("status"), ==, 3);
  g_assert_cmpint(api.call("attachment_attachmentasset", "get", {{"attachmentAssetId", asset}}).number("status"), ==, 2);
  ASSERT_TEXT(sha256(download_attachment(api, asset)), sha256(data));
}

void test_media_entry_source_flavor_receives_the_file() {
  TokenApi api(*server, start_session(*server, 2));
  std::string data = pattern_bytes(40000, 43);
  std::string token = api.add({{"fileName", "rec.mp4"}}).text("id");
  std::string entry = new_entry(api);
  Reply importing = api.call("media", "addContent",
                             {{"entryId", entry},
                              {"resource[objectType]", "KalturaUploadedFileTokenResource"},
                              {"resource[token]", token}});
  assert_ok(importing);
  g_assert_cmpint(importing.number("status"), ==, 0);  // IMPORT until the upload completes
  ASSERT_TEXT(api.get(token).text("attachedObjectType"), "flavorAsset");

  assert_ok(api.upload(token, data.substr(0, 20000), false, false, 0));
  Reply done = api.upload(token, data.substr(20000), true, true, 20000);
  g_assert_cmpint(done.number("status"), ==, 3);

  Reply flavors = api.call("flavorasset", "list", {{"filter[entryIdEqual]", entry}});
  JsonArray* objects = json_object_get_array_member(flavors.object(), "objects");
  g_assert_cmpuint(json_array_get_length(objects), >=, 1);
  JsonObject* source = json_array_get_object_element(objects, 0);
  ASSERT_TEXT(json_object_get_string_member(source, "id"), api.get(token).text("attachedObjectId"));
  g_assert_cmpint(json_object_get_int_member(source, "sizeInBytes"), ==, 40000);
}

void test_closed_token_is_re_attached_and_never_delivers() {
  TokenApi api(*server, start_session(*server, 2));
  std::string token = api.add({{"fileName", "notes.bin"}}).text("id");
  assert_ok(api.upload(token, "first owner", false, true, 0));
  std::string entry = new_entry(api);
  std::string first = new_attachment(api, entry);
  assert_ok(set_attachment_content(api, first, token));

  std::string second = new_attachment(api, entry);
  Reply again = set_attachment_content(api, second, token);
  assert_ok(again);
  g_assert_cmpint(again.number("status"), !=, 2);
  Reply closed = api.get(token);
  g_assert_cmpint(closed.number("status"), ==, 3);
  ASSERT_TEXT(closed.text("attachedObjectId"), second);
  ASSERT_TEXT(download_attachment(api, first), "first owner");
}

void test_claims_follow_token_visibility() {
  TokenApi alice(*server, start_session(*server, 0, "alice", "edit:*"));
  TokenApi bob(*server, start_session(*server, 0, "bob", "edit:*"));
  TokenApi admin(*server, start_session(*server, 2));
  std::string token = alice.add({{"fileName", "notes.bin"}}).text("id");
  assert_ok(alice.upload(token, "alice's", false, true, 0));
  std::string asset = new_attachment(admin, new_entry(admin));

  ASSERT_TEXT(set_attachment_content(bob, asset, token).code(), "UPLOAD_TOKEN_NOT_FOUND");
  g_assert_cmpint(alice.get(token).number("status"), ==, 2);

  std::string deleted = admin.add().text("id");
  assert_ok(admin.call("uploadtoken", "delete", {{"uploadTokenId", deleted}}));
  ASSERT_TEXT(set_attachment_content(admin, asset, deleted).code(), "UPLOAD_TOKEN_NOT_FOUND");
}

// --no-deferred-attach: like Kaltura servers that predate deferred
// attachment, an unfinished token is refused and nothing changes; once
// complete, the same token attaches.
void test_unfinished_token_refused_without_deferred_attach() {
  DevServerProcess older({"--no-deferred-attach"});
  TokenApi api(older, start_session(older, 2));
  std::string data = pattern_bytes(30000, 44);
  std::string token = api.add({{"fileName", "rec.mp4"}}).text("id");
  std::string entry = new_entry(api);
  const Fields resource = {
      {"entryId", entry}, {"resource[objectType]", "KalturaUploadedFileTokenResource"}, {"resource[token]", token}};
  ASSERT_TEXT(api.call("media", "addContent", resource).code(), "UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY");
  assert_ok(api.upload(token, data.substr(0, 10000), false, false, 0));
  ASSERT_TEXT(api.call("media", "addContent", resource).code(), "UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY");

  // Nothing was recorded: the entry has no content and no flavor, the token no owner.
  g_assert_cmpint(api.call("media", "get", {{"entryId", entry}}).number("status"), ==, 7);  // NO_CONTENT
  Reply flavors = api.call("flavorasset", "list", {{"filter[entryIdEqual]", entry}});
  g_assert_cmpint(flavors.number("totalCount"), ==, 0);
  Reply partial = api.get(token);
  g_assert_cmpint(partial.number("status"), ==, 1);
  ASSERT_TEXT(partial.text("attachedObjectId"), "");

  Reply done = api.upload(token, data.substr(10000), true, true, 10000);
  g_assert_cmpint(done.number("status"), ==, 2);  // FULL_UPLOAD: nobody claimed it
  assert_ok(api.call("media", "addContent", resource));
  g_assert_cmpint(api.get(token).number("status"), ==, 3);
  Reply source = api.call("flavorasset", "list", {{"filter[entryIdEqual]", entry}});
  JsonArray* objects = json_object_get_array_member(source.object(), "objects");
  g_assert_cmpuint(json_array_get_length(objects), ==, 1);
  g_assert_cmpint(json_object_get_int_member(json_array_get_object_element(objects, 0), "sizeInBytes"), ==, 30000);
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  server = std::make_unique<DevServerProcess>();
  g_test_add_func("/upload-token/attach/full-upload-taken-at-once", test_full_upload_token_is_taken_at_once);
  g_test_add_func("/upload-token/attach/deferred-until-final-chunk", test_deferred_attachment_completes_with_the_final_chunk);
  g_test_add_func("/upload-token/attach/media-entry-source-flavor", test_media_entry_source_flavor_receives_the_file);
  g_test_add_func("/upload-token/attach/closed-token-re-attached", test_closed_token_is_re_attached_and_never_delivers);
  g_test_add_func("/upload-token/attach/claims-follow-visibility", test_claims_follow_token_visibility);
  g_test_add_func("/upload-token/attach/refused-without-deferred-attach",
                  test_unfinished_token_refused_without_deferred_attach);
  int status = g_test_run();
  server.reset();
  return status;
}
