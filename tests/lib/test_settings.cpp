// Credentials from the environment, configuration errors and the backoff
// schedule. No server needed.
#include <glib.h>

#include <cstring>
#include <initializer_list>
#include <string>
#include <utility>

#include "kaltura/backoff.h"
#include "kaltura/client.h"
#include "kaltura/ks_session.h"
#include "lib_checks.h"

using namespace kaltura;

using lib_test::expect_error;
using lib_test::expect_str;

namespace {

// Sets each variable (an empty value counts as unset for the library).
void set_environment(std::initializer_list<std::pair<const char*, const char*>> variables) {
  for (const auto& [name, value] : variables) g_setenv(name, value, TRUE);
}

void test_environment() {
  set_environment({{"KALTURA_KS", ""},
                   {"KALTURA_PARTNER_ID", "123"},
                   {"KALTURA_SECRET", "s3cret"},
                   {"KALTURA_SESSION_TYPE", "user"},
                   {"KALTURA_USER_ID", "bob"},
                   {"KALTURA_SERVICE_URL", ""}});
  Credentials credentials;
  credentials.user_id = "alice";  // set fields win
  credentials.fill_from_environment();
  g_assert_true(credentials.ks.empty());
  g_assert_cmpint(credentials.partner_id, ==, 123);
  expect_str(credentials.secret, "s3cret");
  g_assert_true(credentials.session_type == SessionType::User);
  expect_str(credentials.user_id, "alice");
  g_assert_true(credentials.usable());
  g_assert_true(credentials.can_renew());
  expect_str(service_url_from_environment(), "");
  g_setenv("KALTURA_SERVICE_URL", "http://127.0.0.1:1", TRUE);
  expect_str(service_url_from_environment(), "http://127.0.0.1:1");
  // A session type chosen, admin included (the default's value), wins too.
  Credentials chosen;
  chosen.session_type = SessionType::Admin;
  chosen.session_type_set = true;
  chosen.fill_from_environment();
  g_assert_true(chosen.session_type == SessionType::Admin);
  for (const char* name : {"KALTURA_PARTNER_ID", "KALTURA_SECRET", "KALTURA_SESSION_TYPE", "KALTURA_USER_ID",
                           "KALTURA_SERVICE_URL"})
    g_setenv(name, "", TRUE);
}

// A credential given wins over the environment's of any kind, whichever
// kind the session code would otherwise prefer.
void test_given_credentials_win() {
  set_environment({{"KALTURA_KS", "stale-ks"},
                   {"KALTURA_SECRET", "env-secret"},
                   {"KALTURA_APP_TOKEN_ID", "0_envtoken"},
                   {"KALTURA_APP_TOKEN", "env-token"},
                   {"KALTURA_PARTNER_ID", "123"}});

  Credentials secret_given;
  secret_given.secret = "given-secret";
  secret_given.fill_from_environment();
  g_assert_true(secret_given.ks.empty());
  expect_str(secret_given.secret, "given-secret");
  g_assert_true(secret_given.app_token_id.empty() && secret_given.app_token.empty());
  g_assert_cmpint(secret_given.partner_id, ==, 123);  // not a credential: still from the environment

  Credentials app_token_given;
  app_token_given.app_token_id = "0_given";
  app_token_given.fill_from_environment();
  g_assert_true(app_token_given.ks.empty() && app_token_given.secret.empty());
  expect_str(app_token_given.app_token_id, "0_given");
  expect_str(app_token_given.app_token, "env-token");  // the pair completed

  Credentials ks_given;
  ks_given.ks = "given-ks";
  ks_given.fill_from_environment();
  g_assert_true(ks_given.secret.empty() && ks_given.app_token.empty());

  Credentials none_given;
  none_given.fill_from_environment();
  expect_str(none_given.ks, "stale-ks");
  expect_str(none_given.secret, "env-secret");
  for (const char* name :
       {"KALTURA_KS", "KALTURA_SECRET", "KALTURA_APP_TOKEN_ID", "KALTURA_APP_TOKEN", "KALTURA_PARTNER_ID"})
    g_unsetenv(name);
}

void test_missing_credentials() {
  Credentials none;
  g_assert_false(none.usable());
  Error error = expect_error([&] { Client client(ClientConfig{}, none); });
  g_assert_true(error.kind() == ErrorKind::Config);
  expect_str(error.code(), "CONFIG_ERROR");
  for (const char* name : {"KALTURA_KS", "KALTURA_PARTNER_ID", "KALTURA_SECRET", "KALTURA_APP_TOKEN_ID",
                           "KALTURA_APP_TOKEN", "partner-id", "secret", "app-token"})
    g_assert_nonnull(strstr(error.message().c_str(), name));

  Credentials token_without_partner;
  token_without_partner.app_token_id = "0_tok";
  token_without_partner.app_token = "value";
  g_assert_false(token_without_partner.usable());
  const std::string hint = token_without_partner.what_is_missing();
  g_assert_nonnull(strstr(hint.c_str(), "partner-id (KALTURA_PARTNER_ID) is missing"));
  g_assert_null(strstr(hint.c_str(), "value"));

  // Set, but not a number: said so, rather than "missing".
  for (const char* unreadable : {"abc", "12x", "-5", "0", "d41d8cd98f00b204e9800998ecf8427e"}) {
    g_setenv("KALTURA_PARTNER_ID", unreadable, TRUE);
    Credentials from_environment;
    from_environment.secret = "s";
    from_environment.fill_from_environment();
    g_assert_false(from_environment.usable());
    const std::string text = from_environment.what_is_missing();
    g_assert_nonnull(strstr(text.c_str(), "KALTURA_PARTNER_ID is set but is not a partner id"));
    // Not quoted: a secret set there by mistake would show.
    g_assert_null(strstr(text.c_str(), ("\"" + std::string(unreadable) + "\"").c_str()));
  }
  g_unsetenv("KALTURA_PARTNER_ID");
}

void test_bad_service_url() {
  Credentials credentials;
  credentials.ks = "given";
  ClientConfig config;
  config.service_url = "ftp://example.com";
  Error error = expect_error([&] { Client client(config, credentials); });
  g_assert_true(error.kind() == ErrorKind::Config);
  g_assert_nonnull(strstr(error.message().c_str(), "KALTURA_SERVICE_URL"));

  config.service_url = "http://127.0.0.1:8080/api_v3/";
  Client client(config, credentials);
  expect_str(client.api_base(), "http://127.0.0.1:8080/api_v3");
  expect_str(client.ks(), "given");  // used as is, no call

  config.ssl_ca_file = "/nonexistent/ca.pem";
  g_assert_true(expect_error([&] { Client other(config, credentials); }).kind() == ErrorKind::Config);
  config.ssl_ca_file.clear();

  // A proxy that is no proxy URL is said so at once (it was tried as one,
  // six times, and blamed on service-url); its text, which may hold a
  // password, is not repeated.
  for (const char* bad : {"bogus://user:pw@x", "proxy.example.com:3128", "http://"}) {
    config.proxy = bad;
    Error error = expect_error([&] { Client other(config, credentials); });
    g_assert_true(error.kind() == ErrorKind::Config);
    g_assert_nonnull(strstr(error.message().c_str(), "proxy is not a proxy URL"));
    g_assert_null(strstr(error.message().c_str(), "pw"));
  }
  config.proxy = "socks5://127.0.0.1:1080";
  Client through_socks(config, credentials);
}

void test_backoff_schedule() {
  RetryPolicy policy;
  policy.initial_delay = std::chrono::milliseconds(100);
  policy.max_delay = std::chrono::milliseconds(1000);
  std::chrono::milliseconds longest{0};
  for (int round = 0; round < 200; ++round) {
    for (int attempt = 0; attempt < 8; ++attempt) {
      auto delay = backoff_delay(policy, attempt, 0);
      auto cap = std::min<int64_t>(1000, 100LL << attempt);
      g_assert_cmpint(delay.count(), >=, 0);
      g_assert_cmpint(delay.count(), <=, cap);
      longest = std::max(longest, delay);
    }
  }
  g_assert_cmpint(longest.count(), >, 500);  // jitter spans the range
  g_assert_cmpint(backoff_delay(policy, 0, 3).count(), >=, 3000);  // Retry-After wins
}

void test_ks_facts() {
  // KS v1: base64("sig|partner;partner;validUntil;type;rand;user;...")
  g_autofree char* v1 = g_base64_encode(reinterpret_cast<const guchar*>("abc|321;321;1767225600;2;77;bob;;;"), 35);
  KsFacts facts = read_ks_facts(v1);
  g_assert_cmpint(facts.partner_id, ==, 321);
  g_assert_cmpint(facts.valid_until, ==, 1767225600);
  g_autofree char* v2 = g_base64_encode(reinterpret_cast<const guchar*>("v2|456|\x01\x02\x03"), 10);
  facts = read_ks_facts(v2);
  g_assert_cmpint(facts.partner_id, ==, 456);
  g_assert_cmpint(facts.valid_until, ==, 0);
  g_assert_cmpint(KsSession::renewal_margin(86400), ==, 300);
  g_assert_cmpint(KsSession::renewal_margin(600), ==, 60);
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/settings/environment", test_environment);
  g_test_add_func("/settings/given-credentials-win", test_given_credentials_win);
  g_test_add_func("/settings/missing-credentials", test_missing_credentials);
  g_test_add_func("/settings/bad-service-url", test_bad_service_url);
  g_test_add_func("/settings/backoff", test_backoff_schedule);
  g_test_add_func("/settings/ks-facts", test_ks_facts);
  return g_test_run();
}
