// The library's own HTTP/1.1 sender, which carries every large request body
// (upload chunks): what goes on the wire, connections kept alive and given
// up when the server closes them, and every way a server may frame its
// answer; also the kept-alive connections of the small calls libsoup sends.
// The server here is written on plain sockets so that each test decides the
// exact bytes of each response.
#include <gio/gio.h>
#include <glib.h>

#include <atomic>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kaltura/client.h"
#include "kaltura/operations.h"
#include "lib_checks.h"
#include "loopback_listener.h"

using namespace kaltura;
using lib_test::LoopbackListener;

namespace {

// One scripted response: its bytes, and whether the server closes the
// connection after it (after close_delay_ms).
struct Reply {
  std::string bytes;
  bool close_after = false;
  int close_delay_ms = 0;
};

std::string json_reply(const std::string& json, const std::string& extra_fields = "") {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " +
         std::to_string(json.size()) + "\r\n" + extra_fields + "\r\n" + json;
}

struct ReceivedRequest {
  std::string head;
  std::string body;
  int connection = 0;  // 1 for the first connection the server accepted
};

class ScriptedServer {
 public:
  ScriptedServer()
      : listener_([this](GSocket* connection, int number, GCancellable* stop) { serve(connection, number, stop); }) {}

  std::string url() const { return listener_.http_url(); }
  void script(Reply reply) {
    std::lock_guard<std::mutex> lock(mutex_);
    replies_.push_back(std::move(reply));
  }
  std::vector<ReceivedRequest> received() {
    std::lock_guard<std::mutex> lock(mutex_);
    return received_;
  }
  int connections_accepted() const { return listener_.connections_accepted(); }

 private:
  // Reads up to the end of the head, then the Content-Length body.
  static bool read_request(GSocket* socket, std::string& pending, ReceivedRequest& request, GCancellable* stop) {
    char buffer[65536];
    size_t head_end;
    while ((head_end = pending.find("\r\n\r\n")) == std::string::npos) {
      const gssize got = g_socket_receive(socket, buffer, sizeof buffer, stop, nullptr);
      if (got <= 0) return false;
      pending.append(buffer, got);
    }
    request.head = pending.substr(0, head_end + 4);
    pending.erase(0, head_end + 4);
    const size_t length_at = request.head.find("Content-Length: ");
    g_assert_true(length_at != std::string::npos);
    const size_t length = std::stoul(request.head.substr(length_at + 16));
    while (pending.size() < length) {
      const gssize got = g_socket_receive(socket, buffer, sizeof buffer, stop, nullptr);
      if (got <= 0) return false;
      pending.append(buffer, got);
    }
    request.body = pending.substr(0, length);
    pending.erase(0, length);
    return true;
  }

  void serve(GSocket* socket, int number, GCancellable* stop) {
    std::string pending;
    for (;;) {
      ReceivedRequest request;
      request.connection = number;
      if (!read_request(socket, pending, request, stop)) break;
      Reply reply{json_reply("\"ok\"")};
      {
        std::lock_guard<std::mutex> lock(mutex_);
        received_.push_back(request);
        if (!replies_.empty()) {
          reply = replies_.front();
          replies_.pop_front();
        }
      }
      g_assert_true(g_socket_send(socket, reply.bytes.data(), reply.bytes.size(), stop, nullptr) ==
                    static_cast<gssize>(reply.bytes.size()));
      if (reply.close_after) {
        g_usleep(reply.close_delay_ms * 1000);
        break;
      }
    }
    g_socket_close(socket, nullptr);
    g_object_unref(socket);
  }

  std::mutex mutex_;
  std::deque<Reply> replies_;
  std::vector<ReceivedRequest> received_;
  LoopbackListener listener_;  // last: its threads stop before the members above go
};

// A SOCKS5 proxy (RFC 1928, no authentication): it records where each
// connection asked to go, connects there and tunnels.
class Socks5Proxy {
 public:
  Socks5Proxy() : listener_([this](GSocket* client, int, GCancellable* stop) { serve(client, stop); }) {}
  std::string url() const { return "socks5://" + listener_.http_url().substr(7); }
  std::vector<std::string> targets() {
    std::lock_guard<std::mutex> lock(mutex_);
    return targets_;
  }

