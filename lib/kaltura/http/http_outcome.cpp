#include "kaltura/http/http_outcome.h"

#include <libsoup/soup.h>

namespace kaltura {

int parse_retry_after(const char* value) {
  if (!value) return 0;
  char* end = nullptr;
  gint64 seconds = g_ascii_strtoll(value, &end, 10);
  if (end != value && *end == '\0') return seconds > 0 ? static_cast<int>(MIN(seconds, G_MAXINT)) : 0;
  g_autoptr(GDateTime) when = soup_date_time_new_from_http_string(value);
  if (!when) return 0;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc();
  GTimeSpan span = g_date_time_difference(when, now);
  return span > 0 ? static_cast<int>(span / G_TIME_SPAN_SECOND) : 0;
}

HttpOutcome timed_out_outcome(unsigned timeout_ms) {
  HttpOutcome outcome;
  std::string limit =
      timeout_ms % 1000 == 0 ? std::to_string(timeout_ms / 1000) + " s" : std::to_string(timeout_ms) + " ms";
  outcome.failure = Error(ErrorKind::Timeout, "TIMEOUT", "no response within " + limit, {}, 0, true);
  return outcome;
}

HttpOutcome cancelled_outcome(bool may_have_reached_server) {
  HttpOutcome outcome;
  outcome.failure = Error(ErrorKind::Cancelled, "CANCELLED", "the request was cancelled");
  outcome.may_have_reached_server = may_have_reached_server;
  return outcome;
}

HttpOutcome invalid_url_outcome(const std::string& url) {
  HttpOutcome outcome;
  outcome.failure = Error(ErrorKind::Config, "CONFIG_ERROR", "invalid request URL " + url);
  outcome.may_have_reached_server = false;
  return outcome;
}

HttpOutcome transport_failure_outcome(const GError* error, bool may_have_reached_server) {
  HttpOutcome outcome;
  const bool tls = error->domain == G_TLS_ERROR;
  outcome.may_have_reached_server = may_have_reached_server;
  // A rejected certificate stays rejected; network trouble may pass.
  outcome.failure = Error(ErrorKind::Transport, "CONNECTION_ERROR",
                          std::string(tls ? "TLS failure: " : "connection failure: ") + error->message, {}, 0, !tls);
  return outcome;
}

bool error_before_sending(const GError* error) {
  if (error->domain == G_RESOLVER_ERROR || error->domain == G_TLS_ERROR) return true;
  return g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches(error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches(error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
         g_error_matches(error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND);
}

}  // namespace kaltura
