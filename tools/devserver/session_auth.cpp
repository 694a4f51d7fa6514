#include "session_auth.h"

#include <glib.h>

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

}  // namespace

void create_session_tables(ServerContext& server) {
  server.db().exec(
      "CREATE TABLE IF NOT EXISTS ended_sessions (ks_digest TEXT PRIMARY KEY, valid_until INTEGER NOT NULL)");
  // Ended sessions that have expired anyway need no record.
  server.db().prepare("DELETE FROM ended_sessions WHERE valid_until <= ?").bind(1, server.now()).run();
}

std::string issue_ks(ServerContext& server, const KsFields& fields) {
  return encode_ks_v2(fields, server.config.admin_secret);
}

Caller authenticate_ks(ServerContext& server, const std::string& ks) {
  std::optional<KsFields> fields = decode_ks(ks, server.config.admin_secret);
  if (!fields || fields->partner_id != server.config.partner_id) throw invalid_ks(ks);
  if (fields->valid_until <= server.now()) throw invalid_ks("EXPIRED");
  auto ended = server.db().prepare("SELECT 1 FROM ended_sessions WHERE ks_digest = ?");
  if (ended.bind(1, ks_digest(ks)).step()) throw invalid_ks("LOGOUT");
  Caller caller;
  caller.has_ks = true;
  caller.partner_id = fields->partner_id;
  caller.type = fields->type;
  caller.user_id = fields->user_id;
  caller.privileges = fields->privileges;
  caller.valid_until = fields->valid_until;
  return caller;
}

void end_session(ServerContext& server, const Caller& caller, const std::string& ks) {
  server.db()
      .prepare("INSERT OR IGNORE INTO ended_sessions (ks_digest, valid_until) VALUES (?, ?)")
      .bind(1, ks_digest(ks))
      .bind(2, caller.valid_until)
      .run();
}

}  // namespace devserver
