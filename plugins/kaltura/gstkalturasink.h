// kalturasink: records a stream straight to Kaltura as an entry, a flavor or
// an attachment, in chunks uploaded in parallel (docs/kalturasink.md).
#pragma once

#include <gst/base/gstbasesink.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_TYPE_KALTURA_SINK (gst_kaltura_sink_get_type())
G_DECLARE_FINAL_TYPE(GstKalturaSink, gst_kaltura_sink, GST, KALTURA_SINK, GstBaseSink)

GST_ELEMENT_REGISTER_DECLARE(kalturasink);

G_END_DECLS
