#include "kaltura/backoff.h"

#include <glib.h>

#include <algorithm>
#include <cmath>

namespace kaltura {

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt, int retry_after_seconds) {
  const double initial = static_cast<double>(policy.initial_delay.count());
  const double cap = std::min(static_cast<double>(policy.max_delay.count()), initial * std::pow(2.0, attempt));
  auto delay = std::chrono::milliseconds(static_cast<int64_t>(g_random_double_range(0, std::max(cap, 0.0))));
  return std::max(delay, std::chrono::milliseconds(int64_t{retry_after_seconds} * 1000));
}

}  // namespace kaltura
