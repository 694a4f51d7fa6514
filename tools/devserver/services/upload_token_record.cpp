#include "upload_token_record.h"

#include <type_traits>
#include <utility>

namespace devserver {

namespace {

constexpr const char* kColumns =
    "id, partner_id, user_id, status, file_name, file_size, uploaded_size, auto_finalize, "
    "auto_finalize_sum, file_ext, attached_object_type, attached_object_id, created_at, updated_at";

UploadTokenRecord read_row(const Database::Statement& row) {
  UploadTokenRecord token;
  token.id = row.text(0);
  token.partner_id = static_cast<int>(row.integer(1));
  token.user_id = row.text(2);
  token.status = static_cast<UploadTokenStatus>(row.integer(3));
  token.file_name = row.text(4);
  if (!row.is_null(5)) token.file_size = row.integer(5);
  if (!row.is_null(6)) token.uploaded_size = row.integer(6);
  token.auto_finalize = row.integer(7) != 0;
  token.auto_finalize_sum = row.integer(8);
  token.file_ext = row.text(9);
  token.attached_object_type = row.text(10);
  token.attached_object_id = row.text(11);
  token.created_at = row.integer(12);
  token.updated_at = row.integer(13);
  return token;
}

void bind_optional(Database::Statement& statement, int index, const std::optional<int64_t>& value) {
  if (value)
    statement.bind(index, *value);
  else
    statement.bind_null(index);
}

// A WHERE clause with its positional values, built from a list filter.
class WhereClause {
 public:
  void add(const std::string& condition) { conditions_.push_back(condition); }
  void add(const std::string& condition, std::string value) {
    conditions_.push_back(condition);
    text_values_.emplace_back(values_count_++, std::move(value));
  }
  void add(const std::string& condition, int64_t value) {
    conditions_.push_back(condition);
    int_values_.emplace_back(values_count_++, value);
  }
  // "column IN (?, ?, ...)" with one value per element.
  template <typename T>
  void add_in(const std::string& column, const std::vector<T>& values) {
    std::string condition = column + " IN (";
    for (size_t i = 0; i < values.size(); ++i) {
      condition += i ? ", ?" : "?";
      if constexpr (std::is_same_v<T, std::string>)
        text_values_.emplace_back(values_count_++, values[i]);
      else
        int_values_.emplace_back(values_count_++, static_cast<int64_t>(values[i]));
    }
    conditions_.push_back(condition + ")");
  }
  std::string sql() const {
    std::string out;
    for (const auto& condition : conditions_) out += (out.empty() ? " WHERE " : " AND ") + condition;
    return out;
  }
  // Binds the values from position first_index on; returns the next free position.
  int bind(Database::Statement& statement, int first_index) const {
    for (const auto& [position, value] : text_values_) statement.bind(first_index + position, value);
    for (const auto& [position, value] : int_values_) statement.bind(first_index + position, value);
    return first_index + values_count_;
  }

