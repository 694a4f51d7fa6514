// The tags kalturasrc sends downstream for the entry it reads: its name as
// the title, its description, and its tags as keywords. Players show them,
// and `kalturasrc ! kalturasink` gives the copy the same name, description
// and tags.
#pragma once

#include <gst/gst.h>

#include "kaltura/objects.h"

// nullptr when the entry has none of them.
GstTagList* entry_tags(const kaltura::Entry& entry);
