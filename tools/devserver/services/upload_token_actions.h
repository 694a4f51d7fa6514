// uploadToken.add, get, list and delete (protocol §7.3, §7.7).
#pragma once

#include <json-glib/json-glib.h>

#include "../action.h"

namespace devserver {

JsonNode* add_upload_token(ActionCall& call);
JsonNode* get_upload_token(ActionCall& call);
JsonNode* list_upload_tokens(ActionCall& call);
JsonNode* delete_upload_token(ActionCall& call);

}  // namespace devserver
