// The characters XML 1.0 can carry: tab, line feed, carriage return,
// U+0020-U+D7FF, U+E000-U+FFFD and U+10000-U+10FFFF.
#pragma once

#include <glib.h>

namespace devserver {

bool is_xml_char(gunichar c);

}  // namespace devserver
