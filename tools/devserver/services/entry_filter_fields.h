// The fields of KalturaBaseEntryFilter and KalturaMediaEntryFilter the
// devserver knows, each a condition when sent; the others are ignored. As on
// Kaltura, a field whose value is empty selects nothing out; "...In" lists
// skip empty items and compare the others as written; "...MultiLike..." and
// "categoriesMatch..." lists trim their items; names, tags and freeText are
// compared ignoring case (entry_free_text.h).
#pragma once

#include "entry_filter.h"
#include "object_fields.h"

namespace devserver {

void add_field_conditions(const ObjectFields& filter, EntryFilter& selection);

}  // namespace devserver
