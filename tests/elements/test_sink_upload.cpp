// kalturasink against a real kaltura-devserver: the bytes the server stores
// are exactly the bytes the sink received, whatever the size, the window,
// the faults or the restarts on the way.
#include <glib/gstdio.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "devserver_process.h"
#include "sink_test_support.h"

using testing_support::DevServerProcess;
using namespace sink_test;

namespace {

constexpr uint64_t kChunk = 64 * 1024;
constexpr uint64_t kTailReserve = 64 * 1024;  // bytes the sink holds back at the end for rewrites

DevServerProcess& shared_server() {
  static DevServerProcess server;
  return server;
}

struct UploadOutcome {
  BusLog log;
  std::string entry_id;
};

// Uploads total pattern bytes as a document entry (stored as is, whatever
// the bytes) and checks what the server holds.
UploadOutcome upload_and_check(DevServerProcess& server, uint64_t total, uint64_t buffer_size,
                               const std::function<void(GstElement*)>& configure = {},
                               const std::function<void(GstMessage*)>& on_message = {},
                               const std::function<void()>& before_download = {}) {
  g_autoptr(GstElement) pipeline = pattern_pipeline(total, buffer_size);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  // wait-for: the stored file is served once the entry is READY.
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, "file-name", "pattern.bin", "wait-for", 1,
               nullptr);
  if (configure) configure(sink);
  UploadOutcome outcome{run_pipeline(pipeline, 90, on_message), ""};
  const BusLog& log = outcome.log;
  if (log.error) {
    g_autoptr(GError) error = log.error_gerror();
    g_error("upload of %" G_GUINT64_FORMAT " bytes failed: %s", total, error->message);
  }
  g_assert_true(log.eos);
  outcome.entry_id = log.string_field("kaltura-entry-created", "entry-id");
  g_assert_cmpstr(outcome.entry_id.c_str(), !=, "");

  const GstStructure* complete = log.first("kaltura-upload-complete");
  g_assert_nonnull(complete);
  guint64 size = 0;
  g_assert_true(gst_structure_get_uint64(complete, "size", &size));
  g_assert_cmpuint(size, ==, total);
  g_assert_cmpstr(gst_structure_get_string(complete, "entry-id"), ==, outcome.entry_id.c_str());

  // Progress only ever grows, and ends at the total.
  guint64 previous = 0;
  for (const GstStructure* progress : log.named("kaltura-upload-progress")) {
    guint64 acknowledged = 0;
    g_assert_true(gst_structure_get_uint64(progress, "bytes-acknowledged", &acknowledged));
    g_assert_cmpuint(acknowledged, >=, previous);
    previous = acknowledged;
  }
  if (total > 0) g_assert_cmpuint(previous, ==, total);

  if (before_download) before_download();
  const std::string stored = download_source(server, outcome.entry_id);
  g_assert_cmpuint(stored.size(), ==, total);
  assert_same_bytes(stored, pattern_bytes(0, total));
  return outcome;
}

void test_sizes_around_chunk_boundaries() {
  // With the default rewrite window the head is one chunk; chunks after it
  // are cut once a further kTailReserve bytes have arrived.
  const uint64_t sizes[] = {1,
                            kChunk - 1,
                            kChunk,
                            kChunk + 1,
                            2 * kChunk + kTailReserve - 1,
                            2 * kChunk + kTailReserve,
                            2 * kChunk + kTailReserve + 1,
                            7 * kChunk + 12345};
  for (uint64_t size : sizes) {
    g_test_message("default rewrite window, %" G_GUINT64_FORMAT " bytes", size);
    upload_and_check(shared_server(), size, 10000);
  }
}

void test_sizes_in_order() {
  const uint64_t sizes[] = {1, kChunk, kChunk + kTailReserve, kChunk + kTailReserve + 1, 5 * kChunk + 3};
  for (uint64_t size : sizes) {
    g_test_message("rewrite-window=0, %" G_GUINT64_FORMAT " bytes", size);
    upload_and_check(shared_server(), size, 7000,
                     [](GstElement* sink) { g_object_set(sink, "rewrite-window", gint64{0}, nullptr); });
  }
}

void test_buffers_larger_than_chunks() {
  // One buffer spans several chunks: the chunks are slices of it.
  upload_and_check(shared_server(), 9 * kChunk + 99, 3 * kChunk + 5);
}

void test_zero_bytes() {
  UploadOutcome outcome = upload_and_check(shared_server(), 0, 4096);
  g_assert_nonnull(outcome.log.first("kaltura-upload-token-created"));
}

