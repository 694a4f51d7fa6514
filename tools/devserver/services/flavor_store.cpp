#include "flavor_store.h"

#include "../server_context.h"
#include "attribute_map.h"

namespace devserver {

namespace {

constexpr const char* kColumns =
    "id, entry_id, partner_id, flavor_params_id, is_original, status, version, file_path, file_ext, "
    "size_bytes, width, height, bitrate_kbps, frame_rate, container_format, video_codec_id, duration_ms, "
    "has_video, description, tags, created_at, updated_at, deleted_at, attributes, is_default";
constexpr int kColumnCount = 25;

void bind_flavor(Database::Statement& statement, const FlavorAsset& f) {
  int i = 0;
  statement.bind(++i, f.id);
  statement.bind(++i, f.entry_id);
  statement.bind(++i, static_cast<int64_t>(f.partner_id));
  statement.bind(++i, f.flavor_params_id);
  statement.bind(++i, static_cast<int64_t>(f.is_original ? 1 : 0));
  statement.bind(++i, static_cast<int64_t>(f.status));
  statement.bind(++i, f.version);
  statement.bind(++i, f.file_path);
  statement.bind(++i, f.file_ext);
  statement.bind(++i, f.size_bytes);
  statement.bind(++i, f.width);
  statement.bind(++i, f.height);
  statement.bind(++i, f.bitrate_kbps);
  statement.bind(++i, f.frame_rate);
  statement.bind(++i, f.container_format);
  statement.bind(++i, f.video_codec_id);
  statement.bind(++i, f.duration_ms);
  statement.bind(++i, static_cast<int64_t>(f.has_video ? 1 : 0));
  statement.bind(++i, f.description);
  statement.bind(++i, f.tags);
  statement.bind(++i, f.created_at);
  statement.bind(++i, f.updated_at);
  statement.bind(++i, f.deleted_at);
  statement.bind(++i, encode_attributes(f.attributes));
  statement.bind(++i, static_cast<int64_t>(f.is_default ? 1 : 0));
}

FlavorAsset read_flavor(const Database::Statement& row) {
  FlavorAsset f;
  int i = 0;
  f.id = row.text(i++);
  f.entry_id = row.text(i++);
  f.partner_id = static_cast<int>(row.integer(i++));
  f.flavor_params_id = row.integer(i++);
  f.is_original = row.integer(i++) != 0;
  f.status = static_cast<int>(row.integer(i++));
  f.version = row.integer(i++);
  f.file_path = row.text(i++);
  f.file_ext = row.text(i++);
  f.size_bytes = row.integer(i++);
  f.width = row.integer(i++);
  f.height = row.integer(i++);
  f.bitrate_kbps = row.integer(i++);
  f.frame_rate = row.real(i++);
  f.container_format = row.text(i++);
  f.video_codec_id = row.text(i++);
  f.duration_ms = row.integer(i++);
  f.has_video = row.integer(i++) != 0;
  f.description = row.text(i++);
  f.tags = row.text(i++);
  f.created_at = row.integer(i++);
  f.updated_at = row.integer(i++);
  f.deleted_at = row.integer(i++);
  f.attributes = decode_attributes(row.text(i++));
  f.is_default = row.integer(i++) != 0;
  return f;
}

std::string placeholders() {
  std::string marks;
  for (int i = 0; i < kColumnCount; ++i) marks += i ? ", ?" : "?";
  return marks;
}

std::vector<FlavorAsset> read_all(Database::Statement& statement) {
  std::vector<FlavorAsset> flavors;
  while (statement.step()) flavors.push_back(read_flavor(statement));
  return flavors;
}

}  // namespace

void FlavorStore::create_table(Database& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS flavor_assets ("
      " seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, entry_id TEXT, partner_id INTEGER,"
      " flavor_params_id INTEGER, is_original INTEGER, status INTEGER, version INTEGER, file_path TEXT,"
      " file_ext TEXT, size_bytes INTEGER, width INTEGER, height INTEGER, bitrate_kbps INTEGER,"
      " frame_rate REAL, container_format TEXT, video_codec_id TEXT, duration_ms INTEGER, has_video INTEGER,"
      " description TEXT, tags TEXT, created_at INTEGER, updated_at INTEGER, deleted_at INTEGER,"
      " attributes TEXT, is_default INTEGER)");
  db.exec("CREATE INDEX IF NOT EXISTS flavor_assets_by_entry ON flavor_assets (entry_id)");
}

void FlavorStore::insert(const FlavorAsset& flavor) {
  auto statement =
      db_.prepare(std::string("INSERT INTO flavor_assets (") + kColumns + ") VALUES (" + placeholders() + ")");
  bind_flavor(statement, flavor);
  statement.run();
}

void FlavorStore::update(const FlavorAsset& flavor) {
  auto statement = db_.prepare(std::string("UPDATE flavor_assets SET (") + kColumns + ") = (" + placeholders() +
                               ") WHERE id = ?");
  bind_flavor(statement, flavor);
  statement.bind(kColumnCount + 1, flavor.id);
  statement.run();
}

std::optional<FlavorAsset> FlavorStore::find(const std::string& id) {
  auto statement = db_.prepare(std::string("SELECT ") + kColumns + " FROM flavor_assets WHERE id = ?");
  statement.bind(1, id);
  if (!statement.step()) return std::nullopt;
  return read_flavor(statement);
}

std::vector<FlavorAsset> FlavorStore::live_of_entry(const std::string& entry_id) {
  auto statement = db_.prepare(std::string("SELECT ") + kColumns +
                               " FROM flavor_assets WHERE entry_id = ? AND status != 3 ORDER BY seq");
  statement.bind(1, entry_id);
  return read_all(statement);
}

std::vector<FlavorAsset> FlavorStore::unfinished() {
  auto statement = db_.prepare(std::string("SELECT ") + kColumns +
                               " FROM flavor_assets WHERE status IN (0, 1) ORDER BY seq");
  return read_all(statement);
}

}  // namespace devserver
