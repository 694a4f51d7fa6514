// kalturasink in an application that keeps its pipeline: each pass through
// PAUSED is an upload of its own, made from the properties as they are then;
// taking the pipeline back to READY ends the upload, and what the sink says
// about it (the on-error=keep warning, the stats) can still be read there.
#include <glib/gstdio.h>
#include <gst/base/gstbasesink.h>
#include <gst/gst.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "devserver_process.h"
#include "loopback_socket.h"
#include "sink_test_support.h"

using testing_support::DevServerProcess;
using namespace sink_test;

namespace {

constexpr uint64_t kChunk = 65536;

DevServerProcess& shared_server() {
  static DevServerProcess server;
  return server;
}

// Slow calls, so that a pipeline can be stopped in the middle of its upload.
DevServerProcess& slow_server() {
  static DevServerProcess server({"--latency-ms", "50"});
  return server;
}

// Calls slow enough for a pause or a stop to come while one is on its way.
DevServerProcess& slower_server() {
  static DevServerProcess server({"--latency-ms", "700"});
  return server;
}

// What the bus said during one pass, up to and including the way back to READY.
struct Pass {
  bool eos = false;
  std::string error;
  std::string entry_id;
  std::vector<std::string> warnings;
  std::vector<std::pair<GstProgressType, std::string>> progress;  // the sink's GST_MESSAGE_PROGRESS
};

void note(Pass& pass, GstMessage* message) {
  g_autoptr(GError) error = nullptr;
  switch (GST_MESSAGE_TYPE(message)) {
    case GST_MESSAGE_EOS:
      pass.eos = true;
      break;
    case GST_MESSAGE_ERROR:  // the first: upstream's "Internal data stream error" follows the sink's
      gst_message_parse_error(message, &error, nullptr);
      if (pass.error.empty()) pass.error = error->message;
      break;
    case GST_MESSAGE_WARNING:
      gst_message_parse_warning(message, &error, nullptr);
      pass.warnings.push_back(error->message);
      break;
    case GST_MESSAGE_PROGRESS: {
      GstProgressType type;
      g_autofree char* code = nullptr;
      g_autofree char* text = nullptr;
      gst_message_parse_progress(message, &type, &code, &text);
      pass.progress.emplace_back(type, text);
      break;
    }
    case GST_MESSAGE_ELEMENT:
      if (gst_message_has_name(message, "kaltura-entry-created"))
        pass.entry_id = gst_structure_get_string(gst_message_get_structure(message), "entry-id");
      break;
    default:
      break;
  }
}

// Plays the pipeline until EOS, an error, or until `until` says so; then
// takes it back to READY and reads what the bus still holds.
Pass play_once(GstElement* pipeline, const std::function<bool(GstMessage*)>& until = {}) {
  Pass pass;
  g_autoptr(GstBus) bus = gst_element_get_bus(pipeline);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  const gint64 deadline = g_get_monotonic_time() + 90 * G_USEC_PER_SEC;
  bool stop = false;
  while (!pass.eos && pass.error.empty() && !stop) {
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    g_autoptr(GstMessage) message = gst_bus_timed_pop(bus, 100 * GST_MSECOND);
    if (!message) continue;
    note(pass, message);
    stop = until && until(message);
  }
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_READY), ==, GST_STATE_CHANGE_SUCCESS);
  while (GstMessage* message = gst_bus_pop(bus)) {
    note(pass, message);
    gst_message_unref(message);
  }
  return pass;
}

std::string write_file(const std::string& dir, const char* name, const std::string& bytes) {
  const std::string path = dir + "/" + name;
  g_assert_true(g_file_set_contents(path.c_str(), bytes.data(), static_cast<gssize>(bytes.size()), nullptr));
  return path;
}

void assert_entry(const std::string& entry_id, const char* name, const std::string& bytes) {
  const std::string entry = admin_call(shared_server(), "baseentry", "get", {{"entryId", entry_id}});
  assert_equal_text(json_member(entry, "name"), name);
  assert_same_bytes(download_source(shared_server(), entry_id), bytes);
}

// Properties set in READY count, and the pipeline started again from READY
// makes a second upload, of the second file, under the name set for it.
void test_started_again_from_ready() {
  g_autofree char* dir = g_dir_make_tmp("kalturasink-lifecycle-XXXXXX", nullptr);
  const std::string first_bytes = pattern_bytes(0, 3 * kChunk + 100);
  const std::string second_bytes = pattern_bytes(7, 2 * kChunk + 3);
  const std::string first = write_file(dir, "first.bin", first_bytes);
  const std::string second = write_file(dir, "second.bin", second_bytes);

  g_autoptr(GstElement) pipeline =
      launch_at(shared_server(), "filesrc name=source location=" + first + " ! kalturasink name=sink");
  g_autoptr(GstElement) source = gst_bin_get_by_name(GST_BIN(pipeline), "source");
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, "wait-for", 1, "entry-name", "as started",
               nullptr);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_READY), ==, GST_STATE_CHANGE_SUCCESS);
  g_object_set(sink, "entry-name", "set in READY", nullptr);
  Pass one = play_once(pipeline);
  if (!one.error.empty()) g_error("first pass: %s", one.error.c_str());
  g_assert_true(one.eos);
  assert_entry(one.entry_id, "set in READY", first_bytes);
  g_assert_cmpuint(stats_uint64(sink, "bytes-acknowledged"), ==, first_bytes.size());
  // entry-id reads back the entry the upload made; the URI stays what was
  // set (a new entry), so an application reusing it does not replace that one.
  g_autofree char* created = nullptr;
  g_object_get(sink, "entry-id", &created, nullptr);
  g_assert_cmpstr(created, ==, one.entry_id.c_str());
  g_autofree char* uri = gst_uri_handler_get_uri(GST_URI_HANDLER(sink));
  g_assert_true(g_str_has_prefix(uri, "kaltura://?"));
  // Without -m, gst-launch-1.0 prints the progress messages: the last one names the entry.
  g_assert_cmpint(one.progress.back().first, ==, GST_PROGRESS_TYPE_COMPLETE);
  assert_equal_text(one.progress.back().second,
                    "Upload complete (" + std::to_string(first_bytes.size()) + " bytes, entry " + one.entry_id + ")");

  g_object_set(source, "location", second.c_str(), nullptr);
  g_object_set(sink, "entry-name", "second", nullptr);
  Pass two = play_once(pipeline);
  if (!two.error.empty()) g_error("second pass: %s", two.error.c_str());
  g_assert_true(two.eos);
  g_assert_cmpstr(two.entry_id.c_str(), !=, one.entry_id.c_str());
  assert_entry(two.entry_id, "second", second_bytes);
  assert_entry(one.entry_id, "set in READY", first_bytes);

  // The figures are the second upload's, and stay what they were when it
  // completed, after the pipeline is gone to NULL too.
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  g_assert_cmpuint(stats_uint64(sink, "bytes-acknowledged"), ==, second_bytes.size());
  const double at_the_end = stats_double(sink, "throughput");
  g_assert_cmpfloat(at_the_end, >, 0);
  g_usleep(300000);
  g_assert_cmpfloat(stats_double(sink, "throughput"), ==, at_the_end);

  g_unlink(first.c_str());
  g_unlink(second.c_str());
  g_rmdir(dir);
}

