// The library's log: GLib's, in the "kaltura" domain (G_MESSAGES_DEBUG=kaltura),
// one line per API exchange, retry and session event. A host with a log of
// its own (the GStreamer plugin's debug categories) may take every line too.
// Lines never hold parameters, so no KS or secret.
#pragma once

#include <glib.h>

namespace kaltura {

// Gets every line the library logs (all at GLib's debug level), besides
// GLib's log; nullptr for none. One per process: setting one replaces the
// one before (the GStreamer plugin sets its own when it loads).
using LogForwarder = void (*)(const char* message);
void set_log_forwarder(LogForwarder forwarder);

void log_debug(const char* format, ...) G_GNUC_PRINTF(1, 2);

}  // namespace kaltura
