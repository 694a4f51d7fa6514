// TLS: certificates are verified by default, ssl_ca_file trusts a given CA,
// ssl_strict=false accepts any certificate, for small bodies and for large
// ones alike (the client sends them two ways), with the configured user
// agent; large bodies reuse their TLS connection, and both kinds go through
// an HTTP proxy's CONNECT tunnel, with the proxy's credentials on the
// CONNECT only, never to the server. The server here is a minimal HTTPS
// SoupServer with a self-signed certificate for 127.0.0.1
// (tls_localhost.pem, passed as the first argument), answering every
// request with the JSON string "tls-ok".
#include <libsoup/soup.h>

#include <atomic>
#include <cstring>
#include <future>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "kaltura/client.h"
#include "lib_checks.h"
#include "loopback_listener.h"

using namespace kaltura;

namespace {

std::string pem_path;
// The length of the last request body the server received.
std::atomic<goffset> last_body_size{-1};
std::mutex user_agent_mutex;
std::string last_user_agent;
// Requests that reached the server with a Proxy-Authorization field.
std::atomic<int> proxy_authorizations_seen{0};
// The client ports that requests came from, in order.
std::mutex ports_mutex;
std::vector<int> client_ports;

class HttpsServer {
 public:
  HttpsServer() : context_(g_main_context_new()), loop_(g_main_loop_new(context_, FALSE)) {
    std::promise<int> port;
    std::future<int> ready = port.get_future();
    thread_ = std::thread([this, promise = std::move(port)]() mutable { run(promise); });
    port_ = ready.get();
  }
  ~HttpsServer() {
    g_main_context_invoke(
        context_,
        [](gpointer loop) -> gboolean {
          g_main_loop_quit(static_cast<GMainLoop*>(loop));
          return G_SOURCE_REMOVE;
        },
        loop_);
    thread_.join();
    g_main_loop_unref(loop_);
    g_main_context_unref(context_);
  }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }

 private:
  void run(std::promise<int>& port) {
    g_main_context_push_thread_default(context_);
    g_autoptr(GError) error = nullptr;
    g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file(pem_path.c_str(), &error);
    g_assert_no_error(error);
    SoupServer* server = soup_server_new("tls-certificate", certificate, nullptr);
    soup_server_add_handler(
        server, nullptr,
        [](SoupServer*, SoupServerMessage* msg, const char*, GHashTable*, gpointer) {
          last_body_size = soup_server_message_get_request_body(msg)->length;
          SoupMessageHeaders* request_headers = soup_server_message_get_request_headers(msg);
          const char* user_agent = soup_message_headers_get_one(request_headers, "User-Agent");
          if (soup_message_headers_get_one(request_headers, "Proxy-Authorization")) ++proxy_authorizations_seen;
          {
            std::lock_guard<std::mutex> lock(user_agent_mutex);
            last_user_agent = user_agent ? user_agent : "";
          }
          {
            GSocketAddress* remote = soup_server_message_get_remote_address(msg);
            std::lock_guard<std::mutex> lock(ports_mutex);
            client_ports.push_back(g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(remote)));
          }
          static const char body[] = "\"tls-ok\"";
          soup_server_message_set_status(msg, 200, nullptr);
          soup_server_message_set_response(msg, "application/json", SOUP_MEMORY_STATIC, body, sizeof body - 1);
        },
        nullptr, nullptr);
    g_assert_true(soup_server_listen_local(
        server, 0, static_cast<SoupServerListenOptions>(SOUP_SERVER_LISTEN_HTTPS | SOUP_SERVER_LISTEN_IPV4_ONLY),
        &error));
    g_assert_no_error(error);
    GSList* uris = soup_server_get_uris(server);
    port.set_value(g_uri_get_port(static_cast<GUri*>(uris->data)));
    g_slist_free_full(uris, reinterpret_cast<GDestroyNotify>(g_uri_unref));
    g_main_loop_run(loop_);
    soup_server_disconnect(server);
    g_object_unref(server);
    g_main_context_pop_thread_default(context_);
  }

  GMainContext* context_;
  GMainLoop* loop_;
  std::thread thread_;
  int port_ = 0;
};

HttpsServer* server = nullptr;

