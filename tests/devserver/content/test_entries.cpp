// Media entries (§8.2, §8.3): fields and defaults of media.add, validation
// errors, get/update/delete, addContent errors, lists with filters and
// pager, and the ownership rules of a USER KS (§6.1).
#include <glib.h>

#include <string>

#include "content_test_api.h"

using namespace content_test;

namespace {

Fields entry_fields(const Fields& properties) {
  Fields fields = {{"entry[objectType]", "KalturaMediaEntry"}};
  for (const auto& [name, value] : properties) fields.emplace_back("entry[" + name + "]", value);
  return fields;
}

void test_add_fills_fields_and_defaults() {
  DevServerProcess server;
  Api api(server, start_session(server, 2, "alice"));
  const gint64 before = g_get_real_time() / G_USEC_PER_SEC;
  Result entry = api.call("media", "add", entry_fields({{"mediaType", "1"}, {"tags", "a,b"}, {"referenceId", "ref-1"},
                                                        {"description", "about"}, {"partnerData", "pd"}}));
  assert_text_eq(entry.code(), "");
  const std::string id = entry.text("id");
  g_assert_true(g_regex_match_simple("^0_[0-9a-z]{8}$", id.c_str(), G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT));
  g_assert_cmpint(entry.number("status"), ==, 7);
  g_assert_cmpint(entry.type("status"), ==, G_TYPE_INT64);
  g_assert_cmpint(entry.number("type"), ==, 1);
  g_assert_cmpint(entry.number("mediaType"), ==, 1);
  assert_text_eq(entry.text("sourceType"), "6");
  g_assert_cmpint(entry.type("sourceType"), ==, G_TYPE_STRING);
  assert_text_eq(entry.text("userId"), "alice");
  assert_text_eq(entry.text("creatorId"), "alice");
  g_assert_cmpint(entry.number("partnerId"), ==, 100);
  g_assert_cmpint(entry.number("licenseType"), ==, -1);
  g_assert_cmpint(entry.number("replacementStatus"), ==, 0);
  assert_text_eq(entry.text("rootEntryId"), id);
  assert_text_eq(entry.text("flavorParamsIds"), "");
  assert_text_eq(entry.text("tags"), "a,b");
  assert_text_eq(entry.text("referenceId"), "ref-1");
  assert_text_eq(entry.text("description"), "about");
  assert_text_eq(entry.text("partnerData"), "pd");
  assert_text_eq(entry.text("objectType"), "KalturaMediaEntry");
  g_assert_cmpint(entry.number("createdAt"), >=, before);
  // The name defaults to "{partnerId}_{unixtime}".
  const std::string name = entry.text("name");
  g_assert_true(g_str_has_prefix(name.c_str(), "100_"));
  g_assert_cmpint(g_ascii_strtoll(name.c_str() + 4, nullptr, 10), ==, entry.number("createdAt"));
  const std::string prefix = server.url() + "/p/100/sp/10000/";
  assert_text_eq(entry.text("dataUrl"), prefix + "playManifest/entryId/" + id + "/format/url/protocol/http");
  assert_text_eq(entry.text("thumbnailUrl"), prefix + "thumbnail/entry_id/" + id + "/version/0");
  Result profile = api.call("conversionprofile", "getDefault");
  g_assert_cmpint(entry.number("conversionProfileId"), ==, profile.number("id"));
  assert_text_eq(profile.text("flavorParamsIds"), "0");
  Result got = api.call("media", "get", {{"entryId", id}});
  assert_text_eq(got.body(), entry.body());
}

void test_add_rejects_bad_input() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  Result readonly = api.call("media", "add", entry_fields({{"status", "2"}}));
  assert_text_eq(readonly.code(), "PROPERTY_VALIDATION_NOT_UPDATABLE");
  assert_text_eq(readonly.arg("PROP_NAME"), "KalturaMediaEntry::status");
  assert_text_eq(readonly.message(), "The property \"KalturaMediaEntry::status\" cannot be updated");
  Result short_reference = api.call("media", "add", entry_fields({{"referenceId", "x"}}));
  assert_text_eq(short_reference.code(), "PROPERTY_VALIDATION_MIN_LENGTH");
  assert_text_eq(short_reference.arg("PROP_NAME"), "KalturaMediaEntry::referenceId");
  assert_text_eq(short_reference.arg("MIN_LEN"), "2");
  Result bad_type = api.call("media", "add", entry_fields({{"mediaType", "7"}}));
  assert_text_eq(bad_type.code(), "INVALID_ENUM_VALUE");
  assert_text_eq(bad_type.message(),
                 "Invalid enumeration value \"7\" for parameter \"mediaType\", expecting enumeration type "
                 "\"KalturaMediaType\"");
  Result bad_profile = api.call("media", "add", entry_fields({{"conversionProfileId", "999"}}));
  assert_text_eq(bad_profile.code(), "CONVERSION_PROFILE_ID_NOT_FOUND");
  assert_text_eq(bad_profile.message(), "Conversion profile id \"999\" not found");
  assert_text_eq(api.call("media", "add").code(), "MISSING_MANDATORY_PARAMETER");
  g_assert_cmpint(api.call("media", "list", {{"filter[statusNotEqual]", "3"}}).number("totalCount"), ==, 0);
}

