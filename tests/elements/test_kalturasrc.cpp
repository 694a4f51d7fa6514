// kalturasrc against a real kaltura-devserver: the bytes it reads are the
// bytes that were uploaded (from the start, after seeks, in pull mode from
// several threads, of a flavor named by its asset id, through a kaltura://
// URI, across API faults and a server killed mid-download), wait-ready
// waits, errors carry Kaltura's code, and playbin plays kaltura:// URIs.
#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "devserver_process.h"
#include "loopback_socket.h"
#include "sink_test_support.h"

using testing_support::DevServerProcess;
using namespace sink_test;

namespace {

DevServerProcess& shared_server() {
  static DevServerProcess server;
  return server;
}

// The error's string detail field equals expected.
void assert_detail(const BusLog& log, const char* field, const std::string& expected) {
  const std::string value = log.error_detail(field);  // kept alive for the comparison
  g_assert_cmpstr(value.c_str(), ==, expected.c_str());
}

// bytes are the pattern's bytes [offset, offset + length), compared by hash.
void assert_pattern(const std::string& bytes, uint64_t offset, uint64_t length) {
  g_assert_cmpuint(bytes.size(), ==, length);
  const std::string got = sha256(bytes);
  const std::string expected = sha256(pattern_bytes(offset, length));
  g_assert_cmpstr(got.c_str(), ==, expected.c_str());
}

void point_at(GstElement* element, const DevServerProcess& server) {
  g_object_set(element, "service-url", server.url().c_str(), "partner-id", testing_support::kPartnerId, "secret",
               testing_support::kAdminSecret, nullptr);
}

// Uploads total pattern bytes with kalturasink as a document entry (stored
// as is); returns the entry id. wait: until the entry is READY.
std::string upload_pattern(DevServerProcess& server, uint64_t total, bool wait = true) {
  g_autoptr(GstElement) pipeline = pattern_pipeline(total, 256 * 1024);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "entry-type", 1, "file-name", "pattern.bin", nullptr);
  if (wait) gst_util_set_object_arg(G_OBJECT(sink), "wait-for", "entry-ready");
  BusLog log = run_pipeline(pipeline, 60);
  g_assert_null(log.error);
  g_assert_true(log.eos);
  const std::string entry_id = log.string_field("kaltura-entry-created", "entry-id");
  g_assert_cmpstr(entry_id.c_str(), !=, "");
  return entry_id;
}

struct Reading {
  GstElement* pipeline = nullptr;
  GstElement* src = nullptr;
  GstAppSink* out = nullptr;
  explicit Reading(const char* description = "kalturasrc name=src ! appsink name=out sync=false") {
    g_autoptr(GError) error = nullptr;
    pipeline = gst_parse_launch(description, &error);
    g_assert_no_error(error);
    src = gst_bin_get_by_name(GST_BIN(pipeline), "src");
    out = GST_APP_SINK(gst_bin_get_by_name(GST_BIN(pipeline), "out"));
  }
  // source (made elsewhere, e.g. from a URI) ! appsink
  explicit Reading(GstElement* source) {
    pipeline = gst_pipeline_new(nullptr);
    GstElement* sink = gst_element_factory_make("appsink", "out");
    g_object_set(sink, "sync", FALSE, nullptr);
    gst_bin_add_many(GST_BIN(pipeline), source, sink, nullptr);
    g_assert_true(gst_element_link(source, sink));
    src = GST_ELEMENT(gst_object_ref(source));
    out = GST_APP_SINK(gst_object_ref(sink));
  }
  ~Reading() {
    gst_element_set_state(pipeline, GST_STATE_NULL);
    gst_object_unref(out);
    gst_object_unref(src);
    gst_object_unref(pipeline);
  }
  // Appends samples to bytes until EOS (true) or an error (false), pulling
  // at most max_bytes when given.
  bool pull(std::string& bytes, uint64_t max_bytes = G_MAXUINT64) {
    const uint64_t start = bytes.size();
    while (bytes.size() - start < max_bytes) {
      g_autoptr(GstSample) sample = gst_app_sink_try_pull_sample(out, 30 * GST_SECOND);
      if (!sample) {
        if (gst_app_sink_is_eos(out)) return true;
        g_autoptr(GstBus) bus = gst_element_get_bus(pipeline);
        g_autoptr(GstMessage) error = gst_bus_pop_filtered(bus, GST_MESSAGE_ERROR);
        if (error) {
          g_autoptr(GError) gerror = nullptr;
          gst_message_parse_error(error, &gerror, nullptr);
          g_test_message("read failed: %s", gerror->message);
        }
        return false;
      }
      GstBuffer* buffer = gst_sample_get_buffer(sample);
      GstMapInfo map;
      g_assert_true(gst_buffer_map(buffer, &map, GST_MAP_READ));
      bytes.append(reinterpret_cast<const char*>(map.data), map.size);
      gst_buffer_unmap(buffer, &map);
    }
    return true;
  }
  guint64 stat(const char* field) { return stats_uint64(src, field); }
};

// Reads until EOS and returns the bytes.
std::string read_all(Reading& reading) {
  gst_element_set_state(reading.pipeline, GST_STATE_PLAYING);
  std::string bytes;
  g_assert_true(reading.pull(bytes));
  return bytes;
}

// Plays the reading of the entry from its start to its end and checks the
// bytes; the reading stays as it ended, for its statistics.
void read_whole_entry(Reading& reading, DevServerProcess& server, const std::string& entry_id, uint64_t total) {
  point_at(reading.src, server);
  g_object_set(reading.src, "entry-id", entry_id.c_str(), nullptr);
  const std::string bytes = read_all(reading);
  g_assert_cmpuint(bytes.size(), ==, total);
  assert_pattern(bytes, 0, total);
}

