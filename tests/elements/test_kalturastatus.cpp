// kalturastatus against a real kaltura-devserver: its messages and JSON
// lines arrive in order and match, it polls at growing intervals, and it
// ends with EOS for a good entry, and with an element error for a failed one
// (after reporting every flavor's last status), a timeout and an unknown one.
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "devserver_process.h"
#include "sink_test_support.h"

using testing_support::DevServerProcess;
using namespace sink_test;

namespace {

// Processing steps slow enough that the statuses on the way are seen.
DevServerProcess& shared_server() {
  static DevServerProcess server({"--processing-delay-ms", "300"});
  return server;
}

// A server on which both video renditions of the Fast profile fail, so an
// entry without audio (whose audio rendition does not apply) fails.
DevServerProcess& failing_server() {
  static DevServerProcess server({"--processing-delay-ms", "300", "--fault-conversion-params", "100,101"});
  return server;
}

// The error's string detail field equals expected.
void assert_detail(const BusLog& log, const char* field, const std::string& expected) {
  const std::string value = log.error_detail(field);  // kept alive for the comparison
  g_assert_cmpstr(value.c_str(), ==, expected.c_str());
}

// Records with kalturasink (no waiting) and returns the entry id.
std::string record(DevServerProcess& server, const char* description) {
  g_autoptr(GstElement) pipeline = gst_parse_launch(description, nullptr);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  BusLog log = run_pipeline(pipeline, 60);
  g_assert_null(log.error);
  const std::string entry_id = log.string_field("kaltura-entry-created", "entry-id");
  g_assert_cmpstr(entry_id.c_str(), !=, "");
  return entry_id;
}

// "kalturastatus name=status ! fakesink" following entry_id on the server.
GstElement* status_pipeline(const DevServerProcess& server, const std::string& entry_id) {
  GstElement* pipeline = gst_parse_launch("kalturastatus name=status ! fakesink", nullptr);
  g_autoptr(GstElement) status = gst_bin_get_by_name(GST_BIN(pipeline), "status");
  g_object_set(status, "service-url", server.url().c_str(), "partner-id", testing_support::kPartnerId, "secret",
               testing_support::kAdminSecret, "entry-id", entry_id.c_str(), nullptr);
  return pipeline;
}

struct Followed {
  BusLog log;
  size_t messages_before_error = 0;  // element messages the bus delivered before the error
  std::vector<JsonObject*> lines;  // owned through parsers
  std::vector<JsonParser*> parsers;
  explicit Followed(BusLog&& bus) : log(std::move(bus)) {}
  Followed(const Followed&) = delete;
  Followed& operator=(const Followed&) = delete;
  ~Followed() {
    for (auto* parser : parsers) g_object_unref(parser);
  }
};

// kalturastatus ! filesink: the bus and the file's lines. The log is written
// unbuffered, as the docs advise, so the lines before an error are kept.
// on_message sees each bus message as it comes.
std::unique_ptr<Followed> follow(DevServerProcess& server, const std::string& entry_id, const char* settings,
                                 const std::function<void(GstMessage*)>& on_message = {}) {
  g_autofree char* dir = g_dir_make_tmp("kalturastatus-XXXXXX", nullptr);
  const std::string path = std::string(dir) + "/log.jsonl";
  g_autofree char* description = g_strdup_printf("kalturastatus name=status %s ! filesink buffer-mode=unbuffered location=\"%s\"",
                                                 settings, path.c_str());
  g_autoptr(GstElement) pipeline = gst_parse_launch(description, nullptr);
  g_autoptr(GstElement) status = gst_bin_get_by_name(GST_BIN(pipeline), "status");
  g_object_set(status, "service-url", server.url().c_str(), "partner-id", testing_support::kPartnerId, "secret",
               testing_support::kAdminSecret, "entry-id", entry_id.c_str(), nullptr);
  size_t delivered = 0;
  size_t before_error = 0;
  auto followed = std::make_unique<Followed>(run_pipeline(pipeline, 60, [&](GstMessage* message) {
    if (on_message) on_message(message);
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ELEMENT) ++delivered;
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) before_error = delivered;
  }));
  followed->messages_before_error = before_error;

  g_autofree char* text = nullptr;
  gsize length = 0;
  g_assert_true(g_file_get_contents(path.c_str(), &text, &length, nullptr));
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  const guint count = g_strv_length(lines);
  if (count > 0) g_assert_cmpstr(lines[count - 1], ==, "");  // every line ends with a newline
  for (guint i = 0; i + 1 < count; ++i) {
    JsonParser* parser = json_parser_new();
    followed->parsers.push_back(parser);
    g_assert_true(json_parser_load_from_data(parser, lines[i], -1, nullptr));
    followed->lines.push_back(json_node_get_object(json_parser_get_root(parser)));
  }
  g_unlink(path.c_str());
  g_rmdir(dir);
  return followed;
}

