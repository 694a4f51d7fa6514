#include "entry_store.h"

#include "../server_context.h"
#include "attribute_map.h"

namespace devserver {

namespace {

// Column order shared by SELECT, INSERT and UPDATE.
constexpr const char* kColumns =
    "id, partner_id, type, media_type, media_type_given, status, name, user_id, creator_id, reference_id, "
    "tags, conversion_profile_id, source_type, version, created_at, updated_at, replacing_entry_id, "
    "replaced_entry_id, replacement_status, width, height, ms_duration, document_type, data_content, "
    "data_file_path, attributes";
constexpr int kColumnCount = 26;

void bind_entry(Database::Statement& statement, const Entry& e) {
  int i = 0;
  statement.bind(++i, e.id);
  statement.bind(++i, static_cast<int64_t>(e.partner_id));
  statement.bind(++i, static_cast<int64_t>(e.type));
  statement.bind(++i, static_cast<int64_t>(e.media_type));
  statement.bind(++i, static_cast<int64_t>(e.media_type_given ? 1 : 0));
  statement.bind(++i, static_cast<int64_t>(e.status));
  statement.bind(++i, e.name);
  statement.bind(++i, e.user_id);
  statement.bind(++i, e.creator_id);
  statement.bind(++i, e.reference_id);
  statement.bind(++i, e.tags);
  statement.bind(++i, e.conversion_profile_id);
  statement.bind(++i, e.source_type);
  statement.bind(++i, e.version);
  statement.bind(++i, e.created_at);
  statement.bind(++i, e.updated_at);
  statement.bind(++i, e.replacing_entry_id);
  statement.bind(++i, e.replaced_entry_id);
  statement.bind(++i, static_cast<int64_t>(e.replacement_status));
  statement.bind(++i, e.width);
  statement.bind(++i, e.height);
  statement.bind(++i, e.ms_duration);
  statement.bind(++i, static_cast<int64_t>(e.document_type));
  statement.bind(++i, e.data_content);
  statement.bind(++i, e.data_file_path);
  statement.bind(++i, encode_attributes(e.attributes));
}

Entry read_entry(const Database::Statement& row) {
  Entry e;
  int i = 0;
  e.id = row.text(i++);
  e.partner_id = static_cast<int>(row.integer(i++));
  e.type = static_cast<int>(row.integer(i++));
  e.media_type = static_cast<int>(row.integer(i++));
  e.media_type_given = row.integer(i++) != 0;
  e.status = static_cast<int>(row.integer(i++));
  e.name = row.text(i++);
  e.user_id = row.text(i++);
  e.creator_id = row.text(i++);
  e.reference_id = row.text(i++);
  e.tags = row.text(i++);
  e.conversion_profile_id = row.integer(i++);
  e.source_type = row.text(i++);
  e.version = row.integer(i++);
  e.created_at = row.integer(i++);
  e.updated_at = row.integer(i++);
  e.replacing_entry_id = row.text(i++);
  e.replaced_entry_id = row.text(i++);
  e.replacement_status = static_cast<int>(row.integer(i++));
  e.width = row.integer(i++);
  e.height = row.integer(i++);
  e.ms_duration = row.integer(i++);
  e.document_type = static_cast<int>(row.integer(i++));
  e.data_content = row.text(i++);
  e.data_file_path = row.text(i++);
  e.attributes = decode_attributes(row.text(i++));
  return e;
}

std::string placeholders() {
  std::string marks;
  for (int i = 0; i < kColumnCount; ++i) marks += i ? ", ?" : "?";
  return marks;
}

}  // namespace

std::string Entry::status_text() const {
  return status == entry_status::kVirusScanInfected ? "virusScan.Infected" : std::to_string(status);
}

const char* Entry::class_name() const {
  switch (type) {
    case entry_type::kData:
      return "KalturaDataEntry";
    case entry_type::kDocument:
      return "KalturaDocumentEntry";
    default:
      return "KalturaMediaEntry";
  }
}

void EntryStore::create_table(Database& db) {
  // seq keeps creation order for entries created within the same second.
  db.exec(
      "CREATE TABLE IF NOT EXISTS entries ("
      " seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, partner_id INTEGER, type INTEGER,"
      " media_type INTEGER, media_type_given INTEGER, status INTEGER, name TEXT, user_id TEXT,"
      " creator_id TEXT, reference_id TEXT, tags TEXT, conversion_profile_id INTEGER, source_type TEXT,"
      " version INTEGER, created_at INTEGER, updated_at INTEGER, replacing_entry_id TEXT,"
      " replaced_entry_id TEXT, replacement_status INTEGER, width INTEGER, height INTEGER,"
      " ms_duration INTEGER, document_type INTEGER, data_content TEXT, data_file_path TEXT,"
      " attributes TEXT)");
}

void EntryStore::insert(const Entry& entry) {
  auto statement =
      db_.prepare(std::string("INSERT INTO entries (") + kColumns + ") VALUES (" + placeholders() + ")");
  bind_entry(statement, entry);
  statement.run();
}

void EntryStore::update(const Entry& entry) {
  // Replacing the row keeps seq: the id is unique, so delete-and-insert would
  // lose the creation order; update every column instead.
  auto statement = db_.prepare(std::string("UPDATE entries SET (") + kColumns + ") = (" + placeholders() +
                               ") WHERE id = ?");
  bind_entry(statement, entry);
  statement.bind(kColumnCount + 1, entry.id);
  statement.run();
}

void EntryStore::remove(const std::string& id) {
  auto statement = db_.prepare("DELETE FROM entries WHERE id = ?");
  statement.bind(1, id);
  statement.run();
}

std::optional<Entry> EntryStore::find(const std::string& id) {
  auto statement = db_.prepare(std::string("SELECT ") + kColumns + " FROM entries WHERE id = ?");
  statement.bind(1, id);
  if (!statement.step()) return std::nullopt;
  return read_entry(statement);
}

std::vector<Entry> EntryStore::all_of_partner(int partner_id) {
  auto statement = db_.prepare(std::string("SELECT ") + kColumns + " FROM entries WHERE partner_id = ? ORDER BY seq");
  statement.bind(1, static_cast<int64_t>(partner_id));
  std::vector<Entry> entries;
  while (statement.step()) entries.push_back(read_entry(statement));
  return entries;
}

}  // namespace devserver
