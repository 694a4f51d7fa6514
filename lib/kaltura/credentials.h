// How the client gets its KS: a given KS, session.start with a secret, or an
// app token (protocol §6.6). Each field may come from the environment.
#pragma once

#include <string>

namespace kaltura {

enum class SessionType { User = 0, Admin = 2 };

struct Credentials {
  std::string ks;          // a ready KS: used as is, cannot be renewed
  int partner_id = 0;
  std::string secret;      // admin or user secret, for session.start
  std::string user_id;
  SessionType session_type = SessionType::Admin;
  bool session_type_set = false;  // chosen by the caller: KALTURA_SESSION_TYPE does not change it
  std::string privileges;
  std::string app_token_id;
  std::string app_token;   // the token's secret value
  std::string app_token_hash_type = "SHA1";  // SHA1, MD5, SHA256, SHA512
  int expiry_seconds = 86400;  // requested session lifetime
  std::string unreadable_partner_id;  // KALTURA_PARTNER_ID when it is not a partner id

  // Fills every unset field from KALTURA_KS, KALTURA_PARTNER_ID,
  // KALTURA_SECRET, KALTURA_USER_ID, KALTURA_SESSION_TYPE (user|admin|0|2),
  // KALTURA_PRIVILEGES, KALTURA_APP_TOKEN_ID, KALTURA_APP_TOKEN,
  // KALTURA_APP_TOKEN_HASH_TYPE; but when a KS, a secret or an app token is
  // set, no credential of another kind is taken from the environment.
  void fill_from_environment();
  bool can_renew() const;   // a secret or an app token is at hand
  bool usable() const;      // a KS, or partner id + secret, or partner id + app token
  // What is missing, in words, for an error text ("" when usable()).
  std::string what_is_missing() const;
};

// KALTURA_SERVICE_URL, or "" when unset.
std::string service_url_from_environment();

}  // namespace kaltura