// The line has each of the message's fields, with the same value; a field
// named "message" is the line's "text" (its "message" is the message's name).
void assert_line_says(JsonObject* line, const GstStructure* message) {
  g_assert_cmpstr(json_object_get_string_member(line, "message"), ==, gst_structure_get_name(message));
  g_assert_true(json_object_has_member(line, "time"));
  g_assert_cmpuint(json_object_get_size(line), ==, gst_structure_n_fields(message) + 2);
  for (int i = 0; i < gst_structure_n_fields(message); ++i) {
    const char* field = gst_structure_nth_field_name(message, static_cast<guint>(i));
    const char* name = g_strcmp0(field, "message") == 0 ? "text" : field;
    g_assert_true(json_object_has_member(line, name));
    const GValue* value = gst_structure_get_value(message, field);
    switch (G_VALUE_TYPE(value)) {
      case G_TYPE_STRING:
        g_assert_cmpstr(json_object_get_string_member(line, name), ==, g_value_get_string(value));
        break;
      case G_TYPE_INT:
        g_assert_cmpint(json_object_get_int_member(line, name), ==, g_value_get_int(value));
        break;
      case G_TYPE_UINT64:
        g_assert_cmpint(json_object_get_int_member(line, name), ==, static_cast<gint64>(g_value_get_uint64(value)));
        break;
      default:
        g_assert_not_reached();
    }
  }
}

// Line i says what bus message i says.
void assert_lines_match_messages(const Followed& followed) {
  std::vector<const GstStructure*> messages;
  for (const GstStructure* structure : followed.log.elements)
    if (g_str_has_prefix(gst_structure_get_name(structure), "kaltura-")) messages.push_back(structure);
  g_assert_cmpuint(followed.lines.size(), ==, messages.size());
  for (size_t i = 0; i < messages.size(); ++i) assert_line_says(followed.lines[i], messages[i]);
}

// How many lines are of this message.
size_t lines_of(const Followed& followed, const char* message) {
  return static_cast<size_t>(std::count_if(followed.lines.begin(), followed.lines.end(), [&](JsonObject* line) {
    return g_strcmp0(json_object_get_string_member(line, "message"), message) == 0;
  }));
}

// The status name of the last kaltura-flavor-status line of the flavor with
// these flavor params ("" when there is none).
std::string last_flavor_status(const Followed& followed, int flavor_params_id) {
  std::string name;
  for (JsonObject* line : followed.lines)
    if (g_strcmp0(json_object_get_string_member(line, "message"), "kaltura-flavor-status") == 0 &&
        json_object_get_int_member(line, "flavor-params-id") == flavor_params_id)
      name = json_object_get_string_member(line, "status-name");
  return name;
}

// The follow ended with the entry's failure, after every message had been
// posted and every line written, the last one the entry's ERROR_CONVERTING.
void assert_entry_failed_last(const Followed& followed, const std::string& entry_id) {
  g_assert_false(followed.log.eos);
  g_assert_nonnull(followed.log.error);
  g_autoptr(GError) error = followed.log.error_gerror();
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED);
  assert_detail(followed.log, "kaltura-code", "ENTRY_PROCESSING_FAILED");
  assert_detail(followed.log, "entry-id", entry_id);
  g_assert_nonnull(strstr(error->message, "ERROR_CONVERTING"));
  assert_lines_match_messages(followed);
  g_assert_cmpuint(followed.messages_before_error, ==, followed.log.elements.size());
  g_assert_false(followed.lines.empty());
  JsonObject* last = followed.lines.back();
  g_assert_cmpstr(json_object_get_string_member(last, "message"), ==, "kaltura-entry-status");
  g_assert_cmpstr(json_object_get_string_member(last, "status-name"), ==, "ERROR_CONVERTING");
}

std::vector<std::string> entry_statuses(const Followed& followed) {
  std::vector<std::string> names;
  for (JsonObject* line : followed.lines)
    if (g_strcmp0(json_object_get_string_member(line, "message"), "kaltura-entry-status") == 0)
      names.emplace_back(json_object_get_string_member(line, "status-name"));
  return names;
}

