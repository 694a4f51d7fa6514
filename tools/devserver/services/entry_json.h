// An entry in its wire form (KalturaMediaEntry, KalturaDataEntry,
// KalturaDocumentEntry, §8.2). Call with state_mutex held.
#pragma once

#include <json-glib/json-glib.h>

#include "entry.h"

namespace devserver {

class ServerContext;

JsonNode* entry_to_json(ServerContext& server, const Entry& entry);

}  // namespace devserver
