#include "../server_context.h"
#include "attachment_asset.h"

namespace devserver {

namespace {

constexpr const char* kColumns =
    "id, entry_id, partner_id, status, version, file_path, file_ext, size_bytes, filename, title, format, "
    "tags, partner_data, partner_description, created_at, updated_at";
constexpr int kColumnCount = 16;

void bind_asset(Database::Statement& statement, const AttachmentAsset& a) {
  int i = 0;
  statement.bind(++i, a.id);
  statement.bind(++i, a.entry_id);
  statement.bind(++i, static_cast<int64_t>(a.partner_id));
  statement.bind(++i, static_cast<int64_t>(a.status));
  statement.bind(++i, a.version);
  statement.bind(++i, a.file_path);
  statement.bind(++i, a.file_ext);
  statement.bind(++i, a.size_bytes);
  statement.bind(++i, a.filename);
  statement.bind(++i, a.title);
  statement.bind(++i, a.format);
  statement.bind(++i, a.tags);
  statement.bind(++i, a.partner_data);
  statement.bind(++i, a.partner_description);
  statement.bind(++i, a.created_at);
  statement.bind(++i, a.updated_at);
}

AttachmentAsset read_asset(const Database::Statement& row) {
  AttachmentAsset a;
  int i = 0;
  a.id = row.text(i++);
  a.entry_id = row.text(i++);
  a.partner_id = static_cast<int>(row.integer(i++));
  a.status = static_cast<int>(row.integer(i++));
  a.version = row.integer(i++);
  a.file_path = row.text(i++);
  a.file_ext = row.text(i++);
  a.size_bytes = row.integer(i++);
  a.filename = row.text(i++);
  a.title = row.text(i++);
  a.format = row.text(i++);
  a.tags = row.text(i++);
  a.partner_data = row.text(i++);
  a.partner_description = row.text(i++);
  a.created_at = row.integer(i++);
  a.updated_at = row.integer(i++);
  return a;
}

std::string placeholders() {
  std::string marks;
  for (int i = 0; i < kColumnCount; ++i) marks += i ? ", ?" : "?";
  return marks;
}

}  // namespace

void AttachmentStore::create_table(Database& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS attachment_assets ("
      " seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, entry_id TEXT, partner_id INTEGER,"
      " status INTEGER, version INTEGER, file_path TEXT, file_ext TEXT, size_bytes INTEGER, filename TEXT,"
      " title TEXT, format TEXT, tags TEXT, partner_data TEXT, partner_description TEXT,"
      " created_at INTEGER, updated_at INTEGER)");
}

void AttachmentStore::insert(const AttachmentAsset& asset) {
  auto statement = db_.prepare(std::string("INSERT INTO attachment_assets (") + kColumns + ") VALUES (" +
                               placeholders() + ")");
  bind_asset(statement, asset);
  statement.run();
}

void AttachmentStore::update(const AttachmentAsset& asset) {
  auto statement = db_.prepare(std::string("UPDATE attachment_assets SET (") + kColumns + ") = (" +
                               placeholders() + ") WHERE id = ?");
  bind_asset(statement, asset);
  statement.bind(kColumnCount + 1, asset.id);
  statement.run();
}

std::optional<AttachmentAsset> AttachmentStore::find(const std::string& id) {
  auto statement = db_.prepare(std::string("SELECT ") + kColumns + " FROM attachment_assets WHERE id = ?");
  statement.bind(1, id);
  if (!statement.step()) return std::nullopt;
  return read_asset(statement);
}

std::vector<AttachmentAsset> AttachmentStore::live_of_partner(int partner_id) {
  auto statement = db_.prepare(std::string("SELECT ") + kColumns +
                               " FROM attachment_assets WHERE partner_id = ? AND status != 3 ORDER BY seq");
  statement.bind(1, static_cast<int64_t>(partner_id));
  std::vector<AttachmentAsset> assets;
  while (statement.step()) assets.push_back(read_asset(statement));
  return assets;
}

}  // namespace devserver
