// KS handling against a real devserver: session.start with the admin and
// user secrets, a wrong secret, a given KS, the app-token flow, renewal of an
// expired KS, and no secret in any log line; and against a server whose
// error texts quote the requests' secrets.
#include <glib.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kaltura/client.h"
#include "kaltura/objects.h"
#include "kaltura/operations.h"
#include "lib_test_client.h"
#include "loopback_listener.h"

using namespace kaltura;
using namespace lib_test;
using testing_support::DevServerProcess;

namespace {

DevServerProcess* server = nullptr;
DevServerProcess* short_ks_server = nullptr;  // --ks-expiry 2

// Every log line of the process, and every secret it must not contain.
std::mutex log_mutex;
std::string log_text;
std::vector<std::string> secrets = {testing_support::kAdminSecret, testing_support::kUserSecret};

void remember_secret(const std::string& secret) {
  std::lock_guard<std::mutex> lock(log_mutex);
  secrets.push_back(secret);
}

GLogWriterOutput capture_log(GLogLevelFlags level, const GLogField* fields, gsize n_fields, gpointer) {
  {
    std::lock_guard<std::mutex> lock(log_mutex);
    for (gsize i = 0; i < n_fields; ++i) {
      if (g_strcmp0(fields[i].key, "MESSAGE") == 0 || g_strcmp0(fields[i].key, "GLIB_DOMAIN") == 0) {
        log_text.append(static_cast<const char*>(fields[i].value),
                        fields[i].length < 0 ? strlen(static_cast<const char*>(fields[i].value))
                                             : static_cast<size_t>(fields[i].length));
        log_text += ' ';
      }
    }
    log_text += '\n';
  }
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default(level, fields, n_fields, nullptr);
  return G_LOG_WRITER_HANDLED;
}

int64_t upload_token_count(Client& client) {
  return ListResult<UploadToken>::from_json(client.call(ops::upload_token_list(Params()))).total_count;
}

void test_admin_secret() {
  Client client(config_for(*server), admin_credentials());
  client.ensure_session();
  const std::string ks = client.ks();
  remember_secret(ks);
  g_assert_cmpuint(ks.size(), >, 20);
  g_assert_cmpint(client.partner_id(), ==, testing_support::kPartnerId);
  Json token = client.call(ops::upload_token_add("admin.mp4"));
  expect_str(token.get_string("fileName"), "admin.mp4");
  g_assert_cmpint(token.get_int("status"), ==, 0);
  // The session was started once and reused.
  g_assert_cmpuint(client.counters().requests, ==, 2);
  expect_str(client.ks(), ks);
}

void test_user_secret() {
  Client client(config_for(*server), user_credentials("bob"));
  Json token = client.call(ops::upload_token_add("bob.mp4"));
  remember_secret(client.ks());
  expect_str(token.get_string("userId"), "bob");

  // A user secret cannot start an admin session.
  Credentials admin_type = user_credentials("bob");
  admin_type.session_type = SessionType::Admin;
  Client wrong_type(config_for(*server), admin_type);
  Error error = expect_error([&] { wrong_type.ensure_session(); });
  g_assert_true(error.is_api("START_SESSION_ERROR"));
}

void test_wrong_secret() {
  Credentials credentials = admin_credentials();
  credentials.secret = "not-the-secret-4711";
  remember_secret(credentials.secret);
  Client client(config_for(*server), credentials);
  Error error = expect_error([&] { client.call(ops::upload_token_list(Params())); });
  g_assert_true(error.kind() == ErrorKind::Api);
  expect_str(error.code(), "START_SESSION_ERROR");
  expect_str(error.message(), "Error while starting session for partner [100]");
  expect_str(error.arg("PID"), "100");
  g_assert_false(error.transient());
  g_assert_cmpuint(client.counters().retries, ==, 0);
  g_assert_null(strstr(error.what(), "not-the-secret-4711"));
}

void test_given_ks() {
  Client starter(config_for(*server), admin_credentials());
  const std::string ks = starter.ks();
  remember_secret(ks);

  Credentials given;
  given.ks = ks;
  Client client(config_for(*server), given);
  Json token = client.call(ops::upload_token_add("given.mp4"));
  g_assert_false(token.get_string("id").empty());
  g_assert_cmpuint(client.counters().requests, ==, 1);  // no session.start
  g_assert_cmpint(client.partner_id(), ==, testing_support::kPartnerId);  // read from the KS

  // A KS the server cannot decode: INVALID_KS, with the KS redacted.
  Credentials garbage;
  garbage.ks = "bm90LWEta3MtYXQtYWxsLTEyMzQ1Njc4OTA=";
  remember_secret(garbage.ks);
  Client broken(config_for(*server), garbage);
  Error error = expect_error([&] { broken.call(ops::upload_token_list(Params())); });
  g_assert_true(error.is_api("INVALID_KS"));
  expect_str(error.arg("KSID"), "<redacted>");
  g_assert_null(strstr(error.message().c_str(), garbage.ks.c_str()));
  g_assert_nonnull(strstr(error.message().c_str(), "<redacted>"));
}

void test_app_token() {
  Client admin(config_for(*server), admin_credentials());
  Request add;
  add.service = "apptoken";
  add.action = "add";
  add.params.set("appToken", Params::object("KalturaAppToken")
                                 .set("hashType", "SHA256")
                                 .set("sessionType", 0)
                                 .set("sessionUserId", "token-user")
                                 .set("sessionPrivileges", "edit:*"));
  Json app_token = admin.call(add);
  const std::string id = app_token.get_string("id");
  const std::string token = app_token.get_string("token");
  g_assert_false(id.empty());
  g_assert_false(token.empty());
  remember_secret(token);

  Credentials credentials;
  credentials.partner_id = testing_support::kPartnerId;
  credentials.app_token_id = id;
  credentials.app_token = token;
  credentials.app_token_hash_type = "SHA256";
  credentials.session_type = SessionType::User;
  Client client(config_for(*server), credentials);
  Json upload = client.call(ops::upload_token_add("app.mp4"));
  remember_secret(client.ks());
  expect_str(upload.get_string("userId"), "token-user");  // the token's sessionUserId
  g_assert_cmpint(client.partner_id(), ==, testing_support::kPartnerId);

  // The hash must be made with the token's hash type.
  Credentials wrong_hash = credentials;
  wrong_hash.app_token_hash_type = "SHA1";
  Client wrong(config_for(*server), wrong_hash);
  Error error = expect_error([&] { wrong.ensure_session(); });
  g_assert_true(error.is_api("INVALID_APP_TOKEN_HASH"));
  g_assert_null(strstr(error.what(), token.c_str()));
}

void test_app_token_renewed_before_expiry() {
  // appToken.startSession tells the absolute expiry, so the client renews
  // before sending with a KS that ran out, and no call is rejected.
  Client admin(config_for(*server), admin_credentials());
  Request add;
  add.service = "apptoken";
  add.action = "add";
  add.params.set("appToken", Params::object("KalturaAppToken").set("sessionDuration", 1));
  Json app_token = admin.call(add);
  remember_secret(app_token.get_string("token"));

  Credentials credentials;
  credentials.partner_id = testing_support::kPartnerId;
  credentials.app_token_id = app_token.get_string("id");
  credentials.app_token = app_token.get_string("token");
  credentials.session_type = SessionType::User;
  Client client(config_for(*server), credentials);
  client.call(ops::upload_token_list(Params()));
  g_assert_cmpuint(client.counters().requests, ==, 3);  // widget session, app token session, list
  const std::string first = client.ks();
  remember_secret(first);
  g_usleep(2200 * 1000);
  client.call(ops::upload_token_list(Params()));
  g_assert_cmpuint(client.counters().requests, ==, 6);  // renewed (2), list; nothing rejected
  remember_secret(client.ks());
  g_assert_true(client.ks() != first);
}

void test_renewal_before_and_after_expiry() {
  // The server caps sessions at 2 s without telling (session.start returns a
  // KS v2 only): the client learns of the expiry from INVALID_KS/EXPIRED,
  // starts a new session and repeats the call.
  Client client(config_for(*short_ks_server), admin_credentials());
  client.call(ops::upload_token_list(Params()));
  const std::string first = client.ks();
  remember_secret(first);
  g_usleep(3 * G_USEC_PER_SEC);
  Json list = client.call(ops::upload_token_list(Params()));
  g_assert_true(list.has("totalCount"));
  const std::string second = client.ks();
  remember_secret(second);
  g_assert_true(first != second);

  // The server reports EXPIRED for a given KS: renewed with the secret and
  // the call repeated, once.
  Credentials expired_and_secret = admin_credentials();
  expired_and_secret.ks = first;
  Client renewing(config_for(*short_ks_server), expired_and_secret);
  Json token = renewing.call(ops::upload_token_add("renewed.mp4"));
  g_assert_false(token.get_string("id").empty());
  g_assert_cmpuint(renewing.counters().requests, ==, 3);  // rejected, session.start, repeated
  remember_secret(renewing.ks());

  // The same for a batch.
  Client batch_client(config_for(*short_ks_server), expired_and_secret);
  MultiRequest batch;
  batch.add(ops::upload_token_add("a.mp4"));
  batch.add(ops::upload_token_add("b.mp4"));
  auto outcomes = batch_client.call_multi(batch);
  g_assert_cmpuint(outcomes.size(), ==, 2);
  g_assert_true(outcomes[0].ok());
  g_assert_true(outcomes[1].ok());
  remember_secret(batch_client.ks());

  // Without a secret the expiry reaches the caller.
  Credentials only_ks;
  only_ks.ks = first;
  Client stuck(config_for(*short_ks_server), only_ks);
  Error error = expect_error([&] { stuck.call(ops::upload_token_list(Params())); });
  g_assert_true(error.ks_expired());
  expect_str(error.arg("KSID"), "EXPIRED");
}

void test_concurrent_callers_share_one_session() {
  Client client(config_for(*server), admin_credentials());
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) threads.emplace_back([&] { upload_token_count(client); });
  for (auto& thread : threads) thread.join();
  remember_secret(client.ks());
  g_assert_cmpuint(client.counters().requests, ==, 7);  // one session.start, six lists
}

