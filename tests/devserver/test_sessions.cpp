// Sessions (protocol §6): KS v2 as issued (decrypted here with the admin
// secret), KS v1 accepted, secrets and types, widget sessions, session.end,
// expiry, the actionslimit, iprestrict and urirestrict privileges,
// persistence across a restart, and logs free of secrets.
#include <nettle/aes.h>
#include <nettle/cbc.h>
#include <nettle/sha1.h>

#include <map>
#include <memory>

#include "devserver_api.h"

using namespace devserver_test;
using testing_support::kAdminSecret;
using testing_support::kUserSecret;

namespace {

DevServerProcess* server = nullptr;

std::string sha1_binary(const std::string& data) {
  sha1_ctx ctx;
  sha1_init(&ctx);
  sha1_update(&ctx, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
  uint8_t digest[SHA1_DIGEST_SIZE];
  sha1_digest(&ctx, sizeof digest, digest);
  return std::string(reinterpret_cast<char*>(digest), sizeof digest);
}

std::string aes_key(const std::string& secret) { return sha1_binary(secret).substr(0, 16); }

// Decrypts and checks a KS v2 the way §6.3 describes; returns its fields.
std::map<std::string, std::string> decode_v2(const std::string& ks, const std::string& secret) {
  std::string text = ks;
  for (char& c : text) c = c == '-' ? '+' : c == '_' ? '/' : c;
  gsize size = 0;
  g_autofree guchar* raw = g_base64_decode(text.c_str(), &size);
  std::string decoded(reinterpret_cast<char*>(raw), size);
  g_assert_true(g_str_has_prefix(decoded.c_str(), "v2|100|"));
  std::string encrypted = decoded.substr(7);
  g_assert_cmpint(encrypted.size() % 16, ==, 0);
  std::string plain(encrypted.size(), '\0');
  aes128_ctx ctx;
  std::string key = aes_key(secret);
  aes128_set_decrypt_key(&ctx, reinterpret_cast<const uint8_t*>(key.data()));
  uint8_t iv[16] = {};
  cbc_decrypt(&ctx, reinterpret_cast<nettle_cipher_func*>(aes128_decrypt), 16, iv, encrypted.size(),
              reinterpret_cast<uint8_t*>(plain.data()), reinterpret_cast<const uint8_t*>(encrypted.data()));
  while (!plain.empty() && plain.back() == '\0') plain.pop_back();
  g_assert_true(sha1_binary(plain.substr(20)) == plain.substr(0, 20));
  std::map<std::string, std::string> fields;
  g_autoptr(GHashTable) query = g_uri_parse_params(plain.substr(36).c_str(), -1, "&", G_URI_PARAMS_WWW_FORM, nullptr);
  g_assert_nonnull(query);
  GHashTableIter iter;
  gpointer name;
  gpointer value;
  g_hash_table_iter_init(&iter, query);
  while (g_hash_table_iter_next(&iter, &name, &value))
    fields[static_cast<char*>(name)] = static_cast<char*>(value);
  return fields;
}

// A KS v2 made here, signed with secret.
std::string encode_v2(const std::string& fields, const std::string& secret) {
  std::string signed_part = std::string(16, 'r') + fields;
  std::string plain = sha1_binary(signed_part) + signed_part;
  plain.append((16 - plain.size() % 16) % 16, '\0');
  std::string encrypted(plain.size(), '\0');
  aes128_ctx ctx;
  std::string key = aes_key(secret);
  aes128_set_encrypt_key(&ctx, reinterpret_cast<const uint8_t*>(key.data()));
  uint8_t iv[16] = {};
  cbc_encrypt(&ctx, reinterpret_cast<nettle_cipher_func*>(aes128_encrypt), 16, iv, plain.size(),
              reinterpret_cast<uint8_t*>(encrypted.data()), reinterpret_cast<const uint8_t*>(plain.data()));
  std::string all = "v2|100|" + encrypted;
  g_autofree char* b64 = g_base64_encode(reinterpret_cast<const guchar*>(all.data()), all.size());
  std::string ks = b64;
  for (char& c : ks) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return ks;
}

std::string encode_v1(const std::string& info, const std::string& secret) {
  g_autofree char* signature = g_compute_checksum_for_string(G_CHECKSUM_SHA1, (secret + info).c_str(), -1);
  std::string plain = std::string(signature) + "|" + info;
  g_autofree char* b64 = g_base64_encode(reinterpret_cast<const guchar*>(plain.data()), plain.size());
  return b64;
}

gint64 now() { return g_get_real_time() / G_USEC_PER_SEC; }

std::string start_session(const testing_support::Fields& fields) {
  HttpResponse response = call(*server, "session", "start", fields);
  Json ks(response.body);
  ASSERT_STR(error_code(response.body), "");
  return ks.str();
}

void test_ks_v2_round_trip() {
  std::string ks = start_session({{"secret", kAdminSecret}, {"type", "2"}, {"userId", "alice smith"},
                                  {"privileges", "edit:*,sview:0_abc,disableentitlement"}, {"expiry", "3600"}});
  g_assert_cmpint(ks.size() % 4, ==, 0);  // '=' padding kept
  g_assert_true(ks.find_first_of("+/") == std::string::npos);
  auto fields = decode_v2(ks, kAdminSecret);
  ASSERT_STR(fields["_t"], "2");
  ASSERT_STR(fields["_u"], "alice smith");
  ASSERT_STR(fields["edit"], "*");
  ASSERT_STR(fields["sview"], "0_abc");
  g_assert_true(fields.count("disableentitlement") == 1);
  gint64 valid_until = g_ascii_strtoll(fields["_e"].c_str(), nullptr, 10);
  g_assert_cmpint(valid_until, >=, now() + 3590);
  g_assert_cmpint(valid_until, <=, now() + 3600);

  // A USER session from the user secret is signed with the admin secret too.
  std::string user_ks = start_session({{"secret", kUserSecret}, {"userId", "bob"}});
  ASSERT_STR(decode_v2(user_ks, kAdminSecret)["_t"], "0");
}

void test_ks_made_elsewhere_is_verified() {
  std::string good = encode_v2("all=*&_e=" + std::to_string(now() + 600) + "&_t=2&_u=carol", kAdminSecret);
  Json info(call(*server, "session", "get", {{"ks", good}}).body);
  ASSERT_STR(info.str("userId"), "carol");
  ASSERT_STR(info.str("privileges"), "*");
  g_assert_cmpint(info.num("sessionType"), ==, 2);

  std::string forged = encode_v2("_e=" + std::to_string(now() + 600) + "&_t=2&_u=mallory", "wrong-secret");
  Json error(call(*server, "session", "get", {{"ks", forged}}).body);
  ASSERT_STR(error.str("code"), "INVALID_KS");
  ASSERT_STR(error.str("args.KSID"), forged);
  ASSERT_STR(error.str("args.ERR_CODE"), "-1");
  ASSERT_STR(error.str("args.ERR_DESC"), "INVALID_STR");
  ASSERT_STR(error.str("message"), "Invalid KS \"" + forged + "\", Error \"-1,INVALID_STR\"");

  Json garbage(call(*server, "appToken", "list", {{"ks", "not a ks"}}).body);
  ASSERT_STR(garbage.str("code"), "INVALID_KS");
}

void test_ks_v1_accepted() {
  std::string info = "100;100;" + std::to_string(now() + 600) + ";2;4242;dave;edit:*;;";
  std::string ks = encode_v1(info, kAdminSecret);
  Json session(call(*server, "session", "get", {{"ks", ks}}).body);
  ASSERT_STR(session.str("userId"), "dave");
  ASSERT_STR(session.str("privileges"), "edit:*");
  Json list(call(*server, "appToken", "list", {{"ks", ks}}).body);
  ASSERT_STR(list.str("objectType"), "KalturaAppTokenListResponse");

  std::string bad = encode_v1(info, "another-secret");
  ASSERT_STR(error_code(call(*server, "session", "get", {{"ks", bad}}).body), "INVALID_KS");
}

void test_secrets_and_types() {
  for (const auto& fields : std::vector<testing_support::Fields>{
           {{"secret", kUserSecret}, {"type", "2"}},
           {{"secret", "wrong"}},
           {{"secret", kAdminSecret}, {"partnerId", "101"}}}) {
    Json error(call(*server, "session", "start", fields).body);
    ASSERT_STR(error.str("code"), "START_SESSION_ERROR");
    std::string pid = fields.size() > 1 && fields[1].first == "partnerId" ? "101" : "100";
    ASSERT_STR(error.str("message"), "Error while starting session for partner [" + pid + "]");
    ASSERT_STR(error.str("args.PID"), pid);
  }
  Json bad_type(call(*server, "session", "start", {{"secret", kAdminSecret}, {"type", "7"}}).body);
  ASSERT_STR(bad_type.str("code"), "INVALID_ENUM_VALUE");
  // The admin secret is good for a USER session too.
  ASSERT_STR(decode_v2(start_session({{"secret", kAdminSecret}, {"type", "0"}}), kAdminSecret)["_t"], "0");
}

void test_widget_session() {
  HttpResponse response = call(*server, "session", "startWidgetSession", {{"widgetId", "_100"}});
  Json widget(response.body);
  g_assert_cmpint(widget.num("partnerId"), ==, 100);
  g_assert_cmpint(json_node_get_value_type(widget.at("userId")), ==, G_TYPE_INT64);
  auto fields = decode_v2(widget.str("ks"), kAdminSecret);
  ASSERT_STR(fields["_t"], "0");
  ASSERT_STR(fields["widget"], "1");
  ASSERT_STR(fields["view"], "*");
  // A widget session may not use actions that need a real session.
  Json forbidden(call(*server, "appToken", "list", {{"ks", widget.str("ks")}}).body);
  ASSERT_STR(forbidden.str("code"), "SERVICE_FORBIDDEN");

  Json unknown(call(*server, "session", "startWidgetSession", {{"widgetId", "_999"}}).body);
  ASSERT_STR(unknown.str("code"), "INVALID_WIDGET_ID");
  ASSERT_STR(unknown.str("message"), "Unknown widget [_999]");
}

void test_session_end() {
  std::string ks = admin_ks(*server);
  std::string other = admin_ks(*server);
  HttpResponse ended = call(*server, "session", "end", {{"ks", ks}});
  ASSERT_STR(ended.body, "null");
  Json error(call(*server, "appToken", "list", {{"ks", ks}}).body);
  ASSERT_STR(error.str("code"), "INVALID_KS");
  ASSERT_STR(error.str("args.KSID"), "LOGOUT");
  ASSERT_STR(error.str("message"), "Invalid KS \"LOGOUT\", Error \"-1,INVALID_STR\"");
  // Other sessions are unaffected.
  ASSERT_STR(Json(call(*server, "appToken", "list", {{"ks", other}}).body).str("objectType"),
             "KalturaAppTokenListResponse");
}

void test_expiry() {
  DevServerProcess short_lived({"--ks-expiry", "1"});
  HttpResponse response = call(short_lived, "session", "start",
                               {{"secret", kAdminSecret}, {"type", "2"}, {"expiry", "3600"}});
  std::string ks = Json(response.body).str();
  gint64 valid_until = g_ascii_strtoll(decode_v2(ks, kAdminSecret)["_e"].c_str(), nullptr, 10);
  g_assert_cmpint(valid_until, <=, now() + 1);
  g_usleep(2100 * 1000);
  Json error(call(short_lived, "appToken", "list", {{"ks", ks}}).body);
  ASSERT_STR(error.str("code"), "INVALID_KS");
  ASSERT_STR(error.str("args.KSID"), "EXPIRED");
  ASSERT_STR(error.str("message"), "Invalid KS \"EXPIRED\", Error \"-1,INVALID_STR\"");
}

// The second form of INVALID_KS (§6.7) with reason as its KSID.
void assert_refused(const HttpResponse& response, const std::string& reason) {
  Json error(response.body);
  ASSERT_STR(error.str("code"), "INVALID_KS");
  ASSERT_STR(error.str("args.KSID"), reason);
  ASSERT_STR(error.str("message"), "Invalid KS \"" + reason + "\", Error \"-1,INVALID_STR\"");
}

bool listed(const HttpResponse& response) {
  return Json(response.body).str("objectType") == "KalturaAppTokenListResponse";
}

void test_actions_limit() {
  std::string ks = start_session({{"secret", kAdminSecret}, {"type", "2"}, {"privileges", "actionslimit:3"}});
  for (int i = 0; i < 3; ++i) g_assert_true(listed(call(*server, "appToken", "list", {{"ks", ks}})));
  assert_refused(call(*server, "appToken", "list", {{"ks", ks}}), "EXCEEDED_ACTIONS_LIMIT");

  // Each call of a multirequest is a call.
  std::string two = start_session({{"secret", kAdminSecret}, {"type", "2"}, {"privileges", "actionslimit:2"}});
  Json results(testing_support::post_form(server->api_base() + "/service/multirequest", {{"format", "1"},
                                                                                         {"ks", two},
                                                                                         {"1:service", "appToken"},
                                                                                         {"1:action", "list"},
                                                                                         {"2:service", "appToken"},
                                                                                         {"2:action", "list"},
                                                                                         {"3:service", "appToken"},
                                                                                         {"3:action", "list"}})
                   .body);
  g_assert_cmpuint(results.length(), ==, 3);
  ASSERT_STR(results.str("1.objectType"), "KalturaAppTokenListResponse");
  ASSERT_STR(results.str("2.args.KSID"), "EXCEEDED_ACTIONS_LIMIT");

  // Kaltura counts the calls of the sessions it issued: one made elsewhere
  // with the same privilege is not limited.
  std::string elsewhere = encode_v2("actionslimit=1&_e=" + std::to_string(now() + 600) + "&_t=2&_u=", kAdminSecret);
  for (int i = 0; i < 3; ++i) g_assert_true(listed(call(*server, "appToken", "list", {{"ks", elsewhere}})));
}

void test_ip_restriction() {
  std::string elsewhere =
      start_session({{"secret", kAdminSecret}, {"type", "2"}, {"privileges", "iprestrict:10.1.2.3"}});
  assert_refused(call(*server, "appToken", "list", {{"ks", elsewhere}}), "EXCEEDED_RESTRICTED_IP");
  std::string here =
      start_session({{"secret", kAdminSecret}, {"type", "2"}, {"privileges", "iprestrict:10.1.2.3/127.0.0.1"}});
  g_assert_true(listed(call(*server, "appToken", "list", {{"ks", here}})));
}

void test_uri_restriction() {
  std::string ks =
      start_session({{"secret", kAdminSecret},
                     {"type", "2"},
                     {"privileges", "urirestrict:/api_v3/service/session/*|/api_v3/service/appToken/action/list"}});
  g_assert_true(listed(call(*server, "appToken", "list", {{"ks", ks}})));
  ASSERT_STR(Json(call(*server, "session", "get", {{"ks", ks}}).body).str("objectType"), "KalturaSessionInfo");
  assert_refused(call(*server, "appToken", "add", {{"ks", ks}, {"appToken[objectType]", "KalturaAppToken"}}),
                 "EXCEEDED_RESTRICTED_URI");
  assert_refused(call(*server, "uploadToken", "list", {{"ks", ks}}), "EXCEEDED_RESTRICTED_URI");
}

void test_restart_keeps_sessions_and_app_tokens() {
  DevServerProcess restarted;
  std::string ks = admin_ks(restarted);
  std::string ended = admin_ks(restarted);
  call(restarted, "session", "end", {{"ks", ended}});
  Json token(call(restarted, "appToken", "add", {{"ks", ks}, {"appToken[objectType]", "KalturaAppToken"}}).body);
  std::string token_id = token.str("id");
  g_assert_false(token_id.empty());
  restarted.restart();
  Json again(call(restarted, "appToken", "get", {{"ks", ks}, {"id", token_id}}).body);
  ASSERT_STR(again.str("token"), token.str("token"));
  ASSERT_STR(Json(call(restarted, "appToken", "list", {{"ks", ended}}).body).str("args.KSID"), "LOGOUT");
}

void test_log_has_no_secrets() {
  std::string ks = admin_ks(*server);
  Json token(call(*server, "appToken", "add", {{"ks", ks}, {"appToken[objectType]", "KalturaAppToken"}}).body);
  call(*server, "appToken", "startSession", {{"ks", ks}, {"id", token.str("id")}, {"tokenHash", "deadbeef"}});
  call(*server, "session", "get", {{"ks", "v1-garbage-ks-value"}});
  std::string log = server->log();
  g_assert_true(log.find("session.start") != std::string::npos);
  g_assert_true(log.find("apptoken.startsession") != std::string::npos);
  for (const std::string& secret : {std::string(kAdminSecret), std::string(kUserSecret), ks, token.str("token"),
                                    std::string("deadbeef"), std::string("v1-garbage-ks-value")})
    g_assert_true(log.find(secret) == std::string::npos);
}

// The secrets may come from the environment, out of the process list; an
// option on the command line wins over its variable.
void test_secrets_from_environment() {
  DevServerProcess from_environment({}, testing_support::SecretsVia::Environment);
  g_autofree char* command_line_path = g_strdup_printf("/proc/%d/cmdline", from_environment.pid());
  gchar* command_line = nullptr;
  gsize length = 0;
  g_assert_true(g_file_get_contents(command_line_path, &command_line, &length, nullptr));
  const std::string arguments(command_line, length);
  g_free(command_line);
  g_assert_true(arguments.find("--data-dir") != std::string::npos);
  g_assert_true(arguments.find(kAdminSecret) == std::string::npos);
  g_assert_true(arguments.find(kUserSecret) == std::string::npos);

  auto session_error = [](DevServerProcess& process, const char* secret, const char* type) {
    return error_code(call(process, "session", "start", {{"secret", secret}, {"type", type}}).body);
  };
  ASSERT_STR(session_error(from_environment, kAdminSecret, "2"), "");
  ASSERT_STR(session_error(from_environment, kUserSecret, "0"), "");
  ASSERT_STR(session_error(from_environment, "devserver-admin-secret", "2"), "START_SESSION_ERROR");

  DevServerProcess option_and_environment({"--admin-secret", "option-admin-secret"},
                                          testing_support::SecretsVia::Environment);
  ASSERT_STR(session_error(option_and_environment, "option-admin-secret", "2"), "");
  ASSERT_STR(session_error(option_and_environment, kAdminSecret, "2"), "START_SESSION_ERROR");
  ASSERT_STR(session_error(option_and_environment, kUserSecret, "0"), "");
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  auto process = std::make_unique<DevServerProcess>();
  server = process.get();
  g_test_add_func("/devserver/sessions/ks-v2-round-trip", test_ks_v2_round_trip);
  g_test_add_func("/devserver/sessions/ks-made-elsewhere", test_ks_made_elsewhere_is_verified);
  g_test_add_func("/devserver/sessions/ks-v1", test_ks_v1_accepted);
  g_test_add_func("/devserver/sessions/secrets-and-types", test_secrets_and_types);
  g_test_add_func("/devserver/sessions/widget", test_widget_session);
  g_test_add_func("/devserver/sessions/end", test_session_end);
  g_test_add_func("/devserver/sessions/expiry", test_expiry);
  g_test_add_func("/devserver/sessions/actions-limit", test_actions_limit);
  g_test_add_func("/devserver/sessions/ip-restriction", test_ip_restriction);
  g_test_add_func("/devserver/sessions/uri-restriction", test_uri_restriction);
  g_test_add_func("/devserver/sessions/restart", test_restart_keeps_sessions_and_app_tokens);
  g_test_add_func("/devserver/sessions/log-without-secrets", test_log_has_no_secrets);
  g_test_add_func("/devserver/sessions/secrets-from-environment", test_secrets_from_environment);
  return g_test_run();
}
