// A pipeline stopped without EOS: on-error decides what becomes of the
// unfinished upload (keep it resumable, delete it, or finish it with what
// arrived); and stopping is prompt even while the server does not answer.
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>

#include <condition_variable>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "devserver_process.h"
#include "loopback_socket.h"
#include "sink_test_support.h"

using testing_support::DevServerProcess;
using namespace sink_test;

namespace {

constexpr uint64_t kChunk = 65536;

DevServerProcess& shared_server() {
  // Slow calls, so the stop lands in the middle of the upload.
  static DevServerProcess server({"--latency-ms", "50", "--processing-delay-ms", "20"});
  return server;
}

// The same, attaching complete upload tokens only (as older Kaltura servers).
DevServerProcess& complete_tokens_only_server() {
  static DevServerProcess server({"--latency-ms", "50", "--processing-delay-ms", "20", "--no-deferred-attach"});
  return server;
}

struct Stopped {
  BusLog log;
  std::string token_id;
  std::string entry_id;
};

// How the chunks travel: in order two at a time, or (the default) four at a
// time with the head held back until the end.
struct Chunking {
  gint64 rewrite_window;
  guint max_parallel;
};
constexpr Chunking kInOrder{0, 2};
constexpr Chunking kHeldHead{-1, 4};

// Uploads a long stream and sets the pipeline to NULL once a few chunks are in.
Stopped stop_midway(const char* on_error, const DevServerProcess& server = shared_server(),
                    Chunking chunking = kInOrder, const std::function<void(GstElement*)>& configure = {}) {
  g_autoptr(GstElement) pipeline = pattern_pipeline(400 * kChunk, 16384);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, "rewrite-window", chunking.rewrite_window,
               "max-parallel-chunks", chunking.max_parallel, nullptr);
  gst_util_set_object_arg(G_OBJECT(sink), "on-error", on_error);
  if (configure) configure(sink);
  Stopped stopped;
  stopped.log = run_until_acknowledged(pipeline, 4 * kChunk);
  stopped.token_id = stopped.log.string_field("kaltura-upload-token-created", "token-id");
  stopped.entry_id = stopped.log.string_field("kaltura-entry-created", "entry-id");
  g_assert_cmpstr(stopped.token_id.c_str(), !=, "");
  return stopped;
}

std::string warning_text(const BusLog& log) {
  std::string text;
  for (GstMessage* warning : log.warnings) {
    g_autoptr(GError) error = nullptr;
    gst_message_parse_warning(warning, &error, nullptr);
    text += error->message;
  }
  return text;
}

void test_keep() {
  Stopped stopped = stop_midway("keep");
  const std::string warning = warning_text(stopped.log);
  g_test_message("%s", warning.c_str());
  g_assert_nonnull(strstr(warning.c_str(), ("upload-token-id=" + stopped.token_id).c_str()));
  g_assert_null(strstr(warning.c_str(), "it is all sent again"));
  const std::string token = admin_call(shared_server(), "uploadtoken", "get", {{"uploadTokenId", stopped.token_id}});
  const std::string status = json_member(token, "status");
  g_assert_cmpstr(status.c_str(), ==, "1");  // PARTIAL_UPLOAD: resumable

  // With the head held back, the token holds no contiguous start, which is
  // all upload-token-id skips: the warning says that everything is sent again.
  Stopped held = stop_midway("keep", shared_server(), kHeldHead);
  const std::string held_warning = warning_text(held.log);
  g_assert_nonnull(strstr(held_warning.c_str(), ("upload-token-id=" + held.token_id).c_str()));
  g_assert_nonnull(strstr(held_warning.c_str(),
                          "it is all sent again: the start of the stream was held back for the muxer to patch; a "
                          "state-file skips what the server holds"));
}

// A long upload that stops as on_error says.
GstElement* long_upload_pipeline(const char* on_error) {
  GstElement* pipeline = pattern_pipeline(400 * kChunk, 16384);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, "rewrite-window", gint64{0}, nullptr);
  gst_util_set_object_arg(G_OBJECT(sink), "on-error", on_error);
  return pipeline;
}

