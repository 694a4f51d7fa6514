// Which entries a list selects (§8.3): the conditions of the filter fields
// sent (entry_filter_fields.h) and those Kaltura adds itself
// (entry_list_defaults.h).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "entry.h"
#include "object_fields.h"

namespace devserver {

class EntryFilter {
 public:
  using Condition = std::function<bool(const Entry&)>;

  void require(Condition condition) { conditions_.push_back(std::move(condition)); }
  bool matches(const Entry& entry) const;

 private:
  std::vector<Condition> conditions_;
};

// The `filter` of a list or count action (KalturaBaseEntryFilter and its
// subclasses; an absent filter is an empty one), with Kaltura's defaults.
EntryFilter list_filter(const ObjectFields& filter);
// baseEntry.listByReferenceId, which takes no filter: the entries of that
// reference id in any status but deleted, system entries left out.
EntryFilter reference_id_filter(const std::string& reference_id);

}  // namespace devserver
