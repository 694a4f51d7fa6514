// kalturasrc: reads an entry's content (a flavor's file) from Kaltura into
// a pipeline, seekable in bytes, resuming where it was after network
// failures; also the kaltura:// URI handler (docs/kalturasrc.md).
#pragma once

#include <gst/base/gstbasesrc.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_TYPE_KALTURA_SRC (gst_kaltura_src_get_type())
G_DECLARE_FINAL_TYPE(GstKalturaSrc, gst_kaltura_src, GST, KALTURA_SRC, GstBaseSrc)

GST_ELEMENT_REGISTER_DECLARE(kalturasrc);

G_END_DECLS