void test_parallel_windows() {
  const unsigned windows[] = {1, 2, 8};
  for (unsigned window : windows) {
    g_test_message("max-parallel-chunks=%u", window);
    UploadOutcome outcome = upload_and_check(shared_server(), 12 * kChunk + 777, 16384, [window](GstElement* sink) {
      g_object_set(sink, "max-parallel-chunks", window, nullptr);
    });
    // Every chunk was acknowledged once: 12 chunks after the head, the head, the tail.
    g_assert_cmpuint(outcome.log.named("kaltura-upload-progress").size(), >=, 12u);
  }
}

// filesrc, like any GstBaseSrc, takes its buffers from the allocator the sink
// offers (block_allocator.h: page-aligned mappings of their own), and the
// upload is whole.
// A temporary file holding data; its path.
std::string temporary_file_with(const std::string& data) {
  g_autofree char* path = nullptr;
  g_autoptr(GError) error = nullptr;
  const int fd = g_file_open_tmp("kalturasink-test-XXXXXX.bin", &path, &error);
  g_assert_no_error(error);
  close(fd);
  g_assert_true(g_file_set_contents(path, data.data(), static_cast<gssize>(data.size()), nullptr));
  return path;
}

void test_file_source_takes_the_sinks_allocator() {
  constexpr uint64_t kTotal = 7 * kChunk + 12345;
  const std::string data = pattern_bytes(0, kTotal);
  const std::string path = temporary_file_with(data);

  g_autofree char* description =
      g_strdup_printf("filesrc name=source location=\"%s\" blocksize=200000 ! kalturasink name=sink", path.c_str());
  g_autoptr(GstElement) pipeline = launch_at(shared_server(), description);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, "wait-for", 1, nullptr);
  g_autoptr(GstElement) source = gst_bin_get_by_name(GST_BIN(pipeline), "source");
  g_autoptr(GstPad) pad = gst_element_get_static_pad(source, "src");
  struct Seen {
    std::atomic<int> full_blocks{0};
    std::atomic<int> page_aligned{0};
  } seen;
  gst_pad_add_probe(
      pad, GST_PAD_PROBE_TYPE_BUFFER,
      [](GstPad*, GstPadProbeInfo* info, gpointer data) -> GstPadProbeReturn {
        auto* seen = static_cast<Seen*>(data);
        GstBuffer* buffer = GST_PAD_PROBE_INFO_BUFFER(info);
        GstMapInfo map;
        if (gst_buffer_get_size(buffer) == 200000 && gst_buffer_map(buffer, &map, GST_MAP_READ)) {
          ++seen->full_blocks;
          if (reinterpret_cast<uintptr_t>(map.data) % 4096 == 0) ++seen->page_aligned;
          gst_buffer_unmap(buffer, &map);
        }
        return GST_PAD_PROBE_OK;
      },
      &seen, nullptr);
  BusLog log = run_to_eos(pipeline);
  g_unlink(path.c_str());
  g_assert_cmpint(seen.full_blocks.load(), ==, static_cast<int>(kTotal / 200000));
  g_assert_cmpint(seen.page_aligned.load(), ==, seen.full_blocks.load());
  const std::string entry_id = log.string_field("kaltura-entry-created", "entry-id");
  assert_same_bytes(download_source(shared_server(), entry_id), data);
}

