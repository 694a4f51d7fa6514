// The response body writer of protocol §3.1: null members omitted and every
// object's objectType written last (the error object keeps its own order:
// code, message, objectType, args).
#pragma once

#include <json-glib/json-glib.h>

#include <string>

namespace devserver {

std::string write_response_json(JsonNode* node);

}  // namespace devserver
