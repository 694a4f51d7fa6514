// Text comparisons of entry filters: case-insensitive as Kaltura's database
// and search engine compare, and the comma lists of "...In" and
// "...MultiLike..." fields.
#pragma once

#include <string>
#include <vector>

namespace devserver {

std::string folded(const std::string& text);  // case-folded, for comparing
bool contains_ignoring_case(const std::string& haystack, const std::string& needle);
bool equals_ignoring_case(const std::string& a, const std::string& b);
// The non-empty items of a list, as written ("a,,b" -> "a", "b").
std::vector<std::string> split_list(const std::string& list, char separator);
// As split_list, each item without surrounding spaces, empty ones dropped.
std::vector<std::string> split_trimmed(const std::string& list, char separator);

}  // namespace devserver
