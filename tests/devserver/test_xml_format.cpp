// format=2 (protocol §3.5, §4.3): every kind of result an official client
// meets, parsed as XML and checked field by field against the JSON answer
// of the same call; XML as the default when no format is sent; PHP and
// JSONP still refused.
#include <memory>

#include "devserver_xml.h"

using namespace devserver_test;
using testing_support::http_request;
using testing_support::kAdminSecret;
using testing_support::post_form;
using testing_support::post_json;
using testing_support::post_multipart;

namespace {

DevServerProcess* server = nullptr;

// POST of urlencoded fields with the given format ("" sends none).
HttpResponse call_as(const std::string& format, const std::string& service, const std::string& action, Fields fields) {
  if (!format.empty()) fields.emplace_back("format", format);
  return post_form(action_url(*server, service, action), fields);
}

// The same call answered in XML and in JSON.
void expect_same_call(const std::string& service, const std::string& action, const Fields& fields) {
  expect_same_answer(call_as("2", service, action, fields), call_as("1", service, action, fields));
}

std::string add_entry(const std::string& ks, const std::string& name) {
  Json entry(
      call(*server, "media", "add",
           {{"ks", ks}, {"entry[objectType]", "KalturaMediaEntry"}, {"entry[mediaType]", "1"}, {"entry[name]", name}})
          .body);
  ASSERT_STR(entry.str("objectType"), "KalturaMediaEntry");
  return entry.str("id");
}

void test_string_result() {
  HttpResponse response = call_as("2", "session", "start",
                                  {{"secret", kAdminSecret}, {"type", "2"}, {"userId", "xml-user"}, {"expiry", "600"}});
  g_assert_cmpint(response.status, ==, 200);
  ASSERT_STR(response.headers["content-type"], "text/xml");
  XmlAnswer answer(response.body);
  g_assert_true(answer.result().children.empty());
  const std::string ks = answer.result().text;
  g_assert_false(ks.empty());
  // The KS works, and is the session asked for.
  Json session(call(*server, "session", "get", {{"ks", ks}}).body);
  ASSERT_STR(session.str("objectType"), "KalturaSessionInfo");
  ASSERT_STR(session.str("userId"), "xml-user");
  g_assert_cmpint(session.num("sessionType"), ==, 2);
  // The same session's description, in both formats.
  expect_same_call("session", "get", {{"ks", ks}});
}

void test_object_result() {
  const std::string ks = admin_ks(*server);
  HttpResponse added = call_as("2", "media", "add",
                               {{"ks", ks},
                                {"entry[objectType]", "KalturaMediaEntry"},
                                {"entry[mediaType]", "1"},
                                {"entry[name]", "xml object"},
                                {"entry[tags]", "a,b"}});
  XmlAnswer answer(added.body);
  const XmlElement& entry = answer.result();
  ASSERT_STR(entry.children.at(0)->name, "objectType");
  ASSERT_STR(entry.children.at(0)->text, "KalturaMediaEntry");
  const std::string id = entry.at("id").text;
  // What add answered is what get answers in JSON, field by field.
  HttpResponse json = call(*server, "media", "get", {{"ks", ks}, {"entryId", id}});
  expect_same_answer(added, json);
  expect_same_call("baseEntry", "get", {{"ks", ks}, {"entryId", id}});
  expect_same_call("media", "get", {{"ks", ks}, {"entryId", id}});
}

void test_list_result() {
  const std::string ks = admin_ks(*server);
  add_entry(ks, "listed one");
  add_entry(ks, "listed two");
  const Fields without_content = {{"ks", ks}, {"filter[statusEqual]", "7"}};
  HttpResponse list = call_as("2", "media", "list", without_content);
  XmlAnswer answer(list.body);
  ASSERT_STR(answer.result().children.at(0)->text, "KalturaMediaListResponse");
  g_assert_cmpuint(answer.result().at("objects").children.size(), >=, 2);
  expect_same_answer(list, call_as("1", "media", "list", without_content));
  expect_same_call("baseEntry", "list", {{"ks", ks}, {"filter[statusEqual]", "7"}, {"pager[pageSize]", "1"}});
  // An empty array is an empty element.
  Fields nothing = {{"ks", ks}, {"filter[objectType]", "KalturaMediaEntryFilter"}, {"filter[idEqual]", "0_none0000"}};
  XmlAnswer empty(call_as("2", "media", "list", nothing).body);
  g_assert_true(empty.result().at("objects").children.empty());
  ASSERT_STR(empty.result().at("totalCount").text, "0");
  expect_same_call("media", "list", nothing);
}

void test_booleans_and_void() {
  const std::string ks = admin_ks(*server);
  for (const char* flag : {"1", "0"}) {
    XmlAnswer token(call_as("2", "uploadToken", "add",
                            {{"ks", ks},
                             {"uploadToken[objectType]", "KalturaUploadToken"},
                             {"uploadToken[fileName]", "flag.bin"},
                             {"uploadToken[fileSize]", "10"},
                             {"uploadToken[autoFinalize]", flag}})
                        .body);
    ASSERT_STR(token.result().at("autoFinalize").text, flag);
    expect_same_call("uploadToken", "get", {{"ks", ks}, {"uploadTokenId", token.result().at("id").text}});
  }
  // A void action: an empty result, as JSON's null.
  const std::string gone = add_entry(ks, "to delete");
  HttpResponse deleted = call_as("2", "media", "delete", {{"ks", ks}, {"entryId", gone}});
  XmlAnswer answer(deleted.body);
  g_assert_true(answer.result().children.empty());
  ASSERT_STR(answer.result().text, "");
  HttpResponse json = call(*server, "media", "delete", {{"ks", ks}, {"entryId", add_entry(ks, "to delete too")}});
  ASSERT_STR(json.body, "null");
  expect_same_answer(deleted, json);
}

void test_api_errors() {
  const std::string ks = admin_ks(*server);
  HttpResponse missing = call_as("2", "media", "get", {{"ks", ks}, {"entryId", "0_nosuch12"}});
  g_assert_cmpint(missing.status, ==, 200);
  XmlAnswer answer(missing.body);
  ASSERT_STR(answer.error_code(), "ENTRY_ID_NOT_FOUND");
  ASSERT_STR(answer.result().at("error").at("message").text, "Entry id \"0_nosuch12\" not found");
  expect_same_answer(missing, call_as("1", "media", "get", {{"ks", ks}, {"entryId", "0_nosuch12"}}));
  // Several arguments, in order.
  expect_same_call("session", "noSuchAction", {});
  // No arguments: an empty <args>.
  HttpResponse unspecified = post_form(server->api_base() + "/index.php", {{"format", "2"}});
  XmlAnswer none(unspecified.body);
  ASSERT_STR(none.error_code(), "SERVICE_NOT_SPECIFIED");
  g_assert_true(none.result().at("error").at("args").children.empty());
  expect_same_answer(unspecified, post_form(server->api_base() + "/index.php", {{"format", "1"}}));
  // SERVICE_FORBIDDEN keeps its headers.
  HttpResponse forbidden = call_as("2", "appToken", "list", {});
  ASSERT_STR(XmlAnswer(forbidden.body).error_code(), "SERVICE_FORBIDDEN");
  ASSERT_STR(forbidden.headers["x-kaltura"], "error-SERVICE_FORBIDDEN");
  expect_same_answer(forbidden, call_as("1", "appToken", "list", {}));
}

void test_multirequest_success_and_error() {
  const std::string ks = admin_ks(*server);
  const std::string id = add_entry(ks, "in a batch");
  Fields calls = {{"ks", ks},
                  {"0:service", "media"},
                  {"0:action", "get"},
                  {"0:entryId", id},
                  {"1:service", "media"},
                  {"1:action", "get"},
                  {"1:entryId", "0_nosuch12"},
                  {"2:service", "session"},
                  {"2:action", "get"},
                  {"3:service", "baseEntry"},
                  {"3:action", "list"},
                  {"3:filter[objectType]", "KalturaBaseEntryFilter"},
                  {"3:filter[idEqual]", "{1:result:id}"}};
  HttpResponse xml = call_as("2", "multirequest", "null", calls);
  XmlAnswer answer(xml.body);
  g_assert_cmpuint(answer.result().children.size(), ==, 4);
  ASSERT_STR(answer.result().children[1]->at("error").at("code").text, "ENTRY_ID_NOT_FOUND");
  HttpResponse json = call_as("1", "multirequest", "null", calls);
  expect_same_answer(xml, json);
  // A result that is a bare string is the item's text.
  HttpResponse ks_batch = call_as("2", "multirequest", "null",
                                  {{"0:service", "session"},
                                   {"0:action", "start"},
                                   {"0:secret", kAdminSecret},
                                   {"0:type", "2"},
                                   {"1:service", "session"},
                                   {"1:action", "get"},
                                   {"1:ks", "{1:result}"}});
  XmlAnswer batch(ks_batch.body);
  g_assert_true(batch.result().children.at(0)->children.empty());
  g_assert_false(batch.result().children.at(0)->text.empty());
  ASSERT_STR(batch.result().children.at(1)->at("objectType").text, "KalturaSessionInfo");
}

void test_special_characters() {
  const std::string ks = admin_ks(*server);
  const std::string name = "A & B <c> \"d\" 'e' ]]> &amp; tab\there\nline\r\nend \xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac";
  g_autoptr(JsonBuilder) builder = json_builder_new();
  json_builder_begin_object(builder);
  json_builder_set_member_name(builder, "format");
  json_builder_add_int_value(builder, 1);
  json_builder_set_member_name(builder, "ks");
  json_builder_add_string_value(builder, ks.c_str());
  json_builder_set_member_name(builder, "entry");
  json_builder_begin_object(builder);
  json_builder_set_member_name(builder, "objectType");
  json_builder_add_string_value(builder, "KalturaMediaEntry");
  json_builder_set_member_name(builder, "mediaType");
  json_builder_add_int_value(builder, 1);
  json_builder_set_member_name(builder, "name");
  json_builder_add_string_value(builder, name.c_str());
  json_builder_end_object(builder);
  json_builder_end_object(builder);
  g_autoptr(JsonNode) root = json_builder_get_root(builder);
  g_autofree char* body = json_to_string(root, FALSE);
  Json added(post_json(action_url(*server, "media", "add"), body).body);
  ASSERT_STR(added.str("name"), name);

  HttpResponse xml = call_as("2", "media", "get", {{"ks", ks}, {"entryId", added.str("id")}});
  g_assert_true(xml.body.find("A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos; ]]&gt; &amp;amp;") != std::string::npos);
  g_assert_true(xml.body.find("line&#13;\nend") != std::string::npos);  // a raw CR would be read as LF
  XmlAnswer answer(xml.body);
  ASSERT_STR(answer.result().at("name").text, name);
  // A control character XML cannot carry at all is replaced, U+FFFD. Such a
  // parameter is refused, but a file part's name may hold one, and a token
  // without a file name takes it.
  const std::string token = Json(call(*server, "uploadtoken", "add", {{"ks", ks}}).body).str("id");
  HttpResponse uploaded = post_multipart(action_url(*server, "uploadtoken", "upload") + "?format=2",
                                         {{"ks", ks}, {"uploadTokenId", token}}, {{"fileData", "bell\x07.bin", "x"}});
  ASSERT_STR(XmlAnswer(uploaded.body).result().at("fileName").text, "bell\xef\xbf\xbd.bin");
  g_assert_true(uploaded.body.find('\x07') == std::string::npos);
  // The error message quotes what it was given, escaped too.
  HttpResponse missing = call_as("2", "media", "get", {{"ks", ks}, {"entryId", "<&'\">"}});
  ASSERT_STR(XmlAnswer(missing.body).result().at("error").at("message").text, "Entry id \"<&'\">\" not found");
  expect_same_answer(missing, call_as("1", "media", "get", {{"ks", ks}, {"entryId", "<&'\">"}}));
}

void test_default_and_refused_formats() {
  // No format at all: XML, Kaltura's default (protocol §1.2).
  HttpResponse absent = call_as("", "session", "start", {{"secret", kAdminSecret}, {"type", "2"}});
  ASSERT_STR(absent.headers["content-type"], "text/xml");
  g_assert_false(XmlAnswer(absent.body).result().text.empty());
  // Nor in a JSON body (null counts as absent), where 2 may be a number.
  const std::string secret = std::string("\"secret\":\"") + kAdminSecret + "\"";
  for (const std::string& format : {std::string(""), std::string("\"format\":null,"), std::string("\"format\":2,"),
                                    std::string("\"format\":\"2\",")}) {
    HttpResponse json_body = post_json(action_url(*server, "session", "start"), "{" + format + secret + "}");
    ASSERT_STR(json_body.headers["content-type"], "text/xml");
    g_assert_false(XmlAnswer(json_body.body).result().text.empty());
  }
  // A multirequest without a top-level format is XML too.
  HttpResponse batch = call_as(
      "", "multirequest", "null",
      {{"0:service", "session"}, {"0:action", "startWidgetSession"}, {"0:widgetId", "_100"}, {"0:format", "1"}});
  ASSERT_STR(batch.headers["content-type"], "text/xml");
  ASSERT_STR(XmlAnswer(batch.body).result().children.at(0)->at("objectType").text, "KalturaStartWidgetSessionResponse");
  // PHP, JSONP and anything else: refused, in JSON.
  for (const char* format : {"3", "9", "", "xml"}) {
    HttpResponse refused =
        post_form(action_url(*server, "session", "start"), {{"secret", kAdminSecret}, {"format", format}});
    ASSERT_STR(refused.headers["content-type"], "application/json");
    ASSERT_STR(error_code(refused.body), "UNSUPPORTED_FORMAT");
    ASSERT_STR(Json(refused.body).str("args.FORMAT"), format);
  }
}

void test_unusable_body() {
  // The body is not read, so its format is not known: the query's is used, else JSON.
  const std::string url = action_url(*server, "session", "start");
  const std::string broken = "--xyz\r\nContent-Disposition: form-da";
  HttpResponse xml = http_request("POST", url + "?format=2", "multipart/form-data; boundary=xyz", broken);
  ASSERT_STR(xml.headers["content-type"], "text/xml");
  ASSERT_STR(XmlAnswer(xml.body).error_code(), "UPLOAD_ERROR");
  HttpResponse json = http_request("POST", url, "multipart/form-data; boundary=xyz", broken);
  ASSERT_STR(error_code(json.body), "UPLOAD_ERROR");
}

void test_injected_faults() {
  DevServerProcess faulty({"--fault-rate", "1", "--fault-kinds", "call-error", "--fault-actions", "media.get"});
  HttpResponse widget = post_form(action_url(faulty, "session", "startWidgetSession"), {{"widgetId", "_100"}});
  const std::string ks = XmlAnswer(widget.body).result().at("ks").text;
  HttpResponse single = post_form(action_url(faulty, "media", "get"), {{"ks", ks}, {"entryId", "0_x"}});
  ASSERT_STR(XmlAnswer(single.body).error_code(), "INTERNAL_SERVERL_ERROR");
  HttpResponse batch = post_form(faulty.api_base() + "/service/multirequest", {{"ks", ks},
                                                                               {"format", "2"},
                                                                               {"0:service", "session"},
                                                                               {"0:action", "get"},
                                                                               {"1:service", "media"},
                                                                               {"1:action", "get"},
                                                                               {"1:entryId", "0_x"}});
  XmlAnswer answer(batch.body);
  ASSERT_STR(answer.result().children.at(0)->at("objectType").text, "KalturaSessionInfo");
  ASSERT_STR(answer.result().children.at(1)->at("error").at("code").text, "INTERNAL_SERVERL_ERROR");
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  auto process = std::make_unique<DevServerProcess>();
  server = process.get();
  g_test_add_func("/devserver/xml/string-result", test_string_result);
  g_test_add_func("/devserver/xml/object-result", test_object_result);
  g_test_add_func("/devserver/xml/list-result", test_list_result);
  g_test_add_func("/devserver/xml/booleans-and-void", test_booleans_and_void);
  g_test_add_func("/devserver/xml/api-errors", test_api_errors);
  g_test_add_func("/devserver/xml/multirequest", test_multirequest_success_and_error);
  g_test_add_func("/devserver/xml/special-characters", test_special_characters);
  g_test_add_func("/devserver/xml/default-and-refused-formats", test_default_and_refused_formats);
  g_test_add_func("/devserver/xml/unusable-body", test_unusable_body);
  g_test_add_func("/devserver/xml/injected-faults", test_injected_faults);
  return g_test_run();
}
