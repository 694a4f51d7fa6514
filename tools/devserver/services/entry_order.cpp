#include "entry_order.h"

#include <algorithm>
#include <functional>
#include <numeric>

#include "text_match.h"

namespace devserver {

namespace {

// Compares two entries by one key: negative, zero or positive.
using Comparison = std::function<int(const Entry&, const Entry&)>;

struct SortKey {
  Comparison compare;
  bool ascending;
};

int compare_numbers(int64_t a, int64_t b) { return a < b ? -1 : (a > b ? 1 : 0); }

std::vector<SortKey> sort_keys(const std::string& order_by) {
  std::vector<SortKey> keys;
  for (const auto& item : split_list(order_by, ',')) {
    if (item.size() < 2 || (item[0] != '+' && item[0] != '-')) continue;
    const bool ascending = item[0] == '+';
    const std::string field = item.substr(1);
    if (field == "createdAt")
      keys.push_back(
          {[](const Entry& a, const Entry& b) { return compare_numbers(a.created_at, b.created_at); }, ascending});
    else if (field == "updatedAt")
      keys.push_back(
          {[](const Entry& a, const Entry& b) { return compare_numbers(a.updated_at, b.updated_at); }, ascending});
    else if (field == "name")
      keys.push_back(
          {[](const Entry& a, const Entry& b) { return folded(a.name).compare(folded(b.name)); }, ascending});
  }
  if (keys.empty())
    keys.push_back({[](const Entry& a, const Entry& b) { return compare_numbers(a.created_at, b.created_at); }, false});
  return keys;
}

}  // namespace

void order_entries(std::vector<Entry>& entries, const std::string& order_by) {
  const std::vector<SortKey> keys = sort_keys(order_by);
  std::vector<size_t> positions(entries.size());
  std::iota(positions.begin(), positions.end(), 0);
  std::sort(positions.begin(), positions.end(), [&](size_t a, size_t b) {
    for (const auto& key : keys) {
      const int order = key.compare(entries[a], entries[b]);
      if (order != 0) return key.ascending ? order < 0 : order > 0;
    }
    return keys.front().ascending ? a < b : a > b;
  });
  std::vector<Entry> ordered;
  ordered.reserve(entries.size());
  for (size_t position : positions) ordered.push_back(std::move(entries[position]));
  entries = std::move(ordered);
}

}  // namespace devserver