void test_good_entry_ends_with_eos() {
  DevServerProcess& server = shared_server();
  const std::string entry_id = record(
      server,
      "videotestsrc num-buffers=30 ! video/x-raw,width=320,height=240,framerate=30/1 ! jpegenc ! qtmux ! "
      "kalturasink name=sink file-name=clip.mov");
  auto followed_run = follow(server, entry_id, "wait-for=all-flavors");
  const Followed& followed = *followed_run;
  g_assert_null(followed.log.error);
  g_assert_true(followed.log.eos);
  assert_lines_match_messages(followed);

  // The entry goes through processing to READY, the source flavor too, and
  // kaltura-entry-ready comes last.
  const auto statuses = entry_statuses(followed);
  g_assert_cmpuint(statuses.size(), >=, 2);
  g_assert_cmpstr(statuses.front().c_str(), !=, "READY");
  g_assert_cmpstr(statuses.back().c_str(), ==, "READY");
  JsonObject* last = followed.lines.back();
  g_assert_cmpstr(json_object_get_string_member(last, "message"), ==, "kaltura-entry-ready");
  g_assert_cmpint(json_object_get_int_member(last, "width"), ==, 320);
  g_assert_cmpint(json_object_get_int_member(last, "height"), ==, 240);
  const GstStructure* ready = followed.log.first("kaltura-flavor-ready");
  g_assert_nonnull(ready);
  int flavor_params_id = -1, width = 0;
  g_assert_true(gst_structure_get_int(ready, "flavor-params-id", &flavor_params_id));
  g_assert_true(gst_structure_get_int(ready, "width", &width));
  g_assert_cmpint(flavor_params_id, ==, 0);
  g_assert_cmpint(width, ==, 320);
  // Each flavor's statuses only move on: a status line never repeats.
  std::vector<std::string> seen;
  for (JsonObject* line : followed.lines) {
    if (g_strcmp0(json_object_get_string_member(line, "message"), "kaltura-flavor-status") != 0) continue;
    std::string key = std::string(json_object_get_string_member(line, "flavor-asset-id")) + "/" +
                      json_object_get_string_member(line, "status-name");
    for (const auto& earlier : seen) g_assert_cmpstr(earlier.c_str(), !=, key.c_str());
    seen.push_back(key);
  }
}

void test_content_that_is_not_media_fails() {
  DevServerProcess& server = shared_server();
  // Bytes that are no media at all, named like an MP4.
  g_autoptr(GstElement) pipeline = pattern_pipeline(50 * 1000, 10 * 1000);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "file-name", "noise.mp4", "media-type", 1, nullptr);
  BusLog recorded = run_pipeline(pipeline, 60);
  g_assert_null(recorded.error);
  const std::string entry_id = recorded.string_field("kaltura-entry-created", "entry-id");

  auto followed_run = follow(server, entry_id, "");
  const Followed& followed = *followed_run;
  // The entry's failure, and before it, in messages and lines, the source
  // flavor's ERROR, then the entry's ERROR_CONVERTING.
  assert_entry_failed_last(followed, entry_id);
  g_autoptr(GError) error = followed.log.error_gerror();
  g_assert_nonnull(strstr(error->message, "(flavor params 0) failed"));  // and which flavor failed
  assert_equal_text(last_flavor_status(followed, 0), "ERROR");
}

// Every rendition that applied failed, so the entry fails. Followed from the
// start and followed once failed, with every flavor required: each flavor's
// last status (ERROR, NOT_APPLICABLE, READY) is reported, as a message and a
// line, before the element error.
void test_failed_renditions_are_reported_before_the_error() {
  DevServerProcess& server = failing_server();
  // H.264 without audio, transcoded with the Fast profile (3).
  const std::string entry_id =
      record(server,
             "videotestsrc num-buffers=30 ! video/x-raw,width=320,height=240,framerate=30/1 ! x264enc ! mp4mux ! "
             "kalturasink name=sink file-name=clip.mp4 conversion-profile-id=3");
  for (const char* settings : {"", "wait-for=all-flavors"}) {
    g_test_message("following with \"%s\"", settings);
    auto followed_run = follow(server, entry_id, settings);
    const Followed& followed = *followed_run;
    assert_entry_failed_last(followed, entry_id);
    g_autoptr(GError) error = followed.log.error_gerror();
    g_assert_nonnull(strstr(error->message, "(flavor params 100) failed"));
    g_assert_nonnull(strstr(error->message, "(flavor params 101) failed"));
    assert_equal_text(last_flavor_status(followed, 0), "READY");
    assert_equal_text(last_flavor_status(followed, 100), "ERROR");
    assert_equal_text(last_flavor_status(followed, 101), "ERROR");
    assert_equal_text(last_flavor_status(followed, 9), "NOT_APPLICABLE");
  }
}

