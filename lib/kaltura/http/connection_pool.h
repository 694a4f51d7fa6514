// Kept-alive connections of the direct sender, by route, so that the chunks
// of an upload do not each pay for a TCP connection and a TLS handshake.
// Any thread may take and give back; a connection is used by one at a time.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "kaltura/http/http1_connection.h"

namespace kaltura {

class ConnectionPool {
 public:
  // A kept connection for the route that is still usable, or nullptr.
  std::unique_ptr<Http1Connection> take(const std::string& route_key);
  // Keeps a connection after a response that allows it.
  void give_back(const std::string& route_key, std::unique_ptr<Http1Connection> connection);

 private:
  // Beyond the parallel uploads of one element; more are closed.
  static constexpr size_t kMaxIdlePerRoute = 16;
  std::mutex mutex_;
  std::map<std::string, std::vector<std::unique_ptr<Http1Connection>>> idle_;
};

}  // namespace kaltura