// Plays the pipeline and sets it to NULL from a bus sync handler of the
// sink's message_name, on the thread that posts it; the state change must
// succeed at once. Gives the upload token's id.
std::string stop_from_a_handler_of(GstElement* pipeline, const char* message_name) {
  struct Stop {
    GstElement* pipeline;
    std::string message_name;
    std::mutex lock;
    std::condition_variable changed;
    bool done = false;
    GstStateChangeReturn result = GST_STATE_CHANGE_FAILURE;
    std::string token_id;
  };
  auto stop = std::make_shared<Stop>();  // shared with the handler
  stop->pipeline = pipeline;
  stop->message_name = message_name;
  g_autoptr(GstBus) bus = gst_element_get_bus(pipeline);
  set_sync_handler(bus, [stop](GstMessage* message) {
    if (gst_message_has_name(message, "kaltura-upload-token-created")) {
      std::lock_guard<std::mutex> lock(stop->lock);
      stop->token_id = gst_structure_get_string(gst_message_get_structure(message), "token-id");
    }
    if (!gst_message_has_name(message, stop->message_name.c_str())) return GST_BUS_PASS;
    {
      std::lock_guard<std::mutex> lock(stop->lock);
      if (stop->done) return GST_BUS_PASS;
    }
    const GstStateChangeReturn result = gst_element_set_state(stop->pipeline, GST_STATE_NULL);
    std::lock_guard<std::mutex> lock(stop->lock);
    stop->result = result;
    stop->done = true;
    stop->changed.notify_all();
    return GST_BUS_PASS;
  });
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  std::string token_id;
  {
    std::unique_lock<std::mutex> lock(stop->lock);
    g_assert_true(stop->changed.wait_for(lock, std::chrono::seconds(30), [&] { return stop->done; }));
    g_assert_cmpint(stop->result, ==, GST_STATE_CHANGE_SUCCESS);
    token_id = stop->token_id;
  }
  gst_bus_set_sync_handler(bus, nullptr, nullptr, nullptr);
  GstState state = GST_STATE_VOID_PENDING;
  g_assert_cmpint(gst_element_get_state(pipeline, &state, nullptr, 0), ==, GST_STATE_CHANGE_SUCCESS);
  g_assert_cmpint(state, ==, GST_STATE_NULL);
  g_assert_cmpstr(token_id.c_str(), !=, "");
  return token_id;
}

// An application stopping the pipeline from a handler of one of the sink's
// own messages (a bus sync handler, as kaltura-upload-progress or
// kaltura-upload-token-created come from the upload's threads): the state change
// succeeds at once, the upload ends as on-error says, and the sink starts
// again. Ending the upload there used to wait for the very thread it ran
// on, which aborted the process.
void stop_from_a_handler(const char* message_name, const char* on_error) {
  g_autoptr(GstElement) pipeline = long_upload_pipeline(on_error);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, shared_server());
  const std::string token_id = stop_from_a_handler_of(pipeline, message_name);

  // Started again, the sink makes a new upload once the stopped one has ended.
  BusLog again = run_until_acknowledged(pipeline, 2 * kChunk);
  const std::string new_token_id = again.string_field("kaltura-upload-token-created", "token-id");
  g_assert_cmpstr(new_token_id.c_str(), !=, "");
  g_assert_cmpstr(new_token_id.c_str(), !=, token_id.c_str());

  // The stopped upload ended as on-error says.
  const std::string token = admin_call(shared_server(), "uploadtoken", "get", {{"uploadTokenId", token_id}});
  if (strcmp(on_error, "delete") == 0)
    assert_equal_text(json_member(token, "code"), "UPLOAD_TOKEN_NOT_FOUND");
  else
    assert_equal_text(json_member(token, "status"), "1");  // PARTIAL_UPLOAD: resumable
}

void test_stopped_from_a_handler_of_its_messages() {
  stop_from_a_handler("kaltura-upload-progress", "keep");
  stop_from_a_handler("kaltura-upload-token-created", "delete");
}