// When the server handled each baseEntry.get of the entry, in seconds since
// it started (the request log's "at" times), from byte `from` of the log on.
std::vector<double> entry_polls(const DevServerProcess& server, size_t from, const std::string& entry_id) {
  std::istringstream log(server.log().substr(from));
  std::vector<double> times;
  for (std::string line; std::getline(log, line);) {
    if (!g_str_has_prefix(line.c_str(), ("baseentry.get entryId=" + entry_id + " -> ok ").c_str())) continue;
    const size_t at = line.rfind(" at ");
    g_assert_true(at != std::string::npos);
    times.push_back(g_ascii_strtod(line.c_str() + at + 4, nullptr));
  }
  return times;
}

// An entry that takes seconds to be READY is polled at growing intervals:
// 250 ms, then half again as long each time. The server logs each poll when
// it has answered it, and the element sends the next one at least an
// interval after the answer, so every gap in the log is at least its
// interval however slow the machine. And the first gap is shorter than the
// later intervals, which a poller at any fixed interval would not manage.
void test_polls_at_growing_intervals() {
  // READY about 6 s after the upload: two processing steps of 3 s.
  DevServerProcess server({"--processing-delay-ms", "3000"});
  const std::string entry_id =
      record(server,
             "videotestsrc num-buffers=30 ! video/x-raw,width=320,height=240,framerate=30/1 ! jpegenc ! qtmux ! "
             "kalturasink name=sink file-name=clip.mov");
  const size_t log_before = server.log().size();
  auto followed_run = follow(server, entry_id, "");
  g_assert_true(followed_run->log.eos);
  const std::vector<double> polls = entry_polls(server, log_before, entry_id);
  for (size_t i = 1; i < polls.size(); ++i) g_test_message("gap %zu: %.3f s", i - 1, polls[i] - polls[i - 1]);

  // Polls at about 0, 0.25, 0.63, 1.19, 2.03, 3.3, 5.2 and 8 s; at least six
  // of them even when the follow starts seconds late.
  g_assert_cmpuint(polls.size(), >=, 6);
  double interval = 0.250;  // the interval before gap i, less its rounding to milliseconds
  for (size_t i = 1; i < polls.size(); ++i, interval *= 1.5)
    g_assert_cmpfloat(polls[i] - polls[i - 1], >=, 0.99 * std::min(interval, 10.0) - 0.002);
  const double last_interval = 0.250 * std::pow(1.5, static_cast<double>(polls.size() - 2));
  g_assert_cmpfloat(polls[1] - polls[0], <, 0.9 * std::min(last_interval, 10.0));
}

void test_timeout() {
  DevServerProcess& server = shared_server();
  // An entry without content stays NO_CONTENT.
  const std::string added = admin_call(server, "media", "add",
                                       {{"entry[objectType]", "KalturaMediaEntry"}, {"entry[mediaType]", "1"},
                                        {"entry[name]", "never ready"}});
  g_autoptr(JsonParser) parser = json_parser_new();
  g_assert_true(json_parser_load_from_data(parser, added.c_str(), -1, nullptr));
  const std::string entry_id = json_object_get_string_member(json_node_get_object(json_parser_get_root(parser)), "id");

  const gint64 started = g_get_monotonic_time();
  auto followed_run = follow(server, entry_id, "wait-timeout=2");
  const Followed& followed = *followed_run;
  const gint64 elapsed_ms = (g_get_monotonic_time() - started) / 1000;
  g_assert_nonnull(followed.log.error);
  g_autoptr(GError) error = followed.log.error_gerror();
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED);
  assert_detail(followed.log, "kaltura-code", "WAIT_TIMEOUT");
  // Every poll was answered, which the text does not deny.
  g_assert_nonnull(strstr(error->message, "was not done in time (last status NO_CONTENT)"));
  // The whole timeout passes first.
  g_assert_cmpint(elapsed_ms, >=, 2000);
  g_assert_cmpint(elapsed_ms, <, 10000);
  const auto statuses = entry_statuses(followed);
  g_assert_cmpuint(statuses.size(), ==, 1);
  g_assert_cmpstr(statuses.front().c_str(), ==, "NO_CONTENT");

  // timeout, the name wait-timeout had first, still sets it, and listeners
  // of either name hear of a change made through the other.
  g_autoptr(GstElement) status = gst_element_factory_make("kalturastatus", nullptr);
  std::vector<std::string> notified;
  auto on_notify = +[](GObject*, GParamSpec* pspec, gpointer data) {
    static_cast<std::vector<std::string>*>(data)->push_back(pspec->name);
  };
  g_signal_connect(status, "notify::timeout", G_CALLBACK(on_notify), &notified);
  g_signal_connect(status, "notify::wait-timeout", G_CALLBACK(on_notify), &notified);
  g_object_set(status, "timeout", 7u, nullptr);
  guint wait_timeout = 0;
  g_object_get(status, "wait-timeout", &wait_timeout, nullptr);
  g_assert_cmpuint(wait_timeout, ==, 7);
  g_object_set(status, "wait-timeout", 9u, nullptr);
  std::sort(notified.begin(), notified.end());
  const std::vector<std::string> expected{"timeout", "timeout", "wait-timeout", "wait-timeout"};
  g_assert_true(notified == expected);
}

