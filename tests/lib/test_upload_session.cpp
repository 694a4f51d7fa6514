// The chunked upload engine against a real devserver: a stream cut by
// ChunkAssembler into chunks made of many slices (as kalturasink hands them
// over) and sent by UploadSession in parallel, out of order, behind a deferred
// head, reaches the server byte for byte; and so it does under injected
// faults, where the slices of a chunk are sent again.
#include <glib.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <vector>

#include "kaltura/client.h"
#include "kaltura/objects.h"
#include "kaltura/operations.h"
#include "kaltura/upload/chunk_assembler.h"
#include "kaltura/upload/upload_session.h"
#include "lib_test_client.h"

using namespace kaltura;
using namespace lib_test;
using kaltura::upload::BytesRef;
using kaltura::upload::Chunk;
using kaltura::upload::ChunkAssembler;
using kaltura::upload::UploadSession;
using testing_support::DevServerProcess;

namespace {

constexpr uint64_t kChunkSize = 65536;

// Writes of uneven sizes, so that chunks are made of several slices, some of
// them parts of one write.
std::vector<BytesRef> uneven_writes(const std::string& data) {
  static const size_t sizes[] = {1, 777, 40000, 3, 65536, 100000, 12345};
  std::vector<BytesRef> writes;
  size_t at = 0;
  for (size_t i = 0; at < data.size(); ++i) {
    const size_t length = std::min(sizes[i % G_N_ELEMENTS(sizes)], data.size() - at);
    writes.push_back(BytesRef::adopt(g_bytes_new(data.data() + at, length)));
    at += length;
  }
  return writes;
}

struct Uploaded {
  std::string token_id;
  upload::UploadSessionStats stats;
  uint64_t chunks = 0;
  uint64_t chunks_of_several_slices = 0;
};

// Callbacks that open the session on a new token for file_name.
upload::UploadSessionCallbacks new_token_callbacks(Client& client, const std::string& file_name) {
  upload::UploadSessionCallbacks callbacks;
  callbacks.open_token = [&client, file_name] {
    upload::TokenStart start;
    start.token_id = UploadToken::from_json(client.call(ops::upload_token_add(file_name))).id;
    start.file_name = file_name;
    return start;
  };
  return callbacks;
}

upload::UploadSessionOptions with_parallel(int max_parallel) {
  upload::UploadSessionOptions options;
  options.max_parallel = max_parallel;
  return options;
}

// Sends data through ChunkAssembler (the first chunk held as the head) and
// UploadSession; checks the token the final call leaves.
Uploaded upload_stream(Client& client, const std::string& data, int max_parallel) {
  Uploaded uploaded;
  UploadSession session(client, with_parallel(max_parallel), new_token_callbacks(client, "slices.bin"));
  ChunkAssembler assembler(kChunkSize, kChunkSize);
  auto submit = [&](Chunk chunk) {
    ++uploaded.chunks;
    if (chunk.data.slice_count() > 1) ++uploaded.chunks_of_several_slices;
    session.submit(std::move(chunk));
  };
  for (const BytesRef& write : uneven_writes(data))
    for (Chunk& chunk : assembler.write(write)) submit(std::move(chunk));
  for (Chunk& chunk : assembler.finish()) submit(std::move(chunk));

  const UploadToken done = session.finish(data.size());
  g_assert_cmpint(done.status, ==, static_cast<int>(UploadTokenStatus::FullUpload));
  g_assert_cmpint(done.uploaded_file_size.value_or(-1), ==, static_cast<int64_t>(data.size()));
  uploaded.token_id = done.id;
  uploaded.stats = session.stats();
  return uploaded;
}

void test_slices_in_parallel() {
  DevServerProcess server;
  Client client(config_for(server), admin_credentials());
  const std::string data = pattern_bytes(16 * kChunkSize + 4321, 11);

  const Uploaded uploaded = upload_stream(client, data, 3);
  // The head, 14 chunks, and the tail: the last chunk with the 64 KiB held
  // back for rewrites, 4321 bytes more.
  g_assert_cmpuint(uploaded.chunks, ==, 16);
  g_assert_cmpuint(uploaded.chunks_of_several_slices, >=, 12);
  g_assert_cmpuint(uploaded.stats.chunks, ==, 16);
  g_assert_cmpuint(uploaded.stats.bytes_sent, ==, data.size());
  g_assert_cmpuint(uploaded.stats.bytes_acknowledged, ==, data.size());
  expect_str(sha256_hex(download_token_file(client, uploaded.token_id)), sha256_hex(data));
}

void test_slices_sent_again_after_faults() {
  // Uploads fail often, some after the server applied them: chunks are
  // retried from the same slices. The seed makes the run repeatable.
  DevServerProcess server({"--fault-rate", "0.3", "--fault-actions", "uploadtoken.upload", "--fault-kinds",
                           "http500,reset,apply-then-drop", "--fault-seed", "5"});
  Client client(config_for(server), admin_credentials());
  const std::string data = pattern_bytes(12 * kChunkSize + 999, 12);

  const Uploaded uploaded = upload_stream(client, data, 4);
  g_assert_cmpuint(uploaded.chunks_of_several_slices, >=, 8);
  g_assert_cmpuint(client.counters().retries, >, 0);
  g_assert_cmpuint(client.counters().bytes_sent, >, data.size());
  expect_str(sha256_hex(download_token_file(client, uploaded.token_id)), sha256_hex(data));
}

// Half the uploads and half the token lookups fail, many with an unknown
// outcome: the final chunk gets as many attempts as any call (retries, with
// backoff), not four quick ones, and each of a row of uploads ends right.
// One chunk at a time, so the seed gives the same faults every run.
void test_final_retried_as_any_call() {
  DevServerProcess server({"--fault-rate", "0.5", "--fault-actions", "uploadtoken.upload,uploadtoken.get",
                           "--fault-kinds", "api-error,http500,call-error,reset", "--fault-seed", "3"});
  ClientConfig config = config_for(server);
  config.retry.max_retries = 20;
  Client client(config, admin_credentials());
  for (int upload = 0; upload < 12; ++upload) {
    const std::string data = pattern_bytes(3 * kChunkSize + 17 * upload, 20 + upload);
    const Uploaded uploaded = upload_stream(client, data, 1);
    expect_str(sha256_hex(download_token_file(client, uploaded.token_id)), sha256_hex(data));
  }
}

// The memory bound: when submit() returns, the session holds at most
// max_parallel chunks (the caller then fills the next one). Each chunk's
// bytes count as live until the session lets go of them.
void test_submit_waits_for_the_window() {
  DevServerProcess server;
  Client client(config_for(server), admin_credentials());
  constexpr int kMaxParallel = 2;
  constexpr int kChunks = 10;
  UploadSession session(client, with_parallel(kMaxParallel), new_token_callbacks(client, "window.bin"));

  static std::atomic<int> live{0};
  const std::string data = pattern_bytes(kChunks * kChunkSize, 13);
  int most_live_after_submit = 0;
  for (int i = 0; i < kChunks; ++i) {
    ++live;
    GBytes* bytes = g_bytes_new_with_free_func(
        data.data() + i * kChunkSize, kChunkSize, [](gpointer) { --live; }, nullptr);
    Chunk chunk;
    chunk.offset = i * kChunkSize;
    chunk.data.append(BytesRef::adopt(bytes));
    session.submit(std::move(chunk));
    const int held = live.load();
    g_assert_cmpint(held, <=, kMaxParallel);
    most_live_after_submit = std::max(most_live_after_submit, held);
  }
  // Not vacuous: the window was full at times.
  g_assert_cmpint(most_live_after_submit, ==, kMaxParallel);
  const UploadToken done = session.finish(data.size());
  g_assert_cmpint(done.uploaded_file_size.value_or(-1), ==, static_cast<int64_t>(data.size()));
  g_assert_cmpint(live.load(), ==, 0);
  expect_str(sha256_hex(download_token_file(client, done.id)), sha256_hex(data));
}

// open_token() opens the token before any chunk, as a recording begins; the
// chunks then go to that token.
void test_token_opened_before_any_chunk() {
  DevServerProcess server;
  Client client(config_for(server), admin_credentials());
  std::atomic<bool> opened{false};
  upload::UploadSessionCallbacks callbacks = new_token_callbacks(client, "early.bin");
  const auto open_new_token = callbacks.open_token;
  std::string token_id;
  callbacks.open_token = [&] {
    upload::TokenStart start = open_new_token();
    token_id = start.token_id;
    opened = true;
    return start;
  };
  UploadSession session(client, with_parallel(2), callbacks);
  session.open_token();
  const gint64 deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
  while (!opened) {
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    g_usleep(5000);
  }
  // Nothing sent yet: the token waits, empty, for its first upload.
  const UploadToken waiting = UploadToken::from_json(client.call(ops::upload_token_get(token_id)));
  g_assert_cmpint(waiting.status, ==, static_cast<int>(UploadTokenStatus::Pending));

  const std::string data = pattern_bytes(3 * kChunkSize + 10, 14);
  ChunkAssembler assembler(kChunkSize, 0);
  for (const BytesRef& write : uneven_writes(data))
    for (Chunk& chunk : assembler.write(write)) session.submit(std::move(chunk));
  for (Chunk& chunk : assembler.finish()) session.submit(std::move(chunk));
  const UploadToken done = session.finish(data.size());
  expect_str(done.id, token_id);
  expect_str(sha256_hex(download_token_file(client, done.id)), sha256_hex(data));
}

// A token that cannot be opened fails the session by itself: the caller
// learns it while still streaming, before it has a chunk to submit.
void test_failed_opening_shows_without_a_chunk() {
  DevServerProcess server;
  Client client(config_for(server), admin_credentials());
  upload::UploadSessionCallbacks callbacks;
  callbacks.open_token = [&client]() -> upload::TokenStart {
    client.call(ops::media_get("0_nosuch12"));  // the entry to attach to does not exist
    return {};
  };
  UploadSession session(client, with_parallel(2), callbacks);
  session.open_token();
  const gint64 deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
  for (;;) {
    try {
      session.throw_if_failed();
    } catch (const Error& error) {
      g_assert_true(error.is_api("ENTRY_ID_NOT_FOUND"));
      return;
    }
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    g_usleep(5000);
  }
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/upload-session/slices-in-parallel", test_slices_in_parallel);
  g_test_add_func("/upload-session/slices-sent-again-after-faults", test_slices_sent_again_after_faults);
  g_test_add_func("/upload-session/final-retried-as-any-call", test_final_retried_as_any_call);
  g_test_add_func("/upload-session/submit-waits-for-the-window", test_submit_waits_for_the_window);
  g_test_add_func("/upload-session/token-opened-before-any-chunk", test_token_opened_before_any_chunk);
  g_test_add_func("/upload-session/failed-opening-shows-without-a-chunk", test_failed_opening_shows_without_a_chunk);
  return g_test_run();
}