// A server whose error texts quote what the requests carried, as a
// misconfigured gateway or a server's debugging mode may: it starts sessions
// with the admin secret, then fails every call, its message quoting the
// request, its args the KS, and a multirequest's calls alike; a call with
// "reason" in its path gets an HTTP 500 whose reason phrase quotes the KS.
constexpr const char* kQuotedKs = "djJ8MTAwfHNlc3Npb24tcXVvdGVkLWJ5LXRoZS1zZXJ2ZXI=";

std::string answer_quoting(const std::string& request) {
  const bool session_start = request.find("/service/session/action/start") != std::string::npos;
  g_autofree char* escaped = g_strescape(request.c_str(), nullptr);
  const std::string quoted = std::string("request was: ") + escaped;
  const std::string error = "{\"code\":\"SERVICE_FORBIDDEN\",\"message\":\"" + quoted +
                            "\",\"objectType\":\"KalturaAPIException\",\"args\":{\"KS\":\"" + kQuotedKs + "\"}}";
  std::string status = "200 OK", body;
  if (session_start)
    body = std::string("\"") + kQuotedKs + "\"";
  else if (request.find("/service/multirequest") != std::string::npos)
    body = "[" + error + "]";
  else if (request.find("/action/reason") != std::string::npos)
    status = std::string("500 Failed for ks ") + kQuotedKs;
  else
    body = error;
  return "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

// The value of the Content-Length field of an HTTP head, 0 when none.
size_t content_length(const std::string& head) {
  g_autofree char* lower = g_ascii_strdown(head.c_str(), -1);
  const char* field = strstr(lower, "\r\ncontent-length:");
  return field ? std::strtoul(field + 17, nullptr, 10) : 0;
}

// Answers each request of a kept-alive connection with answer_quoting().
void serve_quoting(GSocket* connection, int, GCancellable* stop) {
  std::string received;
  char buffer[65536];
  for (;;) {
    const size_t head_end = received.find("\r\n\r\n");
    const size_t request_end =
        head_end == std::string::npos ? std::string::npos : head_end + 4 + content_length(received.substr(0, head_end));
    if (request_end != std::string::npos && received.size() >= request_end) {
      const std::string answer = answer_quoting(received.substr(0, request_end));
      received.erase(0, request_end);
      if (g_socket_send(connection, answer.data(), answer.size(), stop, nullptr) != static_cast<gssize>(answer.size()))
        break;
      continue;
    }
    const gssize got = g_socket_receive(connection, buffer, sizeof buffer, stop, nullptr);
    if (got <= 0) break;
    received.append(buffer, static_cast<size_t>(got));
  }
  g_object_unref(connection);
}

void assert_clear_of_secrets(const Error& error) {
  std::string text = error.message();
  for (const auto& [name, value] : error.args()) text += " " + name + "=" + value;
  g_test_message("%s: %s", error.code().c_str(), text.c_str());
  // Its first characters: the KS in any encoding (a form field's %3D for "=").
  g_assert_null(strstr(text.c_str(), std::string(kQuotedKs).substr(0, 40).c_str()));
  g_assert_null(strstr(text.c_str(), testing_support::kAdminSecret));
  g_assert_nonnull(strstr(text.c_str(), "<redacted>"));
}

void test_secrets_quoted_by_the_server() {
  LoopbackListener quoting(serve_quoting);
  ClientConfig config;
  config.service_url = quoting.http_url();
  config.retry.max_retries = 0;
  Client client(config, admin_credentials());
  // A call carrying the admin secret: its error quotes it.
  Request impersonating;
  impersonating.service = "session";
  impersonating.action = "impersonate";
  impersonating.params.set("secret", testing_support::kAdminSecret).set("impersonatedPartnerId", 101);
  assert_clear_of_secrets(expect_error([&] { client.call(impersonating); }));
  // Calls with the KS the session started.
  assert_clear_of_secrets(expect_error([&] { client.call(ops::upload_token_list(Params())); }));
  MultiRequest batch;
  batch.add(ops::upload_token_list(Params()));
  const std::vector<Outcome> outcomes = client.call_multi(batch);
  g_assert_cmpuint(outcomes.size(), ==, 1);
  g_assert_false(outcomes[0].ok());
  assert_clear_of_secrets(*outcomes[0].error);
  Request failing;
  failing.service = "media";
  failing.action = "reason";
  assert_clear_of_secrets(expect_error([&] { client.call(failing); }));
  // The element scrubs its own texts (a download URL) with these.
  const std::vector<std::string> known = client.secrets();
  g_assert_true(std::find(known.begin(), known.end(), kQuotedKs) != known.end());
  remember_secret(kQuotedKs);
}

// Runs last: everything above logged through the capture.
void test_no_secret_in_logs() {
  std::lock_guard<std::mutex> lock(log_mutex);
  g_assert_nonnull(strstr(log_text.c_str(), "kaltura"));  // the library did log
  g_assert_nonnull(strstr(log_text.c_str(), "uploadtoken.add"));
  for (const std::string& secret : secrets) {
    g_assert_false(secret.empty());
    if (strstr(log_text.c_str(), secret.c_str())) g_error("a secret or KS appears in the log");
  }
}

}  // namespace

int main(int argc, char** argv) {
  g_setenv("G_MESSAGES_DEBUG", "kaltura", TRUE);
  g_log_set_writer_func(capture_log, nullptr, nullptr);
  g_test_init(&argc, &argv, nullptr);
  DevServerProcess main_server;
  DevServerProcess short_server({"--ks-expiry", "2"});
  server = &main_server;
  short_ks_server = &short_server;
  g_test_add_func("/sessions/admin-secret", test_admin_secret);
  g_test_add_func("/sessions/user-secret", test_user_secret);
  g_test_add_func("/sessions/wrong-secret", test_wrong_secret);
  g_test_add_func("/sessions/given-ks", test_given_ks);
  g_test_add_func("/sessions/app-token", test_app_token);
  g_test_add_func("/sessions/app-token-renewal", test_app_token_renewed_before_expiry);
  g_test_add_func("/sessions/renewal", test_renewal_before_and_after_expiry);
  g_test_add_func("/sessions/concurrent-callers", test_concurrent_callers_share_one_session);
  g_test_add_func("/sessions/secrets-quoted-by-the-server", test_secrets_quoted_by_the_server);
  g_test_add_func("/sessions/no-secret-in-logs", test_no_secret_in_logs);
  return g_test_run();
}
