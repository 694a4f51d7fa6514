// The library's HTTP thread: one SoupSession, created and configured on a
// thread of its own that runs a GMainLoop on a private GMainContext. post()
// may be called from any thread, by several at once, so requests from
// different callers are in flight together. A small request is handed to that
// thread, which starts it asynchronously, and the caller waits for the
// outcome; a large body (an upload chunk) is sent from the calling thread by
// the direct sender (http/direct_sender.h), which costs far less CPU per
// byte. Timeouts and cancel_all() apply to both alike.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "kaltura/error.h"
#include "kaltura/http/http_outcome.h"
#include "kaltura/wire_format.h"

namespace kaltura {

struct HttpSettings {
  std::string user_agent;
  bool ssl_strict = true;
  std::string ssl_ca_file;  // empty: the system's CAs
  std::string proxy;        // empty: the system default
  int max_connections = 64;  // also per host: chunks go out in parallel
};

class HttpThread {
 public:
  // Throws Error(Config) when the CA file or proxy is unusable.
  explicit HttpThread(const HttpSettings& settings);
  ~HttpThread();
  HttpThread(const HttpThread&) = delete;
  HttpThread& operator=(const HttpThread&) = delete;

  // Bodies of at least this many bytes go out through the direct sender.
  static constexpr uint64_t kDirectBodySize = 64 * 1024;

  // Blocks until the response (read whole), a failure, the timeout, or
  // cancel_all().
  HttpOutcome post(const std::string& url, const wire::Body& body, std::chrono::milliseconds timeout);

  // Fails every request in flight, and every later one until reset_cancel(),
  // with Error(Cancelled).
  void cancel_all();
  void reset_cancel();
  bool cancelled() const { return cancelled_; }

 private:
  struct Exchange;
  struct Loop;
  std::unique_ptr<Loop> loop_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace kaltura
