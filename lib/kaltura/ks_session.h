// The KS the client sends: a given one, or one started with session.start
// (secret) or the app-token flow (protocol §6.4-§6.6), renewed shortly before
// it expires and again after the server reports it EXPIRED. One lock covers
// the KS and any renewal in progress, so concurrent callers that need a fresh
// KS wait for a single renewal and share its result.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "kaltura/credentials.h"
#include "kaltura/json.h"
#include "kaltura/request.h"

namespace kaltura {

// What a KS tells without any secret: the partner (v1 and v2) and, for v1,
// its validUntil. Zero where unknown.
struct KsFacts {
  int partner_id = 0;
  int64_t valid_until = 0;
};
KsFacts read_ks_facts(const std::string& ks);

class KsSession {
 public:
  // Runs a call as is: the session's own calls carry their ks (or need none).
  using DirectCall = std::function<Json(const Request&)>;

  KsSession(Credentials credentials, DirectCall call);

  // The KS to send now, starting or renewing the session first when needed
  // (its calls bound by deadline). Throws the Error of session.start /
  // appToken.startSession.
  std::string current(CallDeadline deadline = kNoDeadline);
  // The server rejected failed_ks as expired: the next current() renews,
  // unless another caller already did.
  void invalidate(const std::string& failed_ks);
  bool can_renew() const { return credentials_.can_renew(); }
  // Every KS this session was given or started (an app token's widget KS
  // and hash too), for texts to be kept clear of. Does not wait for a
  // session start in progress.
  std::vector<std::string> issued() const;
  int partner_id() const;

  // Seconds before validUntil at which a KS of this lifetime is renewed.
  static int64_t renewal_margin(int64_t lifetime_seconds);

 private:
  void start_locked(CallDeadline deadline);
  void start_with_secret_locked(CallDeadline deadline);
  void start_with_app_token_locked(CallDeadline deadline);
  void adopt_locked(const std::string& ks, int64_t valid_until);
  void note_issued(const std::string& secret);  // for issued()

  const Credentials credentials_;
  const DirectCall call_;
  mutable std::mutex mutex_;
  std::string ks_;
  bool given_ks_used_ = false;
  int partner_id_ = 0;
  int64_t valid_until_ = 0;  // Unix time, 0 when unknown
  int64_t lifetime_ = 0;
  // A lock of its own: a text is scrubbed (issued()) while mutex_ is held
  // by the session start whose call failed.
  mutable std::mutex issued_mutex_;
  std::vector<std::string> issued_;
};

}  // namespace kaltura
