// The flavor_conversions table: one row per conversion the server queued for
// a flavor (flavor_conversion.h). A pending row is work to do, also after a
// restart; any row at all marks the flavor as the server's own rendition, as
// opposed to one a client published with flavorAsset.add + setContent.
// Call with state_mutex held.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace devserver {

class Database;

struct ConversionJob {
  int64_t id = 0;
  std::string flavor_id;
};

class ConversionStore {
 public:
  explicit ConversionStore(Database& db) : db_(db) {}
  static void create_table(Database& db);

  // A new pending job for the flavor; an earlier pending one is superseded.
  int64_t queue(const std::string& flavor_id);
  // The flavor's pending job, if any.
  std::optional<int64_t> pending_job(const std::string& flavor_id);
  void finish(int64_t job_id);
  // The flavor holds a client's file now: it is no longer a conversion.
  void forget(const std::string& flavor_id);
  // to_flavor takes over from_flavor's rows (a replacement's rendition
  // relinked into the original's flavor of the same params).
  void hand_over(const std::string& from_flavor, const std::string& to_flavor);
  bool converts(const std::string& flavor_id);
  bool entry_has_pending(const std::string& entry_id);
  std::vector<ConversionJob> pending();

 private:
  Database& db_;
};

}  // namespace devserver