// A file that filesrc reads tells its size, through a queue too: every
// progress message carries the total from the first chunk on, long before
// EOS (the window holds three chunks), and GST_MESSAGE_PROGRESS says each
// percent once, however many chunks it takes.
void test_progress_knows_the_size_of_a_file() {
  constexpr uint64_t kChunks = 250;  // 0.4 % each
  constexpr uint64_t kTotal = kChunks * kChunk + 777;
  const std::string data = pattern_bytes(0, kTotal);
  const std::string path = temporary_file_with(data);
  g_autofree char* description =
      g_strdup_printf("filesrc location=\"%s\" ! queue ! kalturasink name=sink", path.c_str());
  g_autoptr(GstElement) pipeline = launch_at(shared_server(), description);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, "wait-for", 1, "rewrite-window", gint64{0},
               "max-parallel-chunks", 1u, nullptr);
  std::vector<int> percents;  // of the GST_MESSAGE_PROGRESS updates, in order
  BusLog log = run_pipeline(pipeline, 90, [&](GstMessage* message) {
    GstProgressType type;
    if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_PROGRESS) return;
    gst_message_parse_progress(message, &type, nullptr, nullptr);
    int percent = -1;
    if (type == GST_PROGRESS_TYPE_CONTINUE &&
        gst_structure_get_int(gst_message_get_structure(message), "percent", &percent))
      percents.push_back(percent);
  });
  g_unlink(path.c_str());
  g_assert_true(log.eos);
  const auto progress = log.named("kaltura-upload-progress");
  // One per chunk. The sink holds the last kTailReserve bytes back until EOS,
  // so the last chunk and the 777 bytes after it go together, in the final call.
  g_assert_cmpuint(progress.size(), ==, kChunks);
  for (const GstStructure* message : progress) {
    gint64 total = 0;
    g_assert_true(gst_structure_get_int64(message, "bytes-total", &total));
    g_assert_cmpint(total, ==, static_cast<gint64>(kTotal));
  }
  g_assert_cmpuint(percents.size(), ==, 101u);
  for (size_t i = 0; i < percents.size(); ++i) g_assert_cmpint(percents[i], ==, static_cast<int>(i));
  assert_same_bytes(download_source(shared_server(), log.string_field("kaltura-entry-created", "entry-id")), data);
}

// A source bin (as urisourcebin is) whose ghost pad stands for a typefind
// behind filesrc: the file's size is told through both.
void test_progress_knows_the_size_through_a_source_bin() {
  // A type to find (a PDF), and enough chunks that the first are
  // acknowledged long before EOS (the window holds three).
  const std::string data = "%PDF-1.4\n" + pattern_bytes(0, 40 * kChunk);
  const uint64_t kTotal = data.size();
  const std::string path = temporary_file_with(data);
  g_autofree char* description =
      g_strdup_printf("bin.( filesrc location=\"%s\" ! typefind ) ! kalturasink name=sink", path.c_str());
  g_autoptr(GstElement) pipeline = launch_at(shared_server(), description);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, "rewrite-window", gint64{0}, nullptr);
  BusLog log = run_pipeline(pipeline, 90);
  g_unlink(path.c_str());
  g_assert_true(log.eos);
  const auto progress = log.named("kaltura-upload-progress");
  g_assert_cmpuint(progress.size(), >, 1u);
  gint64 total = 0;
  g_assert_true(gst_structure_get_int64(progress.front(), "bytes-total", &total));
  g_assert_cmpint(total, ==, static_cast<gint64>(kTotal));
}

// A stream whose size nothing tells (a muxer, appsrc): the chunks that go at
// EOS, the held head among them, report the total the EOS gave, and the
// percentage reaches 100.
void test_progress_total_from_eos() {
  DevServerProcess server({"--latency-ms", "30"});
  constexpr uint64_t kTotal = 6 * kChunk + 777;
  g_autoptr(GstElement) pipeline = pattern_pipeline(kTotal, 10000);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, "max-parallel-chunks", 1u, nullptr);
  int last_percent = -1;
  BusLog log = run_pipeline(pipeline, 60, [&](GstMessage* message) {
    GstProgressType type;
    if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_PROGRESS) return;
    gst_message_parse_progress(message, &type, nullptr, nullptr);
    if (type == GST_PROGRESS_TYPE_CONTINUE)
      gst_structure_get_int(gst_message_get_structure(message), "percent", &last_percent);
  });
  g_assert_true(log.eos);
  const auto progress = log.named("kaltura-upload-progress");
  g_assert_false(progress.empty());
  guint64 acknowledged = 0;
  gint64 total = 0;
  g_assert_true(gst_structure_get_uint64(progress.back(), "bytes-acknowledged", &acknowledged));
  g_assert_true(gst_structure_get_int64(progress.back(), "bytes-total", &total));
  g_assert_cmpuint(acknowledged, ==, kTotal);
  g_assert_cmpint(total, ==, static_cast<gint64>(kTotal));
  g_assert_cmpint(last_percent, ==, 100);
}

