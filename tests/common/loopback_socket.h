// A TCP socket listening on 127.0.0.1 at a free port. Tests use it as a
// server that speaks raw bytes, or as one that never answers: connections
// wait in its backlog until it is closed.
#pragma once

#include <gio/gio.h>
#include <glib.h>

namespace testing_support {

// Listening, not accepting; sets port.
inline GSocket* new_loopback_listening_socket(int& port) {
  GSocket* socket = g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, nullptr);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new(loopback, 0);
  g_assert_true(g_socket_bind(socket, any_port, TRUE, nullptr));
  g_assert_true(g_socket_listen(socket, nullptr));
  g_autoptr(GSocketAddress) bound = g_socket_get_local_address(socket, nullptr);
  port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound));
  return socket;
}

}  // namespace testing_support
