#include "xml_chars.h"

namespace devserver {

bool is_xml_char(gunichar c) {
  if (c == '\t' || c == '\n' || c == '\r') return true;
  return (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

}  // namespace devserver
