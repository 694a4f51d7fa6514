// Finding an entry for a caller, with the partner, type and USER KS
// ownership rules of §6.1 and §8.3. Call with state_mutex held.
#pragma once

#include <string>

#include "../action.h"
#include "entry.h"

namespace devserver {

class ServerContext;

constexpr int kAnyEntryType = 0;

// The entry, or ENTRY_ID_NOT_FOUND when it does not exist, is deleted,
// belongs to another partner or is not of entry_type (kAnyEntryType: any).
// A USER KS that may not see it gets INVALID_KS "-4,INVALID_TYPE".
Entry entry_for_viewing(ServerContext& server, const Caller& caller, const std::string& entry_id,
                        int entry_type = kAnyEntryType);
// As entry_for_viewing, and the caller must be allowed to change it.
Entry entry_for_editing(ServerContext& server, const Caller& caller, const std::string& entry_id,
                        int entry_type = kAnyEntryType);

bool caller_may_view(const Caller& caller, const Entry& entry);
bool caller_may_list_all(const Caller& caller);
[[noreturn]] void throw_not_owner();

}  // namespace devserver
