// The api_v3 wire protocol of kaltura-devserver (protocol §1-§3): request
// forms and encodings, parameter precedence, response shape, errors,
// headers and CORS; and proxy-form requests under --proxy-credentials.
#include <libsoup/soup.h>

#include <memory>

#include "devserver_xml.h"

using namespace devserver_test;
using testing_support::http_request;
using testing_support::kAdminSecret;
using testing_support::MultipartFile;
using testing_support::post_json;
using testing_support::post_multipart;

namespace {

DevServerProcess* server = nullptr;

// The user of the KS a response carries, through session.get.
std::string user_of_ks_response(const HttpResponse& response) {
  g_assert_cmpint(response.status, ==, 200);
  Json ks(response.body);
  ASSERT_STR(ks.str("objectType"), "");  // a bare string, not an object or error
  HttpResponse info = call(*server, "session", "get", {{"ks", ks.str()}});
  Json session(info.body);
  ASSERT_STR(session.str("objectType"), "KalturaSessionInfo");
  return session.str("userId");
}

std::string app_token_description(const HttpResponse& response) {
  Json token(response.body);
  ASSERT_STR(token.str("objectType"), "KalturaAppToken");
  return token.str("description");
}

void test_urlencoded_both_separators() {
  std::string ks = admin_ks(*server);
  HttpResponse brackets = call(*server, "appToken", "add",
                               {{"ks", ks}, {"appToken[objectType]", "KalturaAppToken"},
                                {"appToken[description]", "with brackets"}, {"appToken[sessionDuration]", "600"}});
  ASSERT_STR(app_token_description(brackets), "with brackets");
  g_assert_cmpint(Json(brackets.body).num("sessionDuration"), ==, 600);

  HttpResponse colons = call(*server, "appToken", "add",
                             {{"ks", ks}, {"appToken:objectType", "KalturaAppToken"},
                              {"appToken:description", "with colons"}, {"appToken[sessionDuration]", "700"}});
  ASSERT_STR(app_token_description(colons), "with colons");
  g_assert_cmpint(Json(colons.body).num("sessionDuration"), ==, 700);
}

void test_json_body_needs_exact_content_type() {
  std::string body = std::string("{\"format\":1,\"secret\":\"") + kAdminSecret + "\",\"type\":2,\"userId\":\"json-user\"}";
  HttpResponse exact = post_json(action_url(*server, "session", "start"), body);
  ASSERT_STR(user_of_ks_response(exact), "json-user");

  // Lowercase comparison: the letter case of the header does not matter.
  HttpResponse upper = http_request("POST", action_url(*server, "session", "start"), "Application/JSON", body);
  ASSERT_STR(user_of_ks_response(upper), "json-user");

  // A charset suffix makes the server ignore the JSON body: no format (so XML) and no secret.
  HttpResponse charset =
      http_request("POST", action_url(*server, "session", "start"), "application/json; charset=utf-8", body);
  ASSERT_STR(XmlAnswer(charset.body).error_code(), "MISSING_MANDATORY_PARAMETER");

  // Nested objects are native JSON.
  std::string ks = admin_ks(*server);
  HttpResponse nested = post_json(action_url(*server, "appToken", "add"),
                                  "{\"format\":1,\"ks\":\"" + ks +
                                      "\",\"appToken\":{\"objectType\":\"KalturaAppToken\",\"description\":\"json "
                                      "nested\",\"hashType\":\"SHA256\"}}");
  ASSERT_STR(app_token_description(nested), "json nested");
  ASSERT_STR(Json(nested.body).str("hashType"), "SHA256");
}

void test_multipart_plain_fields_and_json_field() {
  HttpResponse plain = post_multipart(action_url(*server, "session", "start"),
                                      {{"format", "1"}, {"secret", kAdminSecret}, {"type", "2"}, {"userId", "mp-plain"}},
                                      {});
  ASSERT_STR(user_of_ks_response(plain), "mp-plain");

  // With a json field, the other plain fields are ignored.
  std::string json = std::string("{\"format\":1,\"secret\":\"") + kAdminSecret + "\",\"type\":2,\"userId\":\"mp-json\"}";
  HttpResponse with_json = post_multipart(action_url(*server, "session", "start"),
                                          {{"userId", "ignored-field"}, {"json", json}}, {});
  ASSERT_STR(user_of_ks_response(with_json), "mp-json");
}

void test_query_and_path_forms() {
  std::string secret = kAdminSecret;
  HttpResponse index_php = http_request(
      "GET", server->api_base() + "/index.php?service=session&action=start&format=1&type=2&userId=q1&secret=" + secret);
  ASSERT_STR(user_of_ks_response(index_php), "q1");

  HttpResponse slash = http_request(
      "GET", server->api_base() + "/?service=SESSION&action=START&format=1&type=2&userId=q2&secret=" + secret);
  ASSERT_STR(user_of_ks_response(slash), "q2");

  HttpResponse path = http_request(
      "POST", server->api_base() + "/service/session/action/start/userId/p1/type/2/format/1/secret/" + secret);
  ASSERT_STR(user_of_ks_response(path), "p1");
}

void test_precedence_path_query_body() {
  const std::string base = server->api_base() + "/service/session/action/start";
  testing_support::Fields body = {{"format", "1"}, {"secret", kAdminSecret}, {"type", "2"}, {"userId", "from-body"}};
  HttpResponse all = http_request("POST", base + "/userId/from-path?userId=from-query",
                                  "application/x-www-form-urlencoded", testing_support::form_encode(body));
  ASSERT_STR(user_of_ks_response(all), "from-path");
  HttpResponse query_body = http_request("POST", base + "?userId=from-query", "application/x-www-form-urlencoded",
                                         testing_support::form_encode(body));
  ASSERT_STR(user_of_ks_response(query_body), "from-query");
}

void test_error_shape_and_key_order() {
  HttpResponse no_action = call(*server, "session", "noSuchAction", {});
  g_assert_cmpint(no_action.status, ==, 200);
  ASSERT_STR(no_action.body,
                  "{\"code\":\"ACTION_DOES_NOT_EXISTS\",\"message\":\"Action \\\"noSuchAction\\\" does not exists for "
                  "service \\\"session\\\"\",\"objectType\":\"KalturaAPIException\",\"args\":{\"ACTION_NAME\":"
                  "\"noSuchAction\",\"SERVICE_NAME\":\"session\"}}");

  HttpResponse no_service = call(*server, "noSuchService", "list", {});
  Json service_error(no_service.body);
  ASSERT_STR(service_error.str("code"), "SERVICE_DOES_NOT_EXISTS");
  ASSERT_STR(service_error.str("message"), "Service \"noSuchService\" does not exists");
  ASSERT_STR(service_error.str("args.SRV_NAME"), "noSuchService");

  // No arguments: args is an empty array, not an object.
  HttpResponse unspecified = testing_support::post_form(server->api_base() + "/index.php", {{"format", "1"}});
  ASSERT_STR(unspecified.body,
                  "{\"code\":\"SERVICE_NOT_SPECIFIED\",\"message\":\"Service name was not specified, please specify "
                  "one\",\"objectType\":\"KalturaAPIException\",\"args\":[]}");

  HttpResponse missing = call(*server, "session", "start", {{"type", "2"}});
  Json missing_error(missing.body);
  ASSERT_STR(missing_error.str("code"), "MISSING_MANDATORY_PARAMETER");
  ASSERT_STR(missing_error.str("message"), "Missing parameter \"secret\"");
  ASSERT_STR(missing_error.str("args.PARAM_NAME"), "secret");
}

void test_object_type_is_last_and_case_insensitive_names() {
  HttpResponse widget = call(*server, "SESSION", "STARTWIDGETSESSION", {{"widgetId", "_100"}});
  g_assert_cmpint(widget.status, ==, 200);
  g_assert_true(g_str_has_suffix(widget.body.c_str(), ",\"objectType\":\"KalturaStartWidgetSessionResponse\"}"));
  g_assert_true(g_str_has_prefix(widget.body.c_str(), "{\"partnerId\":100,"));
  ASSERT_STR(widget.headers["content-type"], "application/json");
}

void test_format_other_than_json_or_xml_is_refused() {
  for (const char* format : {"", "3", "9"}) {
    testing_support::Fields fields = {{"secret", kAdminSecret}, {"format", format}};
    HttpResponse response = testing_support::post_form(action_url(*server, "session", "start"), fields);
    Json error(response.body);
    ASSERT_STR(error.str("code"), "UNSUPPORTED_FORMAT");
    ASSERT_STR(error.str("args.FORMAT"), format);
    g_assert_true(error.str("message").find("format=1") != std::string::npos);
    ASSERT_STR(response.headers["x-kaltura"], "error-UNSUPPORTED_FORMAT");
    g_assert_true(g_str_has_prefix(response.headers["x-kaltura-app"].c_str(), "exiting on error UNSUPPORTED_FORMAT - "));
  }
}

void test_service_forbidden_without_ks() {
  HttpResponse response = call(*server, "appToken", "list", {});
  Json error(response.body);
  ASSERT_STR(error.str("code"), "SERVICE_FORBIDDEN");
  ASSERT_STR(error.str("message"), "The access to service [apptoken->list] is forbidden");
  ASSERT_STR(error.str("args.SERVICE"), "apptoken->list");
  ASSERT_STR(response.headers["x-kaltura"], "error-SERVICE_FORBIDDEN");
  ASSERT_STR(response.headers["x-kaltura-app"],
                  "exiting on error SERVICE_FORBIDDEN - The access to service [apptoken->list] is forbidden");
}

void test_headers_and_cors() {
  HttpResponse response = call(*server, "session", "startWidgetSession", {{"widgetId", "_100"}});
  ASSERT_STR(response.headers["access-control-expose-headers"],
                  "Server, Content-Length, Content-Range, Date, X-Kaltura, X-Kaltura-Session, X-Me");
  g_assert_false(response.headers["x-me"].empty());
  const std::string& session = response.headers["x-kaltura-session"];
  g_assert_true(g_regex_match_simple("^[0-9]+, [0-9]+$", session.c_str(), G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT));

  HttpResponse options = http_request("OPTIONS", action_url(*server, "media", "add"));
  g_assert_cmpint(options.status, ==, 200);
  g_assert_true(options.body.empty());
  ASSERT_STR(options.headers["access-control-allow-origin"], "*");
  ASSERT_STR(options.headers["access-control-allow-headers"],
                  "Origin, X-Requested-With, Content-Type, Accept, Range, Cache-Control");
  ASSERT_STR(options.headers["access-control-allow-methods"], "POST, GET, HEAD, OPTIONS");
  ASSERT_STR(options.headers["access-control-max-age"], "86400");
}

void test_null_marker_and_lenient_numbers() {
  std::string ks = admin_ks(*server);
  // "__null" leaves the property unset; a non-numeric duration reads as 0.
  HttpResponse response = call(*server, "appToken", "add",
                               {{"ks", ks}, {"appToken[objectType]", "KalturaAppToken"},
                                {"appToken[description]__null", ""}, {"appToken[sessionDuration]", "abc"}});
  Json token(response.body);
  ASSERT_STR(token.str("objectType"), "KalturaAppToken");
  g_assert_false(token.has("description"));
  g_assert_cmpint(token.num("sessionDuration"), ==, 0);
}

// GET url through proxy: a proxy-form request (absolute URI as the target).
// authorization: the Proxy-Authorization value, "" for none.
HttpResponse get_through_proxy(const std::string& proxy, const std::string& url, const std::string& authorization) {
  g_autoptr(SoupSession) session = soup_session_new();
  g_autoptr(GProxyResolver) resolver = g_simple_proxy_resolver_new(proxy.c_str(), nullptr);
  soup_session_set_proxy_resolver(session, resolver);
  g_autoptr(SoupMessage) message = soup_message_new("GET", url.c_str());
  if (!authorization.empty())
    soup_message_headers_replace(soup_message_get_request_headers(message), "Proxy-Authorization",
                                 authorization.c_str());
  g_autoptr(GBytes) body = soup_session_send_and_read(session, message, nullptr, nullptr);
  HttpResponse response;
  response.status = static_cast<int>(soup_message_get_status(message));
  const char* challenge =
      soup_message_headers_get_one(soup_message_get_response_headers(message), "Proxy-Authenticate");
  if (challenge) response.headers["proxy-authenticate"] = challenge;
  return response;
}

std::string basic(const std::string& credentials) {
  g_autofree char* encoded = g_base64_encode(reinterpret_cast<const guchar*>(credentials.data()), credentials.size());
  return std::string("Basic ") + encoded;
}

// With --proxy-credentials, a proxy-form request needs them as Basic
// Proxy-Authorization, and gets 407 with a Basic challenge otherwise; a
// request in the ordinary form needs none.
void test_proxy_credentials() {
  DevServerProcess proxy({"--proxy-credentials", "pu:p@ss:word"});
  const std::string elsewhere = "http://kaltura-service.invalid/";
  for (const std::string& authorization : {std::string(), basic("pu:wrong"), basic("pu:p@ss")}) {
    HttpResponse refused = get_through_proxy(proxy.url(), elsewhere, authorization);
    g_assert_cmpint(refused.status, ==, 407);
    ASSERT_STR(refused.headers["proxy-authenticate"], "Basic realm=\"kaltura-devserver\"");
  }
  g_assert_cmpint(get_through_proxy(proxy.url(), elsewhere, basic("pu:p@ss:word")).status, ==, 200);
  g_assert_cmpint(http_request("GET", proxy.url() + "/").status, ==, 200);
  // The log says why, without what was sent.
  g_assert_nonnull(strstr(proxy.log().c_str(), "with wrong Proxy-Authorization -> 407"));
  g_assert_null(strstr(proxy.log().c_str(), basic("pu:wrong").c_str() + strlen("Basic ")));
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  auto process = std::make_unique<DevServerProcess>();
  server = process.get();
  g_test_add_func("/devserver/protocol/urlencoded-separators", test_urlencoded_both_separators);
  g_test_add_func("/devserver/protocol/json-content-type", test_json_body_needs_exact_content_type);
  g_test_add_func("/devserver/protocol/multipart", test_multipart_plain_fields_and_json_field);
  g_test_add_func("/devserver/protocol/query-and-path-forms", test_query_and_path_forms);
  g_test_add_func("/devserver/protocol/precedence", test_precedence_path_query_body);
  g_test_add_func("/devserver/protocol/error-shape", test_error_shape_and_key_order);
  g_test_add_func("/devserver/protocol/object-type-last", test_object_type_is_last_and_case_insensitive_names);
  g_test_add_func("/devserver/protocol/format-refused", test_format_other_than_json_or_xml_is_refused);
  g_test_add_func("/devserver/protocol/service-forbidden", test_service_forbidden_without_ks);
  g_test_add_func("/devserver/protocol/headers-and-cors", test_headers_and_cors);
  g_test_add_func("/devserver/protocol/null-and-lenient-numbers", test_null_marker_and_lenient_numbers);
  g_test_add_func("/devserver/protocol/proxy-credentials", test_proxy_credentials);
  return g_test_run();
}
