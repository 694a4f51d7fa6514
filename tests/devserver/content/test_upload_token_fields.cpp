// uploadToken.add / get / list / delete: the KalturaUploadToken object on the
// wire, input validation, filters and paging, and who may see which token.
#include <glib.h>

#include <memory>
#include <set>

#include "test_upload_token_api.h"

using namespace upload_token_test;

namespace {

std::unique_ptr<DevServerProcess> server;

TokenApi admin() { return TokenApi(*server, start_session(*server, 2)); }

bool is_upload_token_id(const std::string& id) {
  if (id.size() != 34 || id.compare(0, 2, "0_") != 0) return false;
  for (char c : id.substr(2))
    if (!g_ascii_isxdigit(c) || g_ascii_isupper(c)) return false;
  return true;
}

void test_add_returns_the_token_object() {
  TokenApi api = admin();
  Reply token = api.add({{"fileName", "rec.mp4"}, {"fileSize", "1000"}});
  ASSERT_TEXT(token.code(), "");
  g_assert_true(is_upload_token_id(token.text("id")));
  g_assert_cmpint(token.number("partnerId"), ==, testing_support::kPartnerId);
  g_assert_cmpint(token.number("status"), ==, 0);
  ASSERT_TEXT(token.text("fileName"), "rec.mp4");
  g_assert_true(token.value_type("fileSize") == G_TYPE_STRING);
  ASSERT_TEXT(token.text("fileSize"), "1000");
  g_assert_false(token.has("uploadedFileSize"));
  g_assert_false(token.has("uploadUrl"));
  g_assert_true(token.value_type("autoFinalize") == G_TYPE_BOOLEAN);
  ASSERT_TEXT(token.text("autoFinalize"), "false");
  g_assert_true(token.value_type("createdAt") == G_TYPE_INT64);
  g_assert_cmpint(token.number("createdAt"), >, 1700000000);
  g_assert_cmpint(token.number("updatedAt"), ==, token.number("createdAt"));
  // objectType is the last key.
  g_assert_true(g_str_has_suffix(token.body().c_str(), "\"objectType\":\"KalturaUploadToken\"}"));

  Reply fetched = api.get(token.text("id"));
  ASSERT_TEXT(fetched.body(), token.body().c_str());

  // Every field is optional.
  Reply bare = api.call("uploadtoken", "add");
  g_assert_cmpint(bare.number("status"), ==, 0);
  g_assert_false(bare.has("fileName"));
  g_assert_false(bare.has("fileSize"));
}

void test_add_reads_auto_finalize_as_a_nullable_boolean() {
  TokenApi api = admin();
  Reply missing_size = api.add({{"autoFinalize", "1"}});
  ASSERT_TEXT(missing_size.code(), "UPLOAD_TOKEN_MISSING_FILE_SIZE");
  ASSERT_TEXT(missing_size.text("message"), "FileSize is mandatory when enabling autoFinalize");

  ASSERT_TEXT(api.add({{"autoFinalize", "true"}, {"fileSize", "10"}}).text("autoFinalize"), "true");
  ASSERT_TEXT(api.add({{"autoFinalize", "1"}, {"fileSize", "10"}}).text("autoFinalize"), "true");
  ASSERT_TEXT(api.add({{"autoFinalize", "0"}}).text("autoFinalize"), "false");
  ASSERT_TEXT(api.add({{"autoFinalize", "-1"}}).text("autoFinalize"), "false");
  ASSERT_TEXT(api.add({{"autoFinalize", "false"}}).text("autoFinalize"), "false");

  Reply bad = api.add({{"autoFinalize", "7"}});
  ASSERT_TEXT(bad.code(), "INVALID_ENUM_VALUE");
  ASSERT_TEXT(bad.error_arg("ENUM_VAL"), "7");
}

void test_add_refuses_read_only_fields() {
  TokenApi api = admin();
  for (const char* field : {"status", "uploadedFileSize", "id", "attachedObjectId"}) {
    Reply reply = api.add({{"fileName", "a.mp4"}, {field, "2"}});
    ASSERT_TEXT(reply.code(), "PROPERTY_VALIDATION_NOT_UPDATABLE");
    std::string prop = std::string("KalturaUploadToken::") + field;
    ASSERT_TEXT(reply.error_arg("PROP_NAME"), prop.c_str());
    ASSERT_TEXT(reply.text("message"), ("The property \"" + prop + "\" cannot be updated").c_str());
  }
}

// The ids of a list reply, in order.
std::vector<std::string> listed_ids(const Reply& reply) {
  std::vector<std::string> ids;
  JsonArray* objects = json_object_get_array_member(reply.object(), "objects");
  for (guint i = 0; i < json_array_get_length(objects); ++i)
    ids.push_back(json_object_get_string_member(json_array_get_object_element(objects, i), "id"));
  return ids;
}

void test_list_filters_orders_and_pages() {
  // A user of its own keeps this test's tokens apart from the others'.
  TokenApi lister(*server, start_session(*server, 0, "lister"));
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i)
    ids.push_back(lister.add({{"fileName", i < 2 ? "same.mp4" : "other.mp4"}, {"fileSize", std::to_string(100 + i)}})
                      .text("id"));
  ASSERT_TEXT(lister.upload(ids[1], "abc", false, false, 0).code(), "");  // PARTIAL_UPLOAD
  ASSERT_TEXT(lister.upload(ids[2], "abc", false, true, 0).code(), "");   // FULL_UPLOAD
  ASSERT_TEXT(lister.call("uploadtoken", "delete", {{"uploadTokenId", ids[4]}}).code(), "");

