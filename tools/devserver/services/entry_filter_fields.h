// The fields of KalturaBaseEntryFilter and KalturaMediaEntryFilter the
// devserver knows, each a condition when sent. As on Kaltura, a field whose
// value is empty selects nothing out; comma lists ("...In") skip empty items.
#pragma once

#include "entry_filter.h"
#include "object_fields.h"

namespace devserver {

void add_field_conditions(const ObjectFields& filter, EntryFilter& selection);

}  // namespace devserver