// A pipeline may wait in PAUSED (prerolled) before it plays: the upload, and
// its throughput, start with the first buffer rendered, not with the state
// change.
// stats holds GstBaseSink's fields too (the property takes the place of
// its own): at EOS, every buffer of filesrc's (4096 bytes each) rendered and
// none dropped, as gst_base_sink_get_stats() says.
void test_stats_hold_the_base_sinks_fields() {
  g_autofree char* dir = g_dir_make_tmp("kalturasink-lifecycle-XXXXXX", nullptr);
  const std::string bytes = pattern_bytes(3, kChunk + 5000);
  const std::string path = write_file(dir, "counted.bin", bytes);
  g_autoptr(GstElement) pipeline = launch_at(shared_server(), "filesrc location=" + path + " ! kalturasink name=sink");
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, nullptr);
  g_autoptr(GstBus) bus = gst_element_get_bus(pipeline);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  g_autoptr(GstMessage) end = gst_bus_timed_pop_filtered(
      bus, 60 * GST_SECOND, static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  g_assert_nonnull(end);
  g_assert_cmpint(GST_MESSAGE_TYPE(end), ==, GST_MESSAGE_EOS);
  const guint64 buffers = (bytes.size() + 4095) / 4096;
  g_assert_cmpuint(stats_uint64(sink, "rendered"), ==, buffers);
  g_assert_cmpuint(stats_uint64(sink, "dropped"), ==, 0);
  g_assert_cmpuint(stats_uint64(sink, "bytes-acknowledged"), ==, bytes.size());
  GstStructure* base_stats = gst_base_sink_get_stats(GST_BASE_SINK(sink));
  double base_rate = 0;
  g_assert_true(gst_structure_get_double(base_stats, "average-rate", &base_rate));
  gst_structure_free(base_stats);
  g_assert_cmpfloat(stats_double(sink, "average-rate"), ==, base_rate);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  g_unlink(path.c_str());
  g_rmdir(dir);
}

void test_throughput_counts_from_the_upload() {
  constexpr double kPausedSeconds = 3.0;
  g_autoptr(GstElement) pipeline = pattern_pipeline(32 * kChunk, 16384);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, shared_server());
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, nullptr);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PAUSED), !=, GST_STATE_CHANGE_FAILURE);
  g_assert_cmpint(gst_element_get_state(pipeline, nullptr, nullptr, 20 * GST_SECOND), ==, GST_STATE_CHANGE_SUCCESS);
  g_usleep(static_cast<gulong>(kPausedSeconds * G_USEC_PER_SEC));
  run_to_eos(pipeline);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  const double sent = static_cast<double>(stats_uint64(sink, "bytes-sent"));
  g_assert_cmpfloat(sent, >=, 32.0 * kChunk);
  // 2 MiB over loopback takes a fraction of the pause (under the sanitizers too).
  g_assert_cmpfloat(stats_double(sink, "throughput"), >, sent / (kPausedSeconds / 2));
}

// entry-id and upload-token-id change to the upload's own as it opens, back
// to the properties' values when a new start drops them, and say so each
// time (notify, which gst-launch-1.0 -v prints): a handler reads them then.
void test_upload_ids_notified() {
  g_autoptr(GstElement) pipeline = pattern_pipeline(3 * kChunk, 16384);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, shared_server());
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, nullptr);
  struct Heard {
    std::mutex lock;
    std::vector<std::string> values;
  } heard;
  auto on_notify = +[](GObject* object, GParamSpec* pspec, gpointer data) {
    auto* heard = static_cast<Heard*>(data);
    g_autofree char* value = nullptr;
    g_object_get(object, pspec->name, &value, nullptr);
    std::lock_guard<std::mutex> lock(heard->lock);
    heard->values.push_back(std::string(pspec->name) + "=" + (value ? value : ""));
  };
  g_signal_connect(sink, "notify::entry-id", G_CALLBACK(on_notify), &heard);
  g_signal_connect(sink, "notify::upload-token-id", G_CALLBACK(on_notify), &heard);
  auto upload_once = [&] {
    Pass pass = play_once(pipeline);
    g_assert_true(pass.eos);
    g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
    g_autofree char* token_id = nullptr;
    g_object_get(sink, "upload-token-id", &token_id, nullptr);
    g_assert_nonnull(token_id);
    return std::make_pair(pass.entry_id, std::string(token_id));
  };
  const auto [first_entry, first_token] = upload_once();
  const auto [second_entry, second_token] = upload_once();
  g_assert_true(second_entry != first_entry);
  std::lock_guard<std::mutex> lock(heard.lock);
  // The second start drops the first upload's ids (the properties are unset)
  // before the second upload has its own.
  const std::vector<std::string> expected{
      "entry-id=" + first_entry, "upload-token-id=" + first_token, "entry-id=",
      "upload-token-id=",        "entry-id=" + second_entry,       "upload-token-id=" + second_token};
  g_assert_cmpuint(heard.values.size(), ==, expected.size());
  for (size_t i = 0; i < expected.size(); ++i) assert_equal_text(heard.values[i], expected[i]);
}