 private:
  std::vector<std::string> conditions_;
  std::vector<std::pair<int, std::string>> text_values_;
  std::vector<std::pair<int, int64_t>> int_values_;
  int values_count_ = 0;
};

WhereClause where_clause(const UploadTokenQuery& query) {
  WhereClause where;
  where.add("partner_id = ?", static_cast<int64_t>(query.partner_id));
  where.add("status <> ?", static_cast<int64_t>(UploadTokenStatus::Deleted));
  if (query.owner_user_id) where.add("user_id = ?", *query.owner_user_id);
  if (query.id_equal) where.add("id = ?", *query.id_equal);
  if (!query.id_in.empty()) where.add_in("id", query.id_in);
  if (query.user_id_equal) where.add("user_id = ?", *query.user_id_equal);
  if (query.status_in) where.add_in("status", *query.status_in);
  if (query.file_name_equal) where.add("file_name = ?", *query.file_name_equal);
  if (query.file_size_equal) where.add("file_size = ?", *query.file_size_equal);
  return where;
}

}  // namespace

void UploadTokenStore::create_tables() {
  server_.db().exec(
      "CREATE TABLE IF NOT EXISTS upload_tokens ("
      " id TEXT PRIMARY KEY,"
      " partner_id INTEGER NOT NULL,"
      " user_id TEXT NOT NULL DEFAULT '',"
      " status INTEGER NOT NULL,"
      " file_name TEXT NOT NULL DEFAULT '',"
      " file_size INTEGER,"
      " uploaded_size INTEGER,"
      " auto_finalize INTEGER NOT NULL DEFAULT 0,"
      " auto_finalize_sum INTEGER NOT NULL DEFAULT 0,"
      " file_ext TEXT NOT NULL DEFAULT '',"
      " attached_object_type TEXT NOT NULL DEFAULT '',"
      " attached_object_id TEXT NOT NULL DEFAULT '',"
      " created_at INTEGER NOT NULL,"
      " updated_at INTEGER NOT NULL)");
  server_.db().exec("CREATE INDEX IF NOT EXISTS upload_tokens_by_partner ON upload_tokens (partner_id, status)");
}

void UploadTokenStore::insert(const UploadTokenRecord& token) {
  auto statement = server_.db().prepare(std::string("INSERT INTO upload_tokens (") + kColumns +
                                        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  statement.bind(1, token.id)
      .bind(2, static_cast<int64_t>(token.partner_id))
      .bind(3, token.user_id)
      .bind(4, static_cast<int64_t>(token.status))
      .bind(5, token.file_name);
  bind_optional(statement, 6, token.file_size);
  bind_optional(statement, 7, token.uploaded_size);
  statement.bind(8, static_cast<int64_t>(token.auto_finalize))
      .bind(9, token.auto_finalize_sum)
      .bind(10, token.file_ext)
      .bind(11, token.attached_object_type)
      .bind(12, token.attached_object_id)
      .bind(13, token.created_at)
      .bind(14, token.updated_at);
  statement.run();
}

void UploadTokenStore::save(const UploadTokenRecord& token) {
  auto statement = server_.db().prepare(
      "UPDATE upload_tokens SET status = ?, file_name = ?, file_size = ?, uploaded_size = ?, auto_finalize = ?,"
      " auto_finalize_sum = ?, file_ext = ?, attached_object_type = ?, attached_object_id = ?, updated_at = ?"
      " WHERE id = ?");
  statement.bind(1, static_cast<int64_t>(token.status)).bind(2, token.file_name);
  bind_optional(statement, 3, token.file_size);
  bind_optional(statement, 4, token.uploaded_size);
  statement.bind(5, static_cast<int64_t>(token.auto_finalize))
      .bind(6, token.auto_finalize_sum)
      .bind(7, token.file_ext)
      .bind(8, token.attached_object_type)
      .bind(9, token.attached_object_id)
      .bind(10, token.updated_at)
      .bind(11, token.id);
  statement.run();
}

std::optional<UploadTokenRecord> UploadTokenStore::find(int partner_id, const std::string& id) {
  auto statement = server_.db().prepare(std::string("SELECT ") + kColumns +
                                        " FROM upload_tokens WHERE id = ? AND partner_id = ? AND status <> ?");
  statement.bind(1, id).bind(2, static_cast<int64_t>(partner_id)).bind(3, static_cast<int64_t>(UploadTokenStatus::Deleted));
  if (!statement.step()) return std::nullopt;
  return read_row(statement);
}

UploadTokenPage UploadTokenStore::list(const UploadTokenQuery& query) {
  WhereClause where = where_clause(query);
  UploadTokenPage page;

  auto count = server_.db().prepare("SELECT COUNT(*) FROM upload_tokens" + where.sql());
  where.bind(count, 1);
  if (count.step()) page.total_count = count.integer(0);

  // Tokens made in the same second keep their creation order (rowid).
  const char* direction = query.newest_first ? " DESC" : " ASC";
  auto rows = server_.db().prepare(std::string("SELECT ") + kColumns + " FROM upload_tokens" + where.sql() +
                                   " ORDER BY created_at" + direction + ", rowid" + direction + " LIMIT ? OFFSET ?");
  int next = where.bind(rows, 1);
  rows.bind(next, static_cast<int64_t>(query.page_size))
      .bind(next + 1, static_cast<int64_t>(query.page_size) * (query.page_index - 1));
  while (rows.step()) page.tokens.push_back(read_row(rows));
  return page;
}

std::vector<UploadTokenRecord> UploadTokenStore::unfinished() {
  auto rows = server_.db().prepare(std::string("SELECT ") + kColumns + " FROM upload_tokens WHERE status IN (?, ?)");
  rows.bind(1, static_cast<int64_t>(UploadTokenStatus::Pending))
      .bind(2, static_cast<int64_t>(UploadTokenStatus::PartialUpload));
  std::vector<UploadTokenRecord> tokens;
  while (rows.step()) tokens.push_back(read_row(rows));
  return tokens;
}

UploadTokenRecord find_token_for_caller(ServerContext& server, const Caller& caller, const std::string& id) {
  auto token = UploadTokenStore(server).find(caller.partner_id, id);
  if (!token || (!caller.is_admin() && token->user_id != caller.user_id)) throw ApiError("UPLOAD_TOKEN_NOT_FOUND");
  return *token;
}

}  // namespace devserver
