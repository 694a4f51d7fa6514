// Raw frames or samples (a source linked straight to the sink) make no media
// file Kaltura can process: kalturasink refuses them before anything is
// created on the server.
#pragma once

#include <gst/gst.h>

#include "kalturasink_run.h"

namespace kalturasink {

// True when caps are raw video or audio bound for a media entry (or one of
// its flavors); the error is posted once. Documents and attachments store
// their bytes as they are, so they take anything. An existing entry named by
// entry-id is asked its type (one baseEntry.get, only for raw caps).
bool refuse_raw_media(GstKalturaSink* self, GstCaps* caps);

}  // namespace kalturasink