// The follow ended with WAIT_TIMEOUT, its text naming why.
void assert_wait_timeout(const Followed& followed, const char* why) {
  g_assert_nonnull(followed.log.error);
  g_autoptr(GError) error = followed.log.error_gerror();
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED);
  assert_detail(followed.log, "kaltura-code", "WAIT_TIMEOUT");
  g_assert_nonnull(strstr(error->message, "was not done in time"));
  g_assert_nonnull(strstr(error->message, why));
}

// A server slower than wait-timeout: the calls in flight at its end (the
// session start, the first poll) are cut short, and the follow ends then.
void test_timeout_cuts_slow_calls() {
  DevServerProcess server({"--latency-ms", "2500"});
  const std::string entry_id = new_media_entry(server, "never ready");
  const gint64 started = g_get_monotonic_time();
  auto followed_run = follow(server, entry_id, "wait-timeout=1");
  const gint64 elapsed_ms = (g_get_monotonic_time() - started) / 1000;
  assert_wait_timeout(*followed_run, "the server had not answered the first poll");
  g_assert_cmpint(elapsed_ms, >=, 1000);
  g_assert_cmpint(elapsed_ms, <, 4000);  // the session start and a poll took 7.5 s
  g_assert_cmpuint(followed_run->lines.size(), ==, 0);
}

// A server gone while the entry is followed: the retries of the poll stop
// at wait-timeout, which ends the follow, not the retries running out.
void test_timeout_while_server_down() {
  DevServerProcess server;
  const std::string entry_id = new_media_entry(server, "never ready");
  const gint64 started = g_get_monotonic_time();
  auto followed_run = follow(server, entry_id, "wait-timeout=3 retries=100", [&](GstMessage* message) {
    if (gst_message_has_name(message, "kaltura-entry-status") && server.running()) server.kill();
  });
  const gint64 elapsed_ms = (g_get_monotonic_time() - started) / 1000;
  assert_wait_timeout(*followed_run, "last status NO_CONTENT; the server had not answered the last poll");
  g_assert_cmpint(elapsed_ms, >=, 3000);
  g_assert_cmpint(elapsed_ms, <, 6000);
  g_assert_cmpuint(followed_run->log.named("kaltura-retrying").size(), >=, 1);
  assert_lines_match_messages(*followed_run);
}

void test_unknown_entry() {
  DevServerProcess& server = shared_server();
  auto followed_run = follow(server, "0_nosuch56", "");
  const Followed& followed = *followed_run;
  g_assert_nonnull(followed.log.error);
  g_autoptr(GError) error = followed.log.error_gerror();
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND);
  assert_detail(followed.log, "kaltura-code", "ENTRY_ID_NOT_FOUND");
  g_assert_cmpuint(followed.lines.size(), ==, 0);
}

