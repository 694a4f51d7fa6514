#include "library_log.h"

#include <gst/gst.h>

#include "kaltura/log.h"

GST_DEBUG_CATEGORY_STATIC(kaltura_client_debug);

namespace {

void forward(const char* message) { GST_CAT_DEBUG(kaltura_client_debug, "%s", message); }

}  // namespace

void kaltura_forward_library_log() {
  GST_DEBUG_CATEGORY_INIT(kaltura_client_debug, "kalturaclient", 0, "Kaltura client library: API calls and retries");
  kaltura::set_log_forwarder(forward);
}
