#include "conversion_store.h"

#include "../server_context.h"

namespace devserver {

void ConversionStore::create_table(Database& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS flavor_conversions ("
      " id INTEGER PRIMARY KEY AUTOINCREMENT, flavor_id TEXT NOT NULL, finished INTEGER NOT NULL DEFAULT 0)");
  db.exec("CREATE INDEX IF NOT EXISTS flavor_conversions_by_flavor ON flavor_conversions (flavor_id)");
}

int64_t ConversionStore::queue(const std::string& flavor_id) {
  db_.prepare("UPDATE flavor_conversions SET finished = 1 WHERE flavor_id = ? AND finished = 0")
      .bind(1, flavor_id)
      .run();
  db_.prepare("INSERT INTO flavor_conversions (flavor_id) VALUES (?)").bind(1, flavor_id).run();
  return sqlite3_last_insert_rowid(db_.handle());
}

std::optional<int64_t> ConversionStore::pending_job(const std::string& flavor_id) {
  auto statement = db_.prepare("SELECT id FROM flavor_conversions WHERE flavor_id = ? AND finished = 0");
  statement.bind(1, flavor_id);
  if (!statement.step()) return std::nullopt;
  return statement.integer(0);
}

void ConversionStore::finish(int64_t job_id) {
  db_.prepare("UPDATE flavor_conversions SET finished = 1 WHERE id = ?").bind(1, job_id).run();
}

void ConversionStore::forget(const std::string& flavor_id) {
  db_.prepare("DELETE FROM flavor_conversions WHERE flavor_id = ?").bind(1, flavor_id).run();
}

void ConversionStore::hand_over(const std::string& from_flavor, const std::string& to_flavor) {
  forget(to_flavor);
  db_.prepare("UPDATE flavor_conversions SET flavor_id = ? WHERE flavor_id = ?")
      .bind(1, to_flavor)
      .bind(2, from_flavor)
      .run();
}

bool ConversionStore::converts(const std::string& flavor_id) {
  auto statement = db_.prepare("SELECT 1 FROM flavor_conversions WHERE flavor_id = ? LIMIT 1");
  statement.bind(1, flavor_id);
  return statement.step();
}

bool ConversionStore::entry_has_pending(const std::string& entry_id) {
  auto statement = db_.prepare(
      "SELECT 1 FROM flavor_conversions c JOIN flavor_assets f ON f.id = c.flavor_id"
      " WHERE f.entry_id = ? AND f.status != 3 AND c.finished = 0 LIMIT 1");
  statement.bind(1, entry_id);
  return statement.step();
}

std::vector<ConversionJob> ConversionStore::pending() {
  auto statement = db_.prepare("SELECT id, flavor_id FROM flavor_conversions WHERE finished = 0 ORDER BY id");
  std::vector<ConversionJob> jobs;
  while (statement.step()) jobs.push_back({statement.integer(0), statement.text(1)});
  return jobs;
}

}  // namespace devserver
