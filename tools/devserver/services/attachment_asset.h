// An attachment asset (a file attached to an entry, §9.2).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace devserver {

class Database;

namespace attachment_status {
constexpr int kError = -1;
constexpr int kQueued = 0;
constexpr int kReady = 2;
constexpr int kDeleted = 3;
constexpr int kImporting = 7;
}  // namespace attachment_status

struct AttachmentAsset {
  std::string id;
  std::string entry_id;
  int partner_id = 0;
  int status = attachment_status::kQueued;
  int64_t version = 0;
  std::string file_path;
  std::string file_ext;
  int64_t size_bytes = 0;
  std::string filename;
  std::string title;
  std::string format;  // "1".."5", a string enum on the wire
  std::string tags;
  std::string partner_data;
  std::string partner_description;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// The attachment_assets table. Call with state_mutex held.
class AttachmentStore {
 public:
  explicit AttachmentStore(Database& db) : db_(db) {}
  static void create_table(Database& db);

  void insert(const AttachmentAsset& asset);
  void update(const AttachmentAsset& asset);
  std::optional<AttachmentAsset> find(const std::string& id);  // deleted ones included
  std::vector<AttachmentAsset> live_of_partner(int partner_id);  // oldest first

 private:
  Database& db_;
};

}  // namespace devserver
