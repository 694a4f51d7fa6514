#include "kaltura/http/connection_pool.h"

namespace kaltura {

std::unique_ptr<Http1Connection> ConnectionPool::take(const std::string& route_key) {
  std::vector<std::unique_ptr<Http1Connection>> stale;
  std::unique_ptr<Http1Connection> usable;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& kept = idle_[route_key];
    // The most recently used first: the least likely to have been closed.
    while (!kept.empty() && !usable) {
      std::unique_ptr<Http1Connection> candidate = std::move(kept.back());
      kept.pop_back();
      if (candidate->still_usable())
        usable = std::move(candidate);
      else
        stale.push_back(std::move(candidate));
    }
  }
  return usable;  // stale ones close here, outside the lock
}

void ConnectionPool::give_back(const std::string& route_key, std::unique_ptr<Http1Connection> connection) {
  connection->start_idle();
  std::lock_guard<std::mutex> lock(mutex_);
  auto& kept = idle_[route_key];
  if (kept.size() < kMaxIdlePerRoute) kept.push_back(std::move(connection));
}

}  // namespace kaltura