std::set<std::string> upload_token_ids(const DevServerProcess& server) {
  g_autoptr(JsonParser) parser = json_parser_new();
  const std::string list = admin_call(server, "uploadtoken", "list", {{"pager[pageSize]", "500"}});
  g_assert_true(json_parser_load_from_data(parser, list.c_str(), -1, nullptr));
  JsonArray* objects = json_object_get_array_member(json_node_get_object(json_parser_get_root(parser)), "objects");
  std::set<std::string> ids;
  for (guint i = 0; i < json_array_get_length(objects); ++i)
    ids.insert(json_object_get_string_member(json_array_get_object_element(objects, i), "id"));
  return ids;
}

// The same stop, by an application that exits at once: it drops the
// pipeline, calls gst_deinit() and returns from main. on-error=finalize has
// still finished the upload by then. (The application runs in a process
// of its own; the server's address reaches it through the environment.)
void test_stopped_from_a_handler_then_exiting() {
  if (g_test_subprocess()) {
    GstElement* pipeline = long_upload_pipeline("finalize");
    GstElement* sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
    g_object_set(sink, "service-url", g_getenv("KALTURASINK_TEST_SERVICE_URL"), "partner-id",
                 testing_support::kPartnerId, "secret", testing_support::kAdminSecret, nullptr);
    stop_from_a_handler_of(pipeline, "kaltura-upload-progress");
    gst_object_unref(sink);
    gst_object_unref(pipeline);
    gst_deinit();
    return;
  }
  const DevServerProcess& server = shared_server();
  const std::set<std::string> before = upload_token_ids(server);
  g_setenv("KALTURASINK_TEST_SERVICE_URL", server.url().c_str(), TRUE);
  g_test_trap_subprocess(nullptr, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed();
  std::vector<std::string> added;
  for (const std::string& id : upload_token_ids(server))
    if (!before.count(id)) added.push_back(id);
  g_assert_cmpuint(added.size(), ==, 1);
  const std::string token = admin_call(server, "uploadtoken", "get", {{"uploadTokenId", added.front()}});
  const std::string status = json_member(token, "status");
  g_test_message("token %s: status %s, %s bytes", added.front().c_str(), status.c_str(),
                 json_member(token, "uploadedFileSize").c_str());
  g_assert_true(status == "2" || status == "3");  // FULL_UPLOAD or CLOSED: finished, not PARTIAL_UPLOAD
  g_assert_cmpint(g_ascii_strtoll(json_member(token, "uploadedFileSize").c_str(), nullptr, 10), >, 0);
}

void test_delete() {
  Stopped stopped = stop_midway("delete");
  const std::string token = admin_call(shared_server(), "uploadtoken", "get", {{"uploadTokenId", stopped.token_id}});
  const std::string token_code = json_member(token, "code");
  g_assert_cmpstr(token_code.c_str(), ==, "UPLOAD_TOKEN_NOT_FOUND");
  const std::string entry = admin_call(shared_server(), "baseentry", "get", {{"entryId", stopped.entry_id}});
  const std::string entry_code = json_member(entry, "code");
  g_assert_cmpstr(entry_code.c_str(), ==, "ENTRY_ID_NOT_FOUND");
}

// The flavor or attachment asset the upload made goes with its token; the
// entry, which was there before, stays.
void delete_removes_the_asset(const std::function<void(GstElement*)>& target, const char* service) {
  const std::string entry_id = new_media_entry(shared_server(), "asset holder");
  Stopped stopped = stop_midway("delete", shared_server(), kInOrder, [&](GstElement* sink) {
    g_object_set(sink, "entry-id", entry_id.c_str(), "file-name", "part.bin", nullptr);
    target(sink);
  });
  const std::string asset_id = stopped.log.string_field("kaltura-upload-token-created", "asset-id");
  g_assert_cmpstr(asset_id.c_str(), !=, "");
  g_assert_cmpuint(stopped.log.warnings.size(), ==, 0);
  const std::string listed = admin_call(shared_server(), service, "list", {{"filter[entryIdEqual]", entry_id}});
  g_test_message("%s", listed.c_str());
  assert_equal_text(json_member(listed, "totalCount"), "0");
  const std::string token = admin_call(shared_server(), "uploadtoken", "get", {{"uploadTokenId", stopped.token_id}});
  assert_equal_text(json_member(token, "code"), "UPLOAD_TOKEN_NOT_FOUND");
  const std::string entry = admin_call(shared_server(), "baseentry", "get", {{"entryId", entry_id}});
  assert_equal_text(json_member(entry, "id"), entry_id);
}

// The warning about a rendition's unfinished upload names its flavor asset
// in its details, as the errors do.
void test_keep_flavor_names_its_asset() {
  const std::string entry_id = new_media_entry(shared_server(), "rendition holder");
  Stopped stopped = stop_midway("keep", shared_server(), kInOrder, [&](GstElement* sink) {
    g_object_set(sink, "entry-id", entry_id.c_str(), "file-name", "part.bin", "flavor-params-id", 3, nullptr);
  });
  const std::string asset_id = stopped.log.string_field("kaltura-upload-token-created", "asset-id");
  g_assert_cmpstr(asset_id.c_str(), !=, "");
  g_assert_cmpuint(stopped.log.warnings.size(), ==, 1);
  const GstStructure* details = nullptr;
  gst_message_parse_warning_details(stopped.log.warnings[0], &details);
  g_assert_nonnull(details);
  assert_equal_text(gst_structure_get_string(details, "flavor-asset-id"), asset_id);
  assert_equal_text(gst_structure_get_string(details, "upload-token-id"), stopped.token_id);
}

void test_delete_flavor() {
  delete_removes_the_asset([](GstElement* sink) { g_object_set(sink, "flavor-params-id", 3, nullptr); }, "flavorasset");
}

void test_delete_attachment() {
  delete_removes_the_asset([](GstElement* sink) { g_object_set(sink, "attachment-title", "notes", nullptr); },
                           "attachment_attachmentasset");
}

// on-error=finalize: the entry gets exactly the prefix that arrived, and
// every chunk acknowledged before the stop is in it: chunks still travelling
// (out of order) land first, so no gap cuts one off; and the final chunk is
// sent where the file ends, not where the token last said it ended (chunks
// the server holds aside there would be lost).
void finalize_on(const DevServerProcess& server, Chunking chunking = kInOrder) {
  Stopped stopped = stop_midway("finalize", server, chunking);
  const GstStructure* complete = stopped.log.first("kaltura-upload-complete");
  if (!complete) g_error("no kaltura-upload-complete; warnings: %s", warning_text(stopped.log).c_str());
  guint64 size = 0;
  gst_structure_get_uint64(complete, "size", &size);
  guint64 acknowledged = 0;
  for (const GstStructure* progress : stopped.log.named("kaltura-upload-progress"))
    gst_structure_get_uint64(progress, "bytes-acknowledged", &acknowledged);
  g_assert_cmpuint(acknowledged, >=, 4 * kChunk);
  // A held head (one chunk) is sent by the finalizing and acknowledged by no message.
  const guint64 held_head = chunking.rewrite_window == 0 ? 0 : kChunk;
  g_assert_cmpuint(size, >=, acknowledged + held_head);
  g_assert_cmpuint(size, <, 400 * kChunk);
  std::string entry;
  for (int i = 0; i < 100; ++i) {
    entry = admin_call(server, "baseentry", "get", {{"entryId", stopped.entry_id}});
    if (json_member(entry, "status") == "2") break;
    g_usleep(50000);
  }
  assert_same_bytes(download_source(server, stopped.entry_id), pattern_bytes(0, size));
}

void test_finalize() { finalize_on(shared_server()); }
// The attaching call the server refused at the start is made after the final chunk.
void test_finalize_attach_after_final() { finalize_on(complete_tokens_only_server()); }
// The head, held back for the muxer to rewrite, goes first; then the chunks
// after it that the server holds aside join the file.
void test_finalize_held_head() { finalize_on(shared_server(), kHeldHead); }

// on-error=finalize keeps every byte that reached the sink: besides what the
// server holds, the bytes still held here go up before the final chunk (the
// tail being filled, and the head held back for a muxer to rewrite). A live
// source that stops without EOS keeps its last seconds this way.
void finalize_keeps_what_arrived(Chunking chunking) {
  const uint64_t total = 3 * kChunk + 1234;
  g_autoptr(GstElement) pipeline =
      gst_parse_launch("appsrc name=source caps=application/octet-stream ! kalturasink name=sink", nullptr);
  g_autoptr(GstElement) source = gst_bin_get_by_name(GST_BIN(pipeline), "source");
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, shared_server());
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, "rewrite-window", chunking.rewrite_window,
               "max-parallel-chunks", chunking.max_parallel, nullptr);
  gst_util_set_object_arg(G_OBJECT(sink), "on-error", "finalize");
  const std::string bytes = pattern_bytes(0, total);
  for (uint64_t offset = 0; offset < total; offset += 50000) {
    const std::string piece = bytes.substr(offset, 50000);
    GstBuffer* buffer = gst_buffer_new_memdup(piece.data(), piece.size());
    g_assert_cmpint(gst_app_src_push_buffer(GST_APP_SRC(source), buffer), ==, GST_FLOW_OK);
  }
  // No EOS: the stream stops once the chunks the sink may send are in
  // (with a held head, the chunk after it: the rest is held back).
  const uint64_t sendable = chunking.rewrite_window == 0 ? 2 * kChunk : kChunk;
  Stopped stopped;
  stopped.log = run_until_acknowledged(pipeline, sendable);
  const std::string entry_id = stopped.log.string_field("kaltura-entry-created", "entry-id");
  const GstStructure* complete = stopped.log.first("kaltura-upload-complete");
  if (!complete) g_error("no kaltura-upload-complete; warnings: %s", warning_text(stopped.log).c_str());
  guint64 size = 0;
  gst_structure_get_uint64(complete, "size", &size);
  g_assert_cmpuint(size, ==, total);
  g_assert_cmpuint(stats_uint64(sink, "bytes-acknowledged"), ==, total);
  for (int i = 0; i < 100; ++i) {
    if (json_member(admin_call(shared_server(), "baseentry", "get", {{"entryId", entry_id}}), "status") == "2") break;
    g_usleep(50000);
  }
  assert_same_bytes(download_source(shared_server(), entry_id), bytes);
}

