// Fault injection (--fault-rate, --fault-kinds, --fault-actions,
// --fault-seed, --fault-timeout-ms, --latency-ms) as a client sees it.
#include <string>
#include <vector>

#include "devserver_api.h"

using namespace devserver_test;

namespace {

std::vector<std::string> faulty(const std::string& kind) {
  return {"--fault-rate", "1", "--fault-kinds", kind, "--fault-actions", "apptoken.add", "--fault-timeout-ms", "700"};
}

HttpResponse add_token(const DevServerProcess& server, const std::string& ks) {
  return call(server, "appToken", "add", {{"ks", ks}, {"appToken[objectType]", "KalturaAppToken"}});
}

gint64 token_count(const DevServerProcess& server, const std::string& ks) {
  return Json(call(server, "appToken", "list", {{"ks", ks}}).body).num("totalCount");
}

void test_http500() {
  DevServerProcess server(faulty("http500"));
  std::string ks = admin_ks(server);  // session.start is not targeted
  HttpResponse response = add_token(server, ks);
  g_assert_cmpint(response.status, ==, 500);
  g_assert_true(response.body.find("KalturaAPIException") == std::string::npos);
  g_assert_cmpint(token_count(server, ks), ==, 0);
  g_assert_true(server.log().find("fault http500 on apptoken.add") != std::string::npos);
}

void test_reset() {
  DevServerProcess server(faulty("reset"));
  std::string ks = admin_ks(server);
  HttpResponse response = add_token(server, ks);
  g_assert_false(response.transport_error.empty());
  g_assert_cmpint(token_count(server, ks), ==, 0);
  g_assert_true(server.log().find("fault reset on apptoken.add") != std::string::npos);
}

void test_timeout() {
  DevServerProcess server(faulty("timeout"));
  std::string ks = admin_ks(server);
  gint64 started = g_get_monotonic_time();
  HttpResponse response = add_token(server, ks);
  gint64 waited_ms = (g_get_monotonic_time() - started) / 1000;
  g_assert_false(response.transport_error.empty());
  g_assert_cmpint(waited_ms, >=, 650);
  g_assert_cmpint(token_count(server, ks), ==, 0);
}

void test_api_error() {
  DevServerProcess server(faulty("api-error"));
  std::string ks = admin_ks(server);
  HttpResponse response = add_token(server, ks);
  g_assert_cmpint(response.status, ==, 200);
  Json error(response.body);
  ASSERT_STR(error.str("code"), "INTERNAL_SERVERL_ERROR");
  ASSERT_STR(error.str("message"), "Internal server error occurred");
  g_assert_cmpint(token_count(server, ks), ==, 0);
}

void test_apply_then_drop() {
  DevServerProcess server(faulty("apply-then-drop"));
  std::string ks = admin_ks(server);
  HttpResponse response = add_token(server, ks);
  g_assert_false(response.transport_error.empty());
  // The change was committed although no answer came.
  g_assert_cmpint(token_count(server, ks), ==, 1);
}

// In a multirequest only the targeted call fails; the calls around it run.
void test_call_error() {
  DevServerProcess server(faulty("call-error"));
  std::string ks = admin_ks(server);
  HttpResponse batch = testing_support::post_form(server.api_base() + "/service/multirequest",
                                                  {{"format", "1"},
                                                   {"ks", ks},
                                                   {"1:service", "appToken"},
                                                   {"1:action", "add"},
                                                   {"1:appToken:objectType", "KalturaAppToken"},
                                                   {"2:service", "appToken"},
                                                   {"2:action", "list"}});
  g_assert_cmpint(batch.status, ==, 200);
  Json results(batch.body);
  ASSERT_STR(results.str("0.code"), "INTERNAL_SERVERL_ERROR");
  ASSERT_STR(results.str("1.objectType"), "KalturaAppTokenListResponse");
  g_assert_cmpint(results.num("1.totalCount"), ==, 0);  // the failed add did not run
  g_assert_true(server.log().find("fault call-error on multirequest,apptoken.add,apptoken.list") != std::string::npos);
  // Alone, the call fails as with api-error.
  ASSERT_STR(error_code(add_token(server, ks).body), "INTERNAL_SERVERL_ERROR");
  g_assert_cmpint(token_count(server, ks), ==, 0);
}

// Which of 24 requests failed, as a string of '.' and 'x'.
std::string fault_pattern(const std::vector<std::string>& args) {
  DevServerProcess server(args);
  std::string pattern;
  for (int i = 0; i < 24; ++i) {
    HttpResponse response = call(server, "session", "startWidgetSession", {{"widgetId", "_100"}});
    pattern += (response.status == 200 && error_code(response.body).empty()) ? '.' : 'x';
  }
  return pattern;
}

void test_seed_reproduces_the_sequence() {
  std::vector<std::string> args = {"--fault-rate", "0.5", "--fault-kinds", "http500,api-error", "--fault-seed", "42"};
  std::string first = fault_pattern(args);
  std::string second = fault_pattern(args);
  ASSERT_STR(first, second);
  g_assert_true(first.find('x') != std::string::npos);
  g_assert_true(first.find('.') != std::string::npos);
}

void test_latency() {
  DevServerProcess server({"--latency-ms", "300"});
  gint64 started = g_get_monotonic_time();
  HttpResponse response = call(server, "session", "startWidgetSession", {{"widgetId", "_100"}});
  g_assert_cmpint(response.status, ==, 200);
  g_assert_cmpint((g_get_monotonic_time() - started) / 1000, >=, 290);
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/devserver/faults/http500", test_http500);
  g_test_add_func("/devserver/faults/reset", test_reset);
  g_test_add_func("/devserver/faults/timeout", test_timeout);
  g_test_add_func("/devserver/faults/api-error", test_api_error);
  g_test_add_func("/devserver/faults/apply-then-drop", test_apply_then_drop);
  g_test_add_func("/devserver/faults/call-error", test_call_error);
  g_test_add_func("/devserver/faults/seed", test_seed_reproduces_the_sequence);
  g_test_add_func("/devserver/faults/latency", test_latency);
  return g_test_run();
}