void test_reads_uploaded_bytes() {
  DevServerProcess& server = shared_server();
  const uint64_t total = 1024 * 1024 + 123;  // not a multiple of the block size
  const std::string entry_id = upload_pattern(server, total);
  Reading reading;
  read_whole_entry(reading, server, entry_id, total);
  g_assert_cmpuint(reading.stat("bytes-read"), ==, total);
  g_assert_cmpuint(reading.stat("requests"), ==, 1);  // the size probe's response is read on

  gint64 duration = -1;
  g_assert_true(gst_element_query_duration(reading.pipeline, GST_FORMAT_BYTES, &duration));
  g_assert_cmpint(duration, ==, static_cast<gint64>(total));
  // The figures stay after the pipeline stops, all of them.
  g_assert_cmpint(gst_element_set_state(reading.pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  g_assert_cmpuint(reading.stat("bytes-read"), ==, total);
  g_assert_cmpuint(reading.stat("requests"), ==, 1);
}

// Seeks forward, near the end, backwards, and a small forward hop: each
// reads exactly its slice of the entry's bytes.
void check_seeks(DevServerProcess& server, const std::string& entry_id, uint64_t total) {
  Reading reading;
  point_at(reading.src, server);
  g_object_set(reading.src, "entry-id", entry_id.c_str(), nullptr);
  g_assert_cmpint(gst_element_set_state(reading.pipeline, GST_STATE_PAUSED), !=, GST_STATE_CHANGE_FAILURE);
  g_assert_cmpint(gst_element_get_state(reading.pipeline, nullptr, nullptr, 30 * GST_SECOND), ==,
                  GST_STATE_CHANGE_SUCCESS);
  gboolean seekable = FALSE;
  g_autoptr(GstQuery) query = gst_query_new_seeking(GST_FORMAT_BYTES);
  g_assert_true(gst_element_query(reading.src, query));
  gst_query_parse_seeking(query, nullptr, &seekable, nullptr, nullptr);
  g_assert_true(seekable);

  const struct { uint64_t start, length; } slices[] = {
      {1000 * 1000 + 7, 300 * 1000}, {total - 5000, 5000}, {17, 70 * 1000}, {70 * 1000 + 17 + 4096, 100 * 1000}};
  for (const auto& slice : slices) {
    g_assert_true(gst_element_seek(reading.pipeline, 1.0, GST_FORMAT_BYTES,
                                   static_cast<GstSeekFlags>(GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE),
                                   GST_SEEK_TYPE_SET, static_cast<gint64>(slice.start), GST_SEEK_TYPE_SET,
                                   static_cast<gint64>(slice.start + slice.length)));
    const std::string bytes = read_all(reading);
    g_assert_cmpuint(bytes.size(), ==, slice.length);
    assert_pattern(bytes, slice.start, slice.length);
  }
}

void test_seeks_return_the_slices() {
  DevServerProcess& server = shared_server();
  const uint64_t total = 2 * 1024 * 1024;
  check_seeks(server, upload_pattern(server, total), total);
}

// Kaltura's download URLs often redirect to a CDN: the element follows, for
// the first request and for each seek's Range request.
void test_follows_redirects() {
  DevServerProcess server({"--cdn-redirect"});
  const uint64_t total = 2 * 1024 * 1024;
  const std::string entry_id = upload_pattern(server, total);
  {
    Reading reading;
    read_whole_entry(reading, server, entry_id, total);
  }
  check_seeks(server, entry_id, total);
  const std::string log = server.log();
  g_assert_true(log.find("file serveFlavor entryId=" + entry_id) != std::string::npos);
  g_assert_true(log.find("-> 302") != std::string::npos);
  // The backward seek to byte 17: its first block is still kept from the
  // start, the next one is asked for.
  g_assert_true(log.find("Range=bytes=65536- via /cdn -> 206") != std::string::npos);
}

// Records the pipeline description (ending in "kalturasink name=sink") to
// the server; the entry's id.
std::string record_entry(const DevServerProcess& server, const std::string& description, int timeout_seconds = 60) {
  g_autoptr(GstElement) recording = launch_at(server, description);
  BusLog recorded = run_pipeline(recording, timeout_seconds);
  if (recorded.error) g_error("%s", recorded.error_gerror()->message);
  return recorded.string_field("kaltura-entry-created", "entry-id");
}

// A demuxer in pull mode reads audio and video samples by their times,
// going back and forth in the file; typefind looks at the start and the end
// in turns. The blocks read last are kept, so this takes a few requests,
// not one per jump back (about 140 for this file without them).
void test_pull_mode_demuxing_takes_few_requests() {
  DevServerProcess& server = shared_server();
  const std::string entry_id = record_entry(
      server,
      "videotestsrc num-buffers=150 ! video/x-raw,width=320,height=240 ! x264enc ! queue ! mux. "
      "audiotestsrc num-buffers=250 ! lamemp3enc ! queue ! mp4mux name=mux ! kalturasink name=sink file-name=av.mp4 "
      "wait-for=entry-ready",
      120);

  g_autoptr(GstElement) pipeline = gst_parse_launch(
      "kalturasrc name=src ! qtdemux name=demux demux.video_0 ! queue ! fakesink demux.audio_0 ! queue ! fakesink",
      nullptr);
  g_autoptr(GstElement) src = gst_bin_get_by_name(GST_BIN(pipeline), "src");
  point_at(src, server);
  g_object_set(src, "entry-id", entry_id.c_str(), nullptr);
  BusLog log = run_pipeline(pipeline, 60);
  if (log.error) g_error("%s", log.error_gerror()->message);
  g_assert_true(log.eos);
  g_autoptr(GstStructure) stats = nullptr;
  g_object_get(src, "stats", &stats, nullptr);
  guint64 requests = 0;
  g_assert_true(gst_structure_get_uint64(stats, "requests", &requests));
  g_test_message("%" G_GUINT64_FORMAT " requests", requests);
  g_assert_cmpuint(requests, <=, 6);
}

// Pull mode, as typefind and demuxers use it: ranges at any offset, asked
// from different threads.
void test_pull_mode_from_several_threads() {
  DevServerProcess& server = shared_server();
  const uint64_t total = 600 * 1000;
  const std::string entry_id = upload_pattern(server, total);
  g_autoptr(GstElement) src = gst_element_factory_make("kalturasrc", nullptr);
  point_at(src, server);
  g_object_set(src, "entry-id", entry_id.c_str(), nullptr);
  g_assert_cmpint(gst_element_set_state(src, GST_STATE_READY), ==, GST_STATE_CHANGE_SUCCESS);
  g_autoptr(GstPad) pad = gst_element_get_static_pad(src, "src");
  g_assert_true(gst_pad_activate_mode(pad, GST_PAD_MODE_PULL, TRUE));

  auto check_range = [&](uint64_t offset, guint length) {
    GstBuffer* buffer = nullptr;
    g_assert_cmpint(gst_pad_get_range(pad, offset, length, &buffer), ==, GST_FLOW_OK);
    GstMapInfo map;
    g_assert_true(gst_buffer_map(buffer, &map, GST_MAP_READ));
    const uint64_t expected = std::min<uint64_t>(length, total - offset);
    g_assert_cmpuint(map.size, ==, expected);
    g_assert_true(std::string(reinterpret_cast<const char*>(map.data), map.size) == pattern_bytes(offset, expected));
    gst_buffer_unmap(buffer, &map);
    gst_buffer_unref(buffer);
  };
  check_range(0, 4096);
  std::thread other([&] {
    check_range(500 * 1000, 8192);
    check_range(4096, 4096);
  });
  other.join();
  check_range(total - 100, 4096);  // the last 100 bytes
  GstBuffer* past_end = nullptr;
  g_assert_cmpint(gst_pad_get_range(pad, total, 4096, &past_end), ==, GST_FLOW_EOS);

  g_assert_true(gst_pad_activate_mode(pad, GST_PAD_MODE_PULL, FALSE));
  gst_element_set_state(src, GST_STATE_NULL);
}

// A media entry whose source and rendition (flavor params 3, published with
// kalturasink) are different files.
struct EntryWithRendition {
  std::string entry_id;
  std::string source;     // the bytes uploaded as the source
  std::string rendition;  // the bytes uploaded as the rendition
  std::string rendition_asset_id;
};

EntryWithRendition entry_with_rendition(DevServerProcess& server) {
  EntryWithRendition made{new_media_entry(server, "source and rendition"), make_audio("mp4mux", 100),
                          make_audio("mp4mux", 60), ""};
  upload_mp4_data(server, made.source, [&](GstElement* sink) {
    g_object_set(sink, "entry-id", made.entry_id.c_str(), nullptr);
    gst_util_set_object_arg(G_OBJECT(sink), "wait-for", "entry-ready");
  });
  BusLog published = upload_mp4_data(server, made.rendition, [&](GstElement* sink) {
    g_object_set(sink, "entry-id", made.entry_id.c_str(), "flavor-params-id", 3, nullptr);
    gst_util_set_object_arg(G_OBJECT(sink), "wait-for", "all-flavors");
  });
  made.rendition_asset_id = published.string_field("kaltura-upload-token-created", "asset-id");
  g_assert_cmpstr(made.rendition_asset_id.c_str(), !=, "");
  g_assert_true(made.source != made.rendition);
  return made;
}

// flavor-asset-id alone, without entry-id, reads that flavor: the
// rendition's bytes, not the source's.
void test_reads_a_flavor_by_asset_id() {
  DevServerProcess& server = shared_server();
  const EntryWithRendition entry = entry_with_rendition(server);
  Reading reading;
  point_at(reading.src, server);
  g_object_set(reading.src, "flavor-asset-id", entry.rendition_asset_id.c_str(), nullptr);
  const std::string bytes = read_all(reading);
  assert_same_bytes(bytes, entry.rendition);
  g_assert_cmpuint(reading.stat("bytes-read"), ==, entry.rendition.size());
}

// kaltura://ENTRY_ID?flavor-asset-id=ID, as playbin would hand it to the
// element made for it: that flavor of the entry, byte for byte.
void test_reads_a_flavor_by_asset_id_from_a_uri() {
  DevServerProcess& server = shared_server();
  const EntryWithRendition entry = entry_with_rendition(server);
  g_autofree char* service_url = g_uri_escape_string(server.url().c_str(), nullptr, FALSE);
  const std::string uri =
      "kaltura://" + entry.entry_id + "?flavor-asset-id=" + entry.rendition_asset_id + "&service-url=" + service_url;
  g_autoptr(GError) error = nullptr;
  GstElement* src = gst_element_make_from_uri(GST_URI_SRC, uri.c_str(), "src", &error);
  g_assert_no_error(error);
  Reading reading(src);
  // Credentials never come from a URI.
  g_object_set(reading.src, "partner-id", testing_support::kPartnerId, "secret", testing_support::kAdminSecret,
               nullptr);
  assert_same_bytes(read_all(reading), entry.rendition);
}

// API calls that lose their connection are retried (the client library's
// policy): the bytes are still whole.
void test_api_connection_resets() {
  DevServerProcess server({"--fault-rate", "0.5", "--fault-kinds", "reset", "--fault-actions",
                           "baseentry.get,flavorasset.list,flavorasset.geturl", "--fault-seed", "11"});
  const uint64_t total = 300 * 1000;
  const std::string entry_id = upload_pattern(server, total, false);
  Reading reading;
  point_at(reading.src, server);
  g_object_set(reading.src, "entry-id", entry_id.c_str(), "wait-ready", TRUE, "retries", 10, nullptr);
  const std::string bytes = read_all(reading);
  assert_pattern(bytes, 0, total);
  g_assert_nonnull(strstr(server.log().c_str(), "fault reset on flavorasset."));
}

// The Range header of each flavor file request in a devserver log ("" for a
// request without one), from its "file serveFlavor ... -> 206" lines; the
// status must be 206 (a range answered).
std::vector<std::string> flavor_ranges(const std::string& log) {
  std::istringstream lines(log);
  std::vector<std::string> ranges;
  for (std::string line; std::getline(lines, line);) {
    if (!g_str_has_prefix(line.c_str(), "file serveFlavor ")) continue;
    g_assert_true(line.find(" -> 206 ") != std::string::npos);
    const size_t range = line.find(" Range=");
    ranges.push_back(range == std::string::npos ? "" : line.substr(range + 7, line.find(' ', range + 7) - range - 7));
  }
  return ranges;
}

// N of "bytes=N-".
uint64_t open_range_start(const std::string& range) {
  g_assert_true(g_str_has_prefix(range.c_str(), "bytes="));
  g_assert_true(g_str_has_suffix(range.c_str(), "-"));
  return g_ascii_strtoull(range.c_str() + 6, nullptr, 10);
}

// The server dies in the middle of the body and comes back a while later: the source
// resumes at the byte it had reached (a Range request from there, as the
// restarted server's log shows), and the bytes are whole; each retry is
// told in kaltura-retrying.
void test_resumes_after_server_killed_mid_body() {
  DevServerProcess server;
  const uint64_t total = 24 * 1024 * 1024;  // far more than the socket buffers hold
  const std::string entry_id = upload_pattern(server, total);
  Reading reading("kalturasrc name=src ! appsink name=out sync=false max-buffers=2");
  point_at(reading.src, server);
  g_object_set(reading.src, "entry-id", entry_id.c_str(), "retries", 10, nullptr);
  gst_element_set_state(reading.pipeline, GST_STATE_PLAYING);
  std::string bytes;
  g_assert_true(reading.pull(bytes, 1024 * 1024));
  const uint64_t received_before_kill = bytes.size();
  server.kill();
  const size_t log_at_kill = server.log().size();
  // Back after a while, during which the source finds it gone (restarted
  // from this thread: the server goes with the thread that started it).
  bool whole = false;
  std::thread puller([&] { whole = reading.pull(bytes); });
  g_usleep(1500000);
  server.restart();
  puller.join();
  g_assert_true(whole);
  g_assert_cmpuint(bytes.size(), ==, total);
  assert_pattern(bytes, 0, total);
  g_assert_cmpuint(reading.stat("resumes"), >=, 1);
  // Resumed where it was: nowhere near a second full download.
  g_assert_cmpuint(reading.stat("bytes-read"), ==, total);
  // Each request sent again was told, as a retry of the download.
  g_autoptr(GstBus) bus = gst_element_get_bus(reading.pipeline);
  guint download_retries = 0;
  while (GstMessage* message = gst_bus_pop_filtered(bus, GST_MESSAGE_ELEMENT)) {
    const GstStructure* s = gst_message_get_structure(message);
    if (gst_structure_has_name(s, "kaltura-retrying") &&
        g_strcmp0(gst_structure_get_string(s, "call"), "download") == 0) {
      int attempt = 0;
      g_assert_true(gst_structure_get_int(s, "attempt", &attempt));
      g_assert_cmpint(attempt, >=, 1);
      ++download_retries;
    }
    gst_message_unref(message);
  }
  g_assert_cmpuint(download_retries, >=, 1);

  // The file was asked for from byte 0, and then, of the restarted server,
  // from a byte at least as far as the application had already received:
  // the source had reached it, and did not start again below it.
  const std::string log = server.log();
  const std::vector<std::string> before = flavor_ranges(log.substr(0, log_at_kill));
  const std::vector<std::string> after = flavor_ranges(log.substr(log_at_kill));
  g_assert_cmpuint(before.size(), ==, 1);
  g_assert_cmpuint(open_range_start(before.front()), ==, 0);
  g_assert_cmpuint(after.size(), >=, 1);
  for (const std::string& range : after) {
    g_test_message("resumed at byte %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT " received before the kill",
                   open_range_start(range), received_before_kill);
    g_assert_cmpuint(open_range_start(range), >=, received_before_kill);
    g_assert_cmpuint(open_range_start(range), <, total);
  }
}

// A flavor still processing: an error without wait-ready, the bytes with it.
void test_wait_ready() {
  DevServerProcess server({"--processing-delay-ms", "700"});
  const uint64_t total = 200 * 1000;
  const std::string entry_id = upload_pattern(server, total, false);

  {
    g_autoptr(GstElement) pipeline = gst_parse_launch("kalturasrc name=src ! fakesink", nullptr);
    g_autoptr(GstElement) src = gst_bin_get_by_name(GST_BIN(pipeline), "src");
    point_at(src, server);
    g_object_set(src, "entry-id", entry_id.c_str(), nullptr);
    BusLog log = run_pipeline(pipeline, 30);
    g_assert_nonnull(log.error);
    g_autoptr(GError) error = log.error_gerror();
    g_assert_true(g_error_matches(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND) ||
                  g_error_matches(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ) ||
                  g_error_matches(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ));
    assert_detail(log, "kaltura-code", "FLAVOR_ASSET_IS_NOT_READY");
  }

  Reading reading;
  point_at(reading.src, server);
  g_object_set(reading.src, "entry-id", entry_id.c_str(), "wait-ready", TRUE, "wait-timeout", 30, nullptr);
  const std::string bytes = read_all(reading);
  assert_pattern(bytes, 0, total);
  // It followed the entry while waiting: a status before READY, then READY.
  g_autoptr(GstBus) bus = gst_element_get_bus(reading.pipeline);
  std::vector<std::string> statuses;
  while (GstMessage* message = gst_bus_pop_filtered(bus, GST_MESSAGE_ELEMENT)) {
    const GstStructure* structure = gst_message_get_structure(message);
    if (gst_structure_has_name(structure, "kaltura-entry-status"))
      statuses.emplace_back(gst_structure_get_string(structure, "status-name"));
    gst_message_unref(message);
  }
  g_assert_cmpuint(statuses.size(), >=, 2);
  g_assert_cmpstr(statuses.front().c_str(), !=, "READY");
  g_assert_cmpstr(statuses.back().c_str(), ==, "READY");
}

// "kalturasrc name=src ! fakesink" reading, with wait-ready, an entry just
// uploaded to server: it waits as long as the server's processing takes.
GstElement* waiting_for_processing(DevServerProcess& server) {
  const std::string entry_id = upload_pattern(server, 100 * 1000, false);
  GstElement* pipeline = gst_parse_launch("kalturasrc name=src ! fakesink", nullptr);
  g_autoptr(GstElement) src = gst_bin_get_by_name(GST_BIN(pipeline), "src");
  point_at(src, server);
  g_object_set(src, "entry-id", entry_id.c_str(), "wait-ready", TRUE, nullptr);
  return pipeline;
}

// wait-ready on an entry that takes minutes to process: the wait runs on
// the streaming thread, so the state change returns and a stop (Ctrl-C in
// gst-launch) ends the wait at once.
void test_stop_during_wait_ready() {
  DevServerProcess server({"--processing-delay-ms", "300000"});
  g_autoptr(GstElement) pipeline = waiting_for_processing(server);
  stop_while_waiting(pipeline, [](GstMessage* message) {
    return message && GST_MESSAGE_TYPE(message) == GST_MESSAGE_ELEMENT &&
           gst_structure_has_name(gst_message_get_structure(message), "kaltura-entry-status");
  });
}

// A server that takes the connection and never answers: with these
// settings a start would wait six times 60 s for the session.
void test_stop_while_the_server_is_silent() {
  int port = 0;
  g_autoptr(GSocket) silent = testing_support::new_loopback_listening_socket(port);
  g_autoptr(GstElement) pipeline = gst_parse_launch("kalturasrc name=src ! fakesink", nullptr);
  g_autoptr(GstElement) src = gst_bin_get_by_name(GST_BIN(pipeline), "src");
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  g_object_set(src, "service-url", url.c_str(), "partner-id", testing_support::kPartnerId, "secret",
               testing_support::kAdminSecret, "entry-id", "0_abcdef12", "timeout", 60u, "retries", 5, nullptr);
  // The source's request waits in the socket's backlog: never accepted, never answered.
  stop_while_waiting(pipeline, [&](GstMessage*) { return g_socket_condition_check(silent, G_IO_IN) != 0; });
}

// The entry's file replaced while it is read: the next request finds another
// version of the file, and the source stops with an error instead of going on
// with the new file's bytes after the old one's.
void test_content_replaced_during_the_read() {
  DevServerProcess& server = shared_server();
  const auto record = [&](int frames, const std::string& settings) {
    return record_entry(server, "videotestsrc num-buffers=" + std::to_string(frames) +
                                    " ! video/x-raw,width=160,height=120 ! jpegenc ! qtmux ! kalturasink name=sink "
                                    "wait-for=entry-ready " +
                                    settings);
  };
  const std::string entry_id = record(200, "");
  g_autoptr(GstElement) pipeline = gst_parse_launch("kalturasrc name=src ! fakesink", nullptr);
  g_autoptr(GstElement) src = gst_bin_get_by_name(GST_BIN(pipeline), "src");
  point_at(src, server);
  g_object_set(src, "entry-id", entry_id.c_str(), nullptr);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PAUSED), !=, GST_STATE_CHANGE_FAILURE);
  g_assert_cmpint(gst_element_get_state(pipeline, nullptr, nullptr, 30 * GST_SECOND), ==, GST_STATE_CHANGE_SUCCESS);
  gint64 old_size = 0;
  g_assert_true(gst_element_query_duration(pipeline, GST_FORMAT_BYTES, &old_size));

  // The source flavor gets a shorter recording, in place (same asset, same URL).
  record(10, "entry-id=" + entry_id + " flavor-params-id=0");

  // Near the end, far from what was read: a new request, which finds the
  // other file.
  g_assert_cmpint(old_size, >, 600 * 1000);
  g_assert_true(gst_element_seek_simple(pipeline, GST_FORMAT_BYTES, GST_SEEK_FLAG_FLUSH, old_size - 1000));
  BusLog log = run_pipeline(pipeline, 30);
  g_assert_false(log.eos);
  g_assert_nonnull(log.error);
  g_autoptr(GError) error = log.error_gerror();
  g_test_message("%s", error->message);
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ);
  const std::string code = log.error_detail("kaltura-code");
  assert_equal_text(code, "CONTENT_CHANGED");
  // The old URL names the flavor's earlier version, whose file is gone; the
  // URL asked for anew names another version.
  g_assert_nonnull(
      strstr(error->message, "the file changed on the server while it was read (version 1 of the flavor, now 2)"));
}