// An empty file, as gst-launch-1.0 plays it (PAUSED first, where the EOS
// arrives and the upload completes): its progress starts before it completes.
void test_zero_bytes_progress() {
  const std::string path = temporary_file_with("");
  g_autoptr(GstElement) pipeline =
      launch_at(shared_server(), "filesrc location=\"" + path + "\" ! kalturasink name=sink");
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PAUSED), !=, GST_STATE_CHANGE_FAILURE);
  g_assert_cmpint(gst_element_get_state(pipeline, nullptr, nullptr, 30 * GST_SECOND), ==, GST_STATE_CHANGE_SUCCESS);
  std::vector<GstProgressType> types;
  BusLog log = run_pipeline(pipeline, 60, [&](GstMessage* message) {
    if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_PROGRESS) return;
    GstProgressType type;
    gst_message_parse_progress(message, &type, nullptr, nullptr);
    types.push_back(type);
  });
  g_unlink(path.c_str());
  g_assert_true(log.eos);
  g_assert_cmpuint(types.size(), >=, 2u);
  g_assert_cmpint(types.front(), ==, GST_PROGRESS_TYPE_START);
  g_assert_cmpint(types.back(), ==, GST_PROGRESS_TYPE_COMPLETE);
}

// The checks after the upload talk to the server without faults.
void without_faults(DevServerProcess& server) { server.restart({"--fault-rate", "0"}); }

// Faults the server injected (it logs "fault <kind> on <action>").
size_t count_faults(const DevServerProcess& server) {
  const std::string log = server.log();
  size_t count = 0;
  for (size_t at = log.find("\nfault "); at != std::string::npos; at = log.find("\nfault ", at + 1)) ++count;
  return count;
}

void test_faults_of_every_kind() {
  DevServerProcess server({"--fault-rate", "0.3", "--fault-kinds", "http500,reset,timeout,api-error,apply-then-drop",
                           "--fault-seed", "11", "--fault-timeout-ms", "1500", "--fault-actions",
                           "uploadtoken.upload,uploadtoken.get"});
  constexpr uint64_t kTotal = 10 * kChunk + 4321;
  GstElement* sink = nullptr;
  upload_and_check(
      server, kTotal, 10000,
      [&](GstElement* configured) {
        g_object_set(configured, "timeout", 1u, "retries", 12, nullptr);
        sink = GST_ELEMENT(gst_object_ref(configured));
      },
      {}, [&] { without_faults(server); });
  g_assert_cmpuint(count_faults(server), >=, 3u);
  // Every chunk byte put on the wire counts, the attempts the faults cut short too.
  g_assert_cmpuint(stats_uint64(sink, "bytes-acknowledged"), ==, kTotal);
  g_assert_cmpuint(stats_uint64(sink, "bytes-sent"), >, kTotal);
  gst_object_unref(sink);
}

void test_faults_on_every_call() {
  DevServerProcess server({"--fault-rate", "0.3", "--fault-kinds", "http500,reset,api-error,apply-then-drop,call-error",
                           "--fault-seed", "5"});
  upload_and_check(server, 6 * kChunk + 1, 10000, [](GstElement* sink) {
    g_object_set(sink, "timeout", 2u, "retries", 12, nullptr);
  }, {}, [&] { without_faults(server); });
  g_assert_cmpuint(count_faults(server), >=, 3u);
}

size_t count_lines_with(const std::string& text, const std::string& first, const std::string& second) {
  std::istringstream lines(text);
  size_t count = 0;
  for (std::string line; std::getline(lines, line);)
    if (line.find(first) != std::string::npos && line.find(second) != std::string::npos) ++count;
  return count;
}

// One call of the opening multirequest fails on the server's side while the
// others work: it is made again alone, and the upload goes on with one entry
// and one token.
void test_opening_call_failing_alone() {
  for (const char* action : {"baseentry.add", "uploadtoken.add", "document_documents.addcontent"}) {
    g_test_message("%s fails in the opening multirequest", action);
    // With this seed the first request holding the call fails it, the second does not.
    DevServerProcess server(
        {"--fault-rate", "0.5", "--fault-kinds", "call-error", "--fault-actions", action, "--fault-seed", "23"});
    upload_and_check(server, 3 * kChunk + 5, 10000);
    const std::string log = server.log();
    g_assert_cmpuint(count_lines_with(log, "fault call-error on multirequest,", action), ==, 1u);
    g_assert_cmpuint(count_lines_with(log, std::string(action) + " ", "-> INTERNAL_SERVERL_ERROR"), ==, 1u);
    g_assert_cmpuint(count_lines_with(log, "baseentry.add ", "-> ok"), ==, 1u);
    g_assert_cmpuint(count_lines_with(log, "uploadtoken.add ", "-> ok"), ==, 1u);
    g_assert_cmpuint(count_lines_with(log, "document_documents.addcontent ", "-> ok"), ==, 1u);
    assert_equal_text(
        json_member(admin_call(server, "baseentry", "list", {{"filter[statusNotEqual]", "3"}}), "totalCount"), "1");
  }
}

