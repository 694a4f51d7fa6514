// Attaching content to an entry (addContent, §7.6, §8.3, §8.4): media and
// document entries get a source flavor that receives the token's file, now
// or when the upload completes; data entries take a text file into
// dataContent. Call with state_mutex held.
#pragma once

#include <json-glib/json-glib.h>

#include <string>

#include "../action.h"
#include "entry.h"

namespace devserver {

class ServerContext;

// The entry must exist and have been checked by the caller (type, status, ownership).
void attach_entry_content(ServerContext& server, const Caller& caller, const std::string& entry_id,
                          JsonObject* resource);
// A data entry's file arrived: its text becomes dataContent.
void take_data_file(ServerContext& server, const std::string& entry_id, const std::string& path,
                    const std::string& file_name);
// Keeps dataContent as a file too, for raw delivery (after add or update).
void store_data_content_file(ServerContext& server, Entry& entry);

}  // namespace devserver
