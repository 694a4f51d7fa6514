#include "kaltura/http/soup_proxy.h"

#include "kaltura/http/proxy_setting.h"
#include "kaltura/http/system_proxies.h"

namespace kaltura {

namespace {

// Only what the proxy itself reads gets the credentials: an http request,
// which goes to the proxy whole, and the CONNECT of an https one (libsoup
// queues it as a message of its own). The https request itself travels
// inside the tunnel, to the server, and must not carry them.
bool read_by_proxy(SoupMessage* message) {
  return g_strcmp0(soup_message_get_method(message), SOUP_METHOD_CONNECT) == 0 ||
         g_strcmp0(g_uri_get_scheme(soup_message_get_uri(message)), "http") == 0;
}

// The destroy notify of a handler whose data is a new std::string.
void delete_string(gpointer data, GClosure*) { delete static_cast<std::string*>(data); }

// Before each sending of the message, a redirect's included: it may have
// gone from http to https since it was queued.
void set_proxy_authorization(SoupMessage* message, gpointer authorization) {
  SoupMessageHeaders* headers = soup_message_get_request_headers(message);
  if (read_by_proxy(message))
    soup_message_headers_replace(headers, "Proxy-Authorization",
                                 static_cast<const std::string*>(authorization)->c_str());
  else
    soup_message_headers_remove(headers, "Proxy-Authorization");
}

void send_authorization(SoupMessage* message, const std::string& authorization) {
  g_signal_connect_data(message, "starting", G_CALLBACK(set_proxy_authorization), new std::string(authorization),
                        delete_string, static_cast<GConnectFlags>(0));
}

// Every message is queued, CONNECT ones included, before its first byte is
// written; each gets the header from then on, from a copy of its own.
void watch_message(SoupSession*, SoupMessage* message, gpointer authorization) {
  send_authorization(message, *static_cast<const std::string*>(authorization));
}

void delete_system_proxies(gpointer data, GClosure*) { delete static_cast<SystemProxies*>(data); }

// The session's resolver is the system's: a message goes through the proxy
// it names for the message's origin (a CONNECT has its request's URI), and
// gets that proxy's credentials when it has some. A lookup that fails sends
// nothing: libsoup's own lookup of the same proxy fails the message.
void watch_message_for_system_proxy(SoupSession*, SoupMessage* message, gpointer system_proxies) {
  ProxySetting proxy;
  if (!static_cast<SystemProxies*>(system_proxies)
           ->lookup(origin_of(soup_message_get_uri(message)), proxy, nullptr, nullptr))
    return;
  if (!proxy.authorization.empty()) send_authorization(message, proxy.authorization);
}

}  // namespace

std::optional<Error> use_proxy(SoupSession* session, const std::string& proxy) {
  std::optional<ProxySetting> setting = parse_proxy_setting(proxy);
  if (!setting) return Error(ErrorKind::Config, "CONFIG_ERROR", "the proxy setting is not a valid URI");
  g_autoptr(GProxyResolver) resolver = g_simple_proxy_resolver_new(setting->uri.c_str(), nullptr);
  soup_session_set_proxy_resolver(session, resolver);
  if (setting->authorization.empty()) return std::nullopt;
  g_signal_connect_data(session, "request-queued", G_CALLBACK(watch_message), new std::string(setting->authorization),
                        delete_string, static_cast<GConnectFlags>(0));
  return std::nullopt;
}

void send_system_proxy_credentials(SoupSession* session) {
  // libsoup's answer to a 407 takes the credentials from the resolver's URI,
  // the system's one here, and sends the request again to the proxy's own
  // URL. Without it, the 407 comes back as it is, as with the proxy setting.
  soup_session_remove_feature_by_type(session, SOUP_TYPE_AUTH_MANAGER);
  g_signal_connect_data(session, "request-queued", G_CALLBACK(watch_message_for_system_proxy), new SystemProxies,
                        delete_system_proxies, static_cast<GConnectFlags>(0));
}

}  // namespace kaltura
