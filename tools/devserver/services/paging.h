// The `pager` parameter of list actions (§3.1): pageSize 30 by default and
// at most 500, pageIndex from 1; totalCount counts before paging.
#pragma once

#include <json-glib/json-glib.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "../action.h"

namespace devserver {

struct Page {
  int64_t size = 30;
  int64_t index = 1;
};

Page page_of(const ActionCall& call);

// The JSON of the items on the page, in order.
template <typename Item, typename ToJson>
std::vector<JsonNode*> page_items(const Page& page, const std::vector<Item>& items, ToJson to_json) {
  std::vector<JsonNode*> objects;
  const size_t first = static_cast<size_t>((page.index - 1) * page.size);
  const size_t end = std::min(items.size(), first + static_cast<size_t>(page.size));
  for (size_t i = first; i < end; ++i) objects.push_back(to_json(items[i]));
  return objects;
}

}  // namespace devserver