// A server that keeps failing the poll with HTTP 500: each retry is told in
// a kaltura-retrying message (what an operator watching a long follow or
// upload wants to see), until the retries run out and the error comes.
void test_retries_told() {
  DevServerProcess failing({"--fault-rate", "1", "--fault-actions", "baseentry.get", "--fault-kinds", "http500"});
  auto followed_run = follow(failing, "0_abcd1234", "retries=2");
  const Followed& followed = *followed_run;
  g_assert_nonnull(followed.log.error);
  const std::vector<const GstStructure*> retries = followed.log.named("kaltura-retrying");
  g_assert_cmpuint(retries.size(), ==, 2);
  for (size_t i = 0; i < retries.size(); ++i) {
    int attempt = 0, http_status = 0;
    guint64 delay_ms = 0;
    g_assert_true(gst_structure_get_int(retries[i], "attempt", &attempt));
    g_assert_cmpint(attempt, ==, static_cast<int>(i) + 1);
    g_assert_true(gst_structure_get_int(retries[i], "http-status", &http_status));
    g_assert_cmpint(http_status, ==, 500);
    g_assert_true(gst_structure_get_uint64(retries[i], "delay-ms", &delay_ms));
    g_assert_cmpstr(gst_structure_get_string(retries[i], "call"), ==, "baseentry.get");
    g_assert_cmpstr(gst_structure_get_string(retries[i], "kaltura-code"), ==, "HTTP_ERROR");
    g_assert_nonnull(strstr(gst_structure_get_string(retries[i], "message"), "HTTP 500"));
  }
  // Each retry has its line too, as every message does.
  assert_lines_match_messages(followed);
  g_assert_cmpuint(lines_of(followed, "kaltura-retrying"), ==, 2);
}

// A server that fails some of the polls while the entry is processed: the
// retries' lines come among the statuses', in the order of the messages.
void test_retries_written_in_order() {
  DevServerProcess server;
  const std::string entry_id = record(server,
                                      "videotestsrc num-buffers=30 ! video/x-raw,width=320,height=240 ! jpegenc ! "
                                      "qtmux ! kalturasink name=sink file-name=clip.mov");
  // The seed fails the first poll.
  server.restart({"--fault-rate", "0.4", "--fault-seed", "1", "--fault-actions", "baseentry.get,flavorasset.list",
                  "--fault-kinds", "http500"});
  auto followed_run = follow(server, entry_id, "wait-for=all-flavors retries=10");
  const Followed& followed = *followed_run;
  g_assert_null(followed.log.error);
  g_assert_true(followed.log.eos);
  assert_lines_match_messages(followed);
  g_assert_cmpuint(lines_of(followed, "kaltura-retrying"), >=, 1);
  g_assert_cmpuint(lines_of(followed, "kaltura-entry-ready"), ==, 1);
}

// The entry to follow is read as kalturastatus starts: a change while it
// follows one is refused with a warning, and it goes on with the first.
void test_settings_refused_once_started() {
  DevServerProcess& server = shared_server();
  const std::string entry_id = record(server,
                                      "videotestsrc num-buffers=10 ! video/x-raw,width=160,height=120 ! jpegenc ! "
                                      "qtmux ! kalturasink name=sink file-name=clip.mov");
  g_autoptr(GstElement) pipeline = status_pipeline(server, entry_id);
  g_autoptr(GstElement) status = gst_bin_get_by_name(GST_BIN(pipeline), "status");
  std::vector<std::string> warnings;
  bool tried = false;
  BusLog log = run_pipeline(pipeline, 60, [&](GstMessage* message) {
    if (tried || !gst_message_has_name(message, "kaltura-entry-status")) return;
    tried = true;
    warnings = glib_warnings_of([&] { g_object_set(status, "entry-id", "0_other123", nullptr); });
  });
  g_assert_true(tried);
  g_assert_null(log.error);
  g_assert_true(log.eos);
  g_assert_cmpuint(warnings.size(), ==, 1);
  assert_equal_text(warnings[0],
                    "status: the entry-id property can only be changed in the NULL or READY state; the change is "
                    "ignored");
  assert_equal_text(log.string_field("kaltura-entry-ready", "entry-id"), entry_id);
  g_autofree char* followed = nullptr;
  g_object_get(status, "entry-id", &followed, nullptr);
  g_assert_cmpstr(followed, ==, entry_id.c_str());
}

// Kaltura answers ENTRY_ID_NOT_FOUND for a deleted entry: one deleted while
// it is followed ends in status DELETED, reported as any other change, and
// the error is the entry's failure, not a missing entry.
void test_entry_deleted_while_followed() {
  DevServerProcess& server = shared_server();
  const std::string entry_id = new_media_entry(server, "doomed");
  g_autoptr(GstElement) pipeline = status_pipeline(server, entry_id);
  g_autoptr(GstElement) status = gst_bin_get_by_name(GST_BIN(pipeline), "status");
  g_object_set(status, "wait-for", 2, nullptr);
  bool deleted = false;
  BusLog log = run_pipeline(pipeline, 60, [&](GstMessage* message) {
    if (deleted || !gst_message_has_name(message, "kaltura-entry-status")) return;
    deleted = true;
    admin_call(server, "baseentry", "delete", {{"entryId", entry_id}});
  });
  g_assert_true(deleted);
  g_assert_nonnull(log.error);
  g_autoptr(GError) error = log.error_gerror();
  g_test_message("%s", error->message);
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED);
  assert_detail(log, "kaltura-code", "ENTRY_PROCESSING_FAILED");
  g_assert_nonnull(strstr(error->message, "ended in status DELETED: it was deleted"));
  const auto statuses = log.named("kaltura-entry-status");
  g_assert_cmpuint(statuses.size(), ==, 2);
  assert_equal_text(gst_structure_get_string(statuses.back(), "status-name"), "DELETED");
}