void test_finalize_keeps_the_tail() { finalize_keeps_what_arrived(kInOrder); }
void test_finalize_keeps_the_head_and_the_tail() { finalize_keeps_what_arrived(kHeldHead); }

// A server that takes the connection and never answers (a firewall that
// drops, a hung proxy): with these settings the sink would wait six times
// 60 s for its Kaltura session. It waits beside the stream, not in the
// state change to PLAYING, and stopping the pipeline (what Ctrl-C in
// gst-launch does) ends the wait at once, with no error to report.
void stop_while_the_server_is_silent(const char* on_error) {
  int port = 0;
  g_autoptr(GSocket) silent = testing_support::new_loopback_listening_socket(port);
  g_autoptr(GstElement) pipeline = pattern_pipeline(10 * kChunk, 16384);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  g_object_set(sink, "service-url", url.c_str(), "partner-id", testing_support::kPartnerId, "secret",
               testing_support::kAdminSecret, "timeout", 60u, "retries", 5, nullptr);
  gst_util_set_object_arg(G_OBJECT(sink), "on-error", on_error);

  // The sink's request waits in the socket's backlog: never accepted, never answered.
  stop_while_waiting(pipeline, [&](GstMessage*) { return g_socket_condition_check(silent, G_IO_IN) != 0; });
}

