// The library's log: GLib's, in the "kaltura" domain (G_MESSAGES_DEBUG=kaltura),
// one line per API exchange, retry and session event. A host with a log of
// its own (the GStreamer plugin's debug categories) may take every line too.
// Lines never hold parameters, so no KS or secret.
#pragma once

#include <glib.h>

namespace kaltura {

// Gets every line the library logs, besides GLib's log; nullptr for none.
// Set once, before the library is used (it is read without a lock).
using LogForwarder = void (*)(GLogLevelFlags level, const char* message);
void set_log_forwarder(LogForwarder forwarder);

void log_debug(const char* format, ...) G_GNUC_PRINTF(1, 2);

}  // namespace kaltura
