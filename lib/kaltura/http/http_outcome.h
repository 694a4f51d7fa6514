// What one HTTP exchange gives the client, whichever way it was sent: the
// response read whole, or the failure that stopped it, and whether the
// request may have reached the server (which decides if a retry is blind).
#pragma once

#include <gio/gio.h>

#include <optional>
#include <string>

#include "kaltura/error.h"

namespace kaltura {

struct HttpOutcome {
  int status = 0;  // 0 when no response arrived
  std::string reason;
  std::string content_type;  // the media type, without parameters
  std::string body;
  int retry_after = 0;  // seconds, from Retry-After
  // Set when no response arrived: Transport, Timeout or Cancelled.
  std::optional<Error> failure;
  // false only when the request certainly never reached the server
  // (connection refused, name resolution failed, TLS handshake rejected).
  bool may_have_reached_server = true;
};

// Seconds from a Retry-After value (delay-seconds or an HTTP date); 0 when
// absent, past or unreadable.
int parse_retry_after(const char* value);

HttpOutcome timed_out_outcome(unsigned timeout_ms);
HttpOutcome cancelled_outcome(bool may_have_reached_server);
HttpOutcome invalid_url_outcome(const std::string& url);
// A failure of the connection or of TLS, from GIO (not a cancellation).
HttpOutcome transport_failure_outcome(const GError* error, bool may_have_reached_server);

// Errors that prove the request never left: no route, no name, no listener,
// or a TLS handshake that failed.
bool error_before_sending(const GError* error);

}  // namespace kaltura