void test_get_update_delete() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  Result missing = api.call("media", "get", {{"entryId", "0_nosuch12"}});
  assert_text_eq(missing.code(), "ENTRY_ID_NOT_FOUND");
  assert_text_eq(missing.message(), "Entry id \"0_nosuch12\" not found");
  assert_text_eq(missing.arg("ENTRY_ID"), "0_nosuch12");

  const std::string id = api.add_media({{"mediaType", "1"}, {"name", "before"}, {"tags", "t1"}});
  Result updated = api.call("media", "update", {{"entryId", id}, {"mediaEntry[objectType]", "KalturaMediaEntry"},
                                                {"mediaEntry[name]", "after"}});
  assert_text_eq(updated.text("name"), "after");
  assert_text_eq(updated.text("tags"), "t1");  // only what is sent changes
  Result insert_only = api.call("media", "update", {{"entryId", id}, {"mediaEntry[mediaType]", "5"}});
  assert_text_eq(insert_only.arg("PROP_NAME"), "KalturaMediaEntry::mediaType");
  Result cleared = api.call("media", "update", {{"entryId", id}, {"mediaEntry[tags__null]", ""}});
  g_assert_false(cleared.has("tags"));

  Result deleted = api.call("media", "delete", {{"entryId", id}});
  g_assert_true(JSON_NODE_HOLDS_NULL(deleted.at("")));
  assert_text_eq(api.call("media", "get", {{"entryId", id}}).code(), "ENTRY_ID_NOT_FOUND");
  assert_text_eq(api.call("media", "delete", {{"entryId", id}}).code(), "ENTRY_ID_NOT_FOUND");
  g_assert_cmpint(api.call("media", "list", {{"filter[statusNotEqual]", "3"}}).number("totalCount"), ==, 0);
}

void test_add_content_errors() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string id = api.add_media();
  Result abstract = api.call("media", "addContent", {{"entryId", id}, {"resource[token]", "0_abc"}});
  assert_text_eq(abstract.code(), "OBJECT_TYPE_ABSTRACT");
  assert_text_eq(abstract.arg("OBJ_TYPE"), "KalturaResource");
  Result url_resource = api.call("media", "addContent", {{"entryId", id},
                                                         {"resource[objectType]", "KalturaUrlResource"},
                                                         {"resource[url]", "http://example.com/a.mp4"}});
  assert_text_eq(url_resource.code(), "RESOURCE_TYPE_NOT_SUPPORTED");
  assert_text_eq(url_resource.arg("RES_TYPE"), "KalturaUrlResource");
  Result no_token =
      api.call("media", "addContent", {{"entryId", id}, {"resource[objectType]", "KalturaUploadedFileTokenResource"}});
  assert_text_eq(no_token.code(), "PROPERTY_VALIDATION_CANNOT_BE_NULL");
  assert_text_eq(no_token.arg("PROP_NAME"), "KalturaUploadedFileTokenResource::token");
  Fields unknown = api.token_resource("resource", "0_0123456789abcdef0123456789abcdef");
  unknown.emplace_back("entryId", id);
  assert_text_eq(api.call("media", "addContent", unknown).code(), "UPLOAD_TOKEN_NOT_FOUND");
  // Failed attachments leave the entry without content.
  g_assert_cmpint(api.call("media", "get", {{"entryId", id}}).number("status"), ==, 7);
  assert_text_eq(api.call("media", "get", {{"entryId", id}}).text("flavorParamsIds"), "");

  Fields good = api.token_resource("resource", api.add_token("a.mp4"));
  good.emplace_back("entryId", id);
  g_assert_cmpint(api.call("media", "addContent", good).number("status"), ==, 0);
  Fields second = api.token_resource("resource", api.add_token("b.mp4"));
  second.emplace_back("entryId", id);
  Result twice = api.call("media", "addContent", second);
  assert_text_eq(twice.code(), "ENTRY_ALREADY_WITH_CONTENT");
  assert_text_eq(twice.message(), "Entry already associated with content");
  Fields missing_entry = api.token_resource("resource", api.add_token("c.mp4"));
  missing_entry.emplace_back("entryId", "0_nosuch12");
  assert_text_eq(api.call("media", "addContent", missing_entry).code(), "ENTRY_ID_NOT_FOUND");
}

