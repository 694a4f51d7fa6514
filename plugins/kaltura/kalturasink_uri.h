// kalturasink's URIs, for applications that choose a sink by URI:
// gst-launch-1.0's "... ! kaltura://...", GES's render output, transcoders'
// destination URIs. kaltura:// is a new entry, kaltura://ENTRY_ID new content
// of an existing one, and query parameters named after the sink's properties
// set the target, the entry's metadata and the upload's behaviour:
// kaltura://?entry-name=Stand-up&tags=daily&wait-for=entry-ready.
// Credentials are refused (kaltura_uri_parts.h).
#pragma once

#include <gst/gst.h>

#include <string>

// Sets entry-id (cleared when the URI names none) and each parameter's
// property on sink; other properties keep their values. FALSE with a
// GST_URI_ERROR_BAD_URI error naming what is wrong, and nothing set.
gboolean kalturasink_apply_uri(GObject* sink, const char* uri, GError** error);

// The URI of what sink is set to: the entry-id set (entry_id, not the entry
// an upload created, which the property reads back) and the properties a URI
// may set that are not at their defaults.
gchar* kalturasink_uri_of(GObject* sink, const std::string& entry_id);
