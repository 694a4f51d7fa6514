// The kaltura plugin: elements that publish to and read from Kaltura.
#include <gst/gst.h>

#include "gstkalturasink.h"
#include "gstkalturasrc.h"
#include "gstkalturastatus.h"
#include "library_log.h"

static gboolean plugin_init(GstPlugin* plugin) {
  kaltura_forward_library_log();
  gboolean registered = GST_ELEMENT_REGISTER(kalturasink, plugin);
  registered |= GST_ELEMENT_REGISTER(kalturasrc, plugin);
  registered |= GST_ELEMENT_REGISTER(kalturastatus, plugin);
  return registered;
}

GST_PLUGIN_DEFINE(GST_VERSION_MAJOR, GST_VERSION_MINOR, kaltura,
                  "Publish pipelines to Kaltura and read entries back", plugin_init, GST_KALTURA_VERSION,
                  "LGPL", "gst-kaltura", "https://github.com/gst-kaltura/gst-kaltura")