void test_list_filters_and_pager() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i)
    ids.push_back(api.add_media({{"mediaType", i < 5 ? "1" : "5"},
                                 {"name", "clip " + std::to_string(i) + (i % 2 ? " Odd" : " even")},
                                 {"tags", i % 3 == 0 ? "news,daily" : "sport"},
                                 {"referenceId", "ref-" + std::to_string(i)}}));
  // These entries have no content (7): without a status field a list takes
  // READY entries only (test_entry_lists.cpp).
  const auto list = [&api](Fields filter) {
    filter.emplace_back("filter[statusEqual]", "7");
    return api.call("media", "list", filter);
  };
  Result all = list({});
  assert_text_eq(all.text("objectType"), "KalturaMediaListResponse");
  g_assert_cmpint(all.number("totalCount"), ==, 7);
  assert_text_eq(all.text("objects.0.id"), ids[6]);  // newest first by default
  Result oldest_first = list({{"filter[orderBy]", "+createdAt"}});
  assert_text_eq(oldest_first.text("objects.0.id"), ids[0]);

  Result page = list({{"filter[orderBy]", "+createdAt"}, {"pager[pageSize]", "3"}, {"pager[pageIndex]", "3"}});
  g_assert_cmpint(page.number("totalCount"), ==, 7);
  g_assert_cmpuint(page.length("objects"), ==, 1);
  assert_text_eq(page.text("objects.0.id"), ids[6]);

  g_assert_cmpint(list({{"filter[mediaTypeEqual]", "5"}}).number("totalCount"), ==, 2);
  g_assert_cmpint(list({{"filter[nameLike]", "odd"}}).number("totalCount"), ==, 3);
  g_assert_cmpint(list({{"filter[tagsLike]", "news"}}).number("totalCount"), ==, 3);
  Result by_reference = list({{"filter[referenceIdEqual]", "ref-4"}});
  g_assert_cmpint(by_reference.number("totalCount"), ==, 1);
  assert_text_eq(by_reference.text("objects.0.id"), ids[4]);
  g_assert_cmpint(list({{"filter[referenceIdIn]", "ref-1,ref-2,nope"}}).number("totalCount"), ==, 2);
  g_assert_cmpint(list({{"filter[idIn]", ids[0] + "," + ids[3]}}).number("totalCount"), ==, 2);
  g_assert_cmpint(api.call("media", "list", {{"filter[idEqual]", ids[2]}}).number("totalCount"), ==, 1);
  g_assert_cmpint(api.call("media", "list", {{"filter[statusIn]", "2,-1"}}).number("totalCount"), ==, 0);
  g_assert_cmpint(list({{"filter[userIdEqual]", "nobody"}}).number("totalCount"), ==, 0);
  Result count = api.call("media", "count", {{"filter[tagsLike]", "sport"}, {"filter[statusEqual]", "7"}});
  g_assert_cmpint(count.number(), ==, 4);
}

// A USER KS sees and changes only its own entries, unless edit:* says otherwise.
void test_user_ks_ownership() {
  DevServerProcess server;
  Api bob(server, start_session(server, 0, "bob"));
  Api carol(server, start_session(server, 0, "carol"));
  Api admin(server, start_session(server, 2));
  const std::string bobs = bob.add_media({{"mediaType", "1"}, {"name", "bob's"}});
  const std::string carols = carol.add_media({{"mediaType", "1"}, {"userId", "mallory"}});
  assert_text_eq(carol.call("media", "get", {{"entryId", carols}}).text("userId"), "carol");

  Result foreign = carol.call("media", "update", {{"entryId", bobs}, {"mediaEntry[name]", "mine now"}});
  assert_text_eq(foreign.code(), "INVALID_KS");
  assert_text_eq(foreign.message(), "Invalid KS \"\", Error \"-4,INVALID_TYPE\"");
  assert_text_eq(foreign.arg("ERR_CODE"), "-4");
  assert_text_eq(carol.call("media", "delete", {{"entryId", bobs}}).code(), "INVALID_KS");
  assert_text_eq(carol.call("media", "get", {{"entryId", bobs}}).code(), "INVALID_KS");
  const Fields without_content = {{"filter[statusEqual]", "7"}};
  Result carols_list = carol.call("media", "list", without_content);
  g_assert_cmpint(carols_list.number("totalCount"), ==, 1);
  assert_text_eq(carols_list.text("objects.0.id"), carols);
  g_assert_cmpint(admin.call("media", "list", without_content).number("totalCount"), ==, 2);

  Api editor(server, start_session(server, 0, "dave", "edit:" + bobs));
  assert_text_eq(editor.call("media", "update", {{"entryId", bobs}, {"mediaEntry[name]", "edited"}}).text("name"),
                 "edited");
  assert_text_eq(editor.call("media", "update", {{"entryId", carols}, {"mediaEntry[name]", "x"}}).code(),
                 "INVALID_KS");
  assert_text_eq(bob.call("media", "get", {{"entryId", bobs}}).text("name"), "edited");
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/devserver/entries/add-fields-and-defaults", test_add_fills_fields_and_defaults);
  g_test_add_func("/devserver/entries/add-rejects-bad-input", test_add_rejects_bad_input);
  g_test_add_func("/devserver/entries/get-update-delete", test_get_update_delete);
  g_test_add_func("/devserver/entries/add-content-errors", test_add_content_errors);
  g_test_add_func("/devserver/entries/list-filters-and-pager", test_list_filters_and_pager);
  g_test_add_func("/devserver/entries/user-ks-ownership", test_user_ks_ownership);
  return g_test_run();
}