// The attaching call fails in the opening multirequest and is made again
// alone; the server carries that one out but its answer is lost, and the
// client's next attempt is refused (ENTRY_ALREADY_WITH_CONTENT). The token,
// attached to the entry, shows the call worked: the upload goes on (it was
// deleted as a failed start). A row of uploads, so the seed's faults land so.
void test_attaching_call_answer_lost() {
  DevServerProcess server({"--fault-rate", "0.5", "--fault-kinds", "call-error,apply-then-drop", "--fault-actions",
                           "document_documents.addcontent", "--fault-seed", "8"});
  for (int upload = 0; upload < 10; ++upload) upload_and_check(server, 2 * kChunk + upload, 10000);
  const std::string log = server.log();
  g_assert_cmpuint(count_lines_with(log, "document_documents.addcontent ", "-> ENTRY_ALREADY_WITH_CONTENT"), >=, 1u);
}

void test_server_killed_and_restarted() {
  DevServerProcess server({"--latency-ms", "40"});
  std::atomic<bool> restarted{false};
  std::unique_ptr<std::thread> restarter;
  upload_and_check(
      server, 16 * kChunk, 8192,
      [](GstElement* sink) { g_object_set(sink, "max-parallel-chunks", 2u, "retries", 10, nullptr); },
      [&](GstMessage* message) {
        const GstStructure* structure = gst_message_get_structure(message);
        if (restarted || GST_MESSAGE_TYPE(message) != GST_MESSAGE_ELEMENT ||
            !gst_structure_has_name(structure, "kaltura-upload-progress"))
          return;
        guint64 acknowledged = 0;
        gst_structure_get_uint64(structure, "bytes-acknowledged", &acknowledged);
        if (acknowledged < 3 * kChunk) return;
        restarted = true;
        server.kill();  // a crash mid-upload; the sink keeps retrying meanwhile
        g_usleep(500 * 1000);
        server.restart();
      });
  g_assert_true(restarted.load());
}

void test_ks_expiry_mid_upload() {
  // Sessions live 2 s; the upload takes longer, so the KS is renewed with the secret.
  DevServerProcess server({"--ks-expiry", "2", "--latency-ms", "150"});
  upload_and_check(server, 20 * kChunk, 16384,
                   [](GstElement* sink) { g_object_set(sink, "max-parallel-chunks", 1u, nullptr); });
  // The server refused an expired KS at least once, and the sink carried on.
  g_assert_nonnull(strstr(server.log().c_str(), "INVALID_KS"));
}

// The entry and its token are made as the stream begins, not once the first
// chunk is full: a live recording shows its entry id at once. Here the
// first bytes are far less than a chunk, and EOS waits until the entry
// exists on the server.
void test_entry_made_as_the_stream_begins() {
  DevServerProcess& server = shared_server();
  g_autoptr(GstElement) pipeline =
      gst_parse_launch("appsrc name=src format=bytes caps=application/octet-stream ! kalturasink name=sink", nullptr);
  g_autoptr(GstElement) src = gst_bin_get_by_name(GST_BIN(pipeline), "src");
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, "file-name", "live.bin", "wait-for", 1, nullptr);
  const std::string first = pattern_bytes(0, 1000);
  gst_app_src_push_buffer(GST_APP_SRC(src), gst_buffer_new_memdup(first.data(), first.size()));

  std::string entry_id;
  BusLog log = run_pipeline(pipeline, 60, [&](GstMessage* message) {
    const GstStructure* s = gst_message_get_structure(message);
    if (!entry_id.empty() || GST_MESSAGE_TYPE(message) != GST_MESSAGE_ELEMENT ||
        !gst_structure_has_name(s, "kaltura-entry-created"))
      return;
    entry_id = gst_structure_get_string(s, "entry-id");
    // Before the rest of the stream: the entry exists, waiting for its content.
    expect_member(admin_call(server, "baseentry", "get", {{"entryId", entry_id}}), "id", entry_id.c_str());
    const std::string rest = pattern_bytes(first.size(), 3000);
    gst_app_src_push_buffer(GST_APP_SRC(src), gst_buffer_new_memdup(rest.data(), rest.size()));
    gst_app_src_end_of_stream(GST_APP_SRC(src));
  });
  if (log.error) {
    g_autoptr(GError) error = log.error_gerror();
    g_error("the upload failed: %s", error->message);
  }
  g_assert_true(log.eos);
  g_assert_cmpstr(entry_id.c_str(), !=, "");
  assert_same_bytes(download_source(server, entry_id), pattern_bytes(0, 4000));
}

