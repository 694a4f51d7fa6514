// media.list / baseEntry.list / media.count: the entry filter of §8.3 and the
// pager of §3.1. Call with state_mutex held.
#pragma once

#include <json-glib/json-glib.h>

#include <cstdint>
#include <vector>

#include "../action.h"
#include "entry.h"

namespace devserver {

// Entries matching call's `filter`, visible to the caller, of entry_type
// (kAnyEntryType: all), ordered; before paging.
std::vector<Entry> matching_entries(ActionCall& call, int entry_type);
// A list response of one page of entries ("KalturaMediaListResponse"...).
JsonNode* entry_list_response(ActionCall& call, const std::vector<Entry>& entries, const char* list_type);

struct Page {
  int64_t size = 30;
  int64_t index = 1;
};
// The `pager` parameter: size default 30, at most 500; index from 1.
Page page_of(const ActionCall& call);

}  // namespace devserver
