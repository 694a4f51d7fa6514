// Streams that make no media file on their own: raw frames or samples (a
// source linked straight to the sink), and encoded packets that only a
// container makes playable (Opus, Vorbis, VP8, AAC without ADTS headers,
// H.264 in avc form...). Kaltura could not process such an upload, so
// kalturasink refuses them before anything is created on the server, naming
// the element to put before it.
#pragma once

#include <gst/gst.h>

#include "kalturasink_run.h"

namespace kalturasink {

// True when caps are such a stream bound for a media entry (or one of its
// flavors); the error is posted once. Documents and attachments store their
// bytes as they are, so they take anything. An existing entry named by
// entry-id is asked its type (one baseEntry.get, only for such caps).
bool refuse_bare_stream(GstKalturaSink* self, GstCaps* caps);

}  // namespace kalturasink