 private:
  static std::string receive_exactly(GSocket* socket, size_t size, GCancellable* stop) {
    std::string bytes(size, '\0');
    for (size_t got = 0; got < size;) {
      const gssize read = g_socket_receive(socket, bytes.data() + got, size - got, stop, nullptr);
      if (read <= 0) return "";
      got += read;
    }
    return bytes;
  }
  // "host:port" from a CONNECT request's address (IPv4 or a name).
  static std::string read_target(GSocket* client, GCancellable* stop) {
    const std::string request = receive_exactly(client, 4, stop);  // VER CMD RSV ATYP
    g_assert_true(request.size() == 4 && request[0] == 5 && request[1] == 1);
    std::string host;
    if (request[3] == 1) {
      const std::string address = receive_exactly(client, 4, stop);
      g_autoptr(GInetAddress) inet =
          g_inet_address_new_from_bytes(reinterpret_cast<const guint8*>(address.data()), G_SOCKET_FAMILY_IPV4);
      g_autofree char* text = g_inet_address_to_string(inet);
      host = text;
    } else {
      g_assert_cmpint(request[3], ==, 3);
      host = receive_exactly(client, static_cast<unsigned char>(receive_exactly(client, 1, stop)[0]), stop);
    }
    const std::string port = receive_exactly(client, 2, stop);
    return host + ":" + std::to_string(static_cast<unsigned char>(port[0]) * 256 + static_cast<unsigned char>(port[1]));
  }
  void serve(GSocket* client, GCancellable* stop) {
    const std::string greeting = receive_exactly(client, 2, stop);  // VER NMETHODS
    g_assert_true(greeting.size() == 2 && greeting[0] == 5);
    receive_exactly(client, static_cast<unsigned char>(greeting[1]), stop);
    g_socket_send(client, "\x05\x00", 2, stop, nullptr);  // no authentication
    const std::string target = read_target(client, stop);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      targets_.push_back(target);
    }
    static const char granted[] = {5, 0, 0, 1, 0, 0, 0, 0, 0, 0};  // bound address left zero
    lib_test::tunnel_to(client, target, std::string(granted, sizeof granted), stop);
  }

  std::mutex mutex_;
  std::vector<std::string> targets_;
  LoopbackListener listener_;  // last: its threads stop before the members above go
};

// An upload of size bytes: far above the size from which the sender is used.
Request large_upload(size_t size, char fill = 'd') {
  std::string data(size, fill);
  return ops::upload_token_upload("0_token", FilePart("fileData", "large.bin", g_bytes_new(data.data(), size)), false,
                                  true, 0);
}

Client client_for(const ScriptedServer& server) {
  ClientConfig config;
  config.service_url = server.url();
  config.user_agent = "sender-test/2.0";
  config.timeout = std::chrono::seconds(5);
  config.retry.max_retries = 0;
  Credentials credentials;
  credentials.ks = "a-test-ks";
  return Client(config, credentials);
}

std::string field_of(const std::string& head, const std::string& name) {
  const size_t at = head.find("\r\n" + name + ": ");
  if (at == std::string::npos) return "";
  const size_t start = at + name.size() + 4;
  return head.substr(start, head.find("\r\n", start) - start);
}

