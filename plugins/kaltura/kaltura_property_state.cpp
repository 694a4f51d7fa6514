#include "kaltura_property_state.h"

bool kaltura_element_started(GstElement* element) {
  GST_OBJECT_LOCK(element);
  // A sink waiting for its first buffer stays in READY with PAUSED next.
  const bool started = GST_STATE(element) > GST_STATE_READY || GST_STATE_NEXT(element) > GST_STATE_READY;
  GST_OBJECT_UNLOCK(element);
  return started;
}

gboolean kaltura_property_may_change(GstElement* element, const GParamSpec* pspec) {
  if (!(pspec->flags & GST_PARAM_MUTABLE_READY) || !kaltura_element_started(element)) return TRUE;
  g_warning("%s: the %s property can only be changed in the NULL or READY state; the change is ignored",
            GST_ELEMENT_NAME(element), pspec->name);
  return FALSE;
}
