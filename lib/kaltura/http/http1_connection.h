// One HTTP/1.1 connection of the direct sender: to the origin itself,
// through an HTTP proxy (absolute-form requests for http, a CONNECT tunnel
// for https) or through a SOCKS proxy (GIO's own), with TLS for https. It
// carries one request at a time and may be kept for the next.
#pragma once

#include <gio/gio.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kaltura/http/http1_messages.h"

namespace kaltura {

// Where a connection goes, and the pool's key for it.
struct HttpRoute {
  std::string scheme;  // "http" or "https"
  std::string host;
  int port = 0;
  std::string proxy;  // a proxy URI; empty for a direct connection
  // "Basic ..." for an HTTP proxy that wants credentials (never in proxy
  // then); sent with the CONNECT of a tunnel, and with an absolute-form request.
  std::string proxy_authorization;

  bool through_http_proxy() const;
  // An http request through an HTTP proxy names the whole URL (RFC 9112 §3.2.2).
  bool absolute_form() const { return through_http_proxy() && scheme == "http"; }
  std::string host_field() const;  // "host" or "host:port", as the Host field wants it
  std::string key() const;
};

struct TlsPolicy {
  bool strict = true;
  GTlsDatabase* database = nullptr;  // nullptr: the system's
};

class Http1Connection {
 public:
  ~Http1Connection();
  Http1Connection(const Http1Connection&) = delete;
  Http1Connection& operator=(const Http1Connection&) = delete;

  // Connects (and tunnels, and shakes hands). On failure returns nullptr;
  // nothing of a request has been sent then.
  static std::unique_ptr<Http1Connection> open(const HttpRoute& route, const TlsPolicy& tls, GCancellable* cancellable,
                                               GError** error);

  // Writes head then body in as few system calls as the blocks allow, and
  // reads the whole response. On failure, sent_anything tells whether any
  // byte of the request went out (then the server may have acted on it).
  bool exchange(const std::string& head, const std::vector<GBytes*>& body, http1::Response& response,
                bool& sent_anything, GCancellable* cancellable, GError** error);

  // A kept connection may be used again unless the server closed it (or
  // sent something unasked) while it waited, or it waited too long.
  void start_idle();
  bool still_usable() const;

 private:
  Http1Connection(GIOStream* stream, GSocket* socket);
  GIOStream* stream_;  // the socket connection, or the TLS connection over it
  GSocket* socket_;
  GDataInputStream* in_;
  gint64 idle_since_ = 0;
};

}  // namespace kaltura
