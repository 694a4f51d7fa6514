// What Kaltura's entry lists add to the filter a client sends
// (KalturaBaseEntryFilter): unless the filter names one entry (idEqual or
// redirectFromEntryId), an entry must be READY when no status field is sent
// (statusEqual, statusIn, statusNotEqual, statusNotIn), must not be pending
// moderation or rejected when no moderation status field is sent, and must
// not be a system entry (displayInSearch -1) unless parentEntryIdEqual is
// sent. A field counts as sent when it is not null, even if empty.
#pragma once

#include "entry_filter.h"
#include "object_fields.h"

namespace devserver {

void add_list_defaults(const ObjectFields& filter, EntryFilter& selection);

}  // namespace devserver