// The first read sends the entry's tags downstream. A stop that lands just
// then (it holds the element's state lock while it waits for the streaming
// thread) must not wait for that thread in turn: it used to hang for good.
void test_stop_while_the_tags_go_out() {
  DevServerProcess& server = shared_server();
  const std::string entry_id = upload_pattern(server, 100 * 1000);
  struct Stop {
    GstElement* pipeline = nullptr;
    std::atomic<bool> started{false}, done{false};
  } stop;
  g_autoptr(GstElement) pipeline = gst_parse_launch("kalturasrc name=src ! fakesink", nullptr);
  stop.pipeline = pipeline;
  g_autoptr(GstElement) src = gst_bin_get_by_name(GST_BIN(pipeline), "src");
  point_at(src, server);
  g_object_set(src, "entry-id", entry_id.c_str(), nullptr);
  g_autoptr(GstBus) bus = gst_element_get_bus(pipeline);
  // The source posts duration-changed from the streaming thread as the
  // opening ends, just before that first read: the stop starts there.
  gst_bus_set_sync_handler(
      bus,
      [](GstBus*, GstMessage* message, gpointer data) {
        auto* stop = static_cast<Stop*>(data);
        if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_DURATION_CHANGED && !stop->started.exchange(true)) {
          g_thread_unref(g_thread_new(
              "stopper",
              [](gpointer data) -> gpointer {
                auto* stop = static_cast<Stop*>(data);
                gst_element_set_state(stop->pipeline, GST_STATE_NULL);
                stop->done = true;
                return nullptr;
              },
              stop));
          g_usleep(300000);  // the stopper takes the state lock meanwhile
        }
        return GST_BUS_PASS;
      },
      &stop, nullptr);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  for (int i = 0; i < 200 && !stop.done; ++i) g_usleep(50000);
  g_assert_true(stop.started);
  if (!stop.done) g_error("stopping the pipeline hung");
  gst_bus_set_sync_handler(bus, nullptr, nullptr, nullptr);
}

