// App-token login (protocol §6.6): every hash type, the token's overrides of
// the session, and every error.
#include <memory>

#include "devserver_api.h"

using namespace devserver_test;

namespace {

DevServerProcess* server = nullptr;
std::string admin;

gint64 now() { return g_get_real_time() / G_USEC_PER_SEC; }

Json* add_token(testing_support::Fields fields) {
  fields.insert(fields.begin(), {{"ks", admin}, {"appToken[objectType]", "KalturaAppToken"}});
  return new Json(call(*server, "appToken", "add", fields).body);
}

std::string widget_ks() {
  return Json(call(*server, "session", "startWidgetSession", {{"widgetId", "_100"}}).body).str("ks");
}

std::string token_hash(GChecksumType type, const std::string& ks, const std::string& token) {
  g_autofree char* hex = g_compute_checksum_for_string(type, (ks + token).c_str(), -1);
  return hex;
}

void test_each_hash_type() {
  const std::pair<const char*, GChecksumType> types[] = {
      {"SHA1", G_CHECKSUM_SHA1}, {"MD5", G_CHECKSUM_MD5}, {"SHA256", G_CHECKSUM_SHA256}, {"SHA512", G_CHECKSUM_SHA512}};
  for (const auto& [name, checksum] : types) {
    std::unique_ptr<Json> token(add_token({{"appToken[hashType]", name}}));
    ASSERT_STR(token->str("hashType"), name);
    g_assert_cmpint(token->num("status"), ==, 2);
    g_assert_cmpuint(token->str("token").size(), ==, 32);
    std::string ks = widget_ks();
    Json session(call(*server, "appToken", "startSession",
                      {{"ks", ks}, {"id", token->str("id")}, {"tokenHash", token_hash(checksum, ks, token->str("token"))},
                       {"userId", "viewer"}})
                     .body);
    ASSERT_STR(session.str("objectType"), "KalturaSessionInfo");
    ASSERT_STR(session.str("userId"), "viewer");
    g_assert_cmpint(session.num("sessionType"), ==, 0);
    g_assert_cmpint(session.num("partnerId"), ==, 100);
    ASSERT_STR(session.str("privileges"), "sessionid:" + token->str("id") + ",apptoken:" + token->str("id"));
    g_assert_cmpint(session.num("expiry"), >, now() + 86000);
    // The new KS works.
    Json info(call(*server, "session", "get", {{"ks", session.str("ks")}}).body);
    ASSERT_STR(info.str("userId"), "viewer");
  }
  // The default hash type is SHA1.
  std::unique_ptr<Json> plain(add_token({}));
  ASSERT_STR(plain->str("hashType"), "SHA1");
}

void test_token_overrides_the_request() {
  std::unique_ptr<Json> token(add_token({{"appToken[sessionType]", "2"},
                                         {"appToken[sessionUserId]", "robot"},
                                         {"appToken[sessionDuration]", "600"},
                                         {"appToken[sessionPrivileges]", "edit:*"},
                                         {"appToken[expiry]", std::to_string(now() + 300)}}));
  std::string ks = widget_ks();
  Json session(call(*server, "appToken", "startSession",
                    {{"ks", ks}, {"id", token->str("id")},
                     {"tokenHash", token_hash(G_CHECKSUM_SHA1, ks, token->str("token"))}, {"userId", "someone"},
                     {"type", "0"}, {"expiry", "5000"}})
                   .body);
  ASSERT_STR(session.str("userId"), "robot");
  g_assert_cmpint(session.num("sessionType"), ==, 2);
  // min(requested 5000, duration 600, token expiry in 300 s)
  g_assert_cmpint(session.num("expiry"), <=, now() + 300);
  g_assert_cmpint(session.num("expiry"), >=, now() + 290);
  ASSERT_STR(session.str("privileges"),
             "sessionid:" + token->str("id") + ",apptoken:" + token->str("id") + ",edit:*");
  // An admin session from the token may manage app tokens.
  Json list(call(*server, "appToken", "list", {{"ks", session.str("ks")}}).body);
  ASSERT_STR(list.str("objectType"), "KalturaAppTokenListResponse");
}

void test_errors() {
  std::string ks = widget_ks();
  Json unknown(call(*server, "appToken", "startSession", {{"ks", ks}, {"id", "0_nosuch00"}, {"tokenHash", "00"}}).body);
  ASSERT_STR(unknown.str("code"), "APP_TOKEN_ID_NOT_FOUND");
  ASSERT_STR(unknown.str("message"), "Application token id \"0_nosuch00\" not found");
  ASSERT_STR(unknown.str("args.ID"), "0_nosuch00");

  std::unique_ptr<Json> token(add_token({}));
  const std::string id = token->str("id");
  Json wrong(call(*server, "appToken", "startSession", {{"ks", ks}, {"id", id}, {"tokenHash", "abc"}}).body);
  ASSERT_STR(wrong.str("code"), "INVALID_APP_TOKEN_HASH");
  ASSERT_STR(wrong.str("message"), "Invalid application token hash");
  g_assert_true(JSON_NODE_HOLDS_ARRAY(wrong.at("args")));

  // The hash must be made with the KS of the call itself.
  std::string other_ks = widget_ks();
  Json other(call(*server, "appToken", "startSession",
                  {{"ks", ks}, {"id", id}, {"tokenHash", token_hash(G_CHECKSUM_SHA1, other_ks, token->str("token"))}})
                 .body);
  ASSERT_STR(other.str("code"), "INVALID_APP_TOKEN_HASH");

  Json missing(call(*server, "appToken", "startSession", {{"ks", ks}, {"id", id}}).body);
  ASSERT_STR(missing.str("code"), "MISSING_MANDATORY_PARAMETER");
  ASSERT_STR(missing.str("args.PARAM_NAME"), "tokenHash");

  std::unique_ptr<Json> expired(add_token({{"appToken[expiry]", std::to_string(now() - 10)}}));
  Json expired_error(call(*server, "appToken", "startSession",
                          {{"ks", ks}, {"id", expired->str("id")},
                           {"tokenHash", token_hash(G_CHECKSUM_SHA1, ks, expired->str("token"))}})
                         .body);
  ASSERT_STR(expired_error.str("code"), "APP_TOKEN_EXPIRED");
  ASSERT_STR(expired_error.str("message"), "Application token id \"" + expired->str("id") + "\" expired");

  ASSERT_STR(call(*server, "appToken", "delete", {{"ks", admin}, {"id", id}}).body, "null");
  Json deleted(call(*server, "appToken", "startSession",
                    {{"ks", ks}, {"id", id}, {"tokenHash", token_hash(G_CHECKSUM_SHA1, ks, token->str("token"))}})
                   .body);
  ASSERT_STR(deleted.str("code"), "APP_TOKEN_NOT_ACTIVE");
  ASSERT_STR(deleted.str("message"), "Application token id \"" + id + "\" not active");
  ASSERT_STR(error_code(call(*server, "appToken", "get", {{"ks", admin}, {"id", id}}).body), "APP_TOKEN_ID_NOT_FOUND");

  Json bad_hash_type(call(*server, "appToken", "add",
                          {{"ks", admin}, {"appToken[objectType]", "KalturaAppToken"}, {"appToken[hashType]", "CRC32"}})
                         .body);
  ASSERT_STR(bad_hash_type.str("code"), "INVALID_ENUM_VALUE");
  ASSERT_STR(bad_hash_type.str("args.ENUM_TYPE"), "KalturaAppTokenHashType");

  Json read_only(call(*server, "appToken", "add",
                      {{"ks", admin}, {"appToken[objectType]", "KalturaAppToken"}, {"appToken[token]", "mine"}})
                     .body);
  ASSERT_STR(read_only.str("code"), "PROPERTY_VALIDATION_NOT_UPDATABLE");
  ASSERT_STR(read_only.str("args.PROP_NAME"), "KalturaAppToken::token");

  // Managing tokens needs an admin session.
  std::string user_ks = Json(call(*server, "session", "start",
                                  {{"secret", testing_support::kUserSecret}, {"userId", "u"}})
                                 .body)
                            .str();
  ASSERT_STR(error_code(call(*server, "appToken", "add", {{"ks", user_ks}, {"appToken[objectType]", "KalturaAppToken"}}).body),
             "SERVICE_FORBIDDEN");
}

void test_list_and_update() {
  Json before(call(*server, "appToken", "list", {{"ks", admin}}).body);
  gint64 total = before.num("totalCount");
  std::unique_ptr<Json> token(add_token({{"appToken[description]", "first"}}));
  Json after(call(*server, "appToken", "list", {{"ks", admin}, {"pager[pageSize]", "1"}, {"pager[pageIndex]", "1"}}).body);
  g_assert_cmpint(after.num("totalCount"), ==, total + 1);
  g_assert_cmpuint(after.length("objects"), ==, 1);
  Json updated(call(*server, "appToken", "update",
                    {{"ks", admin}, {"id", token->str("id")}, {"appToken[objectType]", "KalturaAppToken"},
                     {"appToken[description]", "second"}})
                   .body);
  ASSERT_STR(updated.str("description"), "second");
  ASSERT_STR(Json(call(*server, "appToken", "get", {{"ks", admin}, {"id", token->str("id")}}).body).str("description"),
             "second");
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  auto process = std::make_unique<DevServerProcess>();
  server = process.get();
  admin = admin_ks(*server);
  g_test_add_func("/devserver/app-tokens/hash-types", test_each_hash_type);
  g_test_add_func("/devserver/app-tokens/overrides", test_token_overrides_the_request);
  g_test_add_func("/devserver/app-tokens/errors", test_errors);
  g_test_add_func("/devserver/app-tokens/list-and-update", test_list_and_update);
  return g_test_run();
}
