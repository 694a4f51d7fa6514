// media.list / baseEntry.list / media.count: the entry filter of §8.3 and the
// pager of §3.1 (paging.h). Call with state_mutex held.
#pragma once

#include <json-glib/json-glib.h>

#include <cstdint>
#include <string>
#include <vector>

#include "../action.h"
#include "entry.h"

namespace devserver {

// Entries matching call's `filter` (entry_filter.h), visible to the caller,
// of entry_type (kAnyEntryType: all), ordered; before paging.
std::vector<Entry> matching_entries(ActionCall& call, int entry_type);
// baseEntry.listByReferenceId's entries, visible to the caller, newest first.
std::vector<Entry> entries_with_reference_id(ActionCall& call, const std::string& reference_id);
// A list response of one page of entries ("KalturaMediaListResponse"...).
JsonNode* entry_list_response(ActionCall& call, const std::vector<Entry>& entries, const char* list_type);

}  // namespace devserver
