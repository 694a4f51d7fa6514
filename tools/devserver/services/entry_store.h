// The entries table. Call with state_mutex held.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "entry.h"

namespace devserver {

class Database;

class EntryStore {
 public:
  explicit EntryStore(Database& db) : db_(db) {}
  static void create_table(Database& db);

  void insert(const Entry& entry);
  void update(const Entry& entry);  // by id
  void remove(const std::string& id);
  // Any status, deleted entries included.
  std::optional<Entry> find(const std::string& id);
  // Every entry of the partner, deleted ones included, oldest first.
  std::vector<Entry> all_of_partner(int partner_id);

 private:
  Database& db_;
};

}  // namespace devserver