// The Proxy-Authorization value of a request head, "" when absent.
std::string proxy_authorization_in(const std::string& head) {
  g_autofree char* lower = g_ascii_strdown(head.c_str(), -1);
  const char* field = strstr(lower, "\r\nproxy-authorization:");
  if (!field) return "";
  size_t start = field - lower + strlen("\r\nproxy-authorization:");
  while (head[start] == ' ') ++start;
  return head.substr(start, head.find("\r\n", start) - start);
}

// An HTTP proxy that only tunnels: it answers CONNECT, then copies bytes
// both ways until either side closes. One thread per direction. Given
// credentials ("USER:PASSWORD"), it answers 407 to a CONNECT without them.
class TunnelProxy {
 public:
  explicit TunnelProxy(const std::string& credentials = "")
      : listener_([this](GSocket* client, int, GCancellable* stop) { tunnel(client, stop); }) {
    if (credentials.empty()) return;
    g_autofree char* encoded = g_base64_encode(reinterpret_cast<const guchar*>(credentials.data()), credentials.size());
    authorization_ = std::string("Basic ") + encoded;
  }
  std::string url() const { return listener_.http_url(); }
  std::vector<std::string> targets() {
    std::lock_guard<std::mutex> lock(mutex_);
    return targets_;
  }

 private:
  void tunnel(GSocket* client, GCancellable* stop) {
    std::string head;
    char byte;
    while (head.find("\r\n\r\n") == std::string::npos && g_socket_receive(client, &byte, 1, stop, nullptr) == 1)
      head += byte;
    g_assert_true(g_str_has_prefix(head.c_str(), "CONNECT "));
    const std::string target = head.substr(8, head.find(' ', 8) - 8);
    if (!authorization_.empty() && proxy_authorization_in(head) != authorization_) {
      static const char refusal[] =
          "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"tunnel\"\r\n"
          "Content-Length: 0\r\nConnection: close\r\n\r\n";
      g_socket_send(client, refusal, sizeof refusal - 1, stop, nullptr);
      g_socket_close(client, nullptr);
      g_object_unref(client);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      targets_.push_back(target);
    }
    lib_test::tunnel_to(client, target, "HTTP/1.1 200 Connection established\r\n\r\n", stop);
  }

  std::string authorization_;  // "" when any CONNECT goes
  std::mutex mutex_;
  std::vector<std::string> targets_;
  lib_test::LoopbackListener listener_;  // last: its threads stop before the members above go
};

Request ping() {
  Request request;
  request.service = "system";
  request.action = "ping";
  return request;
}

// With a body large enough for the client to send it from the calling thread.
Request ping_with_file() {
  Request request = ping();
  request.files.emplace_back("fileData", "large.bin", g_bytes_new_take(g_malloc0(300000), 300000));
  return request;
}

std::string call_with(const ClientConfig& config, const Request& request) {
  Credentials credentials;
  credentials.ks = "any";
  Client client(config, credentials);
  return client.call(request).as_string();
}

ClientConfig base_config() {
  ClientConfig config;
  config.service_url = server->url();
  config.timeout = std::chrono::seconds(10);
  config.retry.max_retries = 3;
  config.retry.initial_delay = std::chrono::milliseconds(10);
  return config;
}

void test_verified_by_default() {
  for (const Request& request : {ping(), ping_with_file()}) {
    Credentials credentials;
    credentials.ks = "any";
    Client client(base_config(), credentials);
    try {
      client.call(request);
      g_assert_not_reached();
    } catch (const Error& error) {
      g_assert_true(error.kind() == ErrorKind::Transport);
      g_assert_cmpstr(error.code().c_str(), ==, "CONNECTION_ERROR");
      g_assert_false(error.transient());  // a rejected certificate stays rejected
    }
    g_assert_cmpuint(client.counters().requests, ==, 1);
  }
}

void test_ca_file() {
  ClientConfig config = base_config();
  config.ssl_ca_file = pem_path;
  config.user_agent = "tls-test/1.0";
  for (const Request& request : {ping(), ping_with_file()}) {
    const std::string result = call_with(config, request);
    g_assert_cmpstr(result.c_str(), ==, "tls-ok");
    std::lock_guard<std::mutex> lock(user_agent_mutex);
    g_assert_cmpstr(last_user_agent.c_str(), ==, "tls-test/1.0");
  }
  g_assert_cmpint(last_body_size, >, 300000);  // the file and the form around it
}

