// Text Kaltura takes: it refuses a string holding a character XML cannot
// (a control character other than tab, line feed and carriage return,
// U+FFFE or U+FFFF) with INVALID_PARAMETER_CHAR, failing the
// call that carries it. Checked on the properties, stripped from what the
// stream gives (a title from broadcast metadata, a file's name).
#pragma once

#include <glib.h>

#include <optional>
#include <string>

namespace kaltura_text {

// The first character of UTF-8 text that Kaltura refuses, if any.
std::optional<gunichar> first_refused_char(const std::string& text);

// UTF-8 text without the characters Kaltura refuses.
std::string without_refused_chars(const std::string& text);

}  // namespace kaltura_text
