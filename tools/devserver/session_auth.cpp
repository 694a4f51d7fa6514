#include "session_auth.h"

#include <glib.h>

#include <functional>
#include <sstream>

namespace devserver {

namespace {

// The KS itself is never stored, only its digest.
std::string ks_digest(const std::string& ks) {
  g_autofree char* hex =
      g_compute_checksum_for_data(G_CHECKSUM_SHA256, reinterpret_cast<const guchar*>(ks.data()), ks.size());
  return hex;
}

ApiError invalid_ks(const std::string& ksid, const std::string& code = "-1", const std::string& desc = "INVALID_STR") {
  return ApiError("INVALID_KS", {{"KSID", ksid}, {"ERR_CODE", code}, {"ERR_DESC", desc}});
}

// Whether any item of the privilege's value (items joined by separator)
// matches; true when the KS has no such privilege.
bool privilege_allows(const std::string& privileges, const char* name, char separator,
                      const std::function<bool(const std::string&)>& matches) {
  std::optional<std::string> allowed = privilege_value(privileges, name);
  if (!allowed) return true;
  std::stringstream items(*allowed);
  std::string item;
  while (std::getline(items, item, separator))
    if (matches(item)) return true;
  return false;
}

// iprestrict:IP[/IP...]: the caller's address must be one of them.
bool address_allowed(const std::string& privileges, const std::string& address) {
  return privilege_allows(privileges, "iprestrict", '/', [&](const std::string& item) { return item == address; });
}

// urirestrict:URI[|URI...]: the request URI must be one of them, or begin
// with one that ends in '*'.
bool uri_allowed(const std::string& privileges, const std::string& request_uri) {
  return privilege_allows(privileges, "urirestrict", '|', [&](const std::string& item) {
    if (item == request_uri) return true;
    return !item.empty() && item.back() == '*' &&
           request_uri.compare(0, item.size() - 1, item, 0, item.size() - 1) == 0;
  });
}

// The KS's signature, partner, expiry and end; its fields when they pass.
KsFields verified_fields(ServerContext& server, const std::string& ks) {
  std::optional<KsFields> fields = decode_ks(ks, server.config.admin_secret);
  if (!fields || fields->partner_id != server.config.partner_id) throw invalid_ks(ks);
  if (fields->valid_until <= server.now()) throw invalid_ks("EXPIRED");
  return *fields;
}

void check_not_ended(ServerContext& server, const std::string& digest) {
  auto ended = server.db().prepare("SELECT 1 FROM ended_sessions WHERE ks_digest = ?");
  if (ended.bind(1, digest).step()) throw invalid_ks("LOGOUT");
}

// One more call for a session issued with an actions limit.
void count_action(ServerContext& server, const std::string& digest) {
  auto left = server.db().prepare("SELECT actions_left FROM limited_sessions WHERE ks_digest = ?");
  if (!left.bind(1, digest).step()) return;
  if (left.integer(0) <= 0) throw invalid_ks("EXCEEDED_ACTIONS_LIMIT");
  server.db()
      .prepare("UPDATE limited_sessions SET actions_left = actions_left - 1 WHERE ks_digest = ?")
      .bind(1, digest)
      .run();
}

Caller caller_of(const KsFields& fields) {
  Caller caller;
  caller.has_ks = true;
  caller.partner_id = fields.partner_id;
  caller.type = fields.type;
  caller.user_id = fields.user_id;
  caller.privileges = fields.privileges;
  caller.valid_until = fields.valid_until;
  return caller;
}

}  // namespace

void create_session_tables(ServerContext& server) {
  server.db().exec(
      "CREATE TABLE IF NOT EXISTS ended_sessions (ks_digest TEXT PRIMARY KEY, valid_until INTEGER NOT NULL)");
  server.db().exec(
      "CREATE TABLE IF NOT EXISTS limited_sessions (ks_digest TEXT PRIMARY KEY, actions_left INTEGER NOT NULL, "
      "valid_until INTEGER NOT NULL)");
  // Sessions that have expired anyway need no record.
  for (const char* table : {"ended_sessions", "limited_sessions"})
    server.db().prepare(std::string("DELETE FROM ") + table + " WHERE valid_until <= ?").bind(1, server.now()).run();
}

std::string issue_ks(ServerContext& server, const KsFields& fields) {
  std::string ks = encode_ks_v2(fields, server.config.admin_secret);
  std::optional<std::string> limit = privilege_value(fields.privileges, "actionslimit");
  if (limit)
    server.db()
        .prepare("INSERT OR REPLACE INTO limited_sessions (ks_digest, actions_left, valid_until) VALUES (?, ?, ?)")
        .bind(1, ks_digest(ks))
        .bind(2, g_ascii_strtoll(limit->c_str(), nullptr, 10))
        .bind(3, fields.valid_until)
        .run();
  return ks;
}

Caller authenticate_ks(ServerContext& server, const std::string& ks, const RequestOrigin& origin) {
  KsFields fields = verified_fields(server, ks);
  if (!address_allowed(fields.privileges, origin.remote_address)) throw invalid_ks("EXCEEDED_RESTRICTED_IP");
  if (!uri_allowed(fields.privileges, origin.request_uri)) throw invalid_ks("EXCEEDED_RESTRICTED_URI");
  const std::string digest = ks_digest(ks);
  check_not_ended(server, digest);
  count_action(server, digest);
  return caller_of(fields);
}

Caller read_ks(ServerContext& server, const std::string& ks) {
  KsFields fields = verified_fields(server, ks);
  check_not_ended(server, ks_digest(ks));
  return caller_of(fields);
}

void end_session(ServerContext& server, const Caller& caller, const std::string& ks) {
  server.db()
      .prepare("INSERT OR IGNORE INTO ended_sessions (ks_digest, valid_until) VALUES (?, ?)")
      .bind(1, ks_digest(ks))
      .bind(2, caller.valid_until)
      .run();
}

}  // namespace devserver
