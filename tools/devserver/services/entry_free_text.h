// The freeText field of an entry filter, as Kaltura's search engine reads
// it over an entry's name, tags, description, id, reference id and user id:
// - "\"some words\"" (quoted): one of those fields is that text;
// - "a b,c d": with a comma (not first), one of the comma-separated parts
//   matches;
// - "a b": every word appears, each in any of the fields.
// Case is ignored. A word also matches inside a longer one, where Kaltura
// matches whole words.
#pragma once

#include <string>

#include "entry.h"

namespace devserver {

bool matches_free_text(const Entry& entry, const std::string& free_text);

}  // namespace devserver
