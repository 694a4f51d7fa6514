// Data and document entries, and baseEntry across entry types (§8.4).
#include <glib.h>

#include <string>

#include "content_test_api.h"

using namespace content_test;

namespace {

void test_data_entries() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  Result added = api.call("data", "add", {{"dataEntry[objectType]", "KalturaDataEntry"}, {"dataEntry[name]", "cfg"},
                                          {"dataEntry[dataContent]", "<config>1</config>"}});
  assert_text_eq(added.code(), "");
  g_assert_cmpint(added.number("status"), ==, 2);  // READY at once
  g_assert_cmpint(added.number("type"), ==, 6);
  assert_text_eq(added.text("objectType"), "KalturaDataEntry");
  assert_text_eq(added.text("dataContent"), "<config>1</config>");
  const std::string raw_url = added.text("downloadUrl");
  assert_text_eq(raw_url, server.url() + "/p/100/sp/10000/raw/entry_id/" + added.text("id") + "/version/0");
  assert_text_eq(fetch(raw_url).body, "<config>1</config>");

  Result empty = api.call("data", "add", {{"dataEntry[name]", "notes"}});
  const std::string notes = "line one\nline two\n";
  Fields text_file = api.token_resource("resource", api.uploaded_token(notes, "notes.txt"));
  text_file.emplace_back("entryId", empty.text("id"));
  Result filled = api.call("data", "addContent", text_file);
  assert_text_eq(filled.code(), "");
  assert_text_eq(filled.text("dataContent"), notes);
  assert_text_eq(fetch(filled.text("downloadUrl")).body, notes);
  Fields again = api.token_resource("resource", api.uploaded_token("x", "more.txt"));
  again.emplace_back("entryId", empty.text("id"));
  assert_text_eq(api.call("data", "addContent", again).code(), "ENTRY_ALREADY_WITH_CONTENT");

  Result binary = api.call("data", "add", {{"dataEntry[name]", "blob"}});
  Fields json_file = api.token_resource("resource", api.uploaded_token("{}", "blob.json"));
  json_file.emplace_back("entryId", binary.text("id"));
  Result refused = api.call("data", "addContent", json_file);
  assert_text_eq(refused.code(), "FILE_TYPE_NOT_SUPPORTED");
  assert_text_eq(refused.message(), "File type application/json is not supported");

  Result updated = api.call("data", "update", {{"entryId", added.text("id")}, {"documentEntry[dataContent]", "v2"}});
  assert_text_eq(updated.text("dataContent"), "v2");
  assert_text_eq(fetch(updated.text("downloadUrl")).body, "v2");
  // A data entry is not media.
  assert_text_eq(api.call("media", "get", {{"entryId", added.text("id")}}).code(), "ENTRY_ID_NOT_FOUND");
  g_assert_cmpint(api.call("data", "list").number("totalCount"), ==, 3);
}

void test_document_entries() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  Result added = api.call("document_documents", "add", {{"documentEntry[objectType]", "KalturaDocumentEntry"},
                                                        {"documentEntry[name]", "slides"}});
  assert_text_eq(added.code(), "");
  g_assert_cmpint(added.number("status"), ==, 7);
  g_assert_cmpint(added.number("type"), ==, 10);
  const std::string pdf = "%PDF-1.4\n" + std::string(3000, 'p') + "\n%%EOF\n";
  Fields content = api.token_resource("resource", api.uploaded_token(pdf, "slides.pdf"));
  content.emplace_back("entryId", added.text("id"));
  Result attached = api.call("document_documents", "addContent", content);
  assert_text_eq(attached.code(), "");
  g_assert_cmpint(attached.number("documentType"), ==, 13);
  Result ready = api.wait_for_entry(added.text("id"));
  g_assert_cmpint(ready.number("status"), ==, 2);
  auto download = fetch(ready.text("downloadUrl"));
  assert_text_eq(download.headers["content-type"], "application/pdf");
  assert_text_eq(sha256(download.body), sha256(pdf));
  Result got = api.call("document_documents", "get", {{"entryId", added.text("id")}});
  assert_text_eq(got.text("objectType"), "KalturaDocumentEntry");

  Result other = api.call("document_documents", "add", {{"documentEntry[name]", "memo"}});
  Fields memo = api.token_resource("resource", api.uploaded_token("memo", "memo.odt"));
  memo.emplace_back("entryId", other.text("id"));
  g_assert_cmpint(api.call("document_documents", "addContent", memo).number("documentType"), ==, 11);
}

