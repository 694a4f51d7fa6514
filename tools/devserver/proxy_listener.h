// --proxy-credentials: the devserver answers proxy-form requests (an
// absolute URI as the request target, as clients send them to an HTTP
// proxy) as well as its own; with this option it wants those to carry the
// given credentials as Basic Proxy-Authorization, as a proxy that asks for a
// password does, and answers 407 with a Basic challenge otherwise. Requests
// in the ordinary form need none.
//
// libsoup makes an absolute URI of both forms and does not tell which one
// came, and it may read a connection's first request before any signal
// lets anyone look. So with this option the devserver accepts connections
// itself, peeks at the first request line of each, and only then hands the
// connection to libsoup. A client keeps its connections to a proxy apart
// from those to a server, so the first request tells the form of all that
// follow on the connection.
#pragma once

#include <libsoup/soup.h>

#include <string>

namespace devserver {

class ProxyFormListener {
 public:
  explicit ProxyFormListener(SoupServer* soup);
  ~ProxyFormListener();  // stops listening; connections already handed over stay libsoup's
  ProxyFormListener(const ProxyFormListener&) = delete;
  ProxyFormListener& operator=(const ProxyFormListener&) = delete;

  // Listens on address; returns the port, or 0 with error set.
  int listen(GSocketAddress* address, GError** error);

 private:
  static gboolean on_incoming(GSocketService* service, GSocketConnection* connection, GObject*, gpointer self);

  SoupServer* soup_;
  GSocketService* service_;
};

// The socket of a message's connection, whichever way it was accepted
// (libsoup has none to give for a connection handed to it).
GSocket* socket_of(SoupServerMessage* msg);

// credentials: "USER:PASSWORD" ("" for none wanted). For a request in proxy
// form without them, sets the 407 answer and returns true.
bool refuse_without_proxy_credentials(SoupServerMessage* msg, const std::string& credentials);

}  // namespace devserver
