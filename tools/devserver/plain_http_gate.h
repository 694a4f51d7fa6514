// The devserver's listening socket. Each connection waits for its first
// byte before libsoup gets it: a client that opens with a TLS handshake
// (an https:// service URL pointed at this plain-HTTP server) is closed at
// once, with a line on stderr naming the mistake. libsoup alone would wait
// for a request line that never comes, and the client for a handshake
// answer, each until its timeout: minutes with retries.
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

namespace devserver {

class PlainHttpGate {
 public:
  explicit PlainHttpGate(SoupServer* soup);
  ~PlainHttpGate();  // stops listening; connections still waiting are closed
  PlainHttpGate(const PlainHttpGate&) = delete;
  PlainHttpGate& operator=(const PlainHttpGate&) = delete;

  // Listens on address (port 0: any free one); returns the port, or 0 with
  // error set.
  int listen(GSocketAddress* address, GError** error);

 private:
  struct Waiting;
  static gboolean on_incoming(GSocketService* service, GSocketConnection* connection, GObject* source, gpointer self);
  static gboolean on_first_byte(GSocket* socket, GIOCondition condition, gpointer waiting);

  SoupServer* soup_;
  GSocketService* service_;
  GCancellable* closing_;  // cancels the waits when the gate goes
};

}  // namespace devserver