void test_request_on_the_wire() {
  ScriptedServer server;
  Client client = client_for(server);
  const size_t size = 3 * 1024 * 1024 + 17;
  lib_test::expect_str(client.call(large_upload(size, 'q')).as_string(), "ok");
  const ReceivedRequest request = server.received().at(0);
  g_assert_true(g_str_has_prefix(request.head.c_str(), "POST /api_v3/service/uploadtoken/action/upload HTTP/1.1\r\n"));
  lib_test::expect_str(field_of(request.head, "Host"), "127.0.0.1:" + server.url().substr(server.url().rfind(':') + 1));
  lib_test::expect_str(field_of(request.head, "User-Agent"), "sender-test/2.0");
  lib_test::expect_str(field_of(request.head, "Accept"), "application/json");
  const std::string content_type = field_of(request.head, "Content-Type");
  g_assert_true(g_str_has_prefix(content_type.c_str(), "multipart/form-data; boundary="));
  lib_test::expect_str(field_of(request.head, "Content-Length"), std::to_string(request.body.size()));
  // The file arrived whole inside its part, and the form fields with it.
  const std::string boundary = content_type.substr(content_type.find('=') + 1);
  const std::string file_header = "filename=\"large.bin\"";
  const size_t file_at = request.body.find("\r\n\r\n", request.body.find(file_header)) + 4;
  lib_test::expect_str(request.body.substr(file_at, size), std::string(size, 'q'));
  lib_test::expect_str(request.body.substr(file_at + size), "\r\n--" + boundary + "--\r\n");
  g_assert_true(request.body.find("name=\"uploadTokenId\"\r\n\r\n0_token\r\n") != std::string::npos);
  g_assert_true(request.body.find("name=\"ks\"\r\n\r\na-test-ks\r\n") != std::string::npos);
}

void test_connection_kept_alive() {
  ScriptedServer server;
  Client client = client_for(server);
  for (int i = 0; i < 3; ++i) lib_test::expect_str(client.call(large_upload(200000)).as_string(), "ok");
  g_assert_cmpuint(server.received().size(), ==, 3);
  g_assert_cmpint(server.connections_accepted(), ==, 1);
}

void test_connection_close_is_honoured() {
  ScriptedServer server;
  Client client = client_for(server);
  server.script({json_reply("\"first\"", "Connection: close\r\n"), true});
  lib_test::expect_str(client.call(large_upload(100000)).as_string(), "first");
  lib_test::expect_str(client.call(large_upload(100000)).as_string(), "ok");
  g_assert_cmpint(server.connections_accepted(), ==, 2);
}

// The server drops a kept connection while it is idle, without saying so
// beforehand: the next request notices and goes on a new connection,
// without a failed attempt.
void test_idle_connection_closed_by_server() {
  ScriptedServer server;
  Client client = client_for(server);
  server.script({json_reply("\"first\""), true, 0});
  lib_test::expect_str(client.call(large_upload(100000)).as_string(), "first");
  g_usleep(200000);
  lib_test::expect_str(client.call(large_upload(100000)).as_string(), "ok");
  g_assert_cmpint(server.connections_accepted(), ==, 2);
  g_assert_cmpuint(client.counters().retries, ==, 0);
}

// Small calls go through libsoup, which would open a connection for each
// POST unless told it may reuse one.
void test_small_calls_share_a_connection() {
  ScriptedServer server;
  Client client = client_for(server);
  for (int i = 0; i < 3; ++i) lib_test::expect_str(client.call(ops::upload_token_get("0_token")).as_string(), "ok");
  g_assert_cmpuint(server.received().size(), ==, 3);
  g_assert_cmpint(server.connections_accepted(), ==, 1);
}

// A kept connection the server dropped while idle is not used for the next
// small call: it goes on a new connection without a failed attempt.
void test_small_call_after_idle_close() {
  ScriptedServer server;
  Client client = client_for(server);
  server.script({json_reply("\"first\""), true, 0});
  lib_test::expect_str(client.call(ops::upload_token_get("0_token")).as_string(), "first");
  g_usleep(200000);
  lib_test::expect_str(client.call(ops::upload_token_get("0_token")).as_string(), "ok");
  g_assert_cmpint(server.connections_accepted(), ==, 2);
  g_assert_cmpuint(client.counters().retries, ==, 0);
}

void test_chunked_response() {
  ScriptedServer server;
  Client client = client_for(server);
  server.script(
      {"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
       "5;name=value\r\n{\"id\"\r\n"
       "b\r\n:\"0_chunk\"}\r\n"
       "0\r\nX-Trailer: yes\r\n\r\n"});
  lib_test::expect_str(client.call(large_upload(100000)).get_string("id"), "0_chunk");
  // Read to its end: the connection carries the next request.
  lib_test::expect_str(client.call(large_upload(100000)).as_string(), "ok");
  g_assert_cmpint(server.connections_accepted(), ==, 1);
}

