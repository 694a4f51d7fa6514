#define G_LOG_DOMAIN "kaltura"

#include "kaltura/ks_session.h"

#include <glib.h>

#include <algorithm>
#include <cstdlib>

#include "kaltura/error.h"
#include "kaltura/log.h"

namespace kaltura {

namespace {

int64_t now_seconds() { return g_get_real_time() / G_USEC_PER_SEC; }

std::string base64_decode_any(std::string text) {
  // KS v2 uses the URL-safe alphabet with padding kept; v1 the standard one.
  for (char& c : text) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
  }
  while (text.size() % 4 != 0) text += '=';
  gsize size = 0;
  g_autofree guchar* data = g_base64_decode(text.c_str(), &size);
  return data ? std::string(reinterpret_cast<const char*>(data), size) : std::string();
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t begin = 0;
  for (size_t at; (at = text.find(separator, begin)) != std::string::npos; begin = at + 1)
    parts.push_back(text.substr(begin, at - begin));
  parts.push_back(text.substr(begin));
  return parts;
}

GChecksumType checksum_type(const std::string& name) {
  if (g_ascii_strcasecmp(name.c_str(), "SHA1") == 0 || name.empty()) return G_CHECKSUM_SHA1;
  if (g_ascii_strcasecmp(name.c_str(), "MD5") == 0) return G_CHECKSUM_MD5;
  if (g_ascii_strcasecmp(name.c_str(), "SHA256") == 0) return G_CHECKSUM_SHA256;
  if (g_ascii_strcasecmp(name.c_str(), "SHA512") == 0) return G_CHECKSUM_SHA512;
  throw Error(ErrorKind::Config, "CONFIG_ERROR",
              "unknown app token hash type (expected SHA1, MD5, SHA256 or SHA512)");  // not quoted: it may be a secret
}

}  // namespace

KsFacts read_ks_facts(const std::string& ks) {
  KsFacts facts;
  std::string plain = base64_decode_any(ks);
  if (plain.rfind("v2|", 0) == 0) {
    facts.partner_id = std::atoi(plain.c_str() + 3);
    return facts;
  }
  // v1: signature "|" partnerId;partnerId;validUntil;type;...
  size_t bar = plain.find('|');
  if (bar == std::string::npos) return facts;
  std::vector<std::string> info = split(plain.substr(bar + 1), ';');
  if (info.size() >= 3) {
    facts.partner_id = std::atoi(info[0].c_str());
    facts.valid_until = g_ascii_strtoll(info[2].c_str(), nullptr, 10);
  }
  return facts;
}

KsSession::KsSession(Credentials credentials, DirectCall call)
    : credentials_(std::move(credentials)), call_(std::move(call)), partner_id_(credentials_.partner_id) {}

int64_t KsSession::renewal_margin(int64_t lifetime_seconds) {
  return std::min<int64_t>(300, lifetime_seconds / 10);
}

std::string KsSession::current(CallDeadline deadline) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (ks_.empty() && !credentials_.ks.empty() && !given_ks_used_) {
    given_ks_used_ = true;
    KsFacts facts = read_ks_facts(credentials_.ks);
    adopt_locked(credentials_.ks, facts.valid_until);
    lifetime_ = facts.valid_until > 0 ? std::max<int64_t>(0, facts.valid_until - now_seconds()) : 0;
  }
  if (ks_.empty()) {
    if (!credentials_.can_renew())
      throw Error(ErrorKind::Config, "CONFIG_ERROR",
                  credentials_.ks.empty() ? credentials_.what_is_missing()
                                          : "the given KS was rejected and no secret or app token is set to start "
                                            "a new session (KALTURA_SECRET, KALTURA_APP_TOKEN)");
    start_locked(deadline);
  } else if (credentials_.can_renew() && valid_until_ > 0 &&
             now_seconds() >= valid_until_ - renewal_margin(lifetime_)) {
    KALTURA_LOG_DEBUG("the KS expires in %" G_GINT64_FORMAT " s: renewing it", valid_until_ - now_seconds());
    start_locked(deadline);
  }
  return ks_;
}

void KsSession::invalidate(const std::string& failed_ks) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (ks_ == failed_ks) {
    KALTURA_LOG_DEBUG("the server reports the KS expired");
    ks_.clear();
  }
}

int KsSession::partner_id() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return partner_id_;
}

std::vector<std::string> KsSession::issued() const {
  std::lock_guard<std::mutex> lock(issued_mutex_);
  return issued_;
}

