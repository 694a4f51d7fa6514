#include "proxy_listener.h"

#include <cstring>

#include "request_log.h"
#include "tls_client_check.h"

namespace devserver {

namespace {

// On the remote address of a connection handed to libsoup, which keeps that
// object for the connection and gives it back with each of its messages:
constexpr char kSocket[] = "kaltura-devserver-socket";         // the connection's socket (a reference)
constexpr char kProxyForm[] = "kaltura-devserver-proxy-form";  // set: its requests come in proxy form

// Enough for any method, the space and the first byte of the target.
constexpr size_t kPeekSize = 64;

// "POST http://host/..." (proxy form) rather than "POST /..." or "OPTIONS *".
bool is_proxy_form(const char* line, size_t size) {
  const char* space = static_cast<const char*>(memchr(line, ' ', size));
  if (!space || space + 1 >= line + size) return false;
  return space[1] != '/' && space[1] != '*';
}

// Peeks at the start of the connection's first request, which is there: a
// client writes its request line whole. false when the client left.
bool peek_request_form(GSocket* socket, bool& proxy_form) {
  char line[kPeekSize];
  GInputVector vector = {line, sizeof line};
  gint flags = G_SOCKET_MSG_PEEK;
  const gssize peeked =
      g_socket_receive_message(socket, nullptr, &vector, 1, nullptr, nullptr, &flags, nullptr, nullptr);
  if (peeked <= 0) return false;
  proxy_form = is_proxy_form(line, static_cast<size_t>(peeked));
  return true;
}

struct Arriving {
  SoupServer* soup;
  GSocketConnection* connection;  // a reference
};

// Once the first bytes are there: the connection goes to libsoup, marked.
gboolean hand_over(GSocket* socket, GIOCondition, gpointer data) {
  const auto* arriving = static_cast<const Arriving*>(data);
  bool proxy_form = false;
  if (turn_away_tls_connection(socket) || !peek_request_form(socket, proxy_form)) return G_SOURCE_REMOVE;
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address(arriving->connection, nullptr);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address(arriving->connection, nullptr);
  if (!local || !remote) return G_SOURCE_REMOVE;
  g_object_set_data_full(G_OBJECT(remote), kSocket, g_object_ref(socket), g_object_unref);
  if (proxy_form) g_object_set_data(G_OBJECT(remote), kProxyForm, GINT_TO_POINTER(TRUE));
  g_autoptr(GError) error = nullptr;
  if (!soup_server_accept_iostream(arriving->soup, G_IO_STREAM(arriving->connection), local, remote, &error))
    g_printerr("kaltura-devserver: cannot take a connection: %s\n", error->message);
  return G_SOURCE_REMOVE;
}

// The "USER:PASSWORD" of a Basic Proxy-Authorization value; "" for another scheme.
std::string basic_credentials(const char* value) {
  if (!value || g_ascii_strncasecmp(value, "Basic ", 6) != 0) return "";
  g_autofree char* token = g_strstrip(g_strdup(value + 6));
  gsize size = 0;
  g_autofree guchar* decoded = g_base64_decode(token, &size);
  return std::string(reinterpret_cast<const char*>(decoded), size);
}

}  // namespace

ProxyFormListener::ProxyFormListener(SoupServer* soup) : soup_(soup), service_(g_socket_service_new()) {
  g_signal_connect(service_, "incoming", G_CALLBACK(&ProxyFormListener::on_incoming), this);
}

ProxyFormListener::~ProxyFormListener() {
  g_socket_service_stop(service_);
  g_socket_listener_close(G_SOCKET_LISTENER(service_));
  g_object_unref(service_);
}

int ProxyFormListener::listen(GSocketAddress* address, GError** error) {
  g_autoptr(GSocketAddress) effective = nullptr;
  if (!g_socket_listener_add_address(G_SOCKET_LISTENER(service_), address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                     nullptr, &effective, error))
    return 0;
  g_socket_service_start(service_);
  return g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(effective));
}

gboolean ProxyFormListener::on_incoming(GSocketService*, GSocketConnection* connection, GObject*, gpointer self) {
  // Waits for the first bytes without taking them; a client that leaves
  // first only ends the wait.
  GSource* source = g_socket_create_source(g_socket_connection_get_socket(connection), G_IO_IN, nullptr);
  g_source_set_callback(
      source, reinterpret_cast<GSourceFunc>(reinterpret_cast<void (*)()>(&hand_over)),
      new Arriving{static_cast<ProxyFormListener*>(self)->soup_, G_SOCKET_CONNECTION(g_object_ref(connection))},
      [](gpointer data) {
        auto* arriving = static_cast<Arriving*>(data);
        g_object_unref(arriving->connection);
        delete arriving;
      });
  g_source_attach(source, g_main_context_get_thread_default());
  g_source_unref(source);
  return TRUE;
}

GSocket* socket_of(SoupServerMessage* msg) {
  if (GSocket* socket = soup_server_message_get_socket(msg)) return socket;
  GSocketAddress* remote = soup_server_message_get_remote_address(msg);
  return remote ? static_cast<GSocket*>(g_object_get_data(G_OBJECT(remote), kSocket)) : nullptr;
}

bool refuse_without_proxy_credentials(SoupServerMessage* msg, const std::string& credentials) {
  GSocketAddress* remote = soup_server_message_get_remote_address(msg);
  if (credentials.empty() || !remote || !g_object_get_data(G_OBJECT(remote), kProxyForm)) return false;
  const char* given = soup_message_headers_get_one(soup_server_message_get_request_headers(msg), "Proxy-Authorization");
  if (basic_credentials(given) == credentials) return false;
  // The log names the failure, never what was sent.
  log_line(std::string("proxy-form request ") + (given ? "with wrong" : "without") + " Proxy-Authorization -> 407");
  SoupMessageHeaders* headers = soup_server_message_get_response_headers(msg);
  soup_message_headers_replace(headers, "Proxy-Authenticate", "Basic realm=\"kaltura-devserver\"");
  static const char text[] = "kaltura-devserver: proxy credentials required (--proxy-credentials)\n";
  soup_server_message_set_status(msg, SOUP_STATUS_PROXY_AUTHENTICATION_REQUIRED, nullptr);
  soup_server_message_set_response(msg, "text/plain", SOUP_MEMORY_STATIC, text, sizeof text - 1);
  return true;
}

}  // namespace devserver
