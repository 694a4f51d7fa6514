// The HTTP side of the devserver on libsoup's SoupServer. Each request is
// paused on the main loop and handled on a worker thread (api_exchange.h,
// file_response.h); the reply is applied back on the main context, where
// the message is unpaused. Parallel requests (chunk uploads) are handled
// concurrently, each call taking ServerContext::state_mutex.
#pragma once

#include <libsoup/soup.h>

#include <memory>
#include <string>

#include "fault_injector.h"
#include "proxy_listener.h"
#include "server_context.h"

namespace devserver {

class HttpFrontend {
 public:
  explicit HttpFrontend(ServerContext& server);
  ~HttpFrontend();  // stops listening and waits for the workers
  HttpFrontend(const HttpFrontend&) = delete;
  HttpFrontend& operator=(const HttpFrontend&) = delete;

  // Listens on the configured host and port; returns the service URL
  // ("http://127.0.0.1:PORT") or an empty string with error set.
  std::string listen(GError** error);

  struct Pending;  // one request between pause and unpause

 private:
  static void on_request_started(SoupServer* soup, SoupServerMessage* msg, gpointer self);
  static void on_api_request(SoupServer* soup, SoupServerMessage* msg, const char* path, GHashTable* query,
                             gpointer self);
  static void on_other_request(SoupServer* soup, SoupServerMessage* msg, const char* path, GHashTable* query,
                               gpointer self);
  static void work(gpointer pending, gpointer self);
  void dispatch(Pending* pending);

  ServerContext& server_;
  FaultInjector faults_;
  SoupServer* soup_ = nullptr;
  GThreadPool* workers_ = nullptr;
  // With --proxy-credentials, what accepts connections instead of libsoup.
  std::unique_ptr<ProxyFormListener> proxy_listener_;
};

}  // namespace devserver
