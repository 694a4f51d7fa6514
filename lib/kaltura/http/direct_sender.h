// Large request bodies (upload chunks) written by our own HTTP/1.1 code
// straight from their blocks to the socket, on the calling thread, over
// kept-alive connections. libsoup copies a body through 8 KiB buffers with a
// signal per piece and opens a new connection for every POST; here a 5 MiB
// chunk leaves in a few writev() calls and the next chunk reuses the
// connection (and its TLS session). TLS policy, proxy and user agent are
// the HTTP thread's own; its timer cancels a send through the cancellable.
#pragma once

#include <gio/gio.h>

#include <optional>
#include <string>

#include "kaltura/http/connection_pool.h"
#include "kaltura/http/http_outcome.h"
#include "kaltura/http/proxy_setting.h"
#include "kaltura/http/system_proxies.h"
#include "kaltura/wire_format.h"

namespace kaltura {

class DirectSender {
 public:
  // database: nullptr for the system's CAs (a reference is taken).
  DirectSender(std::string user_agent, bool ssl_strict, GTlsDatabase* database, std::string proxy);
  ~DirectSender();
  DirectSender(const DirectSender&) = delete;
  DirectSender& operator=(const DirectSender&) = delete;

  // Blocks until the whole response, a failure, or the cancellable fires
  // (then failure is Cancelled).
  HttpOutcome post(const std::string& url, const wire::Body& body, GCancellable* cancellable);

 private:
  // The proxy for a URI: the configured one, or the system's; an empty uri
  // for none.
  bool proxy_for(GUri* uri, ProxySetting& proxy, GCancellable* cancellable, GError** error);
  // Fills the route of a URL (scheme, host, port, proxy); a failure when the
  // proxy cannot be found or used.
  std::optional<HttpOutcome> route_for(GUri* uri, HttpRoute& route, GCancellable* cancellable);
  std::string request_head(const HttpRoute& route, GUri* uri, const wire::Body& body) const;

  const std::string user_agent_;
  TlsPolicy tls_;
  const ProxySetting configured_proxy_;  // an empty uri: the system's
  ConnectionPool pool_;
  SystemProxies system_proxies_;
};

}  // namespace kaltura
