#include "tls_client_check.h"

namespace devserver {

namespace {

// Every TLS record starts with its content type, and a ClientHello travels
// in a handshake record (RFC 8446 §5.1); no HTTP request starts with it.
constexpr guint8 kTlsHandshakeRecord = 0x16;

// Marks a connection whose first byte is being or has been looked at.
constexpr char kLookedAt[] = "kaltura-devserver-first-byte-looked-at";

gboolean check_first_byte_when_readable(GSocket* socket, GIOCondition, gpointer message) {
  // libsoup reads at once after request-started: bytes that arrived in
  // between went to it, and the next byte is further on, perhaps in the
  // body. A request line it has read is HTTP, whatever follows.
  if (!soup_server_message_get_method(SOUP_SERVER_MESSAGE(message))) turn_away_tls_connection(socket);
  return G_SOURCE_REMOVE;
}

}  // namespace

bool turn_away_tls_connection(GSocket* socket) {
  guint8 first = 0;
  GInputVector vector = {&first, 1};
  gint flags = G_SOCKET_MSG_PEEK;
  const gssize peeked =
      g_socket_receive_message(socket, nullptr, &vector, 1, nullptr, nullptr, &flags, nullptr, nullptr);
  if (peeked != 1 || first != kTlsHandshakeRecord) return false;
  g_printerr(
      "kaltura-devserver: a client opened a TLS (https) connection; this server speaks plain HTTP: use an "
      "http:// service URL\n");
  // libsoup sees the connection end, as when a client goes away.
  g_socket_shutdown(socket, TRUE, TRUE, nullptr);
  return true;
}

void turn_away_tls_client(SoupServerMessage* msg) {
  GSocket* socket = soup_server_message_get_socket(msg);
  if (!socket) return;
  // Only before the connection's first request: by a later one libsoup has
  // read from the socket, and the next byte may be anywhere in a body,
  // where 0x16 is as likely as any other byte.
  if (g_object_get_data(G_OBJECT(socket), kLookedAt)) return;
  g_object_set_data(G_OBJECT(socket), kLookedAt, GINT_TO_POINTER(TRUE));
  if (g_socket_condition_check(socket, G_IO_IN) != 0) {
    turn_away_tls_connection(socket);
    return;
  }
  GSource* source = g_socket_create_source(socket, G_IO_IN, nullptr);
  // Before libsoup's own read of the same bytes, which runs at default priority.
  g_source_set_priority(source, G_PRIORITY_HIGH);
  g_source_set_callback(source,
                        reinterpret_cast<GSourceFunc>(reinterpret_cast<void (*)()>(&check_first_byte_when_readable)),
                        g_object_ref(msg), g_object_unref);
  g_source_attach(source, g_main_context_get_thread_default());
  g_source_unref(source);
}

}  // namespace devserver
