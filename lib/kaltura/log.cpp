#define G_LOG_DOMAIN "kaltura"

#include "kaltura/log.h"

#include <atomic>

namespace kaltura {

namespace {
std::atomic<LogForwarder> forwarder{nullptr};
}

void set_log_forwarder(LogForwarder to) { forwarder = to; }

void log_debug(const char* format, ...) {
  va_list args;
  va_start(args, format);
  g_autofree char* message = g_strdup_vprintf(format, args);
  va_end(args);
  if (LogForwarder to = forwarder.load()) to(message);
  g_log_structured(G_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, "MESSAGE", "%s", message);
}

}  // namespace kaltura
