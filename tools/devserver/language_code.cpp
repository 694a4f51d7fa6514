#include "language_code.h"

#include <glib.h>

#include "action.h"
#include "lenient_value.h"

namespace devserver {

namespace {

// The length of the run of ASCII letters at text[from].
size_t letters_at(const std::string& text, size_t from) {
  size_t end = from;
  while (end < text.size() && g_ascii_isalpha(text[end])) ++end;
  return end - from;
}

bool is_letter_group(size_t length) { return length >= 2 && length <= 4; }

}  // namespace

bool is_valid_language_code(const std::string& code) {
  if (g_ascii_strcasecmp(code.c_str(), "multi") == 0) return true;
  const size_t language = letters_at(code, 0);
  if (!is_letter_group(language)) return false;
  if (language == code.size()) return true;
  if (code[language] != '-' && code[language] != '_') return false;
  const size_t region = letters_at(code, language + 1);
  return is_letter_group(region) && language + 1 + region == code.size();
}

void check_language_param(JsonObject* params) {
  if (!params || !json_object_has_member(params, "language")) return;
  JsonNode* node = json_object_get_member(params, "language");
  if (JSON_NODE_HOLDS_NULL(node)) return;
  const std::string code = lenient_text(node, "");
  if (!is_valid_language_code(code)) throw ApiError("INVALID_LANGUAGE_CODE", {{"LANGUAGE_CODE", code}});
}

}  // namespace devserver
