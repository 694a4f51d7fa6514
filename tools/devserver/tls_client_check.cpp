#include "tls_client_check.h"

namespace devserver {

namespace {

// Every TLS record starts with its content type, and a ClientHello travels
// in a handshake record (RFC 8446 §5.1); no HTTP request starts with it.
constexpr guint8 kTlsHandshakeRecord = 0x16;

gboolean check_first_byte(GSocket* socket, GIOCondition, gpointer) {
  guint8 first = 0;
  GInputVector vector = {&first, 1};
  gint flags = G_SOCKET_MSG_PEEK;
  const gssize peeked =
      g_socket_receive_message(socket, nullptr, &vector, 1, nullptr, nullptr, &flags, nullptr, nullptr);
  if (peeked == 1 && first == kTlsHandshakeRecord) {
    g_printerr(
        "kaltura-devserver: a client opened a TLS (https) connection; this server speaks plain HTTP: use an "
        "http:// service URL\n");
    // libsoup sees the connection end, as when a client goes away.
    g_socket_shutdown(socket, TRUE, TRUE, nullptr);
  }
  return G_SOURCE_REMOVE;
}

}  // namespace

void turn_away_tls_client(SoupServerMessage* msg) {
  GSocket* socket = soup_server_message_get_socket(msg);
  if (!socket) return;
  GSource* source = g_socket_create_source(socket, G_IO_IN, nullptr);
  // Before libsoup's own read of the same bytes, which runs at default priority.
  g_source_set_priority(source, G_PRIORITY_HIGH);
  g_source_set_callback(source, reinterpret_cast<GSourceFunc>(reinterpret_cast<void (*)()>(&check_first_byte)), nullptr,
                        nullptr);
  g_source_attach(source, g_main_context_get_thread_default());
  g_source_unref(source);
}

}  // namespace devserver