BusLog run_failing_src(const std::function<void(GstElement*)>& configure) {
  g_autoptr(GstElement) pipeline = gst_parse_launch("kalturasrc name=src ! fakesink", nullptr);
  g_autoptr(GstElement) src = gst_bin_get_by_name(GST_BIN(pipeline), "src");
  configure(src);
  BusLog log = run_pipeline(pipeline, 30);
  g_assert_nonnull(log.error);
  g_assert_false(log.eos);
  return log;
}

// run_failing_src reading the entry's flavor of these params.
BusLog read_flavor_failing(const DevServerProcess& server, const std::string& entry_id, int flavor_params_id) {
  return run_failing_src([&](GstElement* src) {
    point_at(src, server);
    g_object_set(src, "entry-id", entry_id.c_str(), "flavor-params-id", flavor_params_id, nullptr);
  });
}

// The entry failed (its renditions could not be made), but the source it
// was made from is READY: wait-ready reads it, as it does while the
// renditions are still being made. A failed rendition's error says so.
void test_reading_a_failed_entry() {
  DevServerProcess server({"--processing-delay-ms", "50", "--fault-conversion-params", "100,101"});
  const std::string entry_id =
      record_entry(server,
                   "videotestsrc num-buffers=20 ! video/x-raw,width=320,height=240 ! x264enc ! mp4mux ! "
                   "kalturasink name=sink file-name=clip.mp4 conversion-profile-id=3");
  std::string status;
  for (int i = 0; i < 600 && status != "-1"; ++i) {
    g_usleep(100000);
    status = json_member(admin_call(server, "baseentry", "get", {{"entryId", entry_id}}), "status");
  }
  assert_equal_text(status, "-1");  // ERROR_CONVERTING

  Reading reading;
  point_at(reading.src, server);
  g_object_set(reading.src, "entry-id", entry_id.c_str(), "wait-ready", TRUE, "wait-timeout", 30, nullptr);
  const std::string bytes = read_all(reading);
  assert_same_bytes(bytes, download_source(server, entry_id));

  // A rendition that failed: the error says so, and does not suggest
  // waiting for it.
  BusLog failed = read_flavor_failing(server, entry_id, 100);
  g_autoptr(GError) error = failed.error_gerror();
  g_test_message("%s", error->message);
  assert_detail(failed, "kaltura-code", "FLAVOR_ASSET_IS_NOT_READY");
  g_assert_nonnull(strstr(error->message, "is ERROR, not READY: the server failed to make it"));
  g_assert_null(strstr(error->message, "wait-ready"));
}