void KsSession::note_issued(const std::string& secret) {
  std::lock_guard<std::mutex> lock(issued_mutex_);
  if (std::find(issued_.begin(), issued_.end(), secret) == issued_.end()) issued_.push_back(secret);
}

void KsSession::adopt_locked(const std::string& ks, int64_t valid_until) {
  note_issued(ks);
  ks_ = ks;
  valid_until_ = valid_until;
  if (partner_id_ == 0) partner_id_ = read_ks_facts(ks).partner_id;
}

void KsSession::start_locked(CallDeadline deadline) {
  if (!credentials_.secret.empty())
    start_with_secret_locked(deadline);
  else
    start_with_app_token_locked(deadline);
}

void KsSession::start_with_secret_locked(CallDeadline deadline) {
  Request request;
  request.service = "session";
  request.action = "start";
  request.deadline = deadline;
  request.params.set("secret", credentials_.secret)
      .set("partnerId", credentials_.partner_id)
      .set("type", static_cast<int>(credentials_.session_type))
      .set("expiry", credentials_.expiry_seconds);
  if (!credentials_.user_id.empty()) request.params.set("userId", credentials_.user_id);
  if (!credentials_.privileges.empty()) request.params.set("privileges", credentials_.privileges);
  Json result = call_(request);
  std::string ks = result.as_string();
  if (ks.empty()) throw Error(ErrorKind::Protocol, "BAD_RESPONSE", "session.start returned no KS");
  // The server may shorten the lifetime; a v1 KS says by how much.
  int64_t valid_until = read_ks_facts(ks).valid_until;
  if (valid_until <= 0) valid_until = now_seconds() + credentials_.expiry_seconds;
  lifetime_ = std::max<int64_t>(0, valid_until - now_seconds());
  adopt_locked(ks, valid_until);
  KALTURA_LOG_DEBUG("session started for partner %d, valid for %" G_GINT64_FORMAT " s", credentials_.partner_id,
                    lifetime_);
}

void KsSession::start_with_app_token_locked(CallDeadline deadline) {
  GChecksumType hash_type = checksum_type(credentials_.app_token_hash_type);
  const std::string widget_id = "_" + std::to_string(credentials_.partner_id);

  Request widget;
  widget.service = "session";
  widget.action = "startWidgetSession";
  widget.deadline = deadline;
  widget.params.set("widgetId", widget_id).set("expiry", credentials_.expiry_seconds);
  std::string widget_ks = call_(widget).get_string("ks");
  if (widget_ks.empty())
    throw Error(ErrorKind::Protocol, "BAD_RESPONSE", "session.startWidgetSession returned no KS");
  // With the hash below, it starts a session of the app token's while it is valid.
  note_issued(widget_ks);

  // tokenHash = lowercase hex HASH(ks + token), the ks being the one sent with
  // appToken.startSession.
  g_autoptr(GChecksum) checksum = g_checksum_new(hash_type);
  g_checksum_update(checksum, reinterpret_cast<const guchar*>(widget_ks.data()), static_cast<gssize>(widget_ks.size()));
  g_checksum_update(checksum, reinterpret_cast<const guchar*>(credentials_.app_token.data()),
                    static_cast<gssize>(credentials_.app_token.size()));

  note_issued(g_checksum_get_string(checksum));
  Request start;
  start.service = "apptoken";
  start.action = "startSession";
  start.deadline = deadline;
  start.params.set("ks", widget_ks)
      .set("id", credentials_.app_token_id)
      .set("tokenHash", g_checksum_get_string(checksum))
      .set("type", static_cast<int>(credentials_.session_type))
      .set("expiry", credentials_.expiry_seconds);
  if (!credentials_.user_id.empty()) start.params.set("userId", credentials_.user_id);
  Json info = call_(start);
  std::string ks = info.get_string("ks");
  if (ks.empty()) throw Error(ErrorKind::Protocol, "BAD_RESPONSE", "appToken.startSession returned no KS");
  // Here expiry is an absolute time.
  int64_t valid_until = info.get_int("expiry");
  if (valid_until <= 0) valid_until = read_ks_facts(ks).valid_until;
  lifetime_ = valid_until > 0 ? std::max<int64_t>(0, valid_until - now_seconds()) : 0;
  if (int partner = static_cast<int>(info.get_int("partnerId"))) partner_id_ = partner;
  adopt_locked(ks, valid_until);
  KALTURA_LOG_DEBUG("app token session started for partner %d, valid for %" G_GINT64_FORMAT " s", partner_id_,
                    lifetime_);
}

}  // namespace kaltura
