// The entry actions shared by the media, baseEntry, data and
// document_documents services (approveReplace and cancelReplace: media and
// document_documents); entry_type limits an action to one kind of
// entry (kAnyEntryType for baseEntry). Call with state_mutex held.
#pragma once

#include <json-glib/json-glib.h>

#include "../action.h"

namespace devserver {

// Creates an entry of entry_type from the object parameter `param`.
JsonNode* add_entry(ActionCall& call, int entry_type, const char* param);
JsonNode* add_entry_content(ActionCall& call, int entry_type);
JsonNode* get_entry(ActionCall& call, int entry_type);
JsonNode* update_entry(ActionCall& call, int entry_type, const char* param);
JsonNode* delete_entry(ActionCall& call, int entry_type);
JsonNode* update_entry_content(ActionCall& call, int entry_type);
JsonNode* approve_entry_replacement(ActionCall& call, int entry_type);
JsonNode* cancel_entry_replacement(ActionCall& call, int entry_type);
JsonNode* list_entries(ActionCall& call, int entry_type, const char* list_type);
JsonNode* count_entries(ActionCall& call, int entry_type);

}  // namespace devserver