// A server gone while wait-ready waits: the poll's retries stop at
// wait-timeout, which ends the wait, not the retries running out.
void test_wait_timeout_while_server_down() {
  DevServerProcess server;
  const std::string entry_id = new_media_entry(server, "never ready");
  g_autoptr(GstElement) pipeline = gst_parse_launch("kalturasrc name=src ! fakesink", nullptr);
  g_autoptr(GstElement) src = gst_bin_get_by_name(GST_BIN(pipeline), "src");
  point_at(src, server);
  g_object_set(src, "entry-id", entry_id.c_str(), "wait-ready", TRUE, "wait-timeout", 3u, "retries", 100, nullptr);
  const gint64 started = g_get_monotonic_time();
  BusLog log = run_pipeline(pipeline, 60, [&](GstMessage* message) {
    if (gst_message_has_name(message, "kaltura-entry-status") && server.running()) server.kill();
  });
  const gint64 elapsed_ms = (g_get_monotonic_time() - started) / 1000;
  g_assert_nonnull(log.error);
  g_autoptr(GError) error = log.error_gerror();
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED);
  assert_detail(log, "kaltura-code", "WAIT_TIMEOUT");
  g_assert_nonnull(strstr(error->message, "was not done in time (last status NO_CONTENT"));
  g_assert_cmpint(elapsed_ms, >=, 3000);
  g_assert_cmpint(elapsed_ms, <, 6000);
}

void test_unknown_entry_is_not_found() {
  DevServerProcess& server = shared_server();
  BusLog log = run_failing_src([&](GstElement* src) {
    point_at(src, server);
    g_object_set(src, "entry-id", "0_nosuch12", nullptr);
  });
  g_autoptr(GError) error = log.error_gerror();
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND);
  assert_detail(log, "kaltura-code", "ENTRY_ID_NOT_FOUND");
  assert_detail(log, "entry-id", "0_nosuch12");
  g_assert_nonnull(strstr(error->message, "0_nosuch12"));
}

// A rendition the server does not make from this source (a video one of an
// audio entry) stays NOT_APPLICABLE: the error says why and what to read
// instead, rather than to wait, even with wait-ready.
void test_flavor_not_made_from_the_source() {
  DevServerProcess& server = shared_server();
  const BusLog uploaded = upload_mp4_data(server, make_audio("mp4mux", 50), [&](GstElement* sink) {
    g_object_set(sink, "conversion-profile-id", 1, nullptr);  // renditions: 360p, 480p, 720p, audio
    gst_util_set_object_arg(G_OBJECT(sink), "wait-for", "all-flavors");
  });
  const std::string entry_id = uploaded.string_field("kaltura-entry-created", "entry-id");
  BusLog log = run_failing_src([&](GstElement* src) {
    point_at(src, server);
    g_object_set(src, "entry-id", entry_id.c_str(), "flavor-params-id", 4, "wait-ready", TRUE, nullptr);
  });
  g_autoptr(GError) error = log.error_gerror();
  g_test_message("%s", error->message);
  assert_detail(log, "kaltura-code", "FLAVOR_ASSET_IS_NOT_READY");
  g_assert_nonnull(strstr(error->message, "is NOT_APPLICABLE"));
  g_assert_nonnull(strstr(error->message, "The source has no video"));
  g_assert_nonnull(strstr(error->message, "read another flavor-params-id"));
  g_assert_null(strstr(error->message, "wait-ready"));
}

