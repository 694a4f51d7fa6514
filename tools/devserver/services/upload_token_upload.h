// uploadToken.upload (protocol §7.4, §7.5): checks, chunk placement,
// verifying finals and finalization.
#pragma once

#include <json-glib/json-glib.h>

#include "../action.h"

namespace devserver {

JsonNode* upload_to_token(ActionCall& call);

}  // namespace devserver
