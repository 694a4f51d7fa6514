#include "text_match.h"

#include <glib.h>

#include <sstream>

namespace devserver {

std::string folded(const std::string& text) {
  g_autofree char* result = g_utf8_casefold(text.c_str(), -1);
  return result;
}

bool contains_ignoring_case(const std::string& haystack, const std::string& needle) {
  return folded(haystack).find(folded(needle)) != std::string::npos;
}

bool equals_ignoring_case(const std::string& a, const std::string& b) { return folded(a) == folded(b); }

std::vector<std::string> split_list(const std::string& list, char separator) {
  std::vector<std::string> items;
  std::stringstream stream(list);
  std::string item;
  while (std::getline(stream, item, separator))
    if (!item.empty()) items.push_back(item);
  return items;
}

std::vector<std::string> split_trimmed(const std::string& list, char separator) {
  std::vector<std::string> items;
  for (const std::string& item : split_list(list, separator)) {
    const size_t first = item.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    items.push_back(item.substr(first, item.find_last_not_of(" \t") - first + 1));
  }
  return items;
}

}  // namespace devserver