// A byte seek before the upload began that moves the stream's start away
// from 0 (an application seeking its filesrc while prerolled): refused with
// an error that says so, before an entry or a token is made.
void test_stream_not_beginning_at_zero() {
  DevServerProcess server;
  g_autofree char* dir = g_dir_make_tmp("kalturasink-lifecycle-XXXXXX", nullptr);
  const std::string path = write_file(dir, "file.bin", pattern_bytes(0, 4 * kChunk));
  g_autoptr(GstElement) pipeline = launch_at(server, "filesrc location=" + path + " ! kalturasink name=sink");
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, nullptr);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PAUSED), !=, GST_STATE_CHANGE_FAILURE);
  g_assert_cmpint(gst_element_get_state(pipeline, nullptr, nullptr, 20 * GST_SECOND), ==, GST_STATE_CHANGE_SUCCESS);
  g_assert_true(gst_element_seek_simple(pipeline, GST_FORMAT_BYTES, GST_SEEK_FLAG_FLUSH, 1000));
  Pass pass = play_once(pipeline);
  g_assert_false(pass.eos);
  g_assert_nonnull(strstr(pass.error.c_str(), "The stream begins at byte 1000 instead of 0"));
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  assert_equal_text(json_member(admin_call(server, "uploadtoken", "list", {}), "totalCount"), "0");
  assert_equal_text(
      json_member(admin_call(server, "baseentry", "list", {{"filter[statusNotEqual]", "3"}}), "totalCount"), "0");
  g_unlink(path.c_str());
  g_rmdir(dir);
}

// An application uploads part of a file: a seek with a stop before the
// stream begins. The EOS at that stop ends the upload as asked, with a
// state file too (an EOS short of the file's end is otherwise taken for a
// stream cut short, an error there).
void test_stream_ending_at_a_seek_stop() {
  DevServerProcess server;
  g_autofree char* dir = g_dir_make_tmp("kalturasink-lifecycle-XXXXXX", nullptr);
  const std::string path = write_file(dir, "file.bin", pattern_bytes(0, 4 * kChunk));
  const std::string state_path = std::string(dir) + "/upload.state";
  g_autoptr(GstElement) pipeline = launch_at(server, "filesrc location=" + path + " ! kalturasink name=sink");
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, "state-file", state_path.c_str(), "wait-for", 1,
               nullptr);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PAUSED), !=, GST_STATE_CHANGE_FAILURE);
  g_assert_cmpint(gst_element_get_state(pipeline, nullptr, nullptr, 20 * GST_SECOND), ==, GST_STATE_CHANGE_SUCCESS);
  const gint64 stop = 2 * kChunk + 123;
  g_assert_true(gst_element_seek(pipeline, 1.0, GST_FORMAT_BYTES, GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 0,
                                 GST_SEEK_TYPE_SET, stop));
  Pass pass = play_once(pipeline);
  if (!pass.error.empty()) g_error("%s", pass.error.c_str());
  g_assert_true(pass.eos);
  g_assert_cmpuint(pass.warnings.size(), ==, 0);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  assert_same_bytes(download_source(server, pass.entry_id), pattern_bytes(0, stop));
  g_assert_false(g_file_test(state_path.c_str(), G_FILE_TEST_EXISTS));  // removed: complete
  g_unlink((state_path + ".lock").c_str());
  g_unlink(path.c_str());
  g_rmdir(dir);
}

// on-error=finalize lets the chunks on their way land when the pipeline
// stops, which takes a while: the stats read meanwhile are the figures so
// far (they read all zero while the stop waited).
void test_stats_readable_while_a_stop_drains() {
  g_autoptr(GstElement) pipeline = pattern_pipeline(200 * kChunk, 16384);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, slower_server());
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, "max-parallel-chunks", 4u, nullptr);
  gst_util_set_object_arg(G_OBJECT(sink), "on-error", "finalize");
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  const gint64 give_up = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
  while (stats_uint64(sink, "bytes-acknowledged") < kChunk) {
    g_assert_cmpint(g_get_monotonic_time(), <, give_up);
    g_usleep(10000);
  }
  const guint64 sent_before = stats_uint64(sink, "bytes-sent");
  std::atomic<bool> stopped{false};
  std::thread stopper([&] {
    gst_element_set_state(pipeline, GST_STATE_NULL);
    stopped = true;
  });
  guint64 lowest = G_MAXUINT64;
  int reads = 0;
  while (!stopped) {
    lowest = std::min(lowest, stats_uint64(sink, "bytes-sent"));
    ++reads;
    g_usleep(2000);
  }
  stopper.join();
  g_assert_cmpint(reads, >, 10);  // the stop waited for chunks on their way
  g_assert_cmpuint(lowest, >=, sent_before);
}

