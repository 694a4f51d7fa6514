// Typed errors of the Kaltura client: an API exception returned by the server
// (objectType KalturaAPIException, HTTP 200), an HTTP failure, a transport failure,
// or a problem with the response itself. Texts never carry a KS or a secret.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace kaltura {

enum class ErrorKind {
  Api,        // KalturaAPIException: code, message and args from the server
  Http,       // HTTP status other than 200 (proxy, crash, 5xx, 429...)
  Transport,  // connection refused/reset, DNS, TLS
  Timeout,    // the per-request timeout elapsed
  Protocol,   // the body was not the JSON the protocol promises
  Cancelled,  // Client::cancel_all() or a cancelled call
  Config,     // bad or missing settings (no credentials, bad URL...)
};

// text with each of secrets, as it is and as a URL or a form field carries
// it (percent-encoded), replaced by marker. Secrets shorter than 4
// characters are left: no credential is that short, and replacing them
// would garble the text.
std::string redact_secrets(std::string text, const std::vector<std::string>& secrets,
                           const std::string& marker = "<redacted>");

class Error : public std::runtime_error {
 public:
  using Args = std::vector<std::pair<std::string, std::string>>;

  Error(ErrorKind kind, std::string code, std::string message, Args args = {},
        int http_status = 0, bool transient = false);

  ErrorKind kind() const { return kind_; }
  // Kaltura's code (e.g. "ENTRY_ID_NOT_FOUND"); for non-API errors a stable
  // code of ours ("HTTP_ERROR", "CONNECTION_ERROR", "TIMEOUT", "BAD_RESPONSE",
  // "WAIT_TIMEOUT" (an entry not done within a wait's time, of kind Timeout),
  // "CANCELLED", "CONFIG_ERROR").
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  const Args& args() const { return args_; }
  std::string arg(const std::string& name) const;  // "" when absent
  int http_status() const { return http_status_; }
  // Worth retrying: connection errors, timeouts, 5xx, 429,
  // INTERNAL_SERVERL_ERROR, LOCK_TIMED_OUT.
  bool transient() const { return transient_; }
  // INVALID_KS whose KSID arg is "EXPIRED".
  bool ks_expired() const;
  bool is_api(const char* code) const { return kind_ == ErrorKind::Api && code_ == code; }
  // A wait that interrupt() woke (the upload session's, the entry watcher's):
  // the caller's pipeline pauses, nothing failed, and the wait may be resumed.
  static Error interruption();
  // A copy with its message and args' values redacted (redact_secrets): a
  // server's text may quote what the request carried.
  Error without(const std::vector<std::string>& secrets) const;
  bool is_interruption() const { return kind_ == ErrorKind::Cancelled && code_ == "INTERRUPTED"; }
  // Seconds from a Retry-After header (429/503), 0 when none.
  int retry_after() const { return retry_after_; }
  void set_retry_after(int seconds) { retry_after_ = seconds; }

 private:
  ErrorKind kind_;
  std::string code_;
  std::string message_;
  Args args_;
  int http_status_;
  bool transient_;
  int retry_after_ = 0;
};

}  // namespace kaltura
