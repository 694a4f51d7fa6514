// The orderBy of an entry filter: a comma list of +createdAt, -createdAt,
// +updatedAt, -updatedAt, +name, -name (names compared ignoring case),
// applied in turn. Kaltura drops the values it does not know; without any,
// the newest entry comes first. Ties keep the order of creation, in the
// direction of the first key.
#pragma once

#include <string>
#include <vector>

#include "entry.h"

namespace devserver {

// entries: in order of creation, oldest first.
void order_entries(std::vector<Entry>& entries, const std::string& order_by);

}  // namespace devserver
