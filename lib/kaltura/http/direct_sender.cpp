#define G_LOG_DOMAIN "kaltura"

#include "kaltura/http/direct_sender.h"

namespace kaltura {

namespace {

bool is_socks(const std::string& proxy) { return g_str_has_prefix(proxy.c_str(), "socks"); }

// The media type of a Content-Type value, without its parameters.
std::string media_type(const std::string* content_type) {
  if (!content_type) return "";
  std::string type = content_type->substr(0, content_type->find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
  return type;
}

HttpOutcome outcome_of(const http1::Response& response) {
  HttpOutcome outcome;
  outcome.status = response.status;
  outcome.reason = response.reason;
  outcome.content_type = media_type(response.field("content-type"));
  const std::string* retry_after = response.field("retry-after");
  outcome.retry_after = parse_retry_after(retry_after ? retry_after->c_str() : nullptr);
  outcome.body = response.body;
  return outcome;
}

HttpOutcome failed(const GError* error, bool may_have_reached_server, GCancellable* cancellable) {
  if (g_cancellable_is_cancelled(cancellable) || g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return cancelled_outcome(may_have_reached_server);
  return transport_failure_outcome(error, may_have_reached_server);
}

// Nothing of the request went out.
HttpOutcome failed_to_open(const HttpRoute& route, const GError* error, GCancellable* cancellable) {
  if (route.through_http_proxy() && g_error_matches(error, G_IO_ERROR, G_IO_ERROR_PROXY_AUTH_FAILED)) {
    HttpOutcome outcome;
    outcome.failure = proxy_credentials_refused();
    outcome.may_have_reached_server = false;
    return outcome;
  }
  return failed(error, false, cancellable);
}

}  // namespace

DirectSender::DirectSender(std::string user_agent, bool ssl_strict, GTlsDatabase* database, std::string proxy)
    : user_agent_(std::move(user_agent)), configured_proxy_(proxy_setting_of(proxy)) {
  tls_.strict = ssl_strict;
  tls_.database = database ? G_TLS_DATABASE(g_object_ref(database)) : nullptr;
}

DirectSender::~DirectSender() { g_clear_object(&tls_.database); }

bool DirectSender::proxy_for(GUri* uri, ProxySetting& proxy, GCancellable* cancellable, GError** error) {
  if (!configured_proxy_.uri.empty()) {
    proxy = configured_proxy_;
    return true;
  }
  return system_proxies_.lookup(origin_of(uri), proxy, cancellable, error);
}

std::optional<HttpOutcome> DirectSender::route_for(GUri* uri, HttpRoute& route, GCancellable* cancellable) {
  route.scheme = g_uri_get_scheme(uri);
  route.host = g_uri_get_host(uri);
  route.port = g_uri_get_port(uri) > 0 ? g_uri_get_port(uri) : (route.scheme == "https" ? 443 : 80);
  g_autoptr(GError) error = nullptr;
  ProxySetting proxy;
  if (!proxy_for(uri, proxy, cancellable, &error)) return failed(error, false, cancellable);
  route.proxy = proxy.uri;
  route.proxy_authorization = proxy.authorization;
  if (route.proxy.empty() || route.through_http_proxy() || is_socks(route.proxy)) return std::nullopt;
  HttpOutcome outcome;
  // The proxy URI may hold a password: the error does not repeat it.
  outcome.failure = Error(ErrorKind::Config, "CONFIG_ERROR", "the proxy's scheme is not http or socks");
  outcome.may_have_reached_server = false;
  return outcome;
}

std::string DirectSender::request_head(const HttpRoute& route, GUri* uri, const wire::Body& body) const {
  std::string target = g_uri_get_path(uri);
  if (target.empty()) target = "/";
  if (g_uri_get_query(uri)) target += std::string("?") + g_uri_get_query(uri);
  if (route.absolute_form()) target = route.scheme + "://" + route.host_field() + target;
  http1::HeaderFields fields = {{"Host", route.host_field()},
                                {"Accept", "application/json"},
                                {"Content-Type", body.content_type()},
                                {"Content-Length", std::to_string(body.size())}};
  if (!user_agent_.empty()) fields.emplace_back("User-Agent", user_agent_);
  // Only a request the proxy reads whole; https goes in a tunnel, whose CONNECT carries them.
  if (route.absolute_form() && !route.proxy_authorization.empty())
    fields.emplace_back("Proxy-Authorization", route.proxy_authorization);
  return http1::request_head("POST", target, fields);
}

HttpOutcome DirectSender::post(const std::string& url, const wire::Body& body, GCancellable* cancellable) {
  g_autoptr(GUri) uri = g_uri_parse(url.c_str(), G_URI_FLAGS_ENCODED, nullptr);
  const char* scheme = uri ? g_uri_get_scheme(uri) : nullptr;
  if (!uri || !g_uri_get_host(uri) || (g_strcmp0(scheme, "http") != 0 && g_strcmp0(scheme, "https") != 0))
    return invalid_url_outcome(url);
  HttpRoute route;
  if (std::optional<HttpOutcome> unusable = route_for(uri, route, cancellable)) return std::move(*unusable);
  const std::string head = request_head(route, uri, body);

  g_autoptr(GError) error = nullptr;
  std::unique_ptr<Http1Connection> connection = pool_.take(route.key());
  if (!connection) {
    connection = Http1Connection::open(route, tls_, cancellable, &error);
    if (!connection) return failed_to_open(route, error, cancellable);
  }
  http1::Response response;
  bool sent_anything = false;
  if (!connection->exchange(head, body.blocks(), response, sent_anything, cancellable, &error))
    // A reused connection the server closed as the request went out fails
    // here too: the caller re-syncs or retries as after any unknown outcome.
    return failed(error, sent_anything, cancellable);
  if (response.keep_alive) pool_.give_back(route.key(), std::move(connection));
  return outcome_of(response);
}

}  // namespace kaltura
