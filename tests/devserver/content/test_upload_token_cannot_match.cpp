// A verifying final that cannot complete: after its 45 one-second rounds it
// fails with UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE, the token stays
// PARTIAL_UPLOAD, and the final succeeds once the missing chunk is sent.
// (Kept apart from the other upload tests: it takes the full 45 seconds.)
#include <glib.h>

#include "test_upload_token_api.h"

using namespace upload_token_test;

namespace {

void test_cannot_match_then_retry() {
  DevServerProcess server;
  TokenApi api(server, start_session(server, 2));
  std::string id = api.add({{"fileName", "gap.mp4"}}).text("id");
  std::string data = pattern_bytes(30000, 21);
  ASSERT_TEXT(api.upload(id, data.substr(0, 10000), false, false, 0).code(), "");
  ASSERT_TEXT(api.upload(id, data.substr(20000), true, false, 20000).code(), "");

  gint64 started = g_get_monotonic_time();
  Reply failed = api.upload(id, "", true, true, 30000);
  gint64 waited_s = (g_get_monotonic_time() - started) / G_USEC_PER_SEC;
  ASSERT_TEXT(failed.code(), "UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE");
  ASSERT_TEXT(failed.text("message"), "Failed to match expected file size");
  g_assert_cmpint(waited_s, >=, 40);

  Reply token = api.get(id);
  g_assert_cmpint(token.number("status"), ==, 1);
  ASSERT_TEXT(token.text("uploadedFileSize"), "10000");

  ASSERT_TEXT(api.upload(id, data.substr(10000, 10000), true, false, 10000).code(), "");
  Reply done = api.upload(id, "", true, true, 30000);
  ASSERT_TEXT(done.code(), "");
  g_assert_cmpint(done.number("status"), ==, 2);
  ASSERT_TEXT(done.text("uploadedFileSize"), "30000");
  ASSERT_TEXT(sha256(uploaded_bytes(server, id)), sha256(data).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/upload-token/upload/cannot-match-then-retry", test_cannot_match_then_retry);
  return g_test_run();
}
