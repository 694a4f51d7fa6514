#include "entry_filter_fields.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include "entry_free_text.h"
#include "text_match.h"

namespace devserver {

namespace {

using TextOf = std::function<std::string(const Entry&)>;
using NumberOf = std::function<int64_t(const Entry&)>;

std::set<std::string> item_set(const std::string& list) {
  const auto items = split_list(list, ',');
  return {items.begin(), items.end()};
}

// Whether the entry's items (a comma list) hold any, or all, of the wanted ones.
bool holds_items(const std::string& entry_list, const std::vector<std::string>& wanted, bool all) {
  const auto items = split_trimmed(entry_list, ',');
  const auto held = [&items](const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
  };
  return all ? std::all_of(wanted.begin(), wanted.end(), held) : std::any_of(wanted.begin(), wanted.end(), held);
}

// Adds the conditions of the fields sent, each compared as Kaltura does.
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
      selection_.require([=, items = item_set(*value)](const Entry& e) { return items.count(text_of(e)) > 0; });
  }
  void not_in(const char* field, TextOf text_of) {
    if (auto value = sent(field))
      selection_.require([=, items = item_set(*value)](const Entry& e) { return items.count(text_of(e)) == 0; });
  }
  void equal_ignoring_case(const char* field, TextOf text_of) {
    if (auto value = sent(field))
      selection_.require([=](const Entry& e) { return devserver::equals_ignoring_case(text_of(e), *value); });
  }
  void like(const char* field, TextOf text_of) {
    if (auto value = sent(field))
      selection_.require([=](const Entry& e) { return contains_ignoring_case(text_of(e), *value); });
  }
  // A comma list of substrings: any of them (all = false) or all of them.
  void multi_like(const char* field, TextOf text_of, bool all) {
    if (auto value = sent(field)) {
      selection_.require([=, parts = split_trimmed(*value, ',')](const Entry& e) {
        const auto found = [&](const std::string& part) { return contains_ignoring_case(text_of(e), part); };
        return all ? std::all_of(parts.begin(), parts.end(), found) : std::any_of(parts.begin(), parts.end(), found);
      });
    }
  }
  void at_least(const char* field, NumberOf number_of) {
    if (sent(field))
      selection_.require([=, bound = filter_.integer(field)](const Entry& e) { return number_of(e) >= bound; });
  }
  void at_most(const char* field, NumberOf number_of) {
    if (sent(field))
      selection_.require([=, bound = filter_.integer(field)](const Entry& e) { return number_of(e) <= bound; });
  }
  void holding(const char* field, TextOf list_of, bool all) {
    if (auto value = sent(field))
      selection_.require(
          [=, wanted = split_trimmed(*value, ',')](const Entry& e) { return holds_items(list_of(e), wanted, all); });
  }
  void free_text(const char* field) {
    if (auto value = sent(field)) selection_.require([=](const Entry& e) { return matches_free_text(e, *value); });
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
  const TextOf name = [](const Entry& e) { return e.name; };
  const TextOf tags = [](const Entry& e) { return e.tags; };
  const TextOf user_id = [](const Entry& e) { return e.user_id; };
  const TextOf status = [](const Entry& e) { return e.status_text(); };
  const TextOf moderation = [](const Entry& e) { return std::to_string(e.moderation_status()); };
  const TextOf type = [](const Entry& e) { return std::to_string(e.type); };
  const TextOf media_type = [](const Entry& e) { return std::to_string(e.media_type); };
  const TextOf reference_id = [](const Entry& e) { return e.reference_id; };
  const TextOf categories = [](const Entry& e) { return attribute(e, "categories"); };
  const NumberOf created_at = [](const Entry& e) { return e.created_at; };
  const NumberOf updated_at = [](const Entry& e) { return e.updated_at; };

  fields.equal("idEqual", id);
  fields.in("idIn", id);
  fields.not_in("idNotIn", id);
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
  fields.equal("userIdEqual", user_id);
  fields.in("userIdIn", user_id);
  fields.equal("parentEntryIdEqual", [](const Entry& e) { return attribute(e, "parentEntryId"); });
  fields.equal_ignoring_case("nameEqual", name);
  fields.like("nameLike", name);
  fields.multi_like("nameMultiLikeOr", name, false);
  fields.multi_like("nameMultiLikeAnd", name, true);
  fields.like("tagsLike", tags);
  fields.multi_like("tagsMultiLikeOr", tags, false);
  fields.multi_like("tagsMultiLikeAnd", tags, true);
  fields.holding("categoriesMatchOr", categories, false);
  fields.holding("categoriesMatchAnd", categories, true);
  fields.at_least("createdAtGreaterThanOrEqual", created_at);
  fields.at_most("createdAtLessThanOrEqual", created_at);
  fields.at_least("updatedAtGreaterThanOrEqual", updated_at);
  fields.at_most("updatedAtLessThanOrEqual", updated_at);
  fields.free_text("freeText");
}

}  // namespace devserver