// A server that stops answering mid-upload: on-error=delete tries for
// `timeout` seconds in all, then says what may be left, instead of holding
// the state change through every retry of every call.
void test_delete_gives_up_on_a_silent_server() {
  static DevServerProcess server({"--latency-ms", "50"});
  g_autoptr(GstElement) pipeline = pattern_pipeline(400 * kChunk, 16384);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, "timeout", 3u, "retries", 5, nullptr);
  gst_util_set_object_arg(G_OBJECT(sink), "on-error", "delete");
  gint64 frozen_at = 0;
  BusLog log = run_pipeline(pipeline, 60, [&](GstMessage* message) {
    guint64 acknowledged = 0;
    if (frozen_at || !gst_message_has_name(message, "kaltura-upload-progress") ||
        !gst_structure_get_uint64(gst_message_get_structure(message), "bytes-acknowledged", &acknowledged) ||
        acknowledged < 2 * kChunk)
      return;
    server.freeze();
    frozen_at = g_get_monotonic_time();
    GST_ELEMENT_ERROR(pipeline, RESOURCE, FAILED, ("the application stopped"), (nullptr));
  });
  const gint64 stopping_ms = (g_get_monotonic_time() - frozen_at) / 1000;
  server.thaw();
  g_assert_cmpint(frozen_at, >, 0);
  const std::string warning = warning_text(log);
  g_test_message("stopped in %" G_GINT64_FORMAT " ms: %s", stopping_ms, warning.c_str());
  g_assert_nonnull(strstr(warning.c_str(), "Cleaning up the unfinished upload (on-error=delete) took longer than 3 s"));
  g_assert_nonnull(strstr(warning.c_str(), log.string_field("kaltura-upload-token-created", "token-id").c_str()));
  // Each of the retries alone would take 3 s.
  g_assert_cmpint(stopping_ms, <, 8000);
}

