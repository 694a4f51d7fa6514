#define G_LOG_DOMAIN "kaltura"

#include "kaltura/client.h"

#include <glib.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>

#include "kaltura/api_response.h"
#include "kaltura/backoff.h"
#include "kaltura/http_thread.h"
#include "kaltura/ks_session.h"
#include "kaltura/log.h"
#include "kaltura/wire_format.h"

namespace kaltura {

namespace {

using Clock = std::chrono::steady_clock;

std::string default_user_agent() { return std::string("gst-kaltura/") + GST_KALTURA_VERSION; }
std::string default_client_tag() { return std::string("gst-kaltura:") + GST_KALTURA_VERSION; }

// "https://host[:port][/prefix]" without a trailing slash or /api_v3.
std::string normalized_service_url(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  const std::string suffix = "/api_v3";
  if (url.size() >= suffix.size() && url.compare(url.size() - suffix.size(), suffix.size(), suffix) == 0)
    url.resize(url.size() - suffix.size());
  g_autoptr(GUri) uri = g_uri_parse(url.c_str(), G_URI_FLAGS_NONE, nullptr);
  const char* scheme = uri ? g_uri_get_scheme(uri) : nullptr;
  const char* host = uri ? g_uri_get_host(uri) : nullptr;
  if (!scheme || !host || !*host || (g_ascii_strcasecmp(scheme, "http") != 0 && g_ascii_strcasecmp(scheme, "https") != 0))
    // Quoted unless it has an '@': user information may hold a password, and
    // one too broken to parse cannot be told from the rest of the URL.
    throw Error(ErrorKind::Config, "CONFIG_ERROR",
                "the service URL " + (url.find('@') == std::string::npos ? "\"" + url + "\" " : std::string()) +
                    "is not an http:// or https:// URL (set service-url or KALTURA_SERVICE_URL)");
  return url;
}

// The proxy as given, once it is seen to be one ("" for the system's). Its
// text is not repeated: a proxy URL may carry a password.
std::string checked_proxy(const std::string& proxy) {
  if (proxy.empty()) return proxy;
  g_autoptr(GUri) uri = g_uri_parse(proxy.c_str(), G_URI_FLAGS_NONE, nullptr);
  const char* scheme = uri ? g_uri_get_scheme(uri) : nullptr;
  const char* host = uri ? g_uri_get_host(uri) : nullptr;
  static const char* const kSchemes[] = {"http", "https", "socks", "socks4", "socks4a", "socks5"};
  const bool known = scheme && std::any_of(std::begin(kSchemes), std::end(kSchemes),
                                           [scheme](const char* one) { return g_ascii_strcasecmp(scheme, one) == 0; });
  if (!known || !host || !*host)
    throw Error(ErrorKind::Config, "CONFIG_ERROR",
                "proxy is not a proxy URL: give http://HOST:PORT (or https://, socks5://...), or leave it unset for "
                "the system's proxy settings");
  return proxy;
}

// session.start and session.startWidgetSession are the calls that need no KS.
bool needs_session(const Request& request) {
  if (request.params.has("ks")) return false;
  if (g_ascii_strcasecmp(request.service.c_str(), "session") != 0) return true;
  return g_ascii_strcasecmp(request.action.c_str(), "start") != 0 &&
         g_ascii_strcasecmp(request.action.c_str(), "startWidgetSession") != 0;
}

std::string with_attempts(const std::string& message, int attempts) {
  return attempts > 1 ? message + " (after " + std::to_string(attempts) + " attempts)" : message;
}

// The time left before the deadline, rounded up so that an attempt cut
// short by it ends at or after the deadline; 0 once it has passed.
std::chrono::milliseconds time_left(CallDeadline deadline) {
  const auto now = Clock::now();
  if (now >= deadline) return std::chrono::milliseconds(0);
  return std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
}

Error deadline_passed(const std::string& label, int attempts) {
  return Error(ErrorKind::Timeout, "TIMEOUT", with_attempts(label + ": not done before the call's deadline", attempts));
}

}  // namespace

struct Client::Impl {
  ClientConfig config;
  std::string api_base;
  std::string client_tag;
  HttpThread http;
  // The credentials' KS, secret and app token. Declared before session,
  // which the constructor moves the credentials into.
  const std::vector<std::string> given_secrets;
  KsSession session;

  std::atomic<uint64_t> requests{0};
  std::atomic<uint64_t> retries{0};
  std::atomic<uint64_t> bytes_sent{0};

  // Backoff waits sleep here; cancel_all() wakes them.
  std::mutex wait_mutex;
  std::condition_variable wait_cv;

