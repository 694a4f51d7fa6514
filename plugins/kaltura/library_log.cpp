#include "library_log.h"

#include <gst/gst.h>

#include "kaltura/log.h"

GST_DEBUG_CATEGORY_STATIC(kaltura_client_debug);

namespace {

GstDebugLevel gst_level_of(GLogLevelFlags level) {
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) return GST_LEVEL_ERROR;
  if (level & G_LOG_LEVEL_WARNING) return GST_LEVEL_WARNING;
  if (level & (G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO)) return GST_LEVEL_INFO;
  return GST_LEVEL_DEBUG;
}

void forward(GLogLevelFlags level, const char* message) {
  GST_CAT_LEVEL_LOG(kaltura_client_debug, gst_level_of(level), nullptr, "%s", message);
}

}  // namespace

void kaltura_forward_library_log() {
  static gsize installed = 0;
  if (!g_once_init_enter(&installed)) return;
  GST_DEBUG_CATEGORY_INIT(kaltura_client_debug, "kalturaclient", 0, "Kaltura client library: API calls and retries");
  kaltura::set_log_forwarder(forward);
  g_once_init_leave(&installed, 1);
}
