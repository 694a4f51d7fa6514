// The appToken service (protocol §6.6): add, get, list, update, delete and
// startSession, with tokens stored in the database.
#pragma once

#include "server_context.h"

namespace devserver {

void register_app_token_service(ServerContext& server);

}  // namespace devserver
