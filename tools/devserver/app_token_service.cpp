#include "app_token_service.h"

#include <glib.h>

#include <algorithm>
#include <optional>

#include "session_auth.h"

namespace devserver {

namespace {

// KalturaAppTokenStatus (1 is DISABLED, which no action sets)
constexpr int kActive = 2;
constexpr int kDeleted = 3;

struct AppToken {
  std::string id;
  std::string token;
  int partner_id = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int status = kActive;
  std::optional<int64_t> expiry;
  std::optional<int64_t> session_type;
  std::optional<std::string> session_user_id;
  int64_t session_duration = 86400;
  std::string session_privileges;
  std::string hash_type = "SHA1";
  std::string description;
};

const char* kColumns =
    "id, token, partner_id, created_at, updated_at, status, expiry, session_type, session_user_id, "
    "session_duration, session_privileges, hash_type, description";

void create_table(ServerContext& server) {
  server.db().exec(
      "CREATE TABLE IF NOT EXISTS app_tokens (id TEXT PRIMARY KEY, token TEXT NOT NULL, partner_id INTEGER NOT NULL, "
      "created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, status INTEGER NOT NULL, expiry INTEGER, "
      "session_type INTEGER, session_user_id TEXT, session_duration INTEGER NOT NULL, session_privileges TEXT NOT "
      "NULL, hash_type TEXT NOT NULL, description TEXT NOT NULL)");
}

AppToken read_row(const Database::Statement& row) {
  AppToken token;
  token.id = row.text(0);
  token.token = row.text(1);
  token.partner_id = static_cast<int>(row.integer(2));
  token.created_at = row.integer(3);
  token.updated_at = row.integer(4);
  token.status = static_cast<int>(row.integer(5));
  if (!row.is_null(6)) token.expiry = row.integer(6);
  if (!row.is_null(7)) token.session_type = row.integer(7);
  if (!row.is_null(8)) token.session_user_id = row.text(8);
  token.session_duration = row.integer(9);
  token.session_privileges = row.text(10);
  token.hash_type = row.text(11);
  token.description = row.text(12);
  return token;
}

std::optional<AppToken> find_token(ServerContext& server, const std::string& id) {
  auto query = server.db().prepare(std::string("SELECT ") + kColumns + " FROM app_tokens WHERE id = ? AND partner_id = ?");
  query.bind(1, id).bind(2, static_cast<int64_t>(server.config.partner_id));
  if (!query.step()) return std::nullopt;
  return read_row(query);
}

// get, update and delete do not see deleted tokens.
AppToken existing_token(ServerContext& server, const std::string& id) {
  std::optional<AppToken> token = find_token(server, id);
  if (!token || token->status == kDeleted) throw ApiError("APP_TOKEN_ID_NOT_FOUND", {{"ID", id}});
  return *token;
}

void save(ServerContext& server, const AppToken& token) {
  auto statement = server.db().prepare(std::string("INSERT OR REPLACE INTO app_tokens (") + kColumns +
                                       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  statement.bind(1, token.id).bind(2, token.token).bind(3, static_cast<int64_t>(token.partner_id));
  statement.bind(4, token.created_at).bind(5, token.updated_at).bind(6, static_cast<int64_t>(token.status));
  if (token.expiry) statement.bind(7, *token.expiry); else statement.bind_null(7);
  if (token.session_type) statement.bind(8, *token.session_type); else statement.bind_null(8);
  if (token.session_user_id) statement.bind(9, *token.session_user_id); else statement.bind_null(9);
  statement.bind(10, token.session_duration).bind(11, token.session_privileges).bind(12, token.hash_type);
  statement.bind(13, token.description);
  statement.run();
}

GChecksumType checksum_type(const std::string& hash_type) {
  if (hash_type == "MD5") return G_CHECKSUM_MD5;
  if (hash_type == "SHA256") return G_CHECKSUM_SHA256;
  if (hash_type == "SHA512") return G_CHECKSUM_SHA512;
  return G_CHECKSUM_SHA1;
}

void add_string(JsonBuilder* builder, const char* name, const std::string& value) {
  json_builder_set_member_name(builder, name);
  json_builder_add_string_value(builder, value.c_str());
}

void add_int(JsonBuilder* builder, const char* name, int64_t value) {
  json_builder_set_member_name(builder, name);
  json_builder_add_int_value(builder, value);
}

JsonNode* to_json(const AppToken& token) {
  g_autoptr(JsonBuilder) builder = json_builder_new();
  json_builder_begin_object(builder);
  add_string(builder, "id", token.id);
  add_string(builder, "token", token.token);
  add_int(builder, "partnerId", token.partner_id);
  add_int(builder, "createdAt", token.created_at);
  add_int(builder, "updatedAt", token.updated_at);
  add_int(builder, "status", token.status);
  if (token.expiry) add_int(builder, "expiry", *token.expiry);
  if (token.session_type) add_int(builder, "sessionType", *token.session_type);
  if (token.session_user_id) add_string(builder, "sessionUserId", *token.session_user_id);
  add_int(builder, "sessionDuration", token.session_duration);
  if (!token.session_privileges.empty()) add_string(builder, "sessionPrivileges", token.session_privileges);
  add_string(builder, "hashType", token.hash_type);
  if (!token.description.empty()) add_string(builder, "description", token.description);
  add_string(builder, "objectType", "KalturaAppToken");
  json_builder_end_object(builder);
  return json_builder_get_root(builder);
}

// The settable fields of a KalturaAppToken parameter; the read-only ones
// are refused as the real service does.
void apply_fields(JsonObject* input, AppToken& token) {
  ActionCall fields;
  fields.params = input;
  for (const char* read_only : {"id", "token", "partnerId", "createdAt", "updatedAt", "status"})
    if (fields.has(read_only))
      throw ApiError("PROPERTY_VALIDATION_NOT_UPDATABLE", {{"PROP_NAME", std::string("KalturaAppToken::") + read_only}});
  if (fields.has("expiry")) token.expiry = fields.int_param("expiry");
  if (fields.has("sessionType")) {
    int64_t type = fields.int_param("sessionType");
    if (type != 0 && type != 2)
      throw ApiError("INVALID_ENUM_VALUE", {{"ENUM_VAL", fields.string_param("sessionType")},
                                            {"PARAM_NAME", "sessionType"},
                                            {"ENUM_TYPE", "KalturaSessionType"}});
    token.session_type = type;
  }
  if (fields.has("sessionUserId")) token.session_user_id = fields.string_param("sessionUserId");
  if (fields.has("sessionDuration")) token.session_duration = fields.int_param("sessionDuration");
  if (fields.has("sessionPrivileges")) token.session_privileges = fields.string_param("sessionPrivileges");
  if (fields.has("description")) token.description = fields.string_param("description");
  if (fields.has("hashType")) {
    std::string hash_type = fields.string_param("hashType");
    if (hash_type != "SHA1" && hash_type != "MD5" && hash_type != "SHA256" && hash_type != "SHA512")
      throw ApiError("INVALID_ENUM_VALUE",
                     {{"ENUM_VAL", hash_type}, {"PARAM_NAME", "hashType"}, {"ENUM_TYPE", "KalturaAppTokenHashType"}});
    token.hash_type = hash_type;
  }
}

// The secret value: 32 random hex digits (an upload token id's random part).
std::string new_token_value() { return make_upload_token_id(0).substr(2); }

JsonNode* add(ActionCall& call) {
  JsonObject* input = call.required_object("appToken");
  ServerContext& server = *call.server;
  AppToken token;
  token.id = make_object_id(0);
  token.token = new_token_value();
  token.partner_id = server.config.partner_id;
  token.created_at = token.updated_at = server.now();
  apply_fields(input, token);
  save(server, token);
  return to_json(token);
}

JsonNode* get(ActionCall& call) { return to_json(existing_token(*call.server, call.required_string("id"))); }

JsonNode* update(ActionCall& call) {
  std::string id = call.required_string("id");
  JsonObject* input = call.required_object("appToken");
  AppToken token = existing_token(*call.server, id);
  apply_fields(input, token);
  token.updated_at = call.server->now();
  save(*call.server, token);
  return to_json(token);
}

JsonNode* remove(ActionCall& call) {
  AppToken token = existing_token(*call.server, call.required_string("id"));
  token.status = kDeleted;
  token.updated_at = call.server->now();
  save(*call.server, token);
  return json_node_new(JSON_NODE_NULL);
}

JsonNode* list(ActionCall& call) {
  ServerContext& server = *call.server;
  int64_t page_size = 30;
  int64_t page_index = 1;
  if (JsonObject* pager = call.object_param("pager")) {
    ActionCall pager_fields;
    pager_fields.params = pager;
    page_size = std::clamp<int64_t>(pager_fields.int_param("pageSize", 30), 1, 500);
    page_index = std::max<int64_t>(pager_fields.int_param("pageIndex", 1), 1);
  }
  auto count = server.db().prepare("SELECT COUNT(*) FROM app_tokens WHERE partner_id = ? AND status != ?");
  count.bind(1, static_cast<int64_t>(server.config.partner_id)).bind(2, static_cast<int64_t>(kDeleted)).step();
  int64_t total = count.integer(0);
  auto rows = server.db().prepare(std::string("SELECT ") + kColumns +
                                  " FROM app_tokens WHERE partner_id = ? AND status != ? ORDER BY created_at, id "
                                  "LIMIT ? OFFSET ?");
  rows.bind(1, static_cast<int64_t>(server.config.partner_id)).bind(2, static_cast<int64_t>(kDeleted));
  rows.bind(3, page_size).bind(4, (page_index - 1) * page_size);
  g_autoptr(JsonBuilder) builder = json_builder_new();
  json_builder_begin_object(builder);
  json_builder_set_member_name(builder, "objects");
  json_builder_begin_array(builder);
  while (rows.step()) json_builder_add_value(builder, to_json(read_row(rows)));
  json_builder_end_array(builder);
  add_int(builder, "totalCount", total);
  add_string(builder, "objectType", "KalturaAppTokenListResponse");
  json_builder_end_object(builder);
  return json_builder_get_root(builder);
}

JsonNode* start_session(ActionCall& call) {
  std::string id = call.required_string("id");
  std::string token_hash = call.required_string("tokenHash");
  ServerContext& server = *call.server;
  std::optional<AppToken> token = find_token(server, id);
  if (!token) throw ApiError("APP_TOKEN_ID_NOT_FOUND", {{"ID", id}});
  if (token->status != kActive) throw ApiError("APP_TOKEN_NOT_ACTIVE", {{"ID", id}});
  const int64_t now = server.now();
  if (token->expiry && *token->expiry > 0 && *token->expiry <= now) throw ApiError("APP_TOKEN_EXPIRED", {{"ID", id}});

  // The hash is over the KS sent with this very call and the token value.
  std::string ks = call.string_param("ks");
  std::string material = ks + token->token;
  g_autofree char* expected = g_compute_checksum_for_data(
      checksum_type(token->hash_type), reinterpret_cast<const guchar*>(material.data()), material.size());
  if (g_ascii_strcasecmp(expected, token_hash.c_str()) != 0) throw ApiError("INVALID_APP_TOKEN_HASH");

  int64_t lifetime = call.int_param("expiry", 86400);
  if (lifetime <= 0) lifetime = 86400;
  if (token->session_duration > 0) lifetime = std::min(lifetime, token->session_duration);
  if (token->expiry && *token->expiry > 0) lifetime = std::min(lifetime, *token->expiry - now);
  lifetime = std::min<int64_t>(lifetime, server.config.max_ks_expiry);

  KsFields fields;
  fields.partner_id = server.config.partner_id;
  fields.valid_until = now + lifetime;
  fields.type = token->session_type ? static_cast<int>(*token->session_type) : static_cast<int>(call.int_param("type", 0));
  if (fields.type != 0) fields.type = 2;
  fields.user_id = token->session_user_id ? *token->session_user_id : call.string_param("userId");
  fields.privileges = "sessionid:" + token->id + ",apptoken:" + token->id;
  for (const std::string& extra : {token->session_privileges, call.string_param("sessionPrivileges")})
    if (!extra.empty()) fields.privileges += "," + extra;

  g_autoptr(JsonBuilder) builder = json_builder_new();
  json_builder_begin_object(builder);
  add_string(builder, "ks", issue_ks(server, fields));
  add_int(builder, "sessionType", fields.type);
  add_int(builder, "partnerId", fields.partner_id);
  add_string(builder, "userId", fields.user_id);
  add_int(builder, "expiry", fields.valid_until);
  add_string(builder, "privileges", fields.privileges);
  add_string(builder, "objectType", "KalturaSessionInfo");
  json_builder_end_object(builder);
  return json_builder_get_root(builder);
}

}  // namespace

void register_app_token_service(ServerContext& server) {
  create_table(server);
  server.add_action("appToken", "add", {add, Access::AdminKs});
  server.add_action("appToken", "get", {get, Access::AdminKs});
  server.add_action("appToken", "list", {list, Access::AdminKs});
  server.add_action("appToken", "update", {update, Access::AdminKs});
  server.add_action("appToken", "delete", {remove, Access::AdminKs});
  server.add_action("appToken", "startSession", {start_session, Access::AnyKs});
}

}  // namespace devserver
