// A server socket on 127.0.0.1 at a free port for tests that need to speak
// raw bytes: every accepted connection is handed to the handler on a thread
// of its own. Destroying the listener cancels `stop`, which every blocking
// call of a handler should take, and waits for the handlers.
#pragma once

#include <gio/gio.h>
#include <glib.h>

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace lib_test {

class LoopbackListener {
 public:
  // The handler owns the connection (a full reference); number counts from 1.
  using Handler = std::function<void(GSocket* connection, int number, GCancellable* stop)>;

  explicit LoopbackListener(Handler handler) : handler_(std::move(handler)) {
    socket_ = g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, nullptr);
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new(loopback, 0);
    g_assert_true(g_socket_bind(socket_, any_port, TRUE, nullptr));
    g_assert_true(g_socket_listen(socket_, nullptr));
    g_autoptr(GSocketAddress) bound = g_socket_get_local_address(socket_, nullptr);
    port_ = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound));
    acceptor_ = std::thread([this] {
      for (;;) {
        GSocket* connection = g_socket_accept(socket_, stop_, nullptr);
        if (!connection) return;
        const int number = ++accepted_;
        handlers_.emplace_back([this, connection, number] { handler_(connection, number, stop_); });
      }
    });
  }
  ~LoopbackListener() {
    g_cancellable_cancel(stop_);
    acceptor_.join();
    for (auto& thread : handlers_) thread.join();
    g_object_unref(socket_);
    g_object_unref(stop_);
  }
  LoopbackListener(const LoopbackListener&) = delete;
  LoopbackListener& operator=(const LoopbackListener&) = delete;

  std::string http_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int connections_accepted() const { return accepted_; }

 private:
  Handler handler_;
  GSocket* socket_ = nullptr;
  GCancellable* stop_ = g_cancellable_new();
  int port_ = 0;
  std::atomic<int> accepted_{0};
  std::thread acceptor_;
  std::vector<std::thread> handlers_;  // the acceptor thread's, then the destructor's
};

// Copies bytes from one socket to the other until either side closes, then
// shuts the writing side down: one direction of a proxy's tunnel.
inline void pump_until_closed(GSocket* from, GSocket* to, GCancellable* stop) {
  char buffer[65536];
  for (;;) {
    const gssize got = g_socket_receive(from, buffer, sizeof buffer, stop, nullptr);
    if (got <= 0 || g_socket_send(to, buffer, got, stop, nullptr) != got) break;
  }
  g_socket_shutdown(to, FALSE, TRUE, nullptr);
}

// Both directions between two connected sockets, until both are done.
inline void tunnel_both_ways(GSocket* client, GSocket* server, GCancellable* stop) {
  std::thread back([&] { pump_until_closed(server, client, stop); });
  pump_until_closed(client, server, stop);
  back.join();
}

}  // namespace lib_test
