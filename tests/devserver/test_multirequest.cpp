// Multirequest (protocol §4): numbering styles, common parameters,
// {k:result:path} references, failing calls, literal future references and
// file parts.
#include <memory>

#include "devserver_xml.h"

using namespace devserver_test;
using testing_support::kAdminSecret;
using testing_support::MultipartFile;
using testing_support::post_form;
using testing_support::post_json;
using testing_support::post_multipart;

namespace {

DevServerProcess* server = nullptr;

std::string multirequest_url() { return server->api_base() + "/service/multirequest"; }

void test_json_zero_based_with_references() {
  std::string body = std::string("{\"format\":1,") +
                     "\"0\":{\"service\":\"session\",\"action\":\"start\",\"secret\":\"" + kAdminSecret +
                     "\",\"type\":2,\"userId\":\"batch-user\"}," +
                     "\"1\":{\"service\":\"session\",\"action\":\"get\",\"ks\":\"{1:result}\"}," +
                     "\"2\":{\"service\":\"appToken\",\"action\":\"add\",\"ks\":\"{1:result}\",\"appToken\":{"
                     "\"objectType\":\"KalturaAppToken\",\"description\":\"for {2:result:userId}!\"}}," +
                     "\"3\":{\"service\":\"appToken\",\"action\":\"list\",\"ks\":\"{1:result}\"}," +
                     "\"4\":{\"service\":\"appToken\",\"action\":\"get\",\"ks\":\"{1:result}\",\"id\":\"{4:result:"
                     "objects:0:id}\"}}";
  HttpResponse response = post_json(multirequest_url(), body);
  g_assert_cmpint(response.status, ==, 200);
  Json results(response.body);
  g_assert_cmpuint(results.length(), ==, 5);
  ASSERT_STR(results.str("1.userId"), "batch-user");
  ASSERT_STR(results.str("2.description"), "for batch-user!");
  ASSERT_STR(results.str("4.objectType"), "KalturaAppToken");
  ASSERT_STR(results.str("4.id"), results.str("3.objects.0.id"));
}

void test_form_numbering_styles_and_common_ks() {
  std::string ks = admin_ks(*server, "common-user");
  // One-based, "n:" prefixed flat keys, common ks copied into each call.
  HttpResponse prefixed = post_form(multirequest_url(), {{"format", "1"}, {"ks", ks},
                                                         {"1:service", "session"}, {"1:action", "get"},
                                                         {"2:service", "appToken"}, {"2:action", "add"},
                                                         {"2:appToken:objectType", "KalturaAppToken"},
                                                         {"2:appToken:description", "{1:result:userId}"}});
  Json first(prefixed.body);
  g_assert_cmpuint(first.length(), ==, 2);
  ASSERT_STR(first.str("0.userId"), "common-user");
  ASSERT_STR(first.str("1.description"), "common-user");

  // Bracket style, zero-based; a call's own ks wins over the common one.
  std::string own = admin_ks(*server, "own-user");
  HttpResponse brackets = post_form(multirequest_url(), {{"format", "1"}, {"ks", ks},
                                                         {"0[service]", "session"}, {"0[action]", "get"},
                                                         {"1[service]", "session"}, {"1[action]", "get"},
                                                         {"1[ks]", own}});
  Json second(brackets.body);
  ASSERT_STR(second.str("0.userId"), "common-user");
  ASSERT_STR(second.str("1.userId"), "own-user");
}

void test_failing_call_does_not_stop_the_batch() {
  std::string ks = admin_ks(*server);
  std::string body = "{\"format\":1,\"ks\":\"" + ks + "\"," +
                     "\"1\":{\"service\":\"appToken\",\"action\":\"get\",\"id\":\"0_missing0\"}," +
                     "\"2\":{\"service\":\"appToken\",\"action\":\"get\",\"id\":\"{1:result:id}\"}," +
                     "\"3\":{\"service\":\"appToken\",\"action\":\"add\",\"appToken\":{\"objectType\":"
                     "\"KalturaAppToken\",\"description\":\"[{5:result:id}]\",\"sessionUserId\":\"{1:result:"
                     "nosuch}|{2:result}\"}}," +
                     "\"4\":{\"service\":\"appToken\",\"action\":\"get\",\"id\":\"{3:result:id}{3:result:id}\"}}";
  Json results(post_json(multirequest_url(), body).body);
  g_assert_cmpuint(results.length(), ==, 4);
  ASSERT_STR(results.str("0.code"), "APP_TOKEN_ID_NOT_FOUND");
  // A reference to a failed call is empty.
  ASSERT_STR(results.str("1.code"), "APP_TOKEN_ID_NOT_FOUND");
  ASSERT_STR(results.str("1.args.ID"), "");
  // A reference to a call not executed yet stays literal; a failed or
  // unresolved one becomes empty.
  ASSERT_STR(results.str("2.description"), "[{5:result:id}]");
  ASSERT_STR(results.str("2.sessionUserId"), "|{2:result}");
  // Only the first reference of a value is replaced.
  ASSERT_STR(results.str("3.code"), "APP_TOKEN_ID_NOT_FOUND");
  ASSERT_STR(results.str("3.args.ID"), results.str("2.id") + "{3:result:id}");
}

void test_execution_stops_at_first_gap() {
  std::string ks = admin_ks(*server);
  HttpResponse response = post_form(multirequest_url(), {{"format", "1"}, {"ks", ks},
                                                         {"0:service", "session"}, {"0:action", "get"},
                                                         {"1:service", "session"},
                                                         {"2:service", "session"}, {"2:action", "get"}});
  Json results(response.body);
  g_assert_cmpuint(results.length(), ==, 1);
  ASSERT_STR(results.str("0.objectType"), "KalturaSessionInfo");
}

void test_file_parts() {
  std::string ks = admin_ks(*server);
  std::string data(100000, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7 + 3);
  std::string json = "{\"format\":1,\"ks\":\"" + ks + "\"," +
                     "\"0\":{\"service\":\"uploadToken\",\"action\":\"add\",\"uploadToken\":{\"objectType\":"
                     "\"KalturaUploadToken\",\"fileName\":\"batch.bin\"}}," +
                     "\"1\":{\"service\":\"uploadToken\",\"action\":\"upload\",\"uploadTokenId\":\"{1:result:id}\","
                     "\"resume\":false,\"finalChunk\":true,\"resumeAt\":-1}}";
  HttpResponse response = post_multipart(multirequest_url(), {{"json", json}}, {{"1:fileData", "chunk", data}});
  Json results(response.body);
  g_assert_cmpuint(results.length(), ==, 2);
  ASSERT_STR(results.str("1.objectType"), "KalturaUploadToken");
  ASSERT_STR(results.str("1.id"), results.str("0.id"));
  ASSERT_STR(results.str("1.uploadedFileSize"), "100000");
  g_assert_cmpint(results.num("1.status"), ==, 2);
}

void test_format_is_read_at_the_top_level() {
  // A call's own format=1 is not read: without a top-level one the answer is XML.
  HttpResponse response = post_form(
      multirequest_url(),
      {{"0:service", "session"}, {"0:action", "startWidgetSession"}, {"0:widgetId", "_100"}, {"0:format", "1"}});
  ASSERT_STR(response.headers["content-type"], "text/xml");
  XmlAnswer answer(response.body);
  ASSERT_STR(answer.result().children.at(0)->at("objectType").text, "KalturaStartWidgetSessionResponse");
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  auto process = std::make_unique<DevServerProcess>();
  server = process.get();
  g_test_add_func("/devserver/multirequest/json-references", test_json_zero_based_with_references);
  g_test_add_func("/devserver/multirequest/form-numbering", test_form_numbering_styles_and_common_ks);
  g_test_add_func("/devserver/multirequest/failing-call", test_failing_call_does_not_stop_the_batch);
  g_test_add_func("/devserver/multirequest/stops-at-gap", test_execution_stops_at_first_gap);
  g_test_add_func("/devserver/multirequest/file-parts", test_file_parts);
  g_test_add_func("/devserver/multirequest/format-top-level", test_format_is_read_at_the_top_level);
  return g_test_run();
}
