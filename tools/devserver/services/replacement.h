// Replacing the content of an entry that has some (media.updateContent,
// §8.3): a hidden temporary entry receives the new content and, once it is
// READY (its renditions converted) and the replacement approved, its
// flavors, status, duration, dimensions and conversion profile move into
// the original, whose id never changes.
//
// Approval is always required: a replacement waits in
// NOT_READY_AND_NOT_APPROVED (3) / READY_BUT_NOT_APPROVED (2) until
// approveReplace (media or document_documents). Call with state_mutex held.
#pragma once

#include <json-glib/json-glib.h>

#include "../action.h"
#include "entry.h"

namespace devserver {

class ServerContext;

// ENTRY_REPLACEMENT_ALREADY_EXISTS while another replacement is pending.
// The new content is converted with conversion_profile_id (> 0), else with
// the original's profile; the original takes that profile with the content.
void start_replacement(ServerContext& server, const Caller& caller, Entry& original, JsonObject* resource,
                       int64_t conversion_profile_id = 0);
// ENTRY_ID_NOT_REPLACED when there is nothing to approve.
void approve_replacement(ServerContext& server, Entry& original);
void cancel_replacement(ServerContext& server, Entry& original);
// The temporary entry reached READY or ERROR_CONVERTING.
void temporary_entry_finished(ServerContext& server, const Entry& temporary);
// Deletes the temporary entry of a replacement with its flavors.
void discard_temporary_entry(ServerContext& server, const std::string& temporary_id);

}  // namespace devserver
