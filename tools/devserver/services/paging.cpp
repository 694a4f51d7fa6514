#include "paging.h"

#include "object_fields.h"

namespace devserver {

Page page_of(const ActionCall& call) {
  ObjectFields pager(call.object_param("pager"));
  Page page;
  page.size = pager.integer("pageSize", 30);
  if (page.size <= 0) page.size = 30;
  page.size = std::min<int64_t>(page.size, 500);
  page.index = std::max<int64_t>(pager.integer("pageIndex", 1), 1);
  return page;
}

}  // namespace devserver
