// The Kaltura api_v3 client: libsoup 3 on the library's own thread and
// GMainContext, JSON (format=1) responses, typed errors, retries with
// exponential backoff and jitter, and the KS session (given, started with a
// secret, or through an app token; renewed before expiry).
//
// Thread safety: every public method may be called from any thread. Blocking
// calls wait for the library thread, except that a large request body (an
// upload chunk) is written to the socket from the calling thread by the
// library's own HTTP/1.1 sender (see http_thread.h).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kaltura/credentials.h"
#include "kaltura/error.h"
#include "kaltura/json.h"
#include "kaltura/request.h"

namespace kaltura {

struct RetryPolicy {
  int max_retries = 5;  // attempts after the first
  std::chrono::milliseconds initial_delay{500};
  std::chrono::milliseconds max_delay{30000};
  std::chrono::milliseconds max_total{300000};  // give up after this much time
};

// Told of each request about to be sent again, before the wait: the call
// ("uploadtoken.upload", "multirequest of 3", "download"), the attempt that
// failed (from 1), the wait before the next, and why (a text clear of
// secrets). Runs on the calling thread; it must not block or throw.
using RetryNotice =
    std::function<void(const std::string& call, int attempt, std::chrono::milliseconds delay, const Error& error)>;

struct ClientConfig {
  // Without /api_v3: "https://www.kaltura.com" or "http://127.0.0.1:8080".
  std::string service_url = "https://www.kaltura.com";
  std::string user_agent;  // empty: "gst-kaltura/<version>"
  std::string client_tag;  // empty: "gst-kaltura:<version>"
  std::chrono::seconds timeout{60};  // per request
  bool ssl_strict = true;
  std::string ssl_ca_file;  // empty: the system's CAs
  std::string proxy;        // empty: the system default (environment)
  RetryPolicy retry;
  RetryNotice on_retry;  // told of each API call or chunk sent again
};

// The outcome of one call of a multirequest.
struct Outcome {
  Json value;                  // the result when ok()
  std::optional<Error> error;  // set when that call failed
  bool ok() const { return !error.has_value(); }
};

class Client {
 public:
  // Throws Error(Config) for an unusable service URL or credentials.
  Client(ClientConfig config, Credentials credentials);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Runs one call, retrying transient failures per the policy, renewing the
  // KS once on INVALID_KS/EXPIRED when it can. Returns the result (null Json
  // for void actions); throws Error.
  Json call(const Request& request);
  // One HTTP request for the whole batch; each call's own outcome. Transport
  // failures of the batch itself throw.
  std::vector<Outcome> call_multi(const MultiRequest& batch);

  // A valid KS, starting or renewing the session first if needed. For URLs
  // that need one; never log it.
  std::string ks();
  // Starts the session now so that credential errors surface early.
  void ensure_session();
  int partner_id() const;  // from credentials or the started session; 0 if unknown
  // The credentials it was given and every KS it used: what no text may
  // show. The errors it throws are already clear of them; a caller scrubs
  // its own texts (a download URL carries the KS) with these.
  std::vector<std::string> secrets() const;

  // Makes every blocked call (and backoff wait) return Error(Cancelled) now
  // and later ones too, until reset_cancel().
  void cancel_all();
  void reset_cancel();

  const ClientConfig& config() const;
  // "{service_url}/api_v3"
  std::string api_base() const;

  // Totals since creation (for stats).
  struct Counters {
    uint64_t requests = 0;
    uint64_t retries = 0;
    uint64_t bytes_sent = 0;
  };
  Counters counters() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kaltura
