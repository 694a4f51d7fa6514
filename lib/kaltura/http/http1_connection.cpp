#include "kaltura/http/http1_connection.h"

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <algorithm>

namespace kaltura {

namespace {

// Well under the keep-alive timeouts of common servers and load balancers
// (5 s and more), so that a kept connection is not closed as it is reused.
constexpr gint64 kMaxIdle = 2 * G_USEC_PER_SEC;
// Vectors per write call, under every system's IOV_MAX.
constexpr size_t kVectorsPerWrite = 512;
#ifdef TCP_NOTSENT_LOWAT  // Linux and macOS
// How much written but not yet sent data the socket may queue before a write
// waits (TCP_NOTSENT_LOWAT). Unlimited by default, a chunk's write fills the
// send buffer far past what the receiver's window takes: the kernel then
// sends the rest from the receiver's acknowledgements, on the CPU that is
// reading them, which on a machine shared with the server is the server's.
// Kept small, the data goes out from the sender's own write as the window
// opens; the thread writing a chunk does nothing else, so it tops the queue
// up as it drains. 16 KiB is the value commonly used for this; it does not
// limit what is in flight, only what waits behind it. Measured with
// tests/bench/upload_bench.py against 4 KiB to 4 MiB.
constexpr int kUnsentLimit = 16 * 1024;
#endif

bool default_port(const std::string& scheme, int port) {
  return (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
}

// An IPv6 literal is bracketed in URLs and fields.
std::string bracketed(const std::string& host) { return host.find(':') != std::string::npos ? "[" + host + "]" : host; }

std::string authority(const std::string& host, int port) { return bracketed(host) + ":" + std::to_string(port); }

GSocketConnection* connect_tcp(const std::string& host, int port, const std::string& socks_proxy,
                               GCancellable* cancellable, GError** error) {
  g_autoptr(GSocketClient) client = g_socket_client_new();
  if (socks_proxy.empty()) {
    g_socket_client_set_enable_proxy(client, FALSE);
  } else {
    g_autoptr(GProxyResolver) resolver = g_simple_proxy_resolver_new(socks_proxy.c_str(), nullptr);
    g_socket_client_set_proxy_resolver(client, resolver);
  }
  return g_socket_client_connect_to_host(client, host.c_str(), static_cast<guint16>(port), cancellable, error);
}

bool write_text(GOutputStream* out, const std::string& text, GCancellable* cancellable, GError** error) {
  return g_output_stream_write_all(out, text.data(), text.size(), nullptr, cancellable, error);
}

// CONNECT host:port through an HTTP proxy, for https. A 407 fails with
// G_IO_ERROR_PROXY_AUTH_FAILED.
bool open_tunnel(GIOStream* stream, const HttpRoute& route, GCancellable* cancellable, GError** error) {
  const std::string target = authority(route.host, route.port);
  http1::HeaderFields fields = {{"Host", target}};
  if (!route.proxy_authorization.empty()) fields.emplace_back("Proxy-Authorization", route.proxy_authorization);
  const std::string head = http1::request_head("CONNECT", target, fields);
  if (!write_text(g_io_stream_get_output_stream(stream), head, cancellable, error)) return false;
  // A reader of its own, left without closing the connection: the TLS
  // handshake follows on the raw stream, and the proxy sends nothing more
  // before it.
  g_autoptr(GDataInputStream) in = g_data_input_stream_new(g_io_stream_get_input_stream(stream));
  g_filter_input_stream_set_close_base_stream(G_FILTER_INPUT_STREAM(in), FALSE);
  http1::Response response;
  if (!http1::read_response(in, false, response, cancellable, error)) return false;
  if (response.status / 100 == 2) return true;
  if (response.status == 407) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_PROXY_AUTH_FAILED,
                "the proxy refused the credentials for the tunnel to %s", target.c_str());
    return false;
  }
  g_set_error(error, G_IO_ERROR, G_IO_ERROR_PROXY_FAILED, "the proxy refused the tunnel to %s: HTTP %d %s",
              target.c_str(), response.status, response.reason.c_str());
  return false;
}

gboolean accept_any_certificate(GTlsConnection*, GTlsCertificate*, GTlsCertificateFlags, gpointer) { return TRUE; }

GIOStream* start_tls(GSocketConnection* connection, const HttpRoute& route, const TlsPolicy& tls,
                     GCancellable* cancellable, GError** error) {
  g_autoptr(GSocketConnectable) identity = g_network_address_new(route.host.c_str(), static_cast<guint16>(route.port));
  GIOStream* secured = g_tls_client_connection_new(G_IO_STREAM(connection), identity, error);
  if (!secured) return nullptr;
  if (tls.database) g_tls_connection_set_database(G_TLS_CONNECTION(secured), tls.database);
  if (!tls.strict) g_signal_connect(secured, "accept-certificate", G_CALLBACK(accept_any_certificate), nullptr);
  if (!g_tls_connection_handshake(G_TLS_CONNECTION(secured), cancellable, error)) {
    g_object_unref(secured);
    return nullptr;
  }
  return secured;
}

std::vector<GOutputVector> vectors_of(const std::string& head, const std::vector<GBytes*>& body) {
  std::vector<GOutputVector> vectors;
  vectors.reserve(body.size() + 1);
  vectors.push_back({head.data(), head.size()});
  for (GBytes* block : body) {
    gsize size = 0;
    const void* data = g_bytes_get_data(block, &size);
    if (size > 0) vectors.push_back({data, size});
  }
  return vectors;
}

}  // namespace