// Stopped in the middle by going to READY: the warning that tells how to
// resume is on the bus there, before a pipeline going to NULL flushes it.
void test_keep_warning_read_at_ready() {
  g_autoptr(GstElement) pipeline = pattern_pipeline(400 * kChunk, 16384);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, slow_server());
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, nullptr);
  std::string token_id;
  Pass pass = play_once(pipeline, [&](GstMessage* message) {
    const GstStructure* s = gst_message_get_structure(message);
    if (!s) return false;
    if (gst_structure_has_name(s, "kaltura-upload-token-created")) token_id = gst_structure_get_string(s, "token-id");
    guint64 acknowledged = 0;
    return gst_structure_has_name(s, "kaltura-upload-progress") &&
           gst_structure_get_uint64(s, "bytes-acknowledged", &acknowledged) && acknowledged >= 3 * kChunk;
  });
  g_assert_false(pass.eos);
  g_assert_cmpstr(pass.error.c_str(), ==, "");
  g_assert_cmpstr(token_id.c_str(), !=, "");
  g_assert_cmpuint(pass.warnings.size(), ==, 1);
  g_test_message("%s", pass.warnings[0].c_str());
  g_assert_nonnull(strstr(pass.warnings[0].c_str(), ("set upload-token-id=" + token_id).c_str()));
  // The progress the sink started ends, as cancelled: the application stopped it.
  g_assert_cmpint(pass.progress.front().first, ==, GST_PROGRESS_TYPE_START);
  g_assert_cmpint(pass.progress.back().first, ==, GST_PROGRESS_TYPE_CANCELED);
  assert_equal_text(pass.progress.back().second, "Upload stopped before its end");
  // The token to resume, and the figures, stay readable through NULL and
  // back to READY: a new upload starts only on the way to PAUSED.
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_READY), ==, GST_STATE_CHANGE_SUCCESS);
  g_autofree char* kept_token = nullptr;
  g_object_get(sink, "upload-token-id", &kept_token, nullptr);
  g_assert_cmpstr(kept_token, ==, token_id.c_str());
  g_assert_cmpuint(stats_uint64(sink, "bytes-acknowledged"), >=, 3 * kChunk);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
}

bool acknowledged_at_least(GstMessage* message, uint64_t bytes) {
  const GstStructure* s = gst_message_get_structure(message);
  guint64 acknowledged = 0;
  return GST_MESSAGE_TYPE(message) == GST_MESSAGE_ELEMENT && gst_structure_has_name(s, "kaltura-upload-progress") &&
         gst_structure_get_uint64(s, "bytes-acknowledged", &acknowledged) && acknowledged >= bytes;
}

void pause_briefly(GstElement* pipeline) {
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PAUSED), !=, GST_STATE_CHANGE_FAILURE);
  g_usleep(300000);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
}

// Plays the pipeline and pauses it briefly once, when `when` first says so
// (after `settle` more microseconds); the upload must still end with EOS
// and every byte.
void pause_once_then_expect_every_byte(GstElement* pipeline, const DevServerProcess& server, uint64_t total,
                                       const std::function<bool(GstMessage*)>& when, gulong settle) {
  bool paused = false;
  Pass pass = play_once(pipeline, [&](GstMessage* message) {
    if (paused || !when(message)) return false;
    g_usleep(settle);
    pause_briefly(pipeline);
    paused = true;
    return false;
  });
  if (!pass.error.empty()) g_error("%s", pass.error.c_str());
  g_assert_true(paused);
  g_assert_true(pass.eos);
  assert_same_bytes(download_source(server, pass.entry_id), pattern_bytes(0, total));
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
}

// A pause in the middle of the upload, and another while wait-for follows
// the entry: the sink waits for PLAYING and goes on where it was, so the
// upload completes with every byte and EOS comes once the entry is READY.
void test_paused_and_played_again() {
  const uint64_t total = 40 * kChunk + 123;
  g_autoptr(GstElement) pipeline = pattern_pipeline(total, 16384);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, slow_server());
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, "file-name", "pattern.bin", "max-parallel-chunks",
               2u, "wait-for", 1, nullptr);
  bool paused_uploading = false, paused_following = false;
  Pass pass = play_once(pipeline, [&](GstMessage* message) {
    if (!paused_uploading && acknowledged_at_least(message, 4 * kChunk)) {
      pause_briefly(pipeline);
      paused_uploading = true;
    }
    if (!paused_following && gst_message_has_name(message, "kaltura-upload-complete")) {
      pause_briefly(pipeline);
      paused_following = true;
    }
    return false;
  });
  if (!pass.error.empty()) g_error("%s", pass.error.c_str());
  g_assert_true(pass.eos);
  g_assert_true(paused_uploading);
  g_assert_true(paused_following);
  const std::string entry = admin_call(slow_server(), "baseentry", "get", {{"entryId", pass.entry_id}});
  assert_equal_text(json_member(entry, "status"), "2");
  assert_same_bytes(download_source(slow_server(), pass.entry_id), pattern_bytes(0, total));
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
}

// A pause while the sink opens the upload (its session starts, and its
// entry and token are made, beside the stream): the pause does not wait for
// those calls, and the upload completes once the pipeline plays again.
void test_paused_while_opening() {
  DevServerProcess& slower = slower_server();
  const uint64_t total = 2 * kChunk + 5;
  g_autoptr(GstElement) pipeline = pattern_pipeline(total, 16384);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, slower);
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, "file-name", "pattern.bin", "wait-for", 1,
               nullptr);
  // The sink announces the upload with its first buffer, then starts the session.
  pause_once_then_expect_every_byte(
      pipeline, slower, total, [](GstMessage* message) { return GST_MESSAGE_TYPE(message) == GST_MESSAGE_PROGRESS; },
      200000);
}

