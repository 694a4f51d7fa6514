// What a stream's first bytes look like, asked of GStreamer's own
// typefinders (the typefindfunctions plugin) alone.
// gst_type_find_helper_for_buffer() asks every typefinder in the registry,
// and so loads each plugin that brings one: gst-libav's, for formats no
// Kaltura entry holds, maps FFmpeg's libraries into the process (some 38 MB
// of its peak memory) for nothing.
#pragma once

#include <gst/gst.h>

// The most probable caps, or nullptr when no typefinder recognises the bytes.
GstCaps* kaltura_typefind_first_bytes(const guint8* data, gsize size);
