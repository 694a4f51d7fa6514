#include "library_log.h"

#include <gst/gst.h>

#include "kaltura/log.h"

GST_DEBUG_CATEGORY_STATIC(kaltura_client_debug);

namespace {

// The line keeps the library's file, function and line as its source.
void forward(const kaltura::LogSite& site, const char* message) {
  gst_debug_log(kaltura_client_debug, GST_LEVEL_DEBUG, site.file, site.function, site.line, nullptr, "%s", message);
}

}  // namespace

void kaltura_forward_library_log() {
  GST_DEBUG_CATEGORY_INIT(kaltura_client_debug, "kalturaclient", 0, "Kaltura client library: API calls and retries");
  kaltura::set_log_forwarder(forward);
}
