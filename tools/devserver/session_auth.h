// Sessions as the dispatcher and the session services see them: issuing a
// KS for the configured partner, verifying the KS of a call (INVALID_KS in
// its two forms, §6.7) and remembering ended sessions (session.end) in the
// database. Call with state_mutex held.
#pragma once

#include <string>

#include "action.h"
#include "ks.h"
#include "server_context.h"

namespace devserver {

void create_session_tables(ServerContext& server);

// A KS v2 for the configured partner, signed with its admin secret.
std::string issue_ks(ServerContext& server, const KsFields& fields);

// The caller of a KS; throws INVALID_KS.
Caller authenticate_ks(ServerContext& server, const std::string& ks);

void end_session(ServerContext& server, const Caller& caller, const std::string& ks);

}  // namespace devserver
