// The flavor_assets table. Call with state_mutex held.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flavor_asset.h"

namespace devserver {

class Database;

class FlavorStore {
 public:
  explicit FlavorStore(Database& db) : db_(db) {}
  static void create_table(Database& db);

  void insert(const FlavorAsset& flavor);
  void update(const FlavorAsset& flavor);  // by id
  // Any status, deleted assets included.
  std::optional<FlavorAsset> find(const std::string& id);
  // The entry's assets that are not deleted, oldest first.
  std::vector<FlavorAsset> live_of_entry(const std::string& entry_id);
  // Assets left QUEUED or CONVERTING (processing interrupted by a stop).
  std::vector<FlavorAsset> unfinished();

 private:
  Database& db_;
};

}  // namespace devserver
