// Delays between attempts: exponential backoff with full jitter (a uniformly
// random wait between 0 and min(max_delay, initial_delay * 2^attempt)), never
// shorter than a server's Retry-After.
#pragma once

#include <chrono>

#include "kaltura/client.h"

namespace kaltura {

// attempt: 0 before the first retry.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt, int retry_after_seconds);

}  // namespace kaltura
