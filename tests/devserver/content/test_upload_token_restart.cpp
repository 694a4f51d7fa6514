// Upload tokens survive the server: a stop or a crash (SIGKILL) in the middle
// of an upload loses nothing acknowledged, and the 7-day resume limit is
// measured from the stored updatedAt.
#include <glib.h>
#include <sqlite3.h>

#include <string>

#include "test_upload_token_api.h"

using namespace upload_token_test;

namespace {

enum class Interruption { Stop, Kill };

void assert_ok_reply(const Reply& reply) {
  if (!reply.code().empty()) g_error("unexpected error: %s", reply.body().c_str());
}

void interrupted_upload_resumes(Interruption how) {
  DevServerProcess server;
  std::string id;
  std::string data = pattern_bytes(40000, 31);
  {
    TokenApi api(server, start_session(server, 2));
    id = api.add({{"fileName", "survivor.mp4"}}).text("id");
    ASSERT_TEXT(api.upload(id, data.substr(0, 10000), false, false, 0).code(), "");
    ASSERT_TEXT(api.upload(id, data.substr(10000, 10000), true, false, 10000).code(), "");
    // Stored aside, beyond a gap.
    ASSERT_TEXT(api.upload(id, data.substr(30000), true, false, 30000).code(), "");
  }
  if (how == Interruption::Kill)
    server.kill();
  else
    server.stop();
  server.restart();

  TokenApi api(server, start_session(server, 2));
  Reply token = api.get(id);
  g_assert_cmpint(token.number("status"), ==, 1);
  ASSERT_TEXT(token.text("uploadedFileSize"), "20000");
  ASSERT_TEXT(token.text("fileName"), "survivor.mp4");

  ASSERT_TEXT(api.upload(id, data.substr(20000, 10000), true, false, 20000).code(), "");
  Reply done = api.upload(id, "", true, true, 40000);
  ASSERT_TEXT(done.code(), "");
  g_assert_cmpint(done.number("status"), ==, 2);
  ASSERT_TEXT(done.text("uploadedFileSize"), "40000");
  ASSERT_TEXT(sha256(uploaded_bytes(server, id)), sha256(data).c_str());
}

void test_stop_in_the_middle() { interrupted_upload_resumes(Interruption::Stop); }
void test_kill_in_the_middle() { interrupted_upload_resumes(Interruption::Kill); }

// Moves a token's updatedAt into the past in the stopped server's database.
void age_token(const DevServerProcess& server, const std::string& id, int64_t seconds) {
  std::string path = server.data_dir() + "/devserver.sqlite";
  sqlite3* db = nullptr;
  g_assert_cmpint(sqlite3_open(path.c_str(), &db), ==, SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  g_assert_cmpint(sqlite3_prepare_v2(db, "UPDATE upload_tokens SET updated_at = updated_at - ? WHERE id = ?", -1,
                                     &statement, nullptr),
                  ==, SQLITE_OK);
  sqlite3_bind_int64(statement, 1, seconds);
  sqlite3_bind_text(statement, 2, id.c_str(), -1, SQLITE_TRANSIENT);
  g_assert_cmpint(sqlite3_step(statement), ==, SQLITE_DONE);
  g_assert_cmpint(sqlite3_changes(db), ==, 1);
  sqlite3_finalize(statement);
  sqlite3_close(db);
}

// Sets a token's uploaded_size in the stopped server's database.
void set_uploaded_size(const DevServerProcess& server, const std::string& id, int64_t size) {
  std::string path = server.data_dir() + "/devserver.sqlite";
  sqlite3* db = nullptr;
  g_assert_cmpint(sqlite3_open(path.c_str(), &db), ==, SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  g_assert_cmpint(sqlite3_prepare_v2(db, "UPDATE upload_tokens SET uploaded_size = ? WHERE id = ?", -1, &statement,
                                     nullptr),
                  ==, SQLITE_OK);
  sqlite3_bind_int64(statement, 1, size);
  sqlite3_bind_text(statement, 2, id.c_str(), -1, SQLITE_TRANSIENT);
  g_assert_cmpint(sqlite3_step(statement), ==, SQLITE_DONE);
  g_assert_cmpint(sqlite3_changes(db), ==, 1);
  sqlite3_finalize(statement);
  sqlite3_close(db);
}

// A crash after a chunk reached the disk but before its row was committed
// leaves the row behind the file: at start the row follows the file.
void test_row_behind_the_file_is_reconciled_at_start() {
  DevServerProcess server;
  std::string data = pattern_bytes(30000, 32);
  std::string id;
  {
    TokenApi api(server, start_session(server, 2));
    id = api.add().text("id");
    assert_ok_reply(api.upload(id, data.substr(0, 20000), false, false, 0));
  }
  server.kill();
  set_uploaded_size(server, id, 10000);
  server.restart();

  TokenApi api(server, start_session(server, 2));
  ASSERT_TEXT(api.get(id).text("uploadedFileSize"), "20000");
  Reply done = api.upload(id, data.substr(20000), true, true, 20000);
  g_assert_cmpint(done.number("status"), ==, 2);
  ASSERT_TEXT(sha256(uploaded_bytes(server, id)), sha256(data));
}

void test_partial_upload_expires_after_seven_days() {
  DevServerProcess server;
  std::string partial, recent, pending;
  {
    TokenApi api(server, start_session(server, 2));
    partial = api.add().text("id");
    recent = api.add().text("id");
    pending = api.add().text("id");
    ASSERT_TEXT(api.upload(partial, "0123456789", false, false, 0).code(), "");
    ASSERT_TEXT(api.upload(recent, "0123456789", false, false, 0).code(), "");
  }
  server.stop();
  age_token(server, partial, 604800 + 60);
  age_token(server, recent, 604800 - 60);
  age_token(server, pending, 604800 * 4);
  server.restart();

  TokenApi api(server, start_session(server, 2));
  Reply expired = api.upload(partial, "more", true, false, 10);
  ASSERT_TEXT(expired.code(), "UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED");
  ASSERT_TEXT(expired.error_arg("MAX_RESUME_TIME"), "604800");
  ASSERT_TEXT(expired.text("message"),
              "Max resume time of 604800 seconds reached, cannot resume upload");
  g_assert_cmpint(api.get(partial).number("status"), ==, 1);

  Reply in_time = api.upload(recent, "more", true, true, 10);
  ASSERT_TEXT(in_time.code(), "");
  g_assert_cmpint(in_time.number("status"), ==, 2);
  ASSERT_TEXT(sha256(uploaded_bytes(server, recent)), sha256("0123456789more").c_str());

  // PENDING tokens never expire.
  g_assert_cmpint(api.upload(pending, "late start", false, true, 0).number("status"), ==, 2);
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/upload-token/restart/stop-in-the-middle", test_stop_in_the_middle);
  g_test_add_func("/upload-token/restart/kill-in-the-middle", test_kill_in_the_middle);
  g_test_add_func("/upload-token/restart/row-follows-the-file", test_row_behind_the_file_is_reconciled_at_start);
  g_test_add_func("/upload-token/restart/partial-upload-expires", test_partial_upload_expires_after_seven_days);
  return g_test_run();
}
