// The `language` request field (protocol §1.2). Kaltura takes "multi" in any
// letter case, or 2 to 4 letters optionally followed by "-" or "_" and 2 to 4
// letters ("en", "EN", "en-US", "zh_Hant"); anything else, the empty string
// included, is INVALID_LANGUAGE_CODE. A JSON null counts as absent.
#pragma once

#include <json-glib/json-glib.h>

#include <string>

namespace devserver {

bool is_valid_language_code(const std::string& code);
// Throws INVALID_LANGUAGE_CODE, with LANGUAGE_CODE as sent, when the call's
// parameters carry a language that is not valid.
void check_language_param(JsonObject* params);

}  // namespace devserver
