// Sessions as the dispatcher and the session services see them: issuing a
// KS for the configured partner, verifying the KS of a call (INVALID_KS in
// its two forms, §6.7) with the restrictions its privileges carry, and
// remembering ended sessions (session.end) and the calls left to sessions
// issued with an actions limit in the database. Call with state_mutex held.
#pragma once

#include <string>

#include "action.h"
#include "ks.h"
#include "server_context.h"

namespace devserver {

void create_session_tables(ServerContext& server);

// Where a call came from, for the iprestrict and urirestrict privileges.
struct RequestOrigin {
  std::string remote_address;  // "127.0.0.1", "::1"
  std::string request_uri;     // path and query as sent: "/api_v3/service/media/action/add?format=1"
};

// A KS v2 for the configured partner, signed with its admin secret. A
// session with actionslimit:N may then be used for N calls, as Kaltura
// counts them for the sessions it issues (a KS made elsewhere has no count).
std::string issue_ks(ServerContext& server, const KsFields& fields);

// The caller of a KS used for a call from origin, which counts against its
// actions limit; throws INVALID_KS (EXPIRED, EXCEEDED_RESTRICTED_IP,
// EXCEEDED_RESTRICTED_URI, LOGOUT, EXCEEDED_ACTIONS_LIMIT, in that order).
Caller authenticate_ks(ServerContext& server, const std::string& ks, const RequestOrigin& origin);

// What a KS holds (session.get), checked for signature, expiry and end only.
Caller read_ks(ServerContext& server, const std::string& ks);

void end_session(ServerContext& server, const Caller& caller, const std::string& ks);

}  // namespace devserver
