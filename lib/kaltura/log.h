// The library's log: GLib's, in the "kaltura" domain (G_MESSAGES_DEBUG=kaltura),
// one line per API exchange, retry and session event. A host with a log of
// its own (the GStreamer plugin's debug categories) may take every line too.
// Lines never hold parameters, so no KS or secret.
#pragma once

#include <glib.h>

namespace kaltura {

// Where in the library a line was logged.
struct LogSite {
  const char* file;
  const char* function;
  int line;
};

// Gets every line the library logs (all at GLib's debug level), besides
// GLib's log; nullptr for none. One per process: setting one replaces the
// one before (the GStreamer plugin sets its own when it loads).
using LogForwarder = void (*)(const LogSite& site, const char* message);
void set_log_forwarder(LogForwarder forwarder);

// Use KALTURA_LOG_DEBUG, which fills in the call site.
void log_debug_at(const LogSite& site, const char* format, ...) G_GNUC_PRINTF(2, 3);

}  // namespace kaltura

#define KALTURA_LOG_DEBUG(...) ::kaltura::log_debug_at(::kaltura::LogSite{__FILE__, __func__, __LINE__}, __VA_ARGS__)