// gst-launch-1.0 holds a pipeline in PAUSED while a progress message that
// came before the preroll is unfinished. A bare x264enc's first buffer is
// rendered before the preroll (its times lie before the segment): the
// sink's "Upload started" must wait for PLAYING, or gst-launch waits for
// ever for an upload that can only end after PLAYING.
void test_gst_launch_with_a_buffer_before_the_preroll() {
  DevServerProcess& server = shared_server();
  const std::string service_url = "service-url=" + server.url();
  const std::string partner_id = "partner-id=" + std::to_string(testing_support::kPartnerId);
  const std::string secret = std::string("secret=") + testing_support::kAdminSecret;
  const char* argv[] = {"timeout", "60", "gst-launch-1.0", "videotestsrc",      "num-buffers=30",   "!",
                        "x264enc", "!",  "kalturasink",    service_url.c_str(), partner_id.c_str(), secret.c_str(),
                        nullptr};
  // Under AddressSanitizer the uninstrumented gst-launch-1.0 loads its runtime first.
  g_auto(GStrv) environment = g_get_environ();
  const char* preload = g_getenv("GST_KALTURA_TEST_PRELOAD");
  if (preload && *preload) environment = g_environ_setenv(environment, "LD_PRELOAD", preload, TRUE);
  g_autofree char* out = nullptr;
  g_autofree char* err = nullptr;
  int status = 0;
  g_autoptr(GError) error = nullptr;
  g_assert_true(g_spawn_sync(nullptr, const_cast<char**>(argv), environment, G_SPAWN_SEARCH_PATH, nullptr, nullptr,
                             &out, &err, &status, &error));
  g_assert_no_error(error);
  g_test_message("gst-launch-1.0 said:\n%s%s", out, err);
  g_assert_true(g_spawn_check_wait_status(status, nullptr));
  g_assert_nonnull(strstr(out, "Progress: (upload) Upload started"));
  g_assert_nonnull(strstr(out, "Progress: (upload) 100% uploaded"));
  g_assert_nonnull(strstr(out, "Progress: (upload) Upload complete ("));
  g_assert_null(strstr(strstr(out, "100% uploaded") + 1, "100% uploaded"));  // said once
  g_assert_nonnull(strstr(out, "Got EOS from element"));
  g_assert_null(strstr(out, "waiting for progress to finish"));
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/kalturasink/bytes/chunk-boundaries", test_sizes_around_chunk_boundaries);
  g_test_add_func("/kalturasink/bytes/in-order", test_sizes_in_order);
  g_test_add_func("/kalturasink/bytes/large-buffers", test_buffers_larger_than_chunks);
  g_test_add_func("/kalturasink/bytes/zero", test_zero_bytes);
  g_test_add_func("/kalturasink/progress/zero-bytes", test_zero_bytes_progress);
  g_test_add_func("/kalturasink/progress/total-from-eos", test_progress_total_from_eos);
  g_test_add_func("/kalturasink/entry-made-as-the-stream-begins", test_entry_made_as_the_stream_begins);
  g_test_add_func("/kalturasink/gst-launch/buffer-before-the-preroll",
                  test_gst_launch_with_a_buffer_before_the_preroll);
  g_test_add_func("/kalturasink/parallel-windows", test_parallel_windows);
  g_test_add_func("/kalturasink/bytes/file-source-allocator", test_file_source_takes_the_sinks_allocator);
  g_test_add_func("/kalturasink/progress/size-of-a-file", test_progress_knows_the_size_of_a_file);
  g_test_add_func("/kalturasink/progress/size-through-a-source-bin", test_progress_knows_the_size_through_a_source_bin);
  g_test_add_func("/kalturasink/faults/upload-calls", test_faults_of_every_kind);
  g_test_add_func("/kalturasink/faults/every-call", test_faults_on_every_call);
  g_test_add_func("/kalturasink/faults/attaching-call-answer-lost", test_attaching_call_answer_lost);
  g_test_add_func("/kalturasink/faults/opening-call-failing-alone", test_opening_call_failing_alone);
  g_test_add_func("/kalturasink/faults/server-restart", test_server_killed_and_restarted);
  g_test_add_func("/kalturasink/ks-expiry", test_ks_expiry_mid_upload);
  return g_test_run();
}