  Impl(ClientConfig cfg, Credentials credentials)
      : config(std::move(cfg)),
        api_base(normalized_service_url(config.service_url) + "/api_v3"),
        client_tag(config.client_tag.empty() ? default_client_tag() : config.client_tag),
        http(HttpSettings{config.user_agent.empty() ? default_user_agent() : config.user_agent, config.ssl_strict,
                          config.ssl_ca_file, checked_proxy(config.proxy), 64}),
        given_secrets{credentials.ks, credentials.secret, credentials.app_token},
        session(std::move(credentials), [this](const Request& request) { return call_as_is(request, ""); }) {}

  std::vector<std::string> secrets() const {
    std::vector<std::string> all = given_secrets;
    for (std::string& ks : session.issued()) all.push_back(std::move(ks));
    return all;
  }

  Json call_as_is(const Request& request, const std::string& ks);
  Json call_with_session(const Request& request);
  std::vector<Outcome> call_batch(const MultiRequest& batch);
  Json send(const std::string& label, const std::string& url, const wire::Body& body, std::chrono::seconds timeout,
            bool retry_unknown_outcome, CallDeadline deadline, const std::function<void()>& on_attempt = {});
  // Sleeps until then, or throws CANCELLED once cancel_all() is called.
  void wait_until(Clock::time_point then);
  [[noreturn]] void fail_at_deadline(const std::string& label, int attempts, CallDeadline deadline) {
    wait_until(deadline);
    throw deadline_passed(label, attempts);
  }
  [[noreturn]] void throw_cancelled() const {
    throw Error(ErrorKind::Cancelled, "CANCELLED", "the request was cancelled");
  }
};

Json Client::Impl::send(const std::string& label, const std::string& url, const wire::Body& body,
                        std::chrono::seconds timeout, bool retry_unknown_outcome, CallDeadline deadline,
                        const std::function<void()>& on_attempt) {
  const RetryPolicy& policy = config.retry;
  const auto started = Clock::now();
  const auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(
      timeout.count() > 0 ? timeout : config.timeout);
  for (int attempt = 0;; ++attempt) {
    if (http.cancelled()) throw_cancelled();
    const auto left = time_left(deadline);
    if (left.count() == 0) throw deadline_passed(label, attempt);
    ++requests;
    bytes_sent += body.size();
    const auto sent_at = Clock::now();
    HttpOutcome outcome = http.post(url, body, std::min(limit, left));
    if (on_attempt && (!outcome.failure || outcome.may_have_reached_server)) on_attempt();
    std::optional<Error> failure = outcome.failure;
    bool outcome_unknown = outcome.may_have_reached_server;
    if (!failure) {
      KALTURA_LOG_DEBUG("%s: HTTP %d, %" G_GUINT64_FORMAT " bytes sent, %zu received in %lld ms", label.c_str(),
                        outcome.status, body.size(), outcome.body.size(),
                        static_cast<long long>(
                            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - sent_at).count()));
      try {
        return decode_response(outcome.status, outcome.reason, outcome.content_type, outcome.body,
                               outcome.retry_after);
      } catch (const Error& error) {
        failure = error;
        // The server only gives up on a lock before doing anything.
        outcome_unknown = !error.is_api("LOCK_TIMED_OUT");
      }
    }
    // Before it is logged: a server's text may quote what the request carried.
    const Error error = failure->without(secrets());
    if (error.kind() == ErrorKind::Cancelled) throw error;
    const int attempts = attempt + 1;
    auto give_up = [&](const char* why) {
      KALTURA_LOG_DEBUG("%s: %s, not retried (%s)", label.c_str(), error.message().c_str(), why);
      Error final(error.kind(), error.code(), with_attempts(error.message(), attempts), error.args(),
                  error.http_status(), error.transient());
      final.set_retry_after(error.retry_after());
      throw final;
    };
    if (!error.transient()) throw error;
    // An attempt the deadline cut short may end a moment before it.
    if (Clock::now() >= deadline || (left < limit && error.kind() == ErrorKind::Timeout))
      fail_at_deadline(label, attempts, deadline);
    if (outcome_unknown && !retry_unknown_outcome) give_up("the outcome is unknown");
    if (attempt >= policy.max_retries) give_up("retry limit reached");
    const auto delay = backoff_delay(policy, attempt, error.retry_after());
    if (Clock::now() - started + delay > policy.max_total) give_up("retry time limit reached");
    // The call ends at its deadline rather than after a retry it has no time for.
    if (Clock::now() + delay >= deadline) fail_at_deadline(label, attempts, deadline);
    ++retries;
    KALTURA_LOG_DEBUG("%s: %s; retry %d in %lld ms", label.c_str(), error.message().c_str(), attempts,
                      static_cast<long long>(delay.count()));
    if (config.on_retry) config.on_retry(label, attempts, delay, error);
    wait_until(Clock::now() + delay);
  }
}

void Client::Impl::wait_until(Clock::time_point then) {
  std::unique_lock<std::mutex> lock(wait_mutex);
  if (wait_cv.wait_until(lock, then, [this] { return http.cancelled(); })) throw_cancelled();
}