// An application may flush the element's pad from one thread while another
// stops the pipeline: unlock() and unlock_stop() then run beside stop(). Each
// round follows an entry without content (it stays pending) and stops it
// while flushes come from another thread: every stop completes, and nothing
// is used after stop() freed it (which the sanitizer builds would report).
void test_flushes_racing_a_stop() {
  DevServerProcess& server = shared_server();
  const std::string entry_id = new_media_entry(server, "pending");
  for (int round = 0; round < 40; ++round) {
    g_autoptr(GstElement) pipeline = status_pipeline(server, entry_id);
    g_autoptr(GstElement) status = gst_bin_get_by_name(GST_BIN(pipeline), "status");
    g_autoptr(GstPad) pad = gst_element_get_static_pad(status, "src");
    g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
    g_assert_cmpint(gst_element_get_state(pipeline, nullptr, nullptr, 10 * GST_SECOND), ==, GST_STATE_CHANGE_SUCCESS);
    std::atomic<bool> stopped{false};
    std::thread flusher([&] {
      while (!stopped) {
        gst_pad_send_event(pad, gst_event_new_flush_start());
        gst_pad_send_event(pad, gst_event_new_flush_stop(FALSE));
      }
    });
    g_usleep(g_random_int_range(0, 20000));
    g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
    stopped = true;
    flusher.join();
  }
}

// The application stops the pipeline from a bus sync handler, on the
// thread that posted one of the element's messages (its follower): stop()
// cannot wait for that thread there. The process aborted.
void test_stopped_from_a_message_handler() {
  DevServerProcess& server = shared_server();
  const std::string entry_id = new_media_entry(server, "pending");
  g_autoptr(GstElement) pipeline = status_pipeline(server, entry_id);
  struct Stop {
    GstElement* pipeline;
    std::atomic<bool> done{false};
    std::atomic<GstStateChangeReturn> result{GST_STATE_CHANGE_FAILURE};
  };
  auto stop = std::make_shared<Stop>();  // shared with the handler
  stop->pipeline = pipeline;
  g_autoptr(GstBus) bus = gst_element_get_bus(pipeline);
  set_sync_handler(bus, [stop](GstMessage* message) {
    if (gst_message_has_name(message, "kaltura-entry-status") && !stop->done) {
      stop->result = gst_element_set_state(stop->pipeline, GST_STATE_NULL);
      stop->done = true;
    }
    return GST_BUS_PASS;
  });
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  const gint64 deadline = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
  while (!stop->done && g_get_monotonic_time() < deadline) g_usleep(10000);
  g_assert_true(stop->done);
  g_assert_cmpint(stop->result, ==, GST_STATE_CHANGE_SUCCESS);
  GstState state = GST_STATE_VOID_PENDING;
  g_assert_cmpint(gst_element_get_state(pipeline, &state, nullptr, 0), ==, GST_STATE_CHANGE_SUCCESS);
  g_assert_cmpint(state, ==, GST_STATE_NULL);
  gst_bus_set_sync_handler(bus, nullptr, nullptr, nullptr);
}

