#include "entry_filter_fields.h"

#include <glib.h>

#include <cstring>
#include <optional>
#include <set>
#include <sstream>
#include <string>

namespace devserver {

namespace {

using TextOf = std::function<std::string(const Entry&)>;

std::set<std::string> comma_set(const std::string& list) {
  std::set<std::string> items;
  std::stringstream stream(list);
  std::string item;
  while (std::getline(stream, item, ','))
    if (!item.empty()) items.insert(item);
  return items;
}

bool contains_ignoring_case(const std::string& haystack, const std::string& needle) {
  g_autofree char* folded_haystack = g_utf8_casefold(haystack.c_str(), -1);
  g_autofree char* folded_needle = g_utf8_casefold(needle.c_str(), -1);
  return strstr(folded_haystack, folded_needle) != nullptr;
}

// Adds the conditions of the fields sent, in the ways Kaltura compares them.
class FieldReader {
 public:
  FieldReader(const ObjectFields& filter, EntryFilter& selection) : filter_(filter), selection_(selection) {}

  void equal(const char* field, TextOf text_of) {
    if (auto value = sent(field)) selection_.require([=](const Entry& e) { return text_of(e) == *value; });
  }
  void not_equal(const char* field, TextOf text_of) {
    if (auto value = sent(field)) selection_.require([=](const Entry& e) { return text_of(e) != *value; });
  }
  void in(const char* field, TextOf text_of) {
    if (auto value = sent(field))
      selection_.require([=, items = comma_set(*value)](const Entry& e) { return items.count(text_of(e)) > 0; });
  }
  void not_in(const char* field, TextOf text_of) {
    if (auto value = sent(field))
      selection_.require([=, items = comma_set(*value)](const Entry& e) { return items.count(text_of(e)) == 0; });
  }
  void like(const char* field, TextOf text_of) {
    if (auto value = sent(field))
      selection_.require([=](const Entry& e) { return contains_ignoring_case(text_of(e), *value); });
  }

 private:
  std::optional<std::string> sent(const char* field) const {
    std::string value = filter_.text(field);
    if (value.empty()) return std::nullopt;
    return value;
  }

  const ObjectFields& filter_;
  EntryFilter& selection_;
};

std::string attribute(const Entry& entry, const char* name) {
  auto found = entry.attributes.find(name);
  return found == entry.attributes.end() ? "" : found->second;
}

}  // namespace

void add_field_conditions(const ObjectFields& filter, EntryFilter& selection) {
  FieldReader fields(filter, selection);
  const TextOf id = [](const Entry& e) { return e.id; };
  const TextOf status = [](const Entry& e) { return e.status_text(); };
  const TextOf moderation = [](const Entry& e) { return std::to_string(e.moderation_status()); };
  const TextOf type = [](const Entry& e) { return std::to_string(e.type); };
  const TextOf media_type = [](const Entry& e) { return std::to_string(e.media_type); };
  const TextOf reference_id = [](const Entry& e) { return e.reference_id; };

  fields.equal("idEqual", id);
  fields.in("idIn", id);
  fields.equal("referenceIdEqual", reference_id);
  fields.in("referenceIdIn", reference_id);
  fields.equal("statusEqual", status);
  fields.not_equal("statusNotEqual", status);
  fields.in("statusIn", status);
  fields.not_in("statusNotIn", status);
  fields.equal("moderationStatusEqual", moderation);
  fields.not_equal("moderationStatusNotEqual", moderation);
  fields.in("moderationStatusIn", moderation);
  fields.not_in("moderationStatusNotIn", moderation);
  fields.equal("typeEqual", type);
  fields.in("typeIn", type);
  fields.equal("mediaTypeEqual", media_type);
  fields.in("mediaTypeIn", media_type);
  fields.equal("userIdEqual", [](const Entry& e) { return e.user_id; });
  fields.equal("parentEntryIdEqual", [](const Entry& e) { return attribute(e, "parentEntryId"); });
  fields.like("nameLike", [](const Entry& e) { return e.name; });
  fields.like("tagsLike", [](const Entry& e) { return e.tags; });
}

}  // namespace devserver
