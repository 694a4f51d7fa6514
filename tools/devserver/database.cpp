// Database: the SQLite store shared by the modules (WAL, busy timeout).
#include <glib.h>

#include "server_context.h"

namespace devserver {

namespace {

[[noreturn]] void fail(sqlite3* db, const char* what) {
  g_printerr("kaltura-devserver: database error (%s): %s\n", what, db ? sqlite3_errmsg(db) : "no handle");
  throw ApiError("INTERNAL_DATABASE_ERROR");
}

}  // namespace

Database::Database(const std::string& path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK)
    fail(db_, "open");
  sqlite3_busy_timeout(db_, 5000);
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=NORMAL");
}

Database::~Database() { sqlite3_close_v2(db_); }

void Database::exec(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    g_printerr("kaltura-devserver: database error in \"%s\": %s\n", sql.c_str(), error ? error : "?");
    sqlite3_free(error);
    throw ApiError("INTERNAL_DATABASE_ERROR");
  }
}

int64_t Database::changes() const { return sqlite3_changes(db_); }

Database::Statement::Statement(sqlite3* db, const std::string& sql) {
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) fail(db, sql.c_str());
}

Database::Statement::~Statement() { sqlite3_finalize(stmt_); }

Database::Statement& Database::Statement::bind(int index, const std::string& value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Database::Statement& Database::Statement::bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Database::Statement& Database::Statement::bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}

Database::Statement& Database::Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

bool Database::Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(sqlite3_db_handle(stmt_), "step");
}

void Database::Statement::run() {
  while (step()) {
  }
}

std::string Database::Statement::text(int column) const {
  const unsigned char* value = sqlite3_column_text(stmt_, column);
  return value ? std::string(reinterpret_cast<const char*>(value), sqlite3_column_bytes(stmt_, column)) : "";
}

int64_t Database::Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

double Database::Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }

bool Database::Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

}  // namespace devserver
