// uploadToken.upload (protocol §7.4, §7.5, §7.8): every placement rule and
// recipe, checked through the token's fields and the bytes a user gets back.
#include <glib.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "test_upload_token_api.h"

using namespace upload_token_test;

namespace {

std::unique_ptr<DevServerProcess> server;

TokenApi admin() { return TokenApi(*server, start_session(*server, 2)); }

void assert_ok(const Reply& reply) {
  if (!reply.code().empty()) g_error("unexpected error: %s", reply.body().c_str());
}

void assert_uploaded_bytes(const std::string& token_id, const std::string& expected) {
  std::string actual = uploaded_bytes(*server, token_id);
  g_assert_cmpuint(actual.size(), ==, expected.size());
  ASSERT_TEXT(sha256(actual), sha256(expected).c_str());
}

void test_single_request_upload() {
  TokenApi api = admin();
  std::string id = api.add().text("id");
  std::string data = pattern_bytes(300000, 1);
  Reply done = api.upload(id, data, false, true, -1, "clip.mp4");
  assert_ok(done);
  g_assert_cmpint(done.number("status"), ==, 2);
  g_assert_true(done.value_type("uploadedFileSize") == G_TYPE_STRING);
  ASSERT_TEXT(done.text("uploadedFileSize"), "300000");
  ASSERT_TEXT(done.text("fileName"), "clip.mp4");  // taken from the part
  assert_uploaded_bytes(id, data);
  ASSERT_TEXT(api.upload(id, data, false, true, -1).code(), "UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD");
}

void test_sequential_chunks() {
  TokenApi api = admin();
  std::string id = api.add({{"fileName", "seq.mp4"}}).text("id");
  std::string data = pattern_bytes(250000, 2);
  const size_t chunk = 100000;
  for (size_t offset = 0; offset < data.size(); offset += chunk) {
    bool last = offset + chunk >= data.size();
    Reply reply = api.upload(id, data.substr(offset, chunk), offset > 0, last, static_cast<int64_t>(offset));
    assert_ok(reply);
    g_assert_cmpint(reply.number("uploadedFileSize"), ==, static_cast<int64_t>(std::min(offset + chunk, data.size())));
    g_assert_cmpint(reply.number("status"), ==, last ? 2 : 1);
  }
  ASSERT_TEXT(api.get(id).text("fileName"), "seq.mp4");  // the token's own name stays
  assert_uploaded_bytes(id, data);
}

void test_append_at_the_end_with_resume_at_minus_one() {
  TokenApi api = admin();
  std::string id = api.add().text("id");
  assert_ok(api.upload(id, "first-", false, false, -1));
  Reply appended = api.upload(id, "second", true, false, -1);
  ASSERT_TEXT(appended.text("uploadedFileSize"), "12");
  Reply done = api.upload(id, "-third", true, true, -1);
  g_assert_cmpint(done.number("status"), ==, 2);
  assert_uploaded_bytes(id, "first-second-third");
}

void test_resume_false_restarts_the_file() {
  TokenApi api = admin();
  std::string id = api.add().text("id");
  assert_ok(api.upload(id, pattern_bytes(5000, 3), false, false, 0));
  assert_ok(api.upload(id, pattern_bytes(5000, 4), true, false, 5000));
  std::string restart = pattern_bytes(700, 5);
  Reply reply = api.upload(id, restart, false, false, 9999);  // resumeAt is ignored
  ASSERT_TEXT(reply.text("uploadedFileSize"), "700");
  g_assert_cmpint(reply.number("status"), ==, 1);
  assert_ok(api.upload(id, "", true, true, 700));
  assert_uploaded_bytes(id, restart);
}

void test_resume_needs_an_existing_file() {
  TokenApi api = admin();
  std::string id = api.add().text("id");
  Reply reply = api.upload(id, "abc", true, false, 0);
  ASSERT_TEXT(reply.code(), "UPLOAD_TOKEN_CANNOT_RESUME");
  ASSERT_TEXT(reply.text("message"), "Cannot resume the upload, original file was not found");
  g_assert_cmpint(api.get(id).number("status"), ==, 0);
}

void test_zero_length_non_final_chunk_is_ignored() {
  TokenApi api = admin();
  std::string id = api.add().text("id");
  Reply before = api.upload(id, "0123456789", false, false, 0);
  g_usleep(1100000);  // a changed updatedAt would show
  Reply ignored = api.upload(id, "", true, false, 500);
  ASSERT_TEXT(ignored.body(), before.body().c_str());
  Reply ignored_restart = api.upload(id, "", false, false, 3);  // whatever resume says
  ASSERT_TEXT(ignored_restart.body(), before.body().c_str());
  ASSERT_TEXT(api.get(id).body(), before.body().c_str());
}

void test_resending_a_chunk_is_harmless() {
  TokenApi api = admin();
  std::string id = api.add().text("id");
  std::string data = pattern_bytes(30000, 6);
  assert_ok(api.upload(id, data.substr(0, 10000), false, false, 0));
  assert_ok(api.upload(id, data.substr(10000, 10000), true, false, 10000));
  Reply resent = api.upload(id, data.substr(10000, 10000), true, false, 10000);  // written in place again
  ASSERT_TEXT(resent.text("uploadedFileSize"), "20000");
  // A chunk that straddles the end overwrites what it covers and extends.
  Reply straddling = api.upload(id, data.substr(15000, 10000), true, false, 15000);
  ASSERT_TEXT(straddling.text("uploadedFileSize"), "25000");
  Reply done = api.upload(id, data.substr(25000), true, true, 25000);
  g_assert_cmpint(done.number("status"), ==, 2);
  ASSERT_TEXT(done.text("uploadedFileSize"), "30000");
  assert_uploaded_bytes(id, data);
}

// The real service's quirk (§7.4 note): a chunk stored aside at offset 0 is
// written at offset 0 when a final joins, even though the file is longer.
void test_chunk_stored_at_offset_zero_is_written_at_zero() {
  TokenApi api = admin();
  std::string id = api.add().text("id");
  std::string data = pattern_bytes(20000, 12);
  std::string stale_head = pattern_bytes(5000, 13);
  assert_ok(api.upload(id, data.substr(0, 10000), false, false, 0));
  assert_ok(api.upload(id, data.substr(10000), true, false, 10000));
  Reply aside = api.upload(id, stale_head, true, false, 0);  // inside [0, S): stored aside
  ASSERT_TEXT(aside.text("uploadedFileSize"), "20000");
  Reply done = api.upload(id, "", true, true, 20000);
  g_assert_cmpint(done.number("status"), ==, 2);
  ASSERT_TEXT(done.text("uploadedFileSize"), "20000");
  assert_uploaded_bytes(id, stale_head + data.substr(5000));
}

// A verifying final is stored under its offset like any chunk (§7.4), so
// an empty final sent where a chunk waits stored aside takes its place: the
// file ends there, and that chunk and whatever followed it are dropped.
void test_empty_final_takes_the_place_of_a_stored_chunk() {
  TokenApi api = admin();
  std::string id = api.add().text("id");
  std::string data = pattern_bytes(30000, 14);
  assert_ok(api.upload(id, data.substr(0, 10000), false, false, 0));
  assert_ok(api.upload(id, data.substr(20000), true, false, 20000));  // beyond a gap: stored aside
  Reply joined = api.upload(id, data.substr(10000, 10000), true, false, 10000);
  ASSERT_TEXT(joined.text("uploadedFileSize"), "20000");  // the chunk at 20000 is still aside
  Reply done = api.upload(id, "", true, true, 20000);
  assert_ok(done);
  g_assert_cmpint(done.number("status"), ==, 2);
  ASSERT_TEXT(done.text("uploadedFileSize"), "20000");
  assert_uploaded_bytes(id, data.substr(0, 20000));
}

// A final that joins the file past its expected size fails, and the token
// still reports the size it had: the real service saves nothing when the
// final fails, though the chunks it joined stay in the file.
void test_failed_final_keeps_the_reported_size() {
  TokenApi api = admin();
  std::string id = api.add().text("id");
  std::string data = pattern_bytes(30000, 15);
  assert_ok(api.upload(id, data.substr(0, 10000), false, false, 0));
  assert_ok(api.upload(id, data.substr(20000), true, false, 20000));
  assert_ok(api.upload(id, data.substr(10000, 10000), true, false, 10000));
  Reply too_short = api.upload(id, "", true, true, 15000);
  ASSERT_TEXT(too_short.code(), "UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE");
  Reply token = api.get(id);
  g_assert_cmpint(token.number("status"), ==, 1);
  ASSERT_TEXT(token.text("uploadedFileSize"), "20000");
  Reply done = api.upload(id, "", true, true, 30000);
  assert_ok(done);
  ASSERT_TEXT(done.text("uploadedFileSize"), "30000");
  assert_uploaded_bytes(id, data);
}

void test_parallel_out_of_order_chunks_then_zero_length_final() {
  TokenApi api = admin();
  std::string id = api.add({{"fileName", "parallel.mkv"}}).text("id");
  const size_t chunk = 64 * 1024;
  const size_t count = 12;
  std::string data = pattern_bytes(chunk * count - 1000, 7);
  assert_ok(api.upload(id, data.substr(0, chunk), false, false, 0));

  std::vector<size_t> order;
  for (size_t i = 1; i < count; ++i) order.push_back(i);
  std::shuffle(order.begin(), order.end(), std::mt19937(42));
  std::atomic<int> failures{0};
  std::vector<std::thread> senders;
  for (int worker = 0; worker < 4; ++worker) {
    senders.emplace_back([&, worker] {
      for (size_t k = worker; k < order.size(); k += 4) {
        size_t offset = order[k] * chunk;
        Reply reply = api.upload(id, data.substr(offset, chunk), true, false, static_cast<int64_t>(offset));
        if (!reply.code().empty() || reply.number("status") != 1) failures++;
      }
    });
  }
  for (auto& sender : senders) sender.join();
  g_assert_cmpint(failures.load(), ==, 0);
  g_assert_cmpint(api.get(id).number("uploadedFileSize"), <=, static_cast<int64_t>(data.size()));

  Reply done = api.upload(id, "", true, true, static_cast<int64_t>(data.size()));
  assert_ok(done);
  g_assert_cmpint(done.number("status"), ==, 2);
  g_assert_cmpint(done.number("uploadedFileSize"), ==, static_cast<int64_t>(data.size()));
  assert_uploaded_bytes(id, data);
}

void test_deferred_head_recipe() {
  TokenApi api = admin();
  std::string id = api.add({{"fileName", "movie.mp4"}}).text("id");
  const size_t head = 4096;
  const size_t chunk = 20000;
  std::string data = pattern_bytes(head + 3 * chunk + 123, 8);

  Reply empty = api.upload(id, "", false, false, 0);
  ASSERT_TEXT(empty.text("uploadedFileSize"), "0");
  g_assert_cmpint(empty.number("status"), ==, 1);
  for (size_t offset = head; offset < data.size(); offset += chunk) {
    Reply aside = api.upload(id, data.substr(offset, chunk), true, false, static_cast<int64_t>(offset));
    ASSERT_TEXT(aside.text("uploadedFileSize"), "0");
  }
  Reply with_head = api.upload(id, data.substr(0, head), true, false, 0);
  ASSERT_TEXT(with_head.text("uploadedFileSize"), std::to_string(head).c_str());
  Reply done = api.upload(id, "", true, true, static_cast<int64_t>(data.size()));
  assert_ok(done);
  g_assert_cmpint(done.number("status"), ==, 2);
  g_assert_cmpint(done.number("uploadedFileSize"), ==, static_cast<int64_t>(data.size()));
  assert_uploaded_bytes(id, data);
}

// The final call waits for a chunk still in flight: the server must let it in.
void test_final_waits_for_a_late_chunk() {
  TokenApi api = admin();
  std::string id = api.add().text("id");
  std::string data = pattern_bytes(30000, 9);
  assert_ok(api.upload(id, data.substr(0, 10000), false, false, 0));
  assert_ok(api.upload(id, data.substr(20000), true, false, 20000));

  std::optional<Reply> final_reply;
  std::thread finisher([&] { final_reply.emplace(api.upload(id, "", true, true, 30000)); });
  g_usleep(1500000);
  Reply late = api.upload(id, data.substr(10000, 10000), true, false, 10000);
  assert_ok(late);
  finisher.join();
  assert_ok(*final_reply);
  g_assert_cmpint(final_reply->number("status"), ==, 2);
  ASSERT_TEXT(final_reply->text("uploadedFileSize"), "30000");
  assert_uploaded_bytes(id, data);
}

void test_concurrent_duplicate_finals() {
  TokenApi api = admin();
  std::string id = api.add().text("id");
  std::string data = pattern_bytes(30000, 10);
  assert_ok(api.upload(id, data.substr(0, 10000), false, false, 0));
  assert_ok(api.upload(id, data.substr(20000), true, false, 20000));

  std::vector<std::string> codes(2);
  std::vector<std::thread> finals;
  for (int i = 0; i < 2; ++i)
    finals.emplace_back([&, i] { codes[i] = api.upload(id, "", true, true, 30000).code(); });
  g_usleep(1500000);  // both are waiting for the gap to close
  assert_ok(api.upload(id, data.substr(10000, 10000), true, false, 10000));
  for (auto& thread : finals) thread.join();
  std::sort(codes.begin(), codes.end());
  ASSERT_TEXT(codes[0], "");
  ASSERT_TEXT(codes[1], "UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD");
  g_assert_cmpint(api.get(id).number("status"), ==, 2);
  assert_uploaded_bytes(id, data);

  // A final sent again later is refused the same way.
  ASSERT_TEXT(api.upload(id, "", true, true, 30000).code(), "UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD");
}

void test_auto_finalize() {
  TokenApi api = admin();
  std::string data = pattern_bytes(30000, 11);
  std::string id = api.add({{"fileSize", "30000"}, {"autoFinalize", "1"}}).text("id");
  // Out of order, and never a finalChunk=true.
  g_assert_cmpint(api.upload(id, data.substr(0, 10000), false, false, 0).number("status"), ==, 1);
  Reply aside = api.upload(id, data.substr(20000), true, false, 20000);
  g_assert_cmpint(aside.number("status"), ==, 1);
  ASSERT_TEXT(aside.text("uploadedFileSize"), "10000");
  Reply done = api.upload(id, data.substr(10000, 10000), true, false, 10000);  // the sum reaches fileSize
  assert_ok(done);
  g_assert_cmpint(done.number("status"), ==, 2);
  ASSERT_TEXT(done.text("uploadedFileSize"), "30000");
  assert_uploaded_bytes(id, data);

  // A resume=false upload of fileSize bytes is final at once.
  std::string whole = api.add({{"fileSize", "30000"}, {"autoFinalize", "true"}}).text("id");
  g_assert_cmpint(api.upload(whole, data, false, false, 0).number("status"), ==, 2);
  assert_uploaded_bytes(whole, data);
}

void test_restricted_file_type_deletes_the_token() {
  TokenApi api = admin();
  std::string id = api.add({{"fileName", "setup.exe"}}).text("id");
  // Only the final call checks the type.
  g_assert_cmpint(api.upload(id, "MZ-part-one", false, false, 0).number("status"), ==, 1);
  Reply refused = api.upload(id, "-two", true, true, 11);
  ASSERT_TEXT(refused.code(), "UPLOAD_TOKEN_FILE_TYPE_RESTRICTED_FOR_UPLOAD");
  ASSERT_TEXT(refused.text("message"), "Upload token is restricted due to the file type");
  ASSERT_TEXT(api.get(id).code(), "UPLOAD_TOKEN_NOT_FOUND");

  // The part's name counts as well when the token has none.
  std::string unnamed = api.add().text("id");
  ASSERT_TEXT(api.upload(unnamed, "<?php", false, true, 0, "shell.PHP").code(),
              "UPLOAD_TOKEN_FILE_TYPE_RESTRICTED_FOR_UPLOAD");
  ASSERT_TEXT(api.get(unnamed).code(), "UPLOAD_TOKEN_NOT_FOUND");
}

bool tree_contains(const std::string& dir_path, const char* name) {
  g_autoptr(GDir) dir = g_dir_open(dir_path.c_str(), 0, nullptr);
  if (!dir) return false;
  while (const char* entry = g_dir_read_name(dir)) {
    std::string path = dir_path + "/" + entry;
    if (g_strcmp0(entry, name) == 0) return true;
    if (g_file_test(path.c_str(), G_FILE_TEST_IS_DIR) && tree_contains(path, name)) return true;
  }
  return false;
}

void test_client_file_names_never_become_paths() {
  TokenApi api = admin();
  std::string id = api.add().text("id");
  Reply done = api.upload(id, "payload", false, true, 0, "../../../escape.MP4");
  assert_ok(done);
  g_assert_true(g_str_has_suffix(done.text("fileName").c_str(), "escape.MP4"));  // metadata only
  assert_uploaded_bytes(id, "payload");
  g_assert_false(tree_contains(server->data_dir(), "escape.MP4"));
  // Nor where the name would lead from the folders the server writes to.
  for (const std::string& base : {server->data_dir() + "/tmp", server->data_dir() + "/content/upload-tokens/" + id}) {
    g_autofree char* target = g_canonicalize_filename("../../../escape.MP4", base.c_str());
    g_assert_false(g_file_test(target, G_FILE_TEST_EXISTS));
  }
}

void test_parameter_checks() {
  TokenApi api = admin();
  std::string id = api.add().text("id");
  std::string url = server->api_base() + "/service/uploadtoken/action/upload";
  std::string ks = start_session(*server, 2);

  auto missing_file = testing_support::post_multipart(url, {{"format", "1"}, {"ks", ks}, {"uploadTokenId", id}}, {});
  Reply no_file(missing_file.body);
  ASSERT_TEXT(no_file.code(), "MISSING_MANDATORY_PARAMETER");
  ASSERT_TEXT(no_file.error_arg("PARAM_NAME"), "fileData");

  auto not_a_file = testing_support::post_multipart(url, {{"format", "1"}, {"ks", ks}, {"uploadTokenId", id}},
                                                    {{"fileData", "", "plain field"}});
  ASSERT_TEXT(Reply(not_a_file.body).code(), "UPLOAD_ERROR");

  auto no_token = testing_support::post_multipart(url, {{"format", "1"}, {"ks", ks}}, {{"fileData", "a.bin", "x"}});
  Reply missing_token(no_token.body);
  ASSERT_TEXT(missing_token.code(), "MISSING_MANDATORY_PARAMETER");
  ASSERT_TEXT(missing_token.error_arg("PARAM_NAME"), "uploadTokenId");

  ASSERT_TEXT(api.upload("0_00000000000000000000000000000000", "x", false, true, 0).code(),
              "UPLOAD_TOKEN_NOT_FOUND");
  g_assert_cmpint(api.get(id).number("status"), ==, 0);
}

// The official Node.js client's shape: a json field, then the file part.
void test_multipart_with_a_json_field() {
  TokenApi api = admin();
  std::string id = api.add().text("id");
  std::string ks = start_session(*server, 2);
  std::string json = "{\"format\":1,\"ks\":\"" + ks + "\",\"uploadTokenId\":\"" + id +
                     "\",\"resume\":false,\"finalChunk\":true,\"resumeAt\":-1}";
  auto response = testing_support::post_multipart(server->api_base() + "/service/uploadtoken/action/upload",
                                                  {{"json", json}}, {{"fileData", "chunk", "node bytes"}});
  Reply done(response.body);
  assert_ok(done);
  g_assert_cmpint(done.number("status"), ==, 2);
  ASSERT_TEXT(done.text("uploadedFileSize"), "10");
  assert_uploaded_bytes(id, "node bytes");
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  server = std::make_unique<DevServerProcess>();
  g_test_add_func("/upload-token/upload/single-request", test_single_request_upload);
  g_test_add_func("/upload-token/upload/sequential", test_sequential_chunks);
  g_test_add_func("/upload-token/upload/append-at-end", test_append_at_the_end_with_resume_at_minus_one);
  g_test_add_func("/upload-token/upload/resume-false-restarts", test_resume_false_restarts_the_file);
  g_test_add_func("/upload-token/upload/cannot-resume", test_resume_needs_an_existing_file);
  g_test_add_func("/upload-token/upload/zero-length-ignored", test_zero_length_non_final_chunk_is_ignored);
  g_test_add_func("/upload-token/upload/resend-harmless", test_resending_a_chunk_is_harmless);
  g_test_add_func("/upload-token/upload/stored-at-offset-zero", test_chunk_stored_at_offset_zero_is_written_at_zero);
  g_test_add_func("/upload-token/upload/empty-final-replaces-stored-chunk",
                  test_empty_final_takes_the_place_of_a_stored_chunk);
  g_test_add_func("/upload-token/upload/failed-final-keeps-reported-size", test_failed_final_keeps_the_reported_size);
  g_test_add_func("/upload-token/upload/parallel-out-of-order", test_parallel_out_of_order_chunks_then_zero_length_final);
  g_test_add_func("/upload-token/upload/deferred-head", test_deferred_head_recipe);
  g_test_add_func("/upload-token/upload/final-waits-for-late-chunk", test_final_waits_for_a_late_chunk);
  g_test_add_func("/upload-token/upload/concurrent-duplicate-finals", test_concurrent_duplicate_finals);
  g_test_add_func("/upload-token/upload/auto-finalize", test_auto_finalize);
  g_test_add_func("/upload-token/upload/restricted-file-type", test_restricted_file_type_deletes_the_token);
  g_test_add_func("/upload-token/upload/file-names-are-not-paths", test_client_file_names_never_become_paths);
  g_test_add_func("/upload-token/upload/parameter-checks", test_parameter_checks);
  g_test_add_func("/upload-token/upload/multipart-json-field", test_multipart_with_a_json_field);
  int status = g_test_run();
  server.reset();
  return status;
}