  auto list = [&](Fields filter) {
    filter.emplace_back("filter[objectType]", "KalturaUploadTokenFilter");
    filter.emplace_back("filter[userIdEqual]", "lister");
    Reply reply = lister.call("uploadtoken", "list", filter);
    ASSERT_TEXT(reply.text("objectType"), "KalturaUploadTokenListResponse");
    return reply;
  };
  using Ids = std::vector<std::string>;

  Reply all = list({});
  g_assert_cmpint(all.number("totalCount"), ==, 4);  // the deleted one is gone
  g_assert_true(listed_ids(all) == (Ids{ids[0], ids[1], ids[2], ids[3]}));
  g_assert_true(listed_ids(list({{"filter[orderBy]", "-createdAt"}})) == (Ids{ids[3], ids[2], ids[1], ids[0]}));
  g_assert_true(listed_ids(list({{"filter[idEqual]", ids[3]}})) == (Ids{ids[3]}));
  g_assert_true(listed_ids(list({{"filter[idIn]", ids[0] + "," + ids[2] + "," + ids[4]}})) == (Ids{ids[0], ids[2]}));
  g_assert_true(listed_ids(list({{"filter[statusEqual]", "1"}})) == (Ids{ids[1]}));
  g_assert_true(listed_ids(list({{"filter[statusIn]", "0,2"}})) == (Ids{ids[0], ids[2], ids[3]}));
  g_assert_true(listed_ids(list({{"filter[statusEqual]", "5"}})).empty());
  g_assert_true(listed_ids(list({{"filter[fileNameEqual]", "same.mp4"}})) == (Ids{ids[0], ids[1]}));
  g_assert_true(listed_ids(list({{"filter[fileSizeEqual]", "103"}})) == (Ids{ids[3]}));

  Reply page = list({{"pager[pageSize]", "2"}, {"pager[pageIndex]", "2"}});
  g_assert_cmpint(page.number("totalCount"), ==, 4);
  g_assert_true(listed_ids(page) == (Ids{ids[2], ids[3]}));
  g_assert_true(listed_ids(list({{"pager[pageSize]", "2"}, {"pager[pageIndex]", "3"}})).empty());
}