Json Client::Impl::call_as_is(const Request& request, const std::string& ks) {
  wire::Fields fields = wire::call_fields(request, ks, client_tag);
  wire::Body body = request.files.empty() ? wire::Body::urlencoded(fields)
                                          : wire::Body::multipart(fields, request.files, wire::random_boundary());
  return send(request.service + "." + request.action, api_base + wire::call_path(request), body, request.timeout,
              request.retry_unknown_outcome, request.deadline, request.on_attempt);
}

Json Client::Impl::call_with_session(const Request& request) {
  if (!needs_session(request)) return call_as_is(request, "");
  std::string ks = session.current(request.deadline);
  try {
    return call_as_is(request, ks);
  } catch (const Error& error) {
    if (!error.ks_expired() || !session.can_renew()) throw;
  }
  // Once: renew and repeat the call.
  session.invalidate(ks);
  return call_as_is(request, session.current(request.deadline));
}

std::vector<Outcome> Client::Impl::call_batch(const MultiRequest& batch) {
  bool with_session = false;
  bool retry_unknown_outcome = true;
  std::chrono::seconds timeout{0};
  CallDeadline deadline = kNoDeadline;
  for (const Request& request : batch.requests()) {
    with_session = with_session || needs_session(request);
    retry_unknown_outcome = retry_unknown_outcome && request.retry_unknown_outcome;
    timeout = std::max(timeout, request.timeout);
    deadline = std::min(deadline, request.deadline);
  }
  const std::vector<FilePart> files = wire::multirequest_files(batch);
  const std::string url = api_base + "/service/multirequest";
  const std::string label = "multirequest of " + std::to_string(batch.size());

  auto run = [&](const std::string& ks) {
    wire::Fields fields = wire::multirequest_fields(batch, ks, client_tag);
    wire::Body body =
        files.empty() ? wire::Body::urlencoded(fields) : wire::Body::multipart(fields, files, wire::random_boundary());
    Json result = send(label, url, body, timeout, retry_unknown_outcome, deadline);
    if (!result.is_array())
      throw Error(ErrorKind::Protocol, "BAD_RESPONSE", "the multirequest result is not a JSON array");
    std::vector<Outcome> outcomes;
    for (size_t i = 0; i < batch.size(); ++i) {
      Outcome outcome;
      if (i >= result.size()) {
        outcome.error = Error(ErrorKind::Protocol, "BAD_RESPONSE",
                              "the multirequest returned no result for call " + std::to_string(i + 1));
      } else if (is_api_exception(result.at(i))) {
        outcome.error = api_exception_to_error(result.at(i)).without(secrets());
      } else {
        outcome.value = result.at(i);
      }
      outcomes.push_back(std::move(outcome));
    }
    return outcomes;
  };

  const std::string ks = with_session ? session.current(deadline) : "";
  std::vector<Outcome> outcomes = run(ks);
  // An expired KS fails every call that needs it and none ran: renew once and
  // send the batch again. A batch where anything succeeded is not repeated.
  bool all_failed = true, expired = false;
  for (const Outcome& outcome : outcomes) {
    all_failed = all_failed && !outcome.ok();
    expired = expired || (!outcome.ok() && outcome.error->ks_expired());
  }
  if (with_session && all_failed && expired && session.can_renew()) {
    session.invalidate(ks);
    outcomes = run(session.current(deadline));
  }
  return outcomes;
}

Client::Client(ClientConfig config, Credentials credentials) {
  if (!credentials.usable()) throw Error(ErrorKind::Config, "CONFIG_ERROR", credentials.what_is_missing());
  impl_ = std::make_unique<Impl>(std::move(config), std::move(credentials));
}

Client::~Client() = default;

Json Client::call(const Request& request) { return impl_->call_with_session(request); }

std::vector<Outcome> Client::call_multi(const MultiRequest& batch) { return impl_->call_batch(batch); }

std::string Client::ks() { return impl_->session.current(); }

void Client::ensure_session() { impl_->session.current(); }

int Client::partner_id() const { return impl_->session.partner_id(); }

std::vector<std::string> Client::secrets() const { return impl_->secrets(); }

void Client::cancel_all() {
  impl_->http.cancel_all();
  std::lock_guard<std::mutex> lock(impl_->wait_mutex);
  impl_->wait_cv.notify_all();
}

void Client::reset_cancel() { impl_->http.reset_cancel(); }

const ClientConfig& Client::config() const { return impl_->config; }

std::string Client::api_base() const { return impl_->api_base; }

Client::Counters Client::counters() const {
  Counters counters;
  counters.requests = impl_->requests;
  counters.retries = impl_->retries;
  counters.bytes_sent = impl_->bytes_sent;
  return counters;
}

}  // namespace kaltura