// A server that does not answer for a while as the stream begins (a live
// recording cut into fragments by splitmuxsink opens an upload for each):
// the session starts beside the stream, which goes on into the upload window
// meanwhile instead of waiting for the server. Once the server answers, the
// upload completes with every byte.
void test_stream_goes_on_while_the_session_starts() {
  DevServerProcess server;
  const uint64_t total = 3 * kChunk;  // the held head and two chunks: within the window
  g_autoptr(GstElement) pipeline = pattern_pipeline(total, 16384);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, "timeout", 60u, "wait-for", 1, nullptr);
  std::atomic<bool> eos_reached_the_sink{false};
  g_autoptr(GstPad) pad = gst_element_get_static_pad(sink, "sink");
  gst_pad_add_probe(
      pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
      [](GstPad*, GstPadProbeInfo* info, gpointer data) {
        if (GST_EVENT_TYPE(GST_PAD_PROBE_INFO_EVENT(info)) == GST_EVENT_EOS)
          static_cast<std::atomic<bool>*>(data)->store(true);
        return GST_PAD_PROBE_OK;
      },
      &eos_reached_the_sink, nullptr);
  server.freeze();
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  const gint64 deadline = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;
  while (!eos_reached_the_sink && g_get_monotonic_time() < deadline) g_usleep(20000);
  server.thaw();
  g_assert_true(eos_reached_the_sink);  // while the server answered nothing
  Pass pass = play_once(pipeline);
  if (!pass.error.empty()) g_error("%s", pass.error.c_str());
  g_assert_true(pass.eos);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  assert_same_bytes(download_source(server, pass.entry_id), pattern_bytes(0, total));
}

// A flushing seek in the middle of the upload: the sink cannot take back
// what it sent, so it says so with an error (it used to stop without a
// word), and on-error=keep's warning follows when the pipeline stops.
void test_flushing_seek_ends_the_upload() {
  g_autofree char* dir = g_dir_make_tmp("kalturasink-lifecycle-XXXXXX", nullptr);
  const std::string path = write_file(dir, "long.bin", pattern_bytes(0, 60 * kChunk));
  g_autoptr(GstElement) pipeline = launch_at(slow_server(), "filesrc location=" + path + " ! kalturasink name=sink");
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, nullptr);
  bool sought = false;
  Pass pass = play_once(pipeline, [&](GstMessage* message) {
    if (!sought && acknowledged_at_least(message, 3 * kChunk)) {
      sought = true;
      g_assert_true(gst_element_seek_simple(pipeline, GST_FORMAT_BYTES, GST_SEEK_FLAG_FLUSH, 0));
    }
    return false;
  });
  g_assert_true(sought);
  g_assert_false(pass.eos);
  g_test_message("%s", pass.error.c_str());
  g_assert_nonnull(strstr(pass.error.c_str(), "The pipeline was flushed (a flushing seek) during the upload"));
  g_assert_cmpuint(pass.warnings.size(), ==, 1);
  g_assert_nonnull(strstr(pass.warnings[0].c_str(), "set upload-token-id="));
  g_assert_cmpint(pass.progress.back().first, ==, GST_PROGRESS_TYPE_ERROR);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  g_unlink(path.c_str());
  g_rmdir(dir);
}

// Settings are read as the upload starts: once it has, a change is refused
// with a warning (it used to be kept quietly for the next upload), and the
// upload goes on under the settings it started with.
void test_settings_refused_once_started() {
  const uint64_t total = 8 * kChunk + 9;
  g_autoptr(GstElement) pipeline = pattern_pipeline(total, 16384);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, slow_server());
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, "entry-name", "as started", nullptr);
  bool tried = false;
  Pass pass = play_once(pipeline, [&](GstMessage* message) {
    if (tried || !acknowledged_at_least(message, kChunk)) return false;
    tried = true;
    const std::vector<std::string> warnings =
        glib_warnings_of([&] { g_object_set(sink, "entry-name", "too late", nullptr); });
    g_assert_cmpuint(warnings.size(), ==, 1);
    assert_equal_text(warnings[0],
                      "sink: the entry-name property can only be changed in the NULL or READY state; "
                      "the change is ignored");
    g_autoptr(GError) error = nullptr;
    g_assert_false(gst_uri_handler_set_uri(GST_URI_HANDLER(sink), "kaltura://?entry-name=by+uri", &error));
    g_assert_error(error, GST_URI_ERROR, GST_URI_ERROR_BAD_STATE);
    g_autofree char* name = nullptr;
    g_object_get(sink, "entry-name", &name, nullptr);
    g_assert_cmpstr(name, ==, "as started");
    return false;
  });
  if (!pass.error.empty()) g_error("%s", pass.error.c_str());
  g_assert_true(tried);
  g_assert_true(pass.eos);
  const std::string entry = admin_call(slow_server(), "baseentry", "get", {{"entryId", pass.entry_id}});
  assert_equal_text(json_member(entry, "name"), "as started");
  // Back in READY, settings change again.
  g_object_set(sink, "entry-name", "next", nullptr);
  g_autofree char* name = nullptr;
  g_object_get(sink, "entry-name", &name, nullptr);
  g_assert_cmpstr(name, ==, "next");
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
}

// Plays the pipeline until `when` first says so, waits `settle` more
// microseconds (a call the server holds is then under way), stops it (from
// PLAYING, so through a pause first) and returns how long the stop took, in
// milliseconds. The upload must not have ended before.
gint64 stopped_in_ms(GstElement* pipeline, const std::function<bool(GstMessage*)>& when, gulong settle) {
  gint64 stopping_from = 0;
  Pass pass = play_once(pipeline, [&](GstMessage* message) {
    if (!when(message)) return false;
    g_usleep(settle);
    stopping_from = g_get_monotonic_time();
    return true;
  });
  const gint64 stopping_ms = (g_get_monotonic_time() - stopping_from) / 1000;
  g_test_message("stopped in %" G_GINT64_FORMAT " ms", stopping_ms);
  g_assert_cmpint(stopping_from, >, 0);
  g_assert_false(pass.eos);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  return stopping_ms;
}

// 100 bytes of data in order, to the server: all in one chunk, so that
// once it is acknowledged the streaming thread is in the final call.
constexpr uint64_t kFinalCallTotal = 100;
GstElement* one_chunk_upload(const DevServerProcess& server) {
  GstElement* pipeline = pattern_pipeline(kFinalCallTotal, 16384);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "entry-type", 1, "rewrite-window", gint64{0}, "file-name", "pattern.bin", nullptr);
  return pipeline;
}