void test_delete_makes_the_token_not_found_everywhere() {
  TokenApi api = admin();
  std::string id = api.add({{"fileName", "gone.mp4"}}).text("id");
  ASSERT_TEXT(api.upload(id, "partial", false, false, 0).code(), "");

  Reply deleted = api.call("uploadtoken", "delete", {{"uploadTokenId", id}});
  g_assert_true(JSON_NODE_HOLDS_NULL(deleted.root()));

  ASSERT_TEXT(api.get(id).code(), "UPLOAD_TOKEN_NOT_FOUND");
  ASSERT_TEXT(api.get(id).text("message"), "Upload token not found");
  ASSERT_TEXT(api.upload(id, "more", true, false, 7).code(), "UPLOAD_TOKEN_NOT_FOUND");
  ASSERT_TEXT(api.call("uploadtoken", "delete", {{"uploadTokenId", id}}).code(),
              "UPLOAD_TOKEN_NOT_FOUND");
  g_assert_cmpint(api.call("uploadtoken", "list", {{"filter[idEqual]", id}}).number("totalCount"), ==, 0);
  g_assert_false(g_file_test((server->data_dir() + "/content/upload-tokens/" + id).c_str(), G_FILE_TEST_EXISTS));
}

void test_user_ks_sees_only_its_own_tokens() {
  TokenApi alice(*server, start_session(*server, 0, "alice"));
  TokenApi bob(*server, start_session(*server, 0, "bob"));
  Reply token = alice.add({{"fileName", "alice.mp4"}});
  std::string id = token.text("id");
  ASSERT_TEXT(token.text("userId"), "alice");

  ASSERT_TEXT(bob.get(id).code(), "UPLOAD_TOKEN_NOT_FOUND");
  ASSERT_TEXT(bob.upload(id, "bob's bytes", false, true, 0).code(), "UPLOAD_TOKEN_NOT_FOUND");
  ASSERT_TEXT(bob.call("uploadtoken", "delete", {{"uploadTokenId", id}}).code(),
              "UPLOAD_TOKEN_NOT_FOUND");
  g_assert_cmpint(bob.call("uploadtoken", "list", {{"filter[idEqual]", id}}).number("totalCount"), ==, 0);
  g_assert_cmpint(bob.call("uploadtoken", "list", {{"filter[userIdEqual]", "alice"}}).number("totalCount"), ==, 0);

  // The owner and an admin still see it, untouched.
  Reply own = alice.get(id);
  g_assert_cmpint(own.number("status"), ==, 0);
  g_assert_cmpint(alice.call("uploadtoken", "list", {{"filter[idEqual]", id}}).number("totalCount"), ==, 1);
  ASSERT_TEXT(admin().get(id).text("userId"), "alice");
}

void test_widget_ks_may_only_get_and_list() {
  // A widget session's user is "0": it sees the tokens of that user.
  TokenApi user_zero(*server, start_session(*server, 0, "0"));
  std::string id = user_zero.add({{"fileName", "public.mp4"}}).text("id");
  TokenApi widget(*server, start_widget_session(*server));

  ASSERT_TEXT(widget.get(id).text("id"), id.c_str());
  Reply listed = widget.call("uploadtoken", "list", {{"filter[idEqual]", id}});
  g_assert_cmpint(listed.number("totalCount"), ==, 1);

  ASSERT_TEXT(widget.add({{"fileName", "w.mp4"}}).code(), "SERVICE_FORBIDDEN");
  ASSERT_TEXT(widget.upload(id, "bytes", false, true, 0).code(), "SERVICE_FORBIDDEN");
  ASSERT_TEXT(widget.call("uploadtoken", "delete", {{"uploadTokenId", id}}).code(),
              "SERVICE_FORBIDDEN");
  g_assert_cmpint(user_zero.get(id).number("status"), ==, 0);
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  server = std::make_unique<DevServerProcess>();
  g_test_add_func("/upload-token/add/object-on-the-wire", test_add_returns_the_token_object);
  g_test_add_func("/upload-token/add/auto-finalize", test_add_reads_auto_finalize_as_a_nullable_boolean);
  g_test_add_func("/upload-token/add/read-only-fields", test_add_refuses_read_only_fields);
  g_test_add_func("/upload-token/list/filters-order-pager", test_list_filters_orders_and_pages);
  g_test_add_func("/upload-token/delete", test_delete_makes_the_token_not_found_everywhere);
  g_test_add_func("/upload-token/access/user-ks-isolation", test_user_ks_sees_only_its_own_tokens);
  g_test_add_func("/upload-token/access/widget-ks", test_widget_ks_may_only_get_and_list);
  int status = g_test_run();
  server.reset();
  return status;
}
