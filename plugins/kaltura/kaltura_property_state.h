// When the kaltura elements' settings may change. They are read as the
// element starts (READY to PAUSED), so a change from then on could only count
// from the next start, unnoticed. Such a change is refused with a warning
// instead, as filesink does for its location.
#pragma once

#include <gst/gst.h>

// TRUE from the element's start (on its way from READY to PAUSED, a sink
// still prerolling included) until it is back in READY.
bool kaltura_element_started(GstElement* element);

// TRUE when the property may be set now: it is not GST_PARAM_MUTABLE_READY,
// or the element has not started. Otherwise FALSE, after a g_warning naming
// the element and the property (never the value: it may be a secret).
gboolean kaltura_property_may_change(GstElement* element, const GParamSpec* pspec);