// Every byte acknowledged: the streaming thread is in the final call, which
// a slow server holds for 4 s. The stop cancels it (it waited for it).
void test_stopped_during_the_final_call() {
  DevServerProcess server({"--latency-ms", "4000"});
  const uint64_t total = kFinalCallTotal;
  g_autoptr(GstElement) pipeline = one_chunk_upload(server);
  const auto all_acknowledged = [&](GstMessage* message) { return acknowledged_at_least(message, total); };
  g_assert_cmpint(stopped_in_ms(pipeline, all_acknowledged, 200000), <, 2000);
}

// A pause during the final call leaves it travelling; once the pipeline
// plays again the upload completes with every byte.
void test_paused_during_the_final_call() {
  DevServerProcess server({"--latency-ms", "1500"});
  const uint64_t total = kFinalCallTotal;
  g_autoptr(GstElement) pipeline = one_chunk_upload(server);
  pause_once_then_expect_every_byte(
      pipeline, server, total, [&](GstMessage* message) { return acknowledged_at_least(message, total); }, 200000);
}

// Plays until every byte is acknowledged, then stops 200 ms into the final
// chunk's call (to READY, as play_once does).
Pass stopped_200ms_into_the_final(GstElement* pipeline, uint64_t total) {
  return play_once(pipeline, [&](GstMessage* message) {
    if (!acknowledged_at_least(message, total)) return false;
    g_usleep(200000);  // the final is on its way
    return true;
  });
}

// A stop during the final call cancels it on the sink's side, yet the server
// carries it out: on-error=finalize asks the token first and finds the upload
// complete, rather than sending another final that the server refuses.
void test_stopped_during_a_final_the_server_carries_out() {
  DevServerProcess server({"--latency-ms", "800"});
  const uint64_t total = kFinalCallTotal;
  g_autoptr(GstElement) pipeline = one_chunk_upload(server);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  gst_util_set_object_arg(G_OBJECT(sink), "on-error", "finalize");
  Pass pass = stopped_200ms_into_the_final(pipeline, total);
  g_assert_false(pass.eos);
  for (const std::string& warning : pass.warnings) g_test_message("%s", warning.c_str());
  g_assert_cmpuint(pass.warnings.size(), ==, 0);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  assert_same_bytes(download_source(server, pass.entry_id), pattern_bytes(0, total));
}

// A pause lets the final chunk land; a stop in that pause (no EOS yet,
// since the sink never saw PLAYING again) finds the upload complete: with
// on-error=delete it is kept, with no warning, the token complete and the
// entry holding every byte. It used to be deleted.
void test_stopped_in_a_pause_after_the_final_landed() {
  DevServerProcess server({"--latency-ms", "800"});
  const uint64_t total = kFinalCallTotal;
  g_autoptr(GstElement) pipeline = one_chunk_upload(server);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  gst_util_set_object_arg(G_OBJECT(sink), "on-error", "delete");
  std::string token_id;
  Pass pass = play_once(pipeline, [&](GstMessage* message) {
    const GstStructure* s = gst_message_get_structure(message);
    if (s && gst_structure_has_name(s, "kaltura-upload-token-created"))
      token_id = gst_structure_get_string(s, "token-id");
    if (!acknowledged_at_least(message, total)) return false;
    g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PAUSED), !=, GST_STATE_CHANGE_FAILURE);
    g_usleep(3000000);  // the final chunk's call, 800 ms on this server, lands meanwhile
    return true;
  });
  g_assert_false(pass.eos);
  for (const std::string& warning : pass.warnings) g_test_message("%s", warning.c_str());
  g_assert_cmpuint(pass.warnings.size(), ==, 0);
  g_assert_cmpstr(token_id.c_str(), !=, "");
  const std::string token = admin_call(server, "uploadtoken", "get", {{"uploadTokenId", token_id}});
  const std::string status = json_member(token, "status");
  g_test_message("token status %s", status.c_str());
  g_assert_true(status == "2" || status == "3");  // FULL_UPLOAD or CLOSED
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  assert_same_bytes(download_source(server, pass.entry_id), pattern_bytes(0, total));
}

// The same stop with on-error=delete: the final the stop cut short on the
// sink's side completed the upload on the server, which is kept, with a
// warning that says so. It used to be deleted.
void test_delete_keeps_an_upload_the_server_completed() {
  DevServerProcess server({"--latency-ms", "800"});
  const uint64_t total = kFinalCallTotal;
  g_autoptr(GstElement) pipeline = one_chunk_upload(server);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  gst_util_set_object_arg(G_OBJECT(sink), "on-error", "delete");
  Pass pass = stopped_200ms_into_the_final(pipeline, total);
  g_assert_false(pass.eos);
  g_assert_cmpuint(pass.warnings.size(), ==, 1);
  g_assert_nonnull(strstr(pass.warnings.front().c_str(),
                          "The upload was complete on the server when the pipeline "
                          "stopped"));
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  assert_same_bytes(download_source(server, pass.entry_id), pattern_bytes(0, total));
}

// How many final chunks (finalChunk=true uploads) the server was sent.
size_t final_chunks_sent(const DevServerProcess& server) {
  const std::string log = server.log();
  size_t count = 0;
  for (size_t at = log.find("finalChunk=true"); at != std::string::npos; at = log.find("finalChunk=true", at + 1))
    ++count;
  return count;
}