// In push mode the streaming thread opens the flavor (here: waits for it
// with wait-ready). An application asking the length in bytes before that
// thread got there learns it is unknown for now: the query used to open the
// flavor itself, on the application's thread, waiting as long as the
// server's processing (here 30 s). A probe holds the streaming thread just
// before its first read, at the stream-start event.
void test_duration_query_does_not_open_in_push_mode() {
  DevServerProcess server({"--processing-delay-ms", "30000"});
  g_autoptr(GstElement) pipeline = waiting_for_processing(server);
  g_autoptr(GstElement) src = gst_bin_get_by_name(GST_BIN(pipeline), "src");
  struct Held {
    std::mutex lock;
    std::condition_variable changed;
    bool holding = false, released = false;
  } held;
  g_autoptr(GstPad) pad = gst_element_get_static_pad(src, "src");
  gst_pad_add_probe(
      pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
      [](GstPad*, GstPadProbeInfo* info, gpointer data) {
        if (GST_EVENT_TYPE(GST_PAD_PROBE_INFO_EVENT(info)) != GST_EVENT_STREAM_START) return GST_PAD_PROBE_OK;
        auto* held = static_cast<Held*>(data);
        std::unique_lock<std::mutex> lock(held->lock);
        held->holding = true;
        held->changed.notify_all();
        held->changed.wait(lock, [&] { return held->released; });
        return GST_PAD_PROBE_REMOVE;
      },
      &held, nullptr);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PAUSED), !=, GST_STATE_CHANGE_FAILURE);
  {
    std::unique_lock<std::mutex> lock(held.lock);
    g_assert_true(held.changed.wait_for(lock, std::chrono::seconds(30), [&] { return held.holding; }));
  }
  const gint64 asked_at = g_get_monotonic_time();
  gint64 duration = 0;
  const gboolean known = gst_element_query_duration(src, GST_FORMAT_BYTES, &duration);
  const gint64 answered_ms = (g_get_monotonic_time() - asked_at) / 1000;
  g_test_message("answered in %" G_GINT64_FORMAT " ms", answered_ms);
  g_assert_true(!known || duration == -1);
  g_assert_cmpint(answered_ms, <, 5000);
  {
    std::lock_guard<std::mutex> lock(held.lock);
    held.released = true;
  }
  held.changed.notify_all();
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
}

// The length in bytes asked of an element whose start failed (typefind and
// applications ask it): unknown, rather than a call through a client that
// was never made (it crashed).
void test_duration_query_after_a_failed_start() {
  g_autoptr(GstElement) src = gst_element_factory_make("kalturasrc", nullptr);
  g_assert_nonnull(src);
  g_object_set(src, "service-url", shared_server().url().c_str(), nullptr);  // no entry, no credentials
  g_autoptr(GstBus) bus = gst_bus_new();
  gst_element_set_bus(src, bus);
  g_assert_cmpint(gst_element_set_state(src, GST_STATE_PAUSED), ==, GST_STATE_CHANGE_FAILURE);
  gint64 duration = 0;
  if (gst_element_query_duration(src, GST_FORMAT_BYTES, &duration)) g_assert_cmpint(duration, ==, -1);
  g_autoptr(GstMessage) error = gst_bus_pop_filtered(bus, GST_MESSAGE_ERROR);
  g_assert_nonnull(error);
  gst_element_set_state(src, GST_STATE_NULL);
}

void test_unknown_flavor_is_not_found() {
  DevServerProcess& server = shared_server();
  const std::string entry_id = upload_pattern(server, 1000);
  BusLog log = read_flavor_failing(server, entry_id, 7);
  g_autoptr(GError) error = log.error_gerror();
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND);
  assert_detail(log, "kaltura-code", "FLAVOR_NOT_FOUND");
  g_assert_nonnull(strstr(error->message, "depends on its conversion profile"));

  // An entry whose content has not come yet: the rendition may come later.
  const std::string waiting_entry = new_media_entry(server, "no content yet");
  BusLog too_early = read_flavor_failing(server, waiting_entry, 2);
  g_autoptr(GError) too_early_error = too_early.error_gerror();
  g_test_message("%s", too_early_error->message);
  assert_detail(too_early, "kaltura-code", "FLAVOR_NOT_FOUND");
  g_assert_nonnull(strstr(too_early_error->message, "yet: the entry is NO_CONTENT"));
  g_assert_nonnull(strstr(too_early_error->message, "wait-ready=true"));

  // A data entry holds no file at all.
  const std::string data_entry = json_member(
      admin_call(server, "data", "add", {{"dataEntry[objectType]", "KalturaDataEntry"}, {"dataEntry[name]", "notes"}}),
      "id");
  BusLog no_file = run_failing_src([&](GstElement* src) {
    point_at(src, server);
    g_object_set(src, "entry-id", data_entry.c_str(), nullptr);
  });
  g_autoptr(GError) no_file_error = no_file.error_gerror();
  g_test_message("%s", no_file_error->message);
  assert_detail(no_file, "kaltura-code", "FLAVOR_NOT_FOUND");
  g_assert_nonnull(strstr(no_file_error->message, "is of type 6 (a playlist, data or live stream entry)"));

  BusLog by_id = run_failing_src([&](GstElement* src) {
    point_at(src, server);
    g_object_set(src, "flavor-asset-id", "0_nosuch34", nullptr);
  });
  g_autoptr(GError) by_id_error = by_id.error_gerror();
  g_assert_error(by_id_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND);
  assert_detail(by_id, "kaltura-code", "FLAVOR_ASSET_ID_NOT_FOUND");
}

void test_wrong_secret_is_not_authorized() {
  DevServerProcess& server = shared_server();
  const char* wrong = "not-the-secret-at-all";
  BusLog log = run_failing_src([&](GstElement* src) {
    point_at(src, server);
    g_object_set(src, "entry-id", "0_whatever", "secret", wrong, nullptr);
  });
  g_autoptr(GError) error = log.error_gerror();
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED);
  assert_detail(log, "kaltura-code", "START_SESSION_ERROR");
  g_autofree char* debug = nullptr;
  gst_message_parse_error(log.error, nullptr, &debug);
  g_assert_null(strstr(error->message, wrong));
  g_assert_null(strstr(debug ? debug : "", wrong));
}

// Through a proxy that wants a password (the devserver itself): with it in
// the proxy URL the API calls and the download get through; with a wrong
// one the source fails as NOT_AUTHORIZED, saying the proxy refused it.
void test_proxy_password() {
  const std::string password = "src-proxy-pw";
  DevServerProcess server({"--proxy-credentials", "pu:" + password});
  const uint64_t total = 300 * 1000;
  const std::string entry_id = upload_pattern(server, total);
  const std::string address = server.url().substr(strlen("http://"));
  const auto through_proxy = [&](GstElement* src, const std::string& user_info) {
    point_at(src, server);
    // A host that does not resolve: only the proxy can answer for it.
    g_object_set(src, "service-url", "http://kaltura-service.invalid", "proxy",
                 ("http://" + user_info + "@" + address).c_str(), "entry-id", entry_id.c_str(), nullptr);
  };
  {
    Reading reading;
    through_proxy(reading.src, "pu:" + password);
    assert_pattern(read_all(reading), 0, total);
  }
  BusLog log = run_failing_src([&](GstElement* src) { through_proxy(src, "pu:wrong-" + password); });
  g_autoptr(GError) error = log.error_gerror();
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED);
  g_assert_nonnull(strstr(error->message, "The proxy refused the credentials (HTTP 407"));
  g_assert_null(strstr(error->message, password.c_str()));
}

