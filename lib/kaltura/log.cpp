#define G_LOG_DOMAIN "kaltura"

#include "kaltura/log.h"

#include <atomic>
#include <string>

namespace kaltura {

namespace {
std::atomic<LogForwarder> forwarder{nullptr};
}

void set_log_forwarder(LogForwarder to) { forwarder = to; }

void log_debug_at(const LogSite& site, const char* format, ...) {
  va_list args;
  va_start(args, format);
  g_autofree char* message = g_strdup_vprintf(format, args);
  va_end(args);
  if (LogForwarder to = forwarder.load()) to(site, message);
  const std::string line = std::to_string(site.line);
  g_log_structured(G_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, "CODE_FILE", site.file, "CODE_LINE", line.c_str(), "CODE_FUNC",
                   site.function, "MESSAGE", "%s", message);
}

}  // namespace kaltura
