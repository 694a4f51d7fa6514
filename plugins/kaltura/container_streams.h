// Whether a container file holds video, read from its first bytes, for the
// formats whose typefinder caps do not say it and whose file extension does
// not either (.flv, .avi, .ts, .asf, .wmv): an audio-only FLV recording, AVI
// capture, radio transport stream or ASF voice recording read from disk is an
// audio entry, not a video one.
#pragma once

#include <gst/gst.h>

// 1 video, 5 audio, 0 when the bytes do not tell (another format, or a first
// buffer too short to hold the stream list).
int media_type_of_container_start(const GstCaps* caps, const guint8* data, gsize size);