// A tag message from kalturasrc with a title: title becomes it.
void note_source_title(GstMessage* message, std::string& title) {
  if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_TAG ||
      g_strcmp0(G_OBJECT_TYPE_NAME(GST_MESSAGE_SRC(message)), "GstKalturaSrc") != 0)
    return;
  GstTagList* tags = nullptr;
  gst_message_parse_tag(message, &tags);
  g_autofree char* value = nullptr;
  if (gst_tag_list_get_string(tags, GST_TAG_TITLE, &value)) title = value;
  gst_tag_list_unref(tags);
}

// The entry's name, description and tags travel downstream as tags, before
// the first buffer (in push mode): kalturasrc ! kalturasink copies an entry
// with them. The application gets them as a message too.
void test_entry_tags_reach_a_copy() {
  g_autoptr(GstElement) upload = pattern_pipeline(300000, 65536);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(upload), "sink");
  point_sink_at(sink, shared_server());
  g_object_set(sink, "entry-type", 1, "file-name", "minutes.bin", "entry-name", "Board minutes", "description",
               "Minutes of the March board", "tags", "board, minutes", "wait-for", 1, nullptr);
  BusLog uploaded = run_to_eos(upload);
  const std::string original = uploaded.string_field("kaltura-entry-created", "entry-id");

  g_autofree char* description =
      g_strdup_printf("kalturasrc name=src entry-id=%s ! kalturasink name=sink", original.c_str());
  g_autoptr(GstElement) copy = gst_parse_launch(description, nullptr);
  g_autoptr(GstElement) src = gst_bin_get_by_name(GST_BIN(copy), "src");
  g_autoptr(GstElement) copy_sink = gst_bin_get_by_name(GST_BIN(copy), "sink");
  point_at(src, shared_server());
  point_sink_at(copy_sink, shared_server());
  g_object_set(copy_sink, "entry-type", 1, nullptr);
  // The application hears of them too (a demuxer pushed to may drop the
  // event): a tag message from the source.
  std::string title;
  BusLog copied = run_pipeline(copy, 90, [&](GstMessage* message) { note_source_title(message, title); });
  g_assert_true(copied.eos);
  assert_equal_text(title, "Board minutes");
  const std::string entry_id = copied.string_field("kaltura-entry-created", "entry-id");
  g_assert_cmpstr(entry_id.c_str(), !=, original.c_str());
  const std::string entry = admin_call(shared_server(), "baseentry", "get", {{"entryId", entry_id}});
  expect_member(entry, "name", "Board minutes");
  expect_member(entry, "description", "Minutes of the March board");
  expect_member(entry, "tags", "board,minutes");
}

void test_uri_handler() {
  g_autoptr(GError) error = nullptr;
  g_autoptr(GstElement) src = gst_element_make_from_uri(
      GST_URI_SRC, "kaltura://0_abcd1234?flavor-params-id=3&service-url=http%3A%2F%2F127.0.0.1%3A9", nullptr, &error);
  g_assert_no_error(error);
  g_assert_nonnull(src);
  g_autofree char* entry_id = nullptr;
  g_autofree char* service_url = nullptr;
  int flavor_params_id = -1;
  g_object_get(src, "entry-id", &entry_id, "flavor-params-id", &flavor_params_id, "service-url", &service_url,
               nullptr);
  g_assert_cmpstr(entry_id, ==, "0_abcd1234");
  g_assert_cmpint(flavor_params_id, ==, 3);
  g_assert_cmpstr(service_url, ==, "http://127.0.0.1:9");
  g_autofree char* uri = gst_uri_handler_get_uri(GST_URI_HANDLER(src));
  g_assert_cmpstr(uri, ==, "kaltura://0_abcd1234?flavor-params-id=3&service-url=http%3A%2F%2F127.0.0.1%3A9");

  for (const char* refused : {"kaltura://0_abcd1234?ks=djJ8MTAwfA", "kaltura://0_abcd1234?secret=abc",
                              "kaltura://0_abcd1234?app-token=abc", "kaltura://0_abcd1234?colour=blue",
                              "kaltura://not%20an%20id"}) {
    g_autoptr(GError) refusal = nullptr;
    g_assert_false(gst_uri_handler_set_uri(GST_URI_HANDLER(src), refused, &refusal));
    g_assert_error(refusal, GST_URI_ERROR, GST_URI_ERROR_BAD_URI);
  }
  g_autoptr(GError) refusal = nullptr;
  gst_uri_handler_set_uri(GST_URI_HANDLER(src), "kaltura://0_abcd1234?ks=djJ8MTAwfA", &refusal);
  g_assert_nonnull(strstr(refusal->message, "credentials"));
  g_assert_null(strstr(refusal->message, "djJ8MTAwfA"));
  // A value put together wrongly is named, not quoted: it may hold a credential.
  for (const char* wrong : {"kaltura://0_abcd1234?flavor-params-id=2;ks=djJ8MTAwfA",
                            "kaltura://0_abcd1234?flavor-asset-id=0_ab;ks=djJ8MTAwfA"}) {
    g_autoptr(GError) wrong_value = nullptr;
    g_assert_false(gst_uri_handler_set_uri(GST_URI_HANDLER(src), wrong, &wrong_value));
    g_assert_nonnull(strstr(wrong_value->message, "the value of flavor-"));
    g_assert_null(strstr(wrong_value->message, "djJ8MTAwfA"));
  }

  // A new URI is notified, property by property (gst-launch-1.0 -v shows them).
  std::vector<std::string> notified;
  g_signal_connect(src, "notify", G_CALLBACK(+[](GObject*, GParamSpec* pspec, gpointer data) {
                     static_cast<std::vector<std::string>*>(data)->push_back(pspec->name);
                   }),
                   &notified);
  g_assert_true(gst_uri_handler_set_uri(GST_URI_HANDLER(src), "kaltura://0_efgh5678?flavor-params-id=2", nullptr));
  std::sort(notified.begin(), notified.end());
  const std::vector<std::string> expected{"entry-id", "flavor-asset-id", "flavor-params-id"};
  g_assert_true(notified == expected);
}

bool element_exists(const char* name) {
  g_autoptr(GstElementFactory) factory = gst_element_factory_find(name);
  return factory != nullptr;
}

