// The protocol's lenient reading of parameter values (§2.2): form posts carry
// every value as a string, JSON bodies carry native types; both read alike.
// A missing or null node gives the fallback.
#pragma once

#include <json-glib/json-glib.h>

#include <cstdint>
#include <string>

namespace devserver {

int64_t lenient_integer(JsonNode* node, int64_t fallback);
double lenient_real(JsonNode* node, double fallback);
bool lenient_boolean(JsonNode* node, bool fallback);
std::string lenient_text(JsonNode* node, const std::string& fallback);

}  // namespace devserver