// An application that toggles its pipeline PAUSED 200 ms / PLAYING 250 ms
// from the moment every byte is acknowledged, while the server takes 600 ms
// for each call: any final call, and any uploadToken.get after it, meets a
// pause. The final chunk goes on through the pauses (it is sent once), and
// the upload completes with every byte and the token complete.
void test_paused_again_and_again_during_the_final_call() {
  DevServerProcess server({"--latency-ms", "600"});
  const uint64_t total = 3 * kChunk + 1000;
  g_autoptr(GstElement) pipeline = pattern_pipeline(total, 16384);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "chunk-size", guint64{kChunk}, "file-name", "pattern.bin", nullptr);
  gst_util_set_object_arg(G_OBJECT(sink), "entry-type", "document");
  g_autoptr(GstBus) bus = gst_element_get_bus(pipeline);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  const gint64 deadline = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
  Pass pass;
  std::string token_id;
  int pauses = 0;
  gint64 toggle_at = 0;  // 0 until every byte is acknowledged
  bool paused = false;
  while (!pass.eos && pass.error.empty()) {
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    if (toggle_at && g_get_monotonic_time() >= toggle_at) {
      paused = !paused;
      g_assert_cmpint(gst_element_set_state(pipeline, paused ? GST_STATE_PAUSED : GST_STATE_PLAYING), !=,
                      GST_STATE_CHANGE_FAILURE);
      if (paused) ++pauses;
      toggle_at = g_get_monotonic_time() + (paused ? 200 : 250) * 1000;
    }
    g_autoptr(GstMessage) message = gst_bus_timed_pop(bus, 10 * GST_MSECOND);
    if (!message) continue;
    note(pass, message);
    if (!toggle_at && acknowledged_at_least(message, total)) toggle_at = g_get_monotonic_time();
    if (gst_message_has_name(message, "kaltura-upload-complete"))
      token_id = gst_structure_get_string(gst_message_get_structure(message), "token-id");
  }
  if (!pass.error.empty()) g_error("%s", pass.error.c_str());
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  g_test_message("%d pauses", pauses);
  g_assert_cmpint(pauses, >=, 2);
  g_assert_cmpuint(final_chunks_sent(server), ==, 1);
  const std::string token = admin_call(server, "uploadtoken", "get", {{"uploadTokenId", token_id}});
  const std::string status = json_member(token, "status");
  g_assert_true(status == "2" || status == "3");
  assert_equal_text(json_member(token, "uploadedFileSize"), std::to_string(total));
  assert_same_bytes(download_source(server, pass.entry_id), pattern_bytes(0, total));
}

// wait-for follows the entry, and the server holds its poll for 20 s: the
// stop cancels the poll (it used to wait for it).
void test_stopped_while_following_the_entry() {
  DevServerProcess server({"--fault-rate", "1", "--fault-actions", "baseentry.get", "--fault-kinds", "timeout",
                           "--fault-timeout-ms", "20000"});
  g_autoptr(GstElement) pipeline = pattern_pipeline(3 * kChunk, 16384);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "chunk-size", guint64{kChunk}, "entry-type", 1, "wait-for", 1, nullptr);
  const auto upload_complete = [](GstMessage* message) {
    return gst_message_has_name(message, "kaltura-upload-complete");
  };
  g_assert_cmpint(stopped_in_ms(pipeline, upload_complete, 500000), <, 5000);
}

// The upload replaces an entry's content, and the server holds every
// approval (media.approveReplace) for 20 s: a pause cuts the call short (it
// used to wait for it), the approval is made again once the pipeline plays,
// and a stop cuts that one short too, then tries the approval once more
// within the time a cleanup gets (timeout, 3 s here) and, given up, says how
// to approve it.
void test_paused_while_approving_the_replacement() {
  DevServerProcess server({"--fault-rate", "1", "--fault-actions", "media.approvereplace", "--fault-kinds", "timeout",
                           "--fault-timeout-ms", "20000"});
  const std::string entry_id = media_entry_with_content(server, "replaced");
  g_autoptr(GstElement) pipeline = replacing_pipeline(server, make_audio("mp4mux", 60), entry_id);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  g_object_set(sink, "timeout", 3u, nullptr);
  const auto approvals = [&] {
    const std::string log = server.log();
    size_t count = 0;
    for (size_t at = log.find("fault timeout on media.approvereplace"); at != std::string::npos;
         at = log.find("fault timeout on media.approvereplace", at + 1))
      ++count;
    return count;
  };
  // Until the server holds one more approval than before.
  const auto wait_for_approval_after = [&](size_t before) {
    const gint64 deadline = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;
    while (approvals() <= before) {
      g_assert_cmpint(g_get_monotonic_time(), <, deadline);
      g_usleep(20000);
    }
  };
  gint64 pause_ms = -1, stopping_from = 0;
  size_t before_stop = 0;
  Pass pass = play_once(pipeline, [&](GstMessage* message) {
    if (!gst_message_has_name(message, "kaltura-upload-complete")) return false;
    wait_for_approval_after(0);
    const gint64 pausing_from = g_get_monotonic_time();
    g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PAUSED), !=, GST_STATE_CHANGE_FAILURE);
    pause_ms = (g_get_monotonic_time() - pausing_from) / 1000;
    const size_t before_playing = approvals();
    g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
    wait_for_approval_after(before_playing);  // made again
    before_stop = approvals();
    stopping_from = g_get_monotonic_time();
    return true;
  });
  const gint64 stopping_ms = (g_get_monotonic_time() - stopping_from) / 1000;
  g_test_message("paused in %" G_GINT64_FORMAT " ms, stopped in %" G_GINT64_FORMAT " ms", pause_ms, stopping_ms);
  g_assert_false(pass.eos);
  g_assert_cmpint(pause_ms, >=, 0);
  g_assert_cmpint(pause_ms, <, 2000);
  g_assert_cmpint(stopping_ms, <, 10000);  // the stop's own try, 3 s, and no more
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  g_assert_cmpuint(approvals(), >, before_stop);  // the stop's try
  g_assert_cmpuint(pass.warnings.size(), ==, 1);
  g_test_message("%s", pass.warnings[0].c_str());
  g_assert_nonnull(
      strstr(pass.warnings[0].c_str(), ("Approving the replacement of entry " + entry_id +
                                        " as the pipeline stopped (approve it later with media.approveReplace")
                                           .c_str()));
  g_assert_nonnull(strstr(pass.warnings[0].c_str(), "took longer than 3 s and was given up"));
}

