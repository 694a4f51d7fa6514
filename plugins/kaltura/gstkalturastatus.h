// kalturastatus: follows an entry and its flavors on Kaltura, posting
// kaltura-* messages and writing one JSON line per change; EOS once done
// (docs/kalturastatus.md).
#pragma once

#include <gst/base/gstbasesrc.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_TYPE_KALTURA_STATUS (gst_kaltura_status_get_type())
G_DECLARE_FINAL_TYPE(GstKalturaStatus, gst_kaltura_status, GST, KALTURA_STATUS, GstBaseSrc)

GST_ELEMENT_REGISTER_DECLARE(kalturastatus);

G_END_DECLS