void test_base_entry_across_types() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  Result document = api.call("baseentry", "add", {{"entry[objectType]", "KalturaDocumentEntry"},
                                                  {"entry[name]", "doc"}, {"entry[referenceId]", "shared"}});
  g_assert_cmpint(document.number("type"), ==, 10);
  Result data = api.call("baseentry", "add", {{"entry[name]", "data"}, {"type", "6"}});
  g_assert_cmpint(data.number("type"), ==, 6);
  g_assert_cmpint(data.number("status"), ==, 2);
  Result media = api.call("baseentry", "add", {{"entry[objectType]", "KalturaMediaEntry"},
                                               {"entry[mediaType]", "1"}, {"entry[referenceId]", "shared"}});
  g_assert_cmpint(media.number("status"), ==, 7);
  Result unsupported = api.call("baseentry", "add", {{"entry[name]", "x"}, {"type", "-1"}});
  assert_text_eq(unsupported.code(), "ENTRY_TYPE_NOT_SUPPORTED");
  assert_text_eq(unsupported.message(), "Entry type \"-1\" not supported");

  // Every status but deleted; without a status field only the data entry, READY, is listed.
  const Fields not_deleted = {{"filter[statusNotEqual]", "3"}};
  g_assert_cmpint(api.call("baseentry", "list", not_deleted).number("totalCount"), ==, 3);
  assert_text_eq(api.call("baseentry", "list").text("objectType"), "KalturaBaseEntryListResponse");
  g_assert_cmpint(api.call("baseentry", "list").number("totalCount"), ==, 1);
  g_assert_cmpint(api.call("baseentry", "list", {{"filter[typeEqual]", "6"}}).number("totalCount"), ==, 1);
  assert_text_eq(api.call("baseentry", "get", {{"entryId", document.text("id")}}).text("objectType"),
                 "KalturaDocumentEntry");
  Result by_ids = api.call("baseentry", "getByIds",
                           {{"entryIds", media.text("id") + ",0_nosuch12," + data.text("id")}});
  g_assert_cmpuint(by_ids.length(""), ==, 2);
  assert_text_eq(by_ids.text("0.id"), media.text("id"));
  assert_text_eq(by_ids.text("1.objectType"), "KalturaDataEntry");
  Result shared = api.call("baseentry", "listByReferenceId", {{"refId", "shared"}});
  g_assert_cmpint(shared.number("totalCount"), ==, 2);

  Fields data_content = api.token_resource("resource", api.uploaded_token("x", "x.txt"));
  data_content.emplace_back("entryId", data.text("id"));
  assert_text_eq(api.call("baseentry", "updateContent", data_content).code(), "ENTRY_TYPE_NOT_SUPPORTED");
  Fields media_content = api.token_resource("resource", api.add_token("m.mp4"));
  media_content.emplace_back("entryId", media.text("id"));
  g_assert_cmpint(api.call("baseentry", "addContent", media_content).number("status"), ==, 0);
  Result renamed = api.call("baseentry", "update", {{"entryId", document.text("id")}, {"baseEntry[name]", "doc 2"}});
  assert_text_eq(renamed.text("name"), "doc 2");
  g_assert_true(JSON_NODE_HOLDS_NULL(api.call("baseentry", "delete", {{"entryId", document.text("id")}}).at("")));
  g_assert_cmpint(api.call("baseentry", "list", not_deleted).number("totalCount"), ==, 2);
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/devserver/other-entries/data", test_data_entries);
  g_test_add_func("/devserver/other-entries/document", test_document_entries);
  g_test_add_func("/devserver/other-entries/base-entry", test_base_entry_across_types);
  return g_test_run();
}