// A stop during the approval, against a server that answers: the stop makes
// the approval, and the new content takes the entry's place (it was left
// waiting in the replacement, unapproved).
void test_stopped_while_approving_the_replacement() {
  DevServerProcess server({"--latency-ms", "1500"});
  const std::string entry_id = media_entry_with_content(server, "replaced");
  const std::string second = make_audio("mp4mux", 60);
  g_autoptr(GstElement) pipeline = replacing_pipeline(server, second, entry_id);
  Pass pass = play_once(pipeline, [&](GstMessage* message) {
    // The approval follows at once, and the server takes 1.5 s to answer.
    return gst_message_has_name(message, "kaltura-upload-complete");
  });
  g_assert_false(pass.eos);
  g_assert_cmpuint(pass.warnings.size(), ==, 0);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  g_assert_true(server.log().find("media.approvereplace entryId=" + entry_id + " -> ok") != std::string::npos);
  // Approved, the replacement takes the entry's place once it is ready.
  const gint64 deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
  for (;;) {
    const std::string entry = admin_call(server, "baseentry", "get", {{"entryId", entry_id}});
    if (json_member(entry, "replacementStatus") == "0") break;
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    g_usleep(200000);
  }
  assert_same_bytes(download_source(server, entry_id), second);
}

// An upload that fails ends its progress with ERROR, so that an application
// following progress does not wait for a COMPLETE that never comes.
void test_failed_upload_ends_its_progress() {
  int port = 0;
  {
    // A port nothing listens on any more: the sink's calls are refused.
    g_autoptr(GSocket) closed = testing_support::new_loopback_listening_socket(port);
  }
  g_autoptr(GstElement) pipeline = pattern_pipeline(3 * kChunk, 16384);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  g_object_set(sink, "service-url", url.c_str(), "partner-id", testing_support::kPartnerId, "secret",
               testing_support::kAdminSecret, "retries", 0, "chunk-size", guint64{kChunk}, nullptr);
  Pass pass = play_once(pipeline);
  g_assert_cmpstr(pass.error.c_str(), !=, "");
  g_assert_cmpint(pass.progress.front().first, ==, GST_PROGRESS_TYPE_START);
  g_assert_cmpint(pass.progress.back().first, ==, GST_PROGRESS_TYPE_ERROR);
  assert_equal_text(pass.progress.back().second, "Upload failed");
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
}

}  // namespace

int main(int argc, char** argv) {
  catch_glib_warnings_on_demand();
  gst_init(&argc, &argv);
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/kalturasink/lifecycle/started-again-from-ready", test_started_again_from_ready);
  g_test_add_func("/kalturasink/lifecycle/keep-warning-read-at-ready", test_keep_warning_read_at_ready);
  g_test_add_func("/kalturasink/lifecycle/failed-upload-ends-its-progress", test_failed_upload_ends_its_progress);
  g_test_add_func("/kalturasink/lifecycle/paused-and-played-again", test_paused_and_played_again);
  g_test_add_func("/kalturasink/lifecycle/throughput-counts-from-the-upload", test_throughput_counts_from_the_upload);
  g_test_add_func("/kalturasink/lifecycle/stats-hold-the-base-sinks-fields", test_stats_hold_the_base_sinks_fields);
  g_test_add_func("/kalturasink/lifecycle/stats-readable-while-a-stop-drains", test_stats_readable_while_a_stop_drains);
  g_test_add_func("/kalturasink/lifecycle/paused-while-opening", test_paused_while_opening);
  g_test_add_func("/kalturasink/lifecycle/stream-goes-on-while-the-session-starts",
                  test_stream_goes_on_while_the_session_starts);
  g_test_add_func("/kalturasink/lifecycle/flushing-seek-ends-the-upload", test_flushing_seek_ends_the_upload);
  g_test_add_func("/kalturasink/lifecycle/stream-not-beginning-at-zero", test_stream_not_beginning_at_zero);
  g_test_add_func("/kalturasink/lifecycle/stream-ending-at-a-seek-stop", test_stream_ending_at_a_seek_stop);
  g_test_add_func("/kalturasink/lifecycle/upload-ids-notified", test_upload_ids_notified);
  g_test_add_func("/kalturasink/lifecycle/settings-refused-once-started", test_settings_refused_once_started);
  g_test_add_func("/kalturasink/lifecycle/stopped-during-the-final-call", test_stopped_during_the_final_call);
  g_test_add_func("/kalturasink/lifecycle/paused-during-the-final-call", test_paused_during_the_final_call);
  g_test_add_func("/kalturasink/lifecycle/stopped-during-a-final-the-server-carries-out",
                  test_stopped_during_a_final_the_server_carries_out);
  g_test_add_func("/kalturasink/lifecycle/delete-keeps-an-upload-the-server-completed",
                  test_delete_keeps_an_upload_the_server_completed);
  g_test_add_func("/kalturasink/lifecycle/stopped-in-a-pause-after-the-final-landed",
                  test_stopped_in_a_pause_after_the_final_landed);
  g_test_add_func("/kalturasink/lifecycle/paused-again-and-again-during-the-final-call",
                  test_paused_again_and_again_during_the_final_call);
  g_test_add_func("/kalturasink/lifecycle/stopped-while-following-the-entry", test_stopped_while_following_the_entry);
  g_test_add_func("/kalturasink/lifecycle/paused-while-approving-the-replacement",
                  test_paused_while_approving_the_replacement);
  g_test_add_func("/kalturasink/lifecycle/stopped-while-approving-the-replacement",
                  test_stopped_while_approving_the_replacement);
  return g_test_run();
}