bool HttpRoute::through_http_proxy() const { return g_str_has_prefix(proxy.c_str(), "http://"); }

std::string HttpRoute::host_field() const {
  return default_port(scheme, port) ? bracketed(host) : authority(host, port);
}

std::string HttpRoute::key() const { return scheme + "://" + authority(host, port) + " via " + proxy; }

Http1Connection::Http1Connection(GIOStream* stream, GSocket* socket)
    : stream_(stream),
      socket_(G_SOCKET(g_object_ref(socket))),
      in_(g_data_input_stream_new(g_io_stream_get_input_stream(stream))) {
  g_data_input_stream_set_newline_type(in_, G_DATA_STREAM_NEWLINE_TYPE_LF);
  g_filter_input_stream_set_close_base_stream(G_FILTER_INPUT_STREAM(in_), FALSE);
}

Http1Connection::~Http1Connection() {
  g_object_unref(in_);
  // Dropping the last references closes the socket; no TLS close_notify is
  // sent, which HTTP/1.1 framing does not need.
  g_object_unref(stream_);
  g_object_unref(socket_);
}

std::unique_ptr<Http1Connection> Http1Connection::open(const HttpRoute& route, const TlsPolicy& tls,
                                                       GCancellable* cancellable, GError** error) {
  std::string first_host = route.host;
  int first_port = route.port;
  std::string socks_proxy;
  if (route.through_http_proxy()) {
    g_autoptr(GUri) proxy = g_uri_parse(route.proxy.c_str(), G_URI_FLAGS_NONE, error);
    if (!proxy) return nullptr;
    first_host = g_uri_get_host(proxy) ? g_uri_get_host(proxy) : "";
    first_port = g_uri_get_port(proxy) > 0 ? g_uri_get_port(proxy) : 80;
  } else {
    socks_proxy = route.proxy;
  }
  g_autoptr(GSocketConnection) connection = connect_tcp(first_host, first_port, socks_proxy, cancellable, error);
  if (!connection) return nullptr;
  // A request goes out in one write and then waits for the answer: Nagle's
  // algorithm would only hold back the body's last segment.
  g_socket_set_option(g_socket_connection_get_socket(connection), IPPROTO_TCP, TCP_NODELAY, 1, nullptr);
#ifdef TCP_NOTSENT_LOWAT
  g_socket_set_option(g_socket_connection_get_socket(connection), IPPROTO_TCP, TCP_NOTSENT_LOWAT, kUnsentLimit,
                      nullptr);
#endif
  if (route.scheme == "https" && route.through_http_proxy() &&
      !open_tunnel(G_IO_STREAM(connection), route, cancellable, error))
    return nullptr;
  GSocket* socket = g_socket_connection_get_socket(connection);
  GIOStream* stream = nullptr;
  if (route.scheme == "https") {
    stream = start_tls(connection, route, tls, cancellable, error);
    if (!stream) return nullptr;
  } else {
    stream = G_IO_STREAM(g_object_ref(connection));
  }
  return std::unique_ptr<Http1Connection>(new Http1Connection(stream, socket));
}

bool Http1Connection::exchange(const std::string& head, const std::vector<GBytes*>& body, http1::Response& response,
                               bool& sent_anything, GCancellable* cancellable, GError** error) {
  GOutputStream* out = g_io_stream_get_output_stream(stream_);
  const std::vector<GOutputVector> vectors = vectors_of(head, body);
  for (size_t first = 0; first < vectors.size(); first += kVectorsPerWrite) {
    const size_t count = std::min(kVectorsPerWrite, vectors.size() - first);
    // writev_all may move on within the array it is given: each call gets a copy.
    std::vector<GOutputVector> batch(vectors.begin() + first, vectors.begin() + first + count);
    gsize written = 0;
    const bool ok = g_output_stream_writev_all(out, batch.data(), batch.size(), &written, cancellable, error);
    sent_anything = sent_anything || written > 0;
    if (!ok) return false;
  }
  return http1::read_response(in_, true, response, cancellable, error);
}

void Http1Connection::start_idle() { idle_since_ = g_get_monotonic_time(); }

bool Http1Connection::still_usable() const {
  if (g_get_monotonic_time() - idle_since_ > kMaxIdle) return false;
  if (g_buffered_input_stream_get_available(G_BUFFERED_INPUT_STREAM(in_)) > 0) return false;
  // Readable while idle means closed (or unasked data): either way not reusable.
  return g_socket_condition_check(socket_, static_cast<GIOCondition>(G_IO_IN | G_IO_HUP | G_IO_ERR)) == 0;
}

}  // namespace kaltura
