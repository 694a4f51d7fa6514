#include "kaltura_text.h"

namespace kaltura_text {

namespace {

// The characters of XML 1.0, which Kaltura checks every string against.
bool xml_char(gunichar c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

}  // namespace

std::optional<gunichar> first_refused_char(const std::string& text) {
  for (const char* p = text.c_str(); p < text.c_str() + text.size(); p = g_utf8_next_char(p)) {
    const gunichar c = g_utf8_get_char(p);
    if (!xml_char(c)) return c;
  }
  return std::nullopt;
}

std::string without_refused_chars(const std::string& text) {
  std::string kept;
  kept.reserve(text.size());
  for (const char* p = text.c_str(); p < text.c_str() + text.size(); p = g_utf8_next_char(p))
    if (xml_char(g_utf8_get_char(p))) kept.append(p, static_cast<const char*>(g_utf8_next_char(p)));
  return kept;
}

}  // namespace kaltura_text
