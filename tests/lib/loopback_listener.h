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

#include "loopback_socket.h"

namespace lib_test {

using testing_support::new_loopback_listening_socket;

class LoopbackListener {
 public:
  // The handler owns the connection (a full reference); number counts from 1.
  using Handler = std::function<void(GSocket* connection, int number, GCancellable* stop)>;

  explicit LoopbackListener(Handler handler)
      : handler_(std::move(handler)), socket_(new_loopback_listening_socket(port_)) {
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
  int port_ = 0;
  GSocket* socket_;
  GCancellable* stop_ = g_cancellable_new();
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

// What a proxy does once a client said where to go: connects to target
// ("host:port"), gives the client the proxy protocol's go-ahead, then
// copies both ways until both sides are done. Takes the client socket.
inline void tunnel_to(GSocket* client, const std::string& target, const std::string& go_ahead, GCancellable* stop) {
  g_autoptr(GSocketClient) connector = g_socket_client_new();
  g_socket_client_set_enable_proxy(connector, FALSE);
  g_autoptr(GSocketConnection) upstream = g_socket_client_connect_to_host(connector, target.c_str(), 0, stop, nullptr);
  g_assert_nonnull(upstream);
  g_socket_send(client, go_ahead.data(), go_ahead.size(), stop, nullptr);
  GSocket* server = g_socket_connection_get_socket(upstream);
  std::thread back([&] { pump_until_closed(server, client, stop); });
  pump_until_closed(client, server, stop);
  back.join();
  g_object_unref(client);
}

}  // namespace lib_test
