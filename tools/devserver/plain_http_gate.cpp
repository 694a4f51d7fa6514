#include "plain_http_gate.h"

namespace devserver {

namespace {

// Every TLS record starts with its content type; a ClientHello travels in a
// handshake record (RFC 8446 §5.1). No HTTP request line starts with it.
constexpr guint8 kTlsHandshakeRecord = 0x16;

}  // namespace

// One accepted connection until its first byte is there.
struct PlainHttpGate::Waiting {
  PlainHttpGate* gate;
  GSocketConnection* connection;
};

PlainHttpGate::PlainHttpGate(SoupServer* soup)
    : soup_(soup), service_(g_socket_service_new()), closing_(g_cancellable_new()) {
  g_signal_connect(service_, "incoming", G_CALLBACK(&PlainHttpGate::on_incoming), this);
}

PlainHttpGate::~PlainHttpGate() {
  g_cancellable_cancel(closing_);
  g_socket_service_stop(service_);
  g_socket_listener_close(G_SOCKET_LISTENER(service_));
  g_object_unref(service_);
  g_object_unref(closing_);
}

int PlainHttpGate::listen(GSocketAddress* address, GError** error) {
  g_autoptr(GSocketAddress) effective = nullptr;
  if (!g_socket_listener_add_address(G_SOCKET_LISTENER(service_), address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                     nullptr, &effective, error))
    return 0;
  g_socket_service_start(service_);
  return g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(effective));
}

gboolean PlainHttpGate::on_incoming(GSocketService*, GSocketConnection* connection, GObject*, gpointer self) {
  auto* gate = static_cast<PlainHttpGate*>(self);
  GSocket* socket = g_socket_connection_get_socket(connection);
  GSource* source =
      g_socket_create_source(socket, static_cast<GIOCondition>(G_IO_IN | G_IO_HUP | G_IO_ERR), gate->closing_);
  g_source_set_callback(source, reinterpret_cast<GSourceFunc>(reinterpret_cast<void (*)()>(&on_first_byte)),
                        new Waiting{gate, G_SOCKET_CONNECTION(g_object_ref(connection))}, [](gpointer data) {
                          auto* waiting = static_cast<Waiting*>(data);
                          g_object_unref(waiting->connection);
                          delete waiting;
                        });
  g_source_attach(source, g_main_context_get_thread_default());
  g_source_unref(source);
  return TRUE;
}

gboolean PlainHttpGate::on_first_byte(GSocket* socket, GIOCondition, gpointer data) {
  auto* waiting = static_cast<Waiting*>(data);
  PlainHttpGate* gate = waiting->gate;
  if (g_cancellable_is_cancelled(gate->closing_)) return G_SOURCE_REMOVE;
  guint8 first = 0;
  GInputVector vector = {&first, 1};
  gint flags = G_SOCKET_MSG_PEEK;
  const gssize peeked =
      g_socket_receive_message(socket, nullptr, &vector, 1, nullptr, nullptr, &flags, nullptr, nullptr);
  if (peeked == 1 && first == kTlsHandshakeRecord) {
    g_printerr(
        "kaltura-devserver: a client opened a TLS (https) connection; this server speaks plain HTTP: "
        "use an http:// service URL\n");
    g_io_stream_close(G_IO_STREAM(waiting->connection), nullptr, nullptr);
    return G_SOURCE_REMOVE;
  }
  // A request (or a closed connection, which libsoup handles as usual).
  g_autoptr(GSocketAddress) local = g_socket_get_local_address(socket, nullptr);
  g_autoptr(GSocketAddress) remote = g_socket_get_remote_address(socket, nullptr);
  g_autoptr(GError) error = nullptr;
  if (!soup_server_accept_iostream(gate->soup_, G_IO_STREAM(waiting->connection), local, remote, &error))
    g_printerr("kaltura-devserver: cannot take a connection: %s\n", error->message);
  return G_SOURCE_REMOVE;
}

}  // namespace devserver