void test_not_strict() {
  ClientConfig config = base_config();
  config.ssl_strict = false;
  for (const Request& request : {ping(), ping_with_file()}) {
    const std::string result = call_with(config, request);
    g_assert_cmpstr(result.c_str(), ==, "tls-ok");
  }
}

// Large bodies keep their TLS connection from one request to the next.
void test_large_bodies_reuse_the_connection() {
  ClientConfig config = base_config();
  config.ssl_ca_file = pem_path;
  Credentials credentials;
  credentials.ks = "any";
  Client client(config, credentials);
  {
    std::lock_guard<std::mutex> lock(ports_mutex);
    client_ports.clear();
  }
  for (int i = 0; i < 3; ++i) lib_test::expect_str(client.call(ping_with_file()).as_string(), "tls-ok");
  std::lock_guard<std::mutex> lock(ports_mutex);
  g_assert_cmpuint(client_ports.size(), ==, 3);
  g_assert_cmpuint(std::set<int>(client_ports.begin(), client_ports.end()).size(), ==, 1);
}

// Through an HTTP proxy, https goes in a CONNECT tunnel, and the
// certificate is still checked end to end.
void test_through_proxy_tunnel() {
  TunnelProxy proxy;
  ClientConfig config = base_config();
  config.proxy = proxy.url();
  config.ssl_ca_file = pem_path;
  for (const Request& request : {ping(), ping_with_file()}) {
    const size_t tunnels_before = proxy.targets().size();
    lib_test::expect_str(call_with(config, request), "tls-ok");
    const std::vector<std::string> targets = proxy.targets();
    g_assert_cmpuint(targets.size(), >, tunnels_before);
    const std::string port = server->url().substr(server->url().rfind(':') + 1);
    lib_test::expect_str(targets.back(), "127.0.0.1:" + port);
  }
  ClientConfig unverified = config;
  unverified.ssl_ca_file.clear();
  Credentials credentials;
  credentials.ks = "any";
  Client client(unverified, credentials);
  Error error = [&] {
    try {
      client.call(ping_with_file());
    } catch (const Error& failure) {
      return failure;
    }
    g_error("the tunnel skipped certificate checks");
  }();
  g_assert_true(error.kind() == ErrorKind::Transport);
  g_assert_false(error.transient());
}

// A proxy that wants a password gets it, percent-decoded, on each CONNECT
// (libsoup's for small calls, the direct sender's for large bodies); the
// server behind the tunnel never sees it. A wrong one fails with the 407 text.
void test_through_proxy_tunnel_with_credentials() {
  TunnelProxy proxy("pu:p@ss");
  ClientConfig config = base_config();
  config.ssl_ca_file = pem_path;
  const std::string address = proxy.url().substr(strlen("http://"));
  config.proxy = "http://pu:p%40ss@" + address;
  const int seen_before = proxy_authorizations_seen;
  for (const Request& request : {ping(), ping_with_file()}) lib_test::expect_str(call_with(config, request), "tls-ok");
  g_assert_cmpint(proxy_authorizations_seen, ==, seen_before);

  config.proxy = "http://pu:wrong@" + address;
  for (const Request& request : {ping(), ping_with_file()}) {
    Error error = lib_test::expect_error([&] { call_with(config, request); });
    g_assert_cmpint(error.http_status(), ==, 407);
    g_assert_true(g_str_has_prefix(error.message().c_str(), "The proxy refused the credentials (HTTP 407"));
  }
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  if (argc < 2) g_error("usage: %s tls_localhost.pem", argv[0]);
  pem_path = argv[1];
  HttpsServer https;
  server = &https;
  g_test_add_func("/tls/verified-by-default", test_verified_by_default);
  g_test_add_func("/tls/ca-file", test_ca_file);
  g_test_add_func("/tls/not-strict", test_not_strict);
  g_test_add_func("/tls/large-bodies-reuse-the-connection", test_large_bodies_reuse_the_connection);
  g_test_add_func("/tls/through-proxy-tunnel", test_through_proxy_tunnel);
  g_test_add_func("/tls/through-proxy-tunnel-with-credentials", test_through_proxy_tunnel_with_credentials);
  return g_test_run();
}