void test_response_ended_by_close() {
  ScriptedServer server;
  Client client = client_for(server);
  server.script({"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n\"until the end\"", true});
  lib_test::expect_str(client.call(large_upload(100000)).as_string(), "until the end");
  lib_test::expect_str(client.call(large_upload(100000)).as_string(), "ok");
  g_assert_cmpint(server.connections_accepted(), ==, 2);
}

void test_interim_response_skipped() {
  ScriptedServer server;
  Client client = client_for(server);
  server.script({"HTTP/1.1 100 Continue\r\n\r\n" + json_reply("\"after continue\"")});
  lib_test::expect_str(client.call(large_upload(100000)).as_string(), "after continue");
}

void test_http_error_with_retry_after() {
  ScriptedServer server;
  Client client = client_for(server);
  server.script({"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 7\r\nContent-Length: 4\r\n\r\nbusy"});
  Error error = lib_test::expect_error([&] { client.call(large_upload(100000)); });
  g_assert_true(error.kind() == ErrorKind::Http);
  g_assert_cmpint(error.http_status(), ==, 503);
  g_assert_cmpint(error.retry_after(), ==, 7);
}

void test_malformed_response() {
  for (const std::string& bytes :
       {std::string("SMTP ready\r\n\r\n"), std::string("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"),
        std::string("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")}) {
    ScriptedServer server;
    Client client = client_for(server);
    server.script({bytes, true});
    Error error = lib_test::expect_error([&] { client.call(large_upload(100000)); });
    g_assert_true(error.kind() == ErrorKind::Transport);
    lib_test::expect_str(error.code(), "CONNECTION_ERROR");
    g_assert_true(error.transient());
    // Nothing of the KS in what a user reads.
    g_assert_true(std::string(error.what()).find("a-test-ks") == std::string::npos);
  }
}

// A SOCKS proxy is GIO's business: both the large body and a small call
// reach the server through it.
void test_through_socks_proxy() {
  ScriptedServer server;
  Socks5Proxy proxy;
  ClientConfig config;
  config.service_url = server.url();
  config.proxy = proxy.url();
  config.retry.max_retries = 0;
  Credentials credentials;
  credentials.ks = "a-test-ks";
  Client client(config, credentials);
  lib_test::expect_str(client.call(large_upload(200000)).as_string(), "ok");
  lib_test::expect_str(client.call(ops::upload_token_get("0_token")).as_string(), "ok");
  const std::string port = server.url().substr(server.url().rfind(':') + 1);
  const std::vector<std::string> targets = proxy.targets();
  g_assert_cmpuint(targets.size(), ==, 2);  // one connection each: the sender's and libsoup's
  for (const std::string& target : targets) lib_test::expect_str(target, "127.0.0.1:" + port);
  g_assert_cmpuint(server.received().size(), ==, 2);
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/http1-sender/request-on-the-wire", test_request_on_the_wire);
  g_test_add_func("/http1-sender/connection-kept-alive", test_connection_kept_alive);
  g_test_add_func("/http1-sender/connection-close-honoured", test_connection_close_is_honoured);
  g_test_add_func("/http1-sender/idle-connection-closed-by-server", test_idle_connection_closed_by_server);
  g_test_add_func("/http1-sender/small-calls-share-a-connection", test_small_calls_share_a_connection);
  g_test_add_func("/http1-sender/small-call-after-idle-close", test_small_call_after_idle_close);
  g_test_add_func("/http1-sender/chunked-response", test_chunked_response);
  g_test_add_func("/http1-sender/response-ended-by-close", test_response_ended_by_close);
  g_test_add_func("/http1-sender/interim-response-skipped", test_interim_response_skipped);
  g_test_add_func("/http1-sender/http-error-with-retry-after", test_http_error_with_retry_after);
  g_test_add_func("/http1-sender/malformed-response", test_malformed_response);
  g_test_add_func("/http1-sender/through-socks-proxy", test_through_socks_proxy);
  return g_test_run();
}
