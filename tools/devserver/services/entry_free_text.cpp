#include "entry_free_text.h"

#include <vector>

#include "text_match.h"

namespace devserver {

namespace {

std::vector<std::string> searched_fields(const Entry& entry) {
  auto description = entry.attributes.find("description");
  return {entry.name, entry.tags,         description == entry.attributes.end() ? "" : description->second,
          entry.id,   entry.reference_id, entry.user_id};
}

bool every_word_appears(const std::vector<std::string>& fields, const std::string& words) {
  for (const auto& word : split_list(words, ' ')) {
    bool found = false;
    for (const auto& field : fields) found = found || contains_ignoring_case(field, word);
    if (!found) return false;
  }
  return true;
}

}  // namespace

bool matches_free_text(const Entry& entry, const std::string& free_text) {
  const std::vector<std::string> fields = searched_fields(entry);
  if (free_text.size() > 2 && free_text.front() == '"' && free_text.back() == '"' &&
      free_text.find('"', 1) == free_text.size() - 1) {
    const std::string whole = free_text.substr(1, free_text.size() - 2);
    for (const auto& field : fields)
      if (equals_ignoring_case(field, whole)) return true;
    return false;
  }
  const size_t comma = free_text.find(',');
  if (comma == std::string::npos || comma == 0) return every_word_appears(fields, free_text);
  for (const auto& part : split_list(free_text, ','))
    if (every_word_appears(fields, part)) return true;
  return false;
}

}  // namespace devserver
