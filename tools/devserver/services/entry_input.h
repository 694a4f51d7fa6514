// Validating an entry object sent by a client and applying it (§2.2, §8.2):
// readonly properties, insert-only properties on update, referenceId length,
// mediaType enum, conversion profile.
#pragma once

#include "../action.h"
#include "entry.h"
#include "object_fields.h"

namespace devserver {

// A fresh entry of the given type for the caller, with the defaults of §8.2,
// then the client's properties applied.
Entry new_entry_from_input(ServerContext& server, const Caller& caller, int type, const ObjectFields& input);
// A partial update: only the properties sent change.
void apply_entry_update(ServerContext& server, const Caller& caller, const ObjectFields& input, Entry& entry);

}  // namespace devserver
