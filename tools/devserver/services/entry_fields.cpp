#include "entry_fields.h"

#include <set>

namespace devserver {

const std::vector<AttributeSpec>& entry_attribute_specs() {
  static const std::vector<AttributeSpec> specs = {
      {"description", WireKind::Text, false},       {"adminTags", WireKind::Text, false},
      {"categories", WireKind::Text, false},        {"categoriesIds", WireKind::Text, false},
      {"partnerData", WireKind::Text, false},       {"accessControlId", WireKind::Integer, false},
      {"startDate", WireKind::Integer, false},      {"endDate", WireKind::Integer, false},
      {"licenseType", WireKind::Integer, false},    {"partnerSortValue", WireKind::Integer, false},
      {"parentEntryId", WireKind::Text, false},     {"displayInSearch", WireKind::Integer, false},
      {"creditUserName", WireKind::Text, false},    {"creditUrl", WireKind::Text, false},
      {"templateEntryId", WireKind::Text, true},    {"retrieveDataContentByGet", WireKind::Boolean, false},
  };
  return specs;
}

bool is_entry_readonly_property(const std::string& name) {
  static const std::set<std::string> names = {
      "id",         "partnerId",        "status",           "moderationStatus", "moderationCount",
      "type",       "createdAt",        "updatedAt",        "rank",             "totalRank",
      "votes",      "downloadUrl",      "searchText",       "version",          "thumbnailUrl",
      "replacingEntryId", "replacedEntryId", "replacementStatus", "rootEntryId", "capabilities",
      "plays",      "views",            "lastPlayedAt",     "width",            "height",
      "duration",   "durationType",     "mediaDate",        "dataUrl",          "flavorParamsIds",
  };
  return names.count(name) > 0;
}

bool is_entry_insert_only_property(const std::string& name) {
  static const std::set<std::string> names = {"mediaType", "sourceType", "creatorId", "templateEntryId",
                                              "documentType"};
  return names.count(name) > 0;
}

}  // namespace devserver