void test_stop_while_silent_keep() { stop_while_the_server_is_silent("keep"); }
// finalize lets chunks in flight land when stopping, but not the opening.
void test_stop_while_silent_finalize() { stop_while_the_server_is_silent("finalize"); }

// The session started, and the server holds the multirequest that makes the
// entry and the token: with on-error=finalize too, a stop ends that wait at
// once, since without a token there is nothing to finalize.
void test_finalize_stopped_while_the_entry_is_made() {
  DevServerProcess holding({"--fault-rate", "1", "--fault-actions", "multirequest", "--fault-kinds", "timeout",
                            "--fault-timeout-ms", "30000"});
  g_autoptr(GstElement) pipeline = pattern_pipeline(2 * kChunk, 16384);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, holding);
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, "timeout", 60u, nullptr);
  gst_util_set_object_arg(G_OBJECT(sink), "on-error", "finalize");
  stop_while_waiting(
      pipeline, [&](GstMessage*) { return holding.log().find("fault timeout on multirequest") != std::string::npos; });
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/kalturasink/on-error/keep", test_keep);
  g_test_add_func("/kalturasink/on-error/delete", test_delete);
  g_test_add_func("/kalturasink/stopping/from-a-handler-of-its-messages", test_stopped_from_a_handler_of_its_messages);
  g_test_add_func("/kalturasink/stopping/from-a-handler-then-exiting", test_stopped_from_a_handler_then_exiting);
  g_test_add_func("/kalturasink/on-error/keep-flavor-names-its-asset", test_keep_flavor_names_its_asset);
  g_test_add_func("/kalturasink/on-error/delete-flavor", test_delete_flavor);
  g_test_add_func("/kalturasink/on-error/delete-attachment", test_delete_attachment);
  g_test_add_func("/kalturasink/on-error/finalize", test_finalize);
  g_test_add_func("/kalturasink/on-error/finalize-attach-after-final", test_finalize_attach_after_final);
  g_test_add_func("/kalturasink/on-error/finalize-held-head", test_finalize_held_head);
  g_test_add_func("/kalturasink/on-error/finalize-keeps-the-tail", test_finalize_keeps_the_tail);
  g_test_add_func("/kalturasink/on-error/finalize-keeps-the-head-and-the-tail",
                  test_finalize_keeps_the_head_and_the_tail);
  g_test_add_func("/kalturasink/stopping/silent-server-keep", test_stop_while_silent_keep);
  g_test_add_func("/kalturasink/stopping/delete-gives-up-on-a-silent-server", test_delete_gives_up_on_a_silent_server);
  g_test_add_func("/kalturasink/stopping/silent-server-finalize", test_stop_while_silent_finalize);
  g_test_add_func("/kalturasink/stopping/finalize-while-the-entry-is-made",
                  test_finalize_stopped_while_the_entry_is_made);
  return g_test_run();
}