// Two stops at once: the application's, from its own thread, and one from a
// bus sync handler of the element's message, on the follower's thread. The
// handler's waits for the application's state change, which waited for the
// follower: both hung for good. Now the application's stop lets the
// follower end on its own after a bounded wait.
void test_stopped_twice_at_once() {
  DevServerProcess& server = shared_server();
  const std::string entry_id = new_media_entry(server, "pending");
  g_autoptr(GstElement) pipeline = status_pipeline(server, entry_id);
  struct Stops {
    GstElement* pipeline;
    std::mutex lock;
    std::condition_variable changed;
    bool in_handler = false, done = false;
  };
  auto stops = std::make_shared<Stops>();
  stops->pipeline = pipeline;
  g_autoptr(GstBus) bus = gst_element_get_bus(pipeline);
  set_sync_handler(bus, [stops](GstMessage* message) {
    if (!gst_message_has_name(message, "kaltura-entry-status")) return GST_BUS_PASS;
    {
      std::lock_guard<std::mutex> lock(stops->lock);
      if (stops->in_handler) return GST_BUS_PASS;
      stops->in_handler = true;
    }
    stops->changed.notify_all();
    g_usleep(300000);  // the application's stop is under way
    gst_element_set_state(stops->pipeline, GST_STATE_NULL);
    std::lock_guard<std::mutex> lock(stops->lock);
    stops->done = true;
    stops->changed.notify_all();
    return GST_BUS_PASS;
  });
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  {
    std::unique_lock<std::mutex> lock(stops->lock);
    g_assert_true(stops->changed.wait_for(lock, std::chrono::seconds(30), [&] { return stops->in_handler; }));
  }
  const gint64 stopping_from = g_get_monotonic_time();
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  const gint64 stopping_ms = (g_get_monotonic_time() - stopping_from) / 1000;
  g_test_message("stopped in %" G_GINT64_FORMAT " ms", stopping_ms);
  g_assert_cmpint(stopping_ms, <, 15000);
  {
    std::unique_lock<std::mutex> lock(stops->lock);
    g_assert_true(stops->changed.wait_for(lock, std::chrono::seconds(30), [&] { return stops->done; }));
  }
  gst_bus_set_sync_handler(bus, nullptr, nullptr, nullptr);
}

// An application that lets its pipeline go while it plays (an exception
// before set_state(NULL)) gets GStreamer's warning about it, and no more:
// here the follow had ended (the entry is READY) and the element, freed,
// took its thread with it unjoined, which aborted the process. Run in a
// subprocess where GStreamer's warning is not fatal.
void test_let_go_while_playing() {
  if (g_test_subprocess()) {
    g_log_set_always_fatal(static_cast<GLogLevelFlags>(G_LOG_FATAL_MASK));
    DevServerProcess& server = shared_server();
    const std::string entry_id =
        record(server, "audiotestsrc num-buffers=20 ! opusenc ! oggmux ! kalturasink name=sink wait-for=entry-ready");
    GstElement* pipeline = status_pipeline(server, entry_id);
    g_autoptr(GstBus) bus = gst_element_get_bus(pipeline);
    g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
    g_autoptr(GstMessage) eos = gst_bus_timed_pop_filtered(bus, 30 * GST_SECOND, GST_MESSAGE_EOS);
    g_assert_nonnull(eos);
    gst_object_unref(pipeline);  // still playing
    g_printerr("let go\n");
    return;
  }
  g_test_trap_subprocess(nullptr, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed();
  g_test_trap_assert_stderr("*let go*Trying to dispose element status*");
}

}  // namespace

int main(int argc, char** argv) {
  catch_glib_warnings_on_demand();
  gst_init(&argc, &argv);
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/kalturastatus/good-entry", test_good_entry_ends_with_eos);
  g_test_add_func("/kalturastatus/not-media", test_content_that_is_not_media_fails);
  g_test_add_func("/kalturastatus/failed-renditions", test_failed_renditions_are_reported_before_the_error);
  g_test_add_func("/kalturastatus/growing-intervals", test_polls_at_growing_intervals);
  g_test_add_func("/kalturastatus/timeout", test_timeout);
  g_test_add_func("/kalturastatus/timeout-cuts-slow-calls", test_timeout_cuts_slow_calls);
  g_test_add_func("/kalturastatus/timeout-while-server-down", test_timeout_while_server_down);
  g_test_add_func("/kalturastatus/unknown-entry", test_unknown_entry);
  g_test_add_func("/kalturastatus/retries-told", test_retries_told);
  g_test_add_func("/kalturastatus/retries-written-in-order", test_retries_written_in_order);
  g_test_add_func("/kalturastatus/entry-deleted-while-followed", test_entry_deleted_while_followed);
  g_test_add_func("/kalturastatus/settings-refused-once-started", test_settings_refused_once_started);
  g_test_add_func("/kalturastatus/flushes-racing-a-stop", test_flushes_racing_a_stop);
  g_test_add_func("/kalturastatus/stopped-from-a-message-handler", test_stopped_from_a_message_handler);
  g_test_add_func("/kalturastatus/let-go-while-playing", test_let_go_while_playing);
  g_test_add_func("/kalturastatus/stopped-twice-at-once", test_stopped_twice_at_once);
  return g_test_run();
}