// playbin plays kaltura://ENTRY_ID (credentials from the environment) to
// the end, with the duration of what was recorded.
void test_playbin_plays_a_kaltura_uri() {
  DevServerProcess& server = shared_server();
  // H.264 in MP4 when this machine can decode it, else Motion JPEG in
  // QuickTime (both demuxed by qtdemux).
  const bool h264 = element_exists("x264enc") && (element_exists("avdec_h264") || element_exists("openh264dec"));
  g_test_message("recording %s", h264 ? "H.264 in MP4" : "Motion JPEG in QuickTime");
  g_autofree char* record = g_strdup_printf(
      "videotestsrc num-buffers=60 ! video/x-raw,width=320,height=240,framerate=30/1 ! %s ! "
      "kalturasink name=sink file-name=clip.%s entry-name=\"Playback test\"",
      h264 ? "x264enc ! mp4mux" : "jpegenc ! qtmux", h264 ? "mp4" : "mov");
  const std::string entry_id = record_entry(server, std::string(record) + " wait-for=entry-ready");

  g_setenv("KALTURA_PARTNER_ID", std::to_string(testing_support::kPartnerId).c_str(), TRUE);
  g_setenv("KALTURA_SECRET", testing_support::kAdminSecret, TRUE);
  g_autoptr(GstElement) playbin = gst_element_factory_make("playbin", nullptr);
  g_autofree char* service_url = g_uri_escape_string(server.url().c_str(), nullptr, FALSE);
  const std::string uri = "kaltura://" + entry_id + "?service-url=" + service_url;
  g_object_set(playbin, "uri", uri.c_str(), "video-sink", gst_element_factory_make("fakesink", nullptr),
               "audio-sink", gst_element_factory_make("fakesink", nullptr), nullptr);
  g_assert_cmpint(gst_element_set_state(playbin, GST_STATE_PAUSED), !=, GST_STATE_CHANGE_FAILURE);
  g_assert_cmpint(gst_element_get_state(playbin, nullptr, nullptr, 30 * GST_SECOND), ==, GST_STATE_CHANGE_SUCCESS);
  gint64 duration = -1;
  g_assert_true(gst_element_query_duration(playbin, GST_FORMAT_TIME, &duration));
  g_assert_cmpint(duration, ==, 2 * GST_SECOND);  // 60 frames at 30 per second

  // The source says every read crosses the network (the SCHEDULING query's
  // bandwidth-limited flag): playbin buffers it as a stream, as souphttpsrc.
  // The entry's tags come as a message.
  std::string title;
  int buffering_messages = 0;
  BusLog played = run_pipeline(playbin, 30, [&](GstMessage* message) {
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_BUFFERING) ++buffering_messages;
    note_source_title(message, title);
  });
  assert_equal_text(title, "Playback test");
  g_test_message("%d buffering messages", buffering_messages);
  g_assert_cmpint(buffering_messages, >, 0);
  g_unsetenv("KALTURA_PARTNER_ID");
  g_unsetenv("KALTURA_SECRET");
  if (played.error) {
    g_autoptr(GError) error = played.error_gerror();
    g_error("playbin failed: %s", error->message);
  }
  g_assert_true(played.eos);
}

// What to read is decided as kalturasrc starts: a change once it has is
// refused with a warning, and the source goes on reading the same entry.
void test_settings_refused_once_started() {
  DevServerProcess& server = shared_server();
  const uint64_t total = 300 * 1000;
  const std::string entry_id = upload_pattern(server, total);
  Reading reading;
  point_at(reading.src, server);
  g_object_set(reading.src, "entry-id", entry_id.c_str(), nullptr);
  g_assert_cmpint(gst_element_set_state(reading.pipeline, GST_STATE_PAUSED), !=, GST_STATE_CHANGE_FAILURE);
  g_assert_cmpint(gst_element_get_state(reading.pipeline, nullptr, nullptr, 30 * GST_SECOND), ==,
                  GST_STATE_CHANGE_SUCCESS);
  const std::vector<std::string> warnings =
      glib_warnings_of([&] { g_object_set(reading.src, "entry-id", "0_other123", nullptr); });
  g_assert_cmpuint(warnings.size(), ==, 1);
  assert_equal_text(warnings[0],
                    "src: the entry-id property can only be changed in the NULL or READY state; the change is "
                    "ignored");
  g_autofree char* reading_from = nullptr;
  g_object_get(reading.src, "entry-id", &reading_from, nullptr);
  g_assert_cmpstr(reading_from, ==, entry_id.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  catch_glib_warnings_on_demand();
  gst_init(&argc, &argv);
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/kalturasrc/bytes/whole", test_reads_uploaded_bytes);
  g_test_add_func("/kalturasrc/bytes/seeks", test_seeks_return_the_slices);
  g_test_add_func("/kalturasrc/bytes/behind-a-redirect", test_follows_redirects);
  g_test_add_func("/kalturasrc/bytes/pull-mode", test_pull_mode_from_several_threads);
  g_test_add_func("/kalturasrc/bytes/pull-mode-demuxing-takes-few-requests",
                  test_pull_mode_demuxing_takes_few_requests);
  g_test_add_func("/kalturasrc/bytes/flavor-asset-id", test_reads_a_flavor_by_asset_id);
  g_test_add_func("/kalturasrc/bytes/flavor-asset-id-uri", test_reads_a_flavor_by_asset_id_from_a_uri);
  g_test_add_func("/kalturasrc/faults/api-resets", test_api_connection_resets);
  g_test_add_func("/kalturasrc/faults/server-killed-mid-body", test_resumes_after_server_killed_mid_body);
  g_test_add_func("/kalturasrc/faults/content-replaced-during-the-read", test_content_replaced_during_the_read);
  g_test_add_func("/kalturasrc/wait-ready", test_wait_ready);
  g_test_add_func("/kalturasrc/wait-timeout-while-server-down", test_wait_timeout_while_server_down);
  g_test_add_func("/kalturasrc/failed-entry", test_reading_a_failed_entry);
  g_test_add_func("/kalturasrc/stopping/during-wait-ready", test_stop_during_wait_ready);
  g_test_add_func("/kalturasrc/stopping/silent-server", test_stop_while_the_server_is_silent);
  g_test_add_func("/kalturasrc/stopping/while-the-tags-go-out", test_stop_while_the_tags_go_out);
  g_test_add_func("/kalturasrc/errors/unknown-entry", test_unknown_entry_is_not_found);
  g_test_add_func("/kalturasrc/errors/unknown-flavor", test_unknown_flavor_is_not_found);
  g_test_add_func("/kalturasrc/errors/duration-query-after-a-failed-start", test_duration_query_after_a_failed_start);
  g_test_add_func("/kalturasrc/stopping/duration-query-does-not-open-in-push-mode",
                  test_duration_query_does_not_open_in_push_mode);
  g_test_add_func("/kalturasrc/errors/flavor-not-made-from-the-source", test_flavor_not_made_from_the_source);
  g_test_add_func("/kalturasrc/errors/wrong-secret", test_wrong_secret_is_not_authorized);
  g_test_add_func("/kalturasrc/proxy-password", test_proxy_password);
  g_test_add_func("/kalturasrc/entry-tags", test_entry_tags_reach_a_copy);
  g_test_add_func("/kalturasrc/uri", test_uri_handler);
  g_test_add_func("/kalturasrc/settings-refused-once-started", test_settings_refused_once_started);
  g_test_add_func("/kalturasrc/playbin", test_playbin_plays_a_kaltura_uri);
  return g_test_run();
}
