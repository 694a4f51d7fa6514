#include "kaltura/credentials.h"

#include <glib.h>

namespace kaltura {

namespace {

// An empty variable counts as unset, so that `KALTURA_KS= cmd` disables it.
const char* env(const char* name) {
  const char* value = g_getenv(name);
  return value && *value ? value : nullptr;
}

void fill(std::string& field, const char* name) {
  if (field.empty())
    if (const char* value = env(name)) field = value;
}

}  // namespace

void Credentials::fill_from_environment() {
  // A credential set here wins over the environment's of any kind: a KS in
  // the environment must not take the place of a secret given, nor a secret
  // there of an app token given. An app token's id and value may come one
  // from each.
  const bool app_token_given = !app_token_id.empty() || !app_token.empty();
  const bool credential_given = !ks.empty() || !secret.empty() || app_token_given;
  if (!credential_given) {
    fill(ks, "KALTURA_KS");
    fill(secret, "KALTURA_SECRET");
  }
  if (!credential_given || app_token_given) {
    fill(app_token_id, "KALTURA_APP_TOKEN_ID");
    fill(app_token, "KALTURA_APP_TOKEN");
  }
  if (partner_id == 0)
    if (const char* value = env("KALTURA_PARTNER_ID")) {
      char* end = nullptr;
      const gint64 number = g_ascii_strtoll(value, &end, 10);
      if (*end == '\0' && number > 0 && number <= G_MAXINT)
        partner_id = static_cast<int>(number);
      else
        unreadable_partner_id = value;
    }
  fill(user_id, "KALTURA_USER_ID");
  if (!session_type_set)
    if (const char* value = env("KALTURA_SESSION_TYPE")) {
      if (g_ascii_strcasecmp(value, "user") == 0 || g_strcmp0(value, "0") == 0) session_type = SessionType::User;
    }
  fill(privileges, "KALTURA_PRIVILEGES");
  if (app_token_hash_type.empty() || app_token_hash_type == "SHA1")
    if (const char* value = env("KALTURA_APP_TOKEN_HASH_TYPE")) app_token_hash_type = value;
}

bool Credentials::can_renew() const {
  if (partner_id <= 0) return false;
  return !secret.empty() || (!app_token_id.empty() && !app_token.empty());
}

bool Credentials::usable() const { return !ks.empty() || can_renew(); }

std::string Credentials::what_is_missing() const {
  if (usable()) return "";
  std::string text = "No usable Kaltura credentials: set ks (KALTURA_KS), or partner-id (KALTURA_PARTNER_ID) with "
                     "secret (KALTURA_SECRET), or partner-id with app-token-id and app-token "
                     "(KALTURA_APP_TOKEN_ID, KALTURA_APP_TOKEN)";
  if (partner_id <= 0 && !unreadable_partner_id.empty())
    // Its value is not quoted: a secret put there by mistake would show.
    text += "; KALTURA_PARTNER_ID is set but is not a partner id (a positive number)";
  else if (partner_id <= 0 && (!secret.empty() || !app_token.empty()))
    text += "; a secret or app token is set but partner-id (KALTURA_PARTNER_ID) is missing";
  else if (partner_id > 0 && !app_token_id.empty() && app_token.empty())
    text += "; app-token-id is set but app-token (KALTURA_APP_TOKEN) is missing";
  else if (partner_id > 0 && app_token_id.empty() && !app_token.empty())
    text += "; app-token is set but app-token-id (KALTURA_APP_TOKEN_ID) is missing";
  return text;
}

std::string service_url_from_environment() {
  const char* value = env("KALTURA_SERVICE_URL");
  return value ? value : "";
}

}  // namespace kaltura
