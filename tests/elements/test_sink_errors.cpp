// kalturasink's errors: each bad input gives its GST_RESOURCE_ERROR code, a
// text that says what to fix, the Kaltura details, and never a secret, not
// even in a GST_DEBUG=*:9 log.
#include <gst/check/gstharness.h>
#include <gst/gst.h>

#include <cstring>
#include <initializer_list>
#include <mutex>
#include <string>

#include "devserver_process.h"
#include "sink_test_support.h"

using testing_support::DevServerProcess;
using namespace sink_test;

namespace {

DevServerProcess& shared_server() {
  static DevServerProcess server;
  return server;
}

// Everything GStreamer and GLib log while a test runs.
std::mutex log_mutex;
std::string captured_log;

void capture_gst_log(GstDebugCategory* category, GstDebugLevel level, const gchar* file, const gchar* function, gint,
                     GObject*, GstDebugMessage* message, gpointer) {
  // Formatting may lock the objects it prints: do it before taking log_mutex.
  g_autofree char* file_name = g_path_get_basename(file);
  const std::string line = std::string(gst_debug_category_get_name(category)) + " " + gst_debug_level_get_name(level) +
                           " " + file_name + ":" + function + ": " + gst_debug_message_get(message) + "\n";
  std::lock_guard<std::mutex> lock(log_mutex);
  captured_log += line;
}

// GStreamer's log at every level, from now on into captured_log alone.
void start_capturing_gst_log() {
  {
    std::lock_guard<std::mutex> lock(log_mutex);
    captured_log.clear();
  }
  gst_debug_remove_log_function(gst_debug_log_default);
  gst_debug_add_log_function(capture_gst_log, nullptr, nullptr);
  gst_debug_set_default_threshold(GST_LEVEL_MEMDUMP);
}

// Back to GStreamer's own log, quiet; captured_log keeps what was captured.
void stop_capturing_gst_log() {
  gst_debug_set_default_threshold(GST_LEVEL_NONE);
  gst_debug_remove_log_function(capture_gst_log);
  gst_debug_add_log_function(gst_debug_log_default, nullptr, nullptr);
}

GLogWriterOutput capture_glib_log(GLogLevelFlags, const GLogField* fields, gsize n_fields, gpointer) {
  std::lock_guard<std::mutex> lock(log_mutex);
  for (gsize i = 0; i < n_fields; ++i)
    if (g_strcmp0(fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
      captured_log += std::string(static_cast<const char*>(fields[i].value)) + "\n";
  return G_LOG_WRITER_HANDLED;
}

struct ErrorRun {
  BusLog log;
  GError* error = nullptr;
  std::string debug;
  ~ErrorRun() { g_clear_error(&error); }
};

// Runs a small upload that must fail; returns the error.
void run_failing(ErrorRun& run, const std::function<void(GstElement*)>& configure, uint64_t bytes = 100000) {
  g_autoptr(GstElement) pipeline = pattern_pipeline(bytes, 10000);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  g_object_set(sink, "chunk-size", guint64{65536}, nullptr);
  configure(sink);
  run.log = run_pipeline(pipeline, 60);
  g_assert_false(run.log.eos);
  g_assert_nonnull(run.log.error);
  g_autofree char* debug = nullptr;
  gst_message_parse_error(run.log.error, &run.error, &debug);
  run.debug = debug ? debug : "";
  g_test_message("error: %s | %s", run.error->message, run.debug.c_str());
  g_assert_true(run.error->domain == GST_RESOURCE_ERROR);
}

void assert_detail(const ErrorRun& run, const char* field, const char* relation, const char* expected) {
  const std::string value = run.log.error_detail(field);
  if (strcmp(relation, "==") == 0)
    g_assert_cmpstr(value.c_str(), ==, expected);
  else
    g_assert_cmpstr(value.c_str(), !=, expected);
}

void assert_absent(const std::string& text, const std::string& secret) {
  if (text.find(secret) != std::string::npos) g_error("a secret leaked: %s", text.c_str());
}

void test_no_credentials() {
  ErrorRun run;
  run_failing(run, [](GstElement* sink) {
    g_object_set(sink, "service-url", shared_server().url().c_str(), nullptr);
  });
  g_assert_error(run.error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
  g_assert_nonnull(strstr(run.error->message, "credentials"));
}

void test_wrong_secret() {
  ErrorRun run;
  run_failing(run, [](GstElement* sink) {
    g_object_set(sink, "service-url", shared_server().url().c_str(), "partner-id", testing_support::kPartnerId,
                 "secret", "not-the-right-secret", nullptr);
  });
  g_assert_error(run.error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED);
  assert_detail(run, "kaltura-code", "==", "START_SESSION_ERROR");
  g_assert_cmpint(run.log.error_detail_int("http-status"), ==, 200);
  // http-status-code, as souphttpsrc's, is for HTTP failures only.
  g_assert_cmpuint(run.log.error_detail_uint("http-status-code"), ==, 0);  // absent
  // The debug text names where the sink failed, not the helper that posts.
  g_autofree char* debug = nullptr;
  gst_message_parse_error(run.log.error, nullptr, &debug);
  g_assert_nonnull(strstr(debug, "gstkalturasink.cpp("));
  g_assert_null(strstr(debug, "kaltura_element_errors.cpp"));
  assert_absent(run.error->message, "not-the-right-secret");
  assert_absent(run.debug, "not-the-right-secret");
}

void test_invalid_ks() {
  const std::string ks = "djJ8MTAwfGJvZ3VzLWtzLXZhbHVlLXRoYXQtaXMtbm90LXNpZ25lZA==";
  ErrorRun run;
  run_failing(run, [&](GstElement* sink) {
    g_object_set(sink, "service-url", shared_server().url().c_str(), "ks", ks.c_str(), nullptr);
  });
  g_assert_error(run.error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED);
  assert_detail(run, "kaltura-code", "==", "INVALID_KS");
  assert_absent(run.error->message, ks);
  assert_absent(run.debug, ks);
}

// A USER session uploading into an entry another user owns: the refusal
// says what it is about (the entry's owner), not that the session is bad.
void test_user_session_on_another_users_entry() {
  const std::string entry_id = new_media_entry(shared_server(), "someone else's");
  ErrorRun run;
  run_failing(run, [&](GstElement* sink) {
    g_object_set(sink, "service-url", shared_server().url().c_str(), "partner-id", testing_support::kPartnerId,
                 "secret", testing_support::kUserSecret, "user-id", "alice", "entry-id", entry_id.c_str(), nullptr);
    gst_util_set_object_arg(G_OBJECT(sink), "session-type", "user");
  });
  g_test_message("%s", run.error->message);
  g_assert_error(run.error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED);
  assert_detail(run, "kaltura-code", "==", "INVALID_KS");
  g_assert_nonnull(strstr(run.error->message, "INVALID_TYPE"));
  g_assert_nonnull(strstr(run.error->message, "set user-id to the entry's owner"));
  assert_absent(run.error->message, testing_support::kUserSecret);
}

// An app token whose hashType is not SHA1, used without saying so: the
// hash is refused, and the text says where the hash type is set.
void test_app_token_of_another_hash_type() {
  const std::string added = admin_call(shared_server(), "apptoken", "add",
                                       {{"appToken[objectType]", "KalturaAppToken"}, {"appToken[hashType]", "SHA256"}});
  const std::string token = json_member(added, "token");
  ErrorRun run;
  run_failing(run, [&](GstElement* sink) {
    g_object_set(sink, "service-url", shared_server().url().c_str(), "partner-id", testing_support::kPartnerId,
                 "app-token-id", json_member(added, "id").c_str(), "app-token", token.c_str(), nullptr);
  });
  g_assert_error(run.error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED);
  assert_detail(run, "kaltura-code", "==", "INVALID_APP_TOKEN_HASH");
  g_assert_nonnull(strstr(run.error->message, "KALTURA_APP_TOKEN_HASH_TYPE names the token's hashType"));
  g_assert_null(strstr(run.error->message, token.c_str()));
}

// A small document upload with wait-for=entry-ready that fails while the
// entry is followed, as RESOURCE/FAILED with this kaltura-code; its bus log.
BusLog failed_while_following(const DevServerProcess& server, const std::string& data, const char* code,
                              const std::function<void(GstElement*)>& configure) {
  g_autoptr(GstElement) pipeline = data_pipeline(data, 4096, "application/octet-stream");
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "entry-type", 1, "wait-for", 1, nullptr);
  configure(sink);
  BusLog log = run_pipeline(pipeline, 60);
  g_assert_nonnull(log.error);
  g_autoptr(GError) error = log.error_gerror();
  g_test_message("%s", error->message);
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED);
  assert_equal_text(log.error_detail("kaltura-code"), code);
  return log;
}

// wait-for with an entry still processing when wait-timeout passes: a
// failure of its own (RESOURCE/FAILED, WAIT_TIMEOUT), which a script tells
// from a request that got no answer (TIMEOUT); the upload itself completed.
void test_wait_timeout() {
  static DevServerProcess slow_processing({"--processing-delay-ms", "30000"});
  BusLog log = failed_while_following(slow_processing, pattern_bytes(0, 5000), "WAIT_TIMEOUT",
                                      [](GstElement* sink) { g_object_set(sink, "wait-timeout", 1u, nullptr); });
  g_autoptr(GError) error = log.error_gerror();
  // The server answered every poll, which the text does not deny.
  g_assert_nonnull(strstr(error->message, "was not done in time (last status PRECONVERT)"));
  g_assert_nonnull(log.first("kaltura-upload-complete"));
}

// The entry deleted before the sink follows it (here as the stream ends):
// Kaltura then answers as if it never existed, and the sink, which created
// it, names the deletion rather than an unknown entry.
void test_entry_deleted_before_it_is_followed() {
  static DevServerProcess slow_processing({"--processing-delay-ms", "30000"});
  BusLog log =
      failed_while_following(slow_processing, pattern_bytes(0, 5000), "ENTRY_PROCESSING_FAILED", [](GstElement* sink) {
        g_autoptr(GstPad) pad = gst_element_get_static_pad(sink, "sink");
        gst_pad_add_probe(
            pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
            [](GstPad* pad, GstPadProbeInfo* info, gpointer) -> GstPadProbeReturn {
              if (GST_EVENT_TYPE(GST_PAD_PROBE_INFO_EVENT(info)) != GST_EVENT_EOS) return GST_PAD_PROBE_OK;
              g_autoptr(GstElement) sink = gst_pad_get_parent_element(pad);
              g_autofree gchar* entry_id = nullptr;
              // The entry is made on an upload thread as the stream starts.
              for (int i = 0; i < 200 && !entry_id; ++i, g_usleep(50000))
                g_object_get(sink, "entry-id", &entry_id, nullptr);
              g_assert_nonnull(entry_id);
              admin_call(slow_processing, "baseentry", "delete", {{"entryId", entry_id}});
              return GST_PAD_PROBE_REMOVE;
            },
            nullptr, nullptr);
      });
  g_autoptr(GError) error = log.error_gerror();
  g_assert_nonnull(strstr(error->message, "ended in status DELETED"));
  std::vector<std::string> statuses;
  for (const GstStructure* status : log.named("kaltura-entry-status"))
    statuses.push_back(gst_structure_get_string(status, "status-name"));
  g_assert_cmpuint(statuses.size(), ==, 1);
  assert_equal_text(statuses.front(), "DELETED");
}

// A server with Kaltura's virus scan plugin: the EICAR test file (every
// scanner's harmless sample) ends the entry in the plugin's status, which the
// API gives as a string; wait-for ends with an error that says so instead of
// waiting for a READY that never comes.
void test_infected_file() {
  static DevServerProcess scanning({"--virus-scan"});
  const std::string eicar = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
  BusLog log = failed_while_following(scanning, eicar, "ENTRY_PROCESSING_FAILED",
                                      [](GstElement* sink) { g_object_set(sink, "file-name", "sample.txt", nullptr); });
  g_autoptr(GError) error = log.error_gerror();
  g_assert_nonnull(strstr(error->message, "ended in status INFECTED: the virus scan found the file infected"));
  const std::string entry_id = log.string_field("kaltura-entry-created", "entry-id");
  const GstStructure* last_status = log.named("kaltura-entry-status").back();
  g_assert_cmpstr(gst_structure_get_string(last_status, "status-name"), ==, "INFECTED");
  gint status = 0;
  g_assert_true(gst_structure_get_int(last_status, "status", &status));
  g_assert_cmpint(status, ==, -10);
  const std::string entry = admin_call(scanning, "baseentry", "get", {{"entryId", entry_id}});
  const std::string wire_status = json_member(entry, "status");
  g_assert_cmpstr(wire_status.c_str(), ==, "virusScan.Infected");
}

// A KS that allows fewer calls than the upload makes (a backend's KS with
// actionslimit): an error that names the privilege, and the token kept, so
// the upload continues with another KS and the entry gets every byte.
void test_ks_actions_limit_then_continued() {
  const uint64_t total = 10 * 65536 + 1234;
  ErrorRun run;
  run_failing(
      run,
      [&](GstElement* sink) {
        g_object_set(sink, "service-url", shared_server().url().c_str(), "ks",
                     start_session(shared_server(), "actionslimit:6").c_str(), "entry-type", 1, "file-name",
                     "pattern.bin", "max-parallel-chunks", 1u, "rewrite-window", gint64{0}, nullptr);
      },
      total);
  g_assert_error(run.error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED);
  assert_detail(run, "kaltura-code", "==", "INVALID_KS");
  g_assert_nonnull(strstr(run.error->message, "EXCEEDED_ACTIONS_LIMIT"));
  g_assert_nonnull(strstr(run.error->message, "actionslimit privilege"));
  const std::string token_id = run.log.string_field("kaltura-upload-token-created", "token-id");
  const std::string entry_id = run.log.string_field("kaltura-entry-created", "entry-id");
  g_assert_cmpstr(token_id.c_str(), !=, "");
  g_assert_false(run.log.named("kaltura-upload-progress").empty());  // chunks landed before the limit

  g_autoptr(GstElement) pipeline = pattern_pipeline(total, 10000);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  g_object_set(sink, "service-url", shared_server().url().c_str(), "ks", start_session(shared_server()).c_str(),
               "chunk-size", guint64{65536}, "upload-token-id", token_id.c_str(), "rewrite-window", gint64{0},
               "wait-for", 1, nullptr);
  run_to_eos(pipeline);
  assert_same_bytes(download_source(shared_server(), entry_id), pattern_bytes(0, total));
}

// How many objects a list action counts (totalCount).
std::string listed_count(const char* service) {
  return json_member(admin_call(shared_server(), service, "list", {}), "totalCount");
}

// How many entries there are, in any status but deleted (a list without a
// status field counts READY entries only).
std::string entry_count() {
  return json_member(admin_call(shared_server(), "baseentry", "list", {{"filter[statusNotEqual]", "3"}}), "totalCount");
}

void test_unknown_entry() {
  const std::string tokens_before = listed_count("uploadtoken");
  ErrorRun run;
  run_failing(run, [](GstElement* sink) {
    point_sink_at(sink, shared_server());
    g_object_set(sink, "entry-id", "0_nosuch12", nullptr);
  });
  g_assert_error(run.error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND);
  assert_detail(run, "kaltura-code", "==", "ENTRY_ID_NOT_FOUND");
  assert_detail(run, "entry-id", "==", "0_nosuch12");
  g_assert_nonnull(strstr(run.error->message, "0_nosuch12"));
  // The token made in the same call as the refused one is removed.
  assert_equal_text(listed_count("uploadtoken"), tokens_before);
}

// A new entry the server refuses to make (an unknown conversion profile):
// neither the token made beside it nor anything else stays behind.
void test_refused_new_entry_leaves_nothing() {
  const std::string tokens_before = listed_count("uploadtoken");
  const std::string entries_before = listed_count("baseentry");
  ErrorRun run;
  run_failing(run, [](GstElement* sink) {
    point_sink_at(sink, shared_server());
    g_object_set(sink, "conversion-profile-id", gint64{999}, nullptr);
  });
  g_test_message("%s", run.error->message);
  assert_detail(run, "kaltura-code", "==", "CONVERSION_PROFILE_ID_NOT_FOUND");
  assert_equal_text(listed_count("uploadtoken"), tokens_before);
  assert_equal_text(listed_count("baseentry"), entries_before);
}

// Text that is not UTF-8 (a kaltura:// URI may percent-encode any byte):
// refused before anything is made on the server, naming the property.
void test_text_that_is_not_utf8() {
  const std::string tokens_before = listed_count("uploadtoken");
  const std::string entries_before = listed_count("baseentry");
  ErrorRun run;
  run_failing(run, [](GstElement* sink) {
    point_sink_at(sink, shared_server());
    g_object_set(sink, "entry-name", "caf\xe9 recording", "tags", "news", nullptr);
  });
  g_assert_error(run.error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
  g_assert_nonnull(strstr(run.error->message, "entry-name is not valid UTF-8 text"));
  assert_equal_text(listed_count("uploadtoken"), tokens_before);
  assert_equal_text(listed_count("baseentry"), entries_before);
}

// Kaltura refuses a control character in text (INVALID_PARAMETER_CHAR): a
// property holding one is named before anything is created.
void test_text_with_a_control_character() {
  const std::string tokens_before = listed_count("uploadtoken");
  const std::string entries_before = listed_count("baseentry");
  ErrorRun run;
  run_failing(run, [](GstElement* sink) {
    point_sink_at(sink, shared_server());
    g_object_set(sink, "entry-name", "Morning show", "description", "Live\x01 from the studio", nullptr);
  });
  g_assert_error(run.error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
  g_assert_nonnull(strstr(run.error->message, "description holds the control character U+0001"));
  g_assert_nonnull(strstr(run.error->message, "INVALID_PARAMETER_CHAR"));
  assert_equal_text(listed_count("uploadtoken"), tokens_before);
  assert_equal_text(listed_count("baseentry"), entries_before);
}

// A data entry has no content to upload into: the error says so, rather
// than the ENTRY_ID_NOT_FOUND that media.updateContent answers.
void test_entry_of_another_type() {
  const std::string added = admin_call(shared_server(), "data", "add",
                                       {{"dataEntry[objectType]", "KalturaDataEntry"}, {"dataEntry[name]", "notes"}});
  const std::string entry_id = json_member(added, "id");
  ErrorRun run;
  run_failing(run, [&](GstElement* sink) {
    point_sink_at(sink, shared_server());
    g_object_set(sink, "entry-id", entry_id.c_str(), nullptr);
  });
  g_assert_error(run.error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
  assert_detail(run, "kaltura-code", "==", "ENTRY_TYPE_NOT_SUPPORTED");
  assert_detail(run, "entry-id", "==", entry_id.c_str());
  g_assert_nonnull(strstr(run.error->message, entry_id.c_str()));
  g_assert_nonnull(strstr(run.error->message, "only media and document entries"));
}

void test_unreachable_server() {
  ErrorRun run;
  run_failing(run, [](GstElement* sink) {
    g_object_set(sink, "service-url", "http://127.0.0.1:9", "partner-id", testing_support::kPartnerId, "secret",
                 testing_support::kAdminSecret, "retries", 1, nullptr);
  });
  g_assert_error(run.error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_WRITE);
  g_assert_nonnull(strstr(run.error->message, "service-url"));
  assert_detail(run, "kaltura-code", "!=", "");
  // The one retry was told while the sink waited for it.
  const std::vector<const GstStructure*> retries = run.log.named("kaltura-retrying");
  g_assert_cmpuint(retries.size(), ==, 1);
  g_assert_cmpstr(gst_structure_get_string(retries[0], "call"), ==, "session.start");
  g_assert_cmpstr(gst_structure_get_string(retries[0], "kaltura-code"), ==, "CONNECTION_ERROR");
  assert_absent(gst_structure_get_string(retries[0], "message"), testing_support::kAdminSecret);
}

// A server gone while the sink waits for wait-for: the poll's retries stop
// at wait-timeout, which ends the wait, not the retries running out.
void test_wait_timeout_while_server_down() {
  DevServerProcess server({"--processing-delay-ms", "300000"});
  g_autoptr(GstElement) pipeline = pattern_pipeline(50 * 1000, 10 * 1000);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "wait-timeout", 3u, "retries", 100, nullptr);
  gst_util_set_object_arg(G_OBJECT(sink), "wait-for", "entry-ready");
  gint64 killed = 0;
  BusLog log = run_pipeline(pipeline, 60, [&](GstMessage* message) {
    if (!gst_message_has_name(message, "kaltura-entry-status") || !server.running()) return;
    server.kill();
    killed = g_get_monotonic_time();
  });
  const gint64 since_kill_ms = (g_get_monotonic_time() - killed) / 1000;
  g_assert_cmpint(killed, >, 0);
  g_assert_nonnull(log.error);
  g_autoptr(GError) error = log.error_gerror();
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED);
  const std::string code = log.error_detail("kaltura-code");
  g_assert_cmpstr(code.c_str(), ==, "WAIT_TIMEOUT");
  g_assert_nonnull(strstr(error->message, "was not done in time (last status"));
  g_assert_cmpint(since_kill_ms, <, 5000);  // the wait began just before the kill
}

// https:// pointed at the plain-HTTP devserver: the server closes the
// connection at the handshake, so the error comes at once, naming TLS,
// instead of after every retry's timeout (the default settings wait minutes).
void test_https_url_to_plain_http_server() {
  const std::string url = "https://127.0.0.1:" + std::to_string(shared_server().port());
  ErrorRun run;
  const gint64 started = g_get_monotonic_time();
  run_failing(run, [&](GstElement* sink) {
    g_object_set(sink, "service-url", url.c_str(), "partner-id", testing_support::kPartnerId, "secret",
                 testing_support::kAdminSecret, nullptr);
  });
  g_assert_error(run.error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_WRITE);
  g_assert_nonnull(strstr(run.error->message, "service-url"));
  g_assert_nonnull(strstr(run.error->message, "TLS"));
  g_assert_cmpint(g_get_monotonic_time() - started, <, 30 * G_TIME_SPAN_SECOND);
}

void test_absurd_chunk_size() {
  const guint64 sizes[] = {0, 100, guint64{4} * 1024 * 1024 * 1024};
  for (guint64 size : sizes) {
    ErrorRun run;
    run_failing(run, [size](GstElement* sink) {
      point_sink_at(sink, shared_server());
      g_object_set(sink, "chunk-size", size, nullptr);
    });
    g_assert_error(run.error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
    g_assert_nonnull(strstr(run.error->message, "chunk-size"));
  }
}

void test_flavor_without_entry() {
  ErrorRun run;
  run_failing(run, [](GstElement* sink) {
    point_sink_at(sink, shared_server());
    g_object_set(sink, "flavor-params-id", 3, nullptr);
  });
  g_assert_error(run.error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
  g_assert_nonnull(strstr(run.error->message, "entry-id"));
}

// The pipeline fails when its stream reaches the sink, with a
// GST_STREAM_ERROR_FORMAT whose text holds every one of `expected` and the
// document alternative; no entry is created.
void assert_refused_at_caps(const std::string& description, std::initializer_list<const char*> expected) {
  const std::string entries_before = entry_count();
  g_autoptr(GstElement) pipeline = launch_at(shared_server(), description);
  BusLog log = run_pipeline(pipeline, 30);
  g_assert_nonnull(log.error);
  g_autoptr(GError) error = log.error_gerror();
  g_assert_error(error, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT);
  for (const char* text : expected) {
    if (!strstr(error->message, text)) g_error("\"%s\" is not in the error: %s", text, error->message);
  }
  g_assert_nonnull(strstr(error->message, "entry-type=document"));  // a new entry may be a document
  g_assert_null(log.first("kaltura-entry-created"));
  // Details as for every kalturasink error; no Kaltura call was made.
  const GstStructure* details = nullptr;
  gst_message_parse_error_details(log.error, &details);
  g_assert_nonnull(details);
  g_assert_cmpstr(gst_structure_get_string(details, "kaltura-code"), ==, "");
  assert_equal_text(entry_count(), entries_before);
}

// Raw frames and samples from a source linked straight to the sink are
// refused before anything is created, with the fix in the text. As a
// document, the same bytes are stored as they are.
void test_raw_frames() {
  const char* raw_video = "videotestsrc num-buffers=5 ! video/x-raw,format=RGB,width=64,height=48";
  assert_refused_at_caps(std::string(raw_video) + " ! kalturasink name=sink", {"video/x-raw", "x264enc ! mp4mux"});
  assert_refused_at_caps("audiotestsrc num-buffers=3 ! kalturasink name=sink", {"audio/x-raw", "lamemp3enc"});

  g_autoptr(GstElement) pipeline = launch_at(
      shared_server(), std::string(raw_video) + " ! kalturasink name=sink entry-type=document wait-for=entry-ready");
  BusLog log = run_to_eos(pipeline);
  assert_same_bytes(download_source(shared_server(), log.string_field("kaltura-entry-created", "entry-id")),
                    render(raw_video));
}

// Encoded packets that only a container makes playable (an encoder linked
// straight to the sink) are refused the same way, naming the muxer. The
// forms that play on their own, H.264 in byte-stream form and AAC with ADTS
// headers, are uploaded as they are.
void test_encoded_streams_without_a_container() {
  const std::string small_video = "videotestsrc num-buffers=5 ! video/x-raw,width=64,height=48";
  assert_refused_at_caps("audiotestsrc num-buffers=3 ! opusenc ! kalturasink name=sink",
                         {"Opus packets (audio/x-opus)", "opusenc ! oggmux ! kalturasink"});
  assert_refused_at_caps(small_video + " ! vp8enc ! kalturasink name=sink",
                         {"VP8 frames (video/x-vp8)", "vp8enc ! webmmux ! kalturasink"});
  assert_refused_at_caps("audiotestsrc num-buffers=3 ! avenc_aac ! kalturasink name=sink",
                         {"AAC without ADTS headers (audio/mpeg)", "avenc_aac ! mp4mux ! kalturasink"});
  assert_refused_at_caps(small_video + " ! x264enc ! video/x-h264,stream-format=avc ! kalturasink name=sink",
                         {"H.264 in avc form", "(video/x-h264)", "x264enc ! mp4mux ! kalturasink"});

  const struct {
    std::string stream;
    const char* media_type;
  } playable[] = {{small_video + " ! x264enc threads=1 ! video/x-h264,stream-format=byte-stream", "1"},
                  {"audiotestsrc num-buffers=5 ! avenc_aac ! aacparse ! audio/mpeg,stream-format=adts", "5"}};
  for (const auto& stream : playable) {
    g_autoptr(GstElement) pipeline =
        launch_at(shared_server(), stream.stream + " ! kalturasink name=sink wait-for=entry-ready");
    BusLog log = run_to_eos(pipeline);
    const std::string entry_id = log.string_field("kaltura-entry-created", "entry-id");
    assert_same_bytes(download_source(shared_server(), entry_id), render(stream.stream));
    expect_member(admin_call(shared_server(), "baseentry", "get", {{"entryId", entry_id}}), "mediaType",
                  stream.media_type);
  }
}

// Named by entry-id, the entry's own type decides: an existing document
// stores raw frames as they are, an existing media entry refuses them and
// keeps what it has.
void test_raw_frames_into_existing_entries() {
  const char* raw_video = "videotestsrc num-buffers=5 ! video/x-raw,format=RGB,width=64,height=48";
  const std::string document_id =
      json_member(admin_call(shared_server(), "baseentry", "add",
                             {{"entry[objectType]", "KalturaDocumentEntry"}, {"entry[name]", "frames as they are"}}),
                  "id");
  g_autoptr(GstElement) stored =
      launch_at(shared_server(),
                std::string(raw_video) + " ! kalturasink name=sink wait-for=entry-ready entry-id=" + document_id);
  run_to_eos(stored);
  assert_same_bytes(download_source(shared_server(), document_id), render(raw_video));

  const std::string media_id = new_media_entry(shared_server(), "no raw frames");
  const std::string tokens_before = json_member(admin_call(shared_server(), "uploadtoken", "list", {}), "totalCount");
  g_autoptr(GstElement) refused =
      launch_at(shared_server(), std::string(raw_video) + " ! kalturasink name=sink entry-id=" + media_id);
  BusLog log = run_pipeline(refused, 30);
  g_assert_nonnull(log.error);
  g_autoptr(GError) error = log.error_gerror();
  g_assert_error(error, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT);
  g_assert_nonnull(strstr(error->message, "video/x-raw"));
  g_assert_null(strstr(error->message, "entry-type=document"));  // the entry is a media entry already
  assert_equal_text(json_member(admin_call(shared_server(), "uploadtoken", "list", {}), "totalCount"), tokens_before);
  const std::string entry = admin_call(shared_server(), "baseentry", "get", {{"entryId", media_id}});
  expect_member(entry, "status", "7");  // NO_CONTENT, as it was
}

// A muxer seeking back into bytes already uploaded gets an error naming the
// fix, and nothing corrupt is finalized.
void test_rewrite_outside_window() {
  GstElement* sink = gst_element_factory_make("kalturasink", nullptr);
  point_sink_at(sink, shared_server());
  g_object_set(sink, "chunk-size", guint64{65536}, "rewrite-window", gint64{0}, "async", FALSE, "entry-type", 1,
               nullptr);
  g_autoptr(GstBus) bus = gst_bus_new();
  gst_element_set_bus(sink, bus);
  GstHarness* harness = gst_harness_new_with_element(sink, "sink", nullptr);
  gst_harness_play(harness);
  gst_harness_set_src_caps_str(harness, "video/quicktime, variant=(string)iso");
  GstSegment segment;
  gst_segment_init(&segment, GST_FORMAT_BYTES);
  g_assert_true(gst_harness_push_event(harness, gst_event_new_segment(&segment)));
  const std::string head = pattern_bytes(0, 400000);
  g_assert_cmpint(gst_harness_push(harness, gst_buffer_new_memdup(head.data(), head.size())), ==, GST_FLOW_OK);

  // Back to byte 32, as mp4mux does to patch its mdat size.
  segment.start = 32;
  segment.position = 32;
  g_assert_true(gst_harness_push_event(harness, gst_event_new_segment(&segment)));
  GstFlowReturn flow = gst_harness_push(harness, gst_buffer_new_memdup("PATCHED!", 8));
  g_assert_cmpint(flow, ==, GST_FLOW_ERROR);

  GstMessage* error = gst_bus_pop_filtered(bus, GST_MESSAGE_ERROR);
  g_assert_nonnull(error);
  GError* gerror = nullptr;
  gst_message_parse_error(error, &gerror, nullptr);
  g_assert_error(gerror, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SEEK);
  g_assert_nonnull(strstr(gerror->message, "fragmented or streamable"));
  g_error_free(gerror);
  gst_message_unref(error);
  gst_harness_teardown(harness);
}

// A whole upload logged at level 9: neither the secret nor the KS appear.
void test_no_secret_in_debug_log() {
  start_capturing_gst_log();

  // With the secret.
  {
    g_autoptr(GstElement) pipeline = pattern_pipeline(200000, 10000);
    g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
    point_sink_at(sink, shared_server());
    g_object_set(sink, "chunk-size", guint64{65536}, "entry-type", 1, nullptr);
    BusLog log = run_pipeline(pipeline, 60);
    g_assert_true(log.eos);
  }
  // With a KS made by the test, and a failure whose server text quotes it.
  const std::string ks = [] {
    const std::string body = admin_call(shared_server(), "session", "start",
                                        {{"secret", testing_support::kAdminSecret},
                                         {"partnerId", std::to_string(testing_support::kPartnerId)},
                                         {"type", "2"}});
    return body.substr(1, body.size() - 2);  // a JSON string
  }();
  {
    g_autoptr(GstElement) pipeline = pattern_pipeline(200000, 10000);
    g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
    g_object_set(sink, "service-url", shared_server().url().c_str(), "ks", ks.c_str(), "chunk-size",
                 guint64{65536}, "entry-type", 1, nullptr);
    BusLog log = run_pipeline(pipeline, 60);
    g_assert_true(log.eos);
  }
  {
    const std::string tampered = ks.substr(0, ks.size() - 6) + "AAAAAA";
    g_autoptr(GstElement) pipeline = pattern_pipeline(1000, 1000);
    g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
    g_object_set(sink, "service-url", shared_server().url().c_str(), "ks", tampered.c_str(), nullptr);
    BusLog log = run_pipeline(pipeline, 60);
    g_assert_nonnull(log.error);
    stop_capturing_gst_log();
    std::lock_guard<std::mutex> lock(log_mutex);
    g_assert_cmpuint(captured_log.size(), >, 10000u);  // the log really was captured
    assert_absent(captured_log, tampered);
  }
  std::lock_guard<std::mutex> lock(log_mutex);
  assert_absent(captured_log, testing_support::kAdminSecret);
  assert_absent(captured_log, ks);
  g_assert_nonnull(strstr(captured_log.c_str(), "kalturasink"));
  // The client library's lines are in the GStreamer log too, every API call,
  // with the library's own code as their source.
  // (The GLib lines captured here carry the message alone.)
  g_assert_nonnull(strstr(captured_log.c_str(), "kalturaclient DEBUG"));
  g_assert_nonnull(strstr(captured_log.c_str(), " client.cpp:send: uploadtoken.upload: HTTP 200"));
}

// A password in the proxy or service URL is a secret too: it reads back as
// *** (so a pipeline's graph dump does not show it) and no error shows it.
void test_url_passwords_stay_hidden() {
  const std::string password = "pr0xy-passw0rd";
  {
    g_autoptr(GstElement) pipeline = pattern_pipeline(100000, 10000);
    g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
    point_sink_at(sink, shared_server());
    const std::string proxy = "http://user:" + password + "@127.0.0.1:9";
    g_object_set(sink, "proxy", proxy.c_str(), "retries", 0, nullptr);
    g_autofree char* read_back = nullptr;
    g_object_get(sink, "proxy", &read_back, nullptr);
    g_assert_cmpstr(read_back, ==, "http://user:***@127.0.0.1:9");
    g_autofree char* dot = gst_debug_bin_to_dot_data(GST_BIN(pipeline), GST_DEBUG_GRAPH_SHOW_ALL);
    g_assert_nonnull(strstr(dot, "user:***@"));  // the property is in the dump, hidden
    assert_absent(dot, password);
    BusLog log = run_pipeline(pipeline, 60);
    g_assert_nonnull(log.error);
    g_autoptr(GError) error = nullptr;
    g_autofree char* debug = nullptr;
    gst_message_parse_error(log.error, &error, &debug);
    g_test_message("%s | %s", error->message, debug ? debug : "");
    g_assert_nonnull(strstr(error->message, "proxy"));
    assert_absent(error->message, password);
    assert_absent(debug ? debug : "", password);
  }
  ErrorRun run;
  const std::string url = "ftp://user:" + password + "@127.0.0.1:9";
  run_failing(run, [&](GstElement* sink) {
    g_object_set(sink, "service-url", url.c_str(), "partner-id", testing_support::kPartnerId, "secret",
                 testing_support::kAdminSecret, nullptr);
    g_autofree char* read_back = nullptr;
    g_object_get(sink, "service-url", &read_back, nullptr);
    g_assert_cmpstr(read_back, ==, "ftp://user:***@127.0.0.1:9");
  });
  g_assert_error(run.error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
  g_assert_nonnull(strstr(run.error->message, "the service URL is not an http:// or https:// URL"));
  assert_absent(run.error->message, password);
  assert_absent(run.debug, password);

  // Hidden whatever the URL looks like (a password with an unencoded '/',
  // no scheme); a port is no password.
  const std::pair<const char*, const char*> read_backs[] = {
      {"https://user:pa/ss@host:3128", "https://user:***@host:3128"},
      {"user:pw@host:3128", "user:***@host:3128"},
      {"socks5://u:p%40ss@[::1]:1080", "socks5://u:***@[::1]:1080"},
      {"http://host:8080/x@y", "http://host:8080/x@y"},
  };
  for (const auto& [set, expected] : read_backs) {
    g_autoptr(GstElement) element = gst_element_factory_make("kalturastatus", nullptr);
    g_object_set(element, "proxy", set, nullptr);
    g_autofree char* read_back = nullptr;
    g_object_get(element, "proxy", &read_back, nullptr);
    g_assert_cmpstr(read_back, ==, expected);
  }

  // A URI carries no credentials: the service URL stays out of one that
  // would need its password (as the URIs refuse one that has it).
  for (const char* factory : {"kalturasink", "kalturasrc"}) {
    g_autoptr(GstElement) element = gst_element_factory_make(factory, nullptr);
    g_object_set(element, "entry-id", "0_abc123", "service-url", ("http://user:" + password + "@127.0.0.1:9").c_str(),
                 nullptr);
    g_autofree char* uri = gst_uri_handler_get_uri(GST_URI_HANDLER(element));
    g_assert_cmpstr(uri, ==, "kaltura://0_abc123");
  }
}

// Through a proxy that wants a password: with it in the proxy URL the calls
// and the chunks get through; with a wrong one the error says the proxy
// refused the credentials, as NOT_AUTHORIZED. Neither the password nor the
// header that carries it shows in any message or in a GST_DEBUG=*:9 log.
void test_proxy_password() {
  const std::string password = "s3cret-proxy-pw";
  DevServerProcess proxy({"--proxy-credentials", "pu:" + password});
  const std::string address = proxy.url().substr(strlen("http://"));
  const auto through_proxy = [&](GstElement* sink, const std::string& user_info) {
    point_sink_at(sink, proxy);
    // A host that does not resolve: only the proxy can answer for it.
    g_object_set(sink, "service-url", "http://kaltura-service.invalid", "proxy",
                 ("http://" + user_info + "@" + address).c_str(), nullptr);
  };
  start_capturing_gst_log();
  {
    g_autoptr(GstElement) pipeline = pattern_pipeline(300000, 10000);
    g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
    through_proxy(sink, "pu:" + password);
    // Chunks of 64 KiB and more go out through the direct sender.
    g_object_set(sink, "chunk-size", guint64{65536}, "entry-type", 1, nullptr);
    BusLog log = run_pipeline(pipeline, 60);
    g_assert_true(log.eos);
  }
  ErrorRun run;
  run_failing(run, [&](GstElement* sink) { through_proxy(sink, "pu:wrong-" + password); });
  stop_capturing_gst_log();
  g_assert_error(run.error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED);
  g_assert_nonnull(strstr(run.error->message, "The proxy refused the credentials (HTTP 407"));
  g_assert_cmpint(run.log.error_detail_int("http-status"), ==, 407);
  assert_absent(run.error->message, password);
  assert_absent(run.debug, password);
  g_assert_null(strstr(proxy.log().c_str(), password.c_str()));
  std::lock_guard<std::mutex> lock(log_mutex);
  g_assert_cmpuint(captured_log.size(), >, 10000u);  // the log really was captured
  assert_absent(captured_log, password);
  assert_absent(captured_log, "Proxy-Authorization");
  g_autofree char* encoded =
      g_base64_encode(reinterpret_cast<const guchar*>(("pu:" + password).c_str()), password.size() + 3);
  assert_absent(captured_log, encoded);
}

// A chunk larger than the server takes: Kaltura (PHP) answers UPLOAD_ERROR
// for a file part over its limit, a web server in front HTTP 413. Either way
// the error says to lower chunk-size.
void test_chunk_larger_than_the_server_takes() {
  // kaltura-devserver answers 413 for a body over the largest part by more than 1 MiB.
  DevServerProcess server({"--max-part-size", "100000"});
  ErrorRun part_refused;
  run_failing(
      part_refused,
      [&](GstElement* sink) {
        point_sink_at(sink, server);
        g_object_set(sink, "chunk-size", guint64{262144}, "rewrite-window", gint64{0}, nullptr);
      },
      600000);
  g_assert_error(part_refused.error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_WRITE);
  assert_detail(part_refused, "kaltura-code", "==", "UPLOAD_ERROR");
  g_assert_nonnull(strstr(part_refused.error->message, "with a large chunk-size, lower it"));

  ErrorRun body_refused;
  run_failing(
      body_refused,
      [&](GstElement* sink) {
        point_sink_at(sink, server);
        g_object_set(sink, "chunk-size", guint64{2 * 1024 * 1024}, "rewrite-window", gint64{0}, nullptr);
      },
      5 * 1024 * 1024);
  g_assert_error(body_refused.error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_WRITE);
  g_assert_cmpint(body_refused.log.error_detail_int("http-status"), ==, 413);
  g_assert_cmpuint(body_refused.log.error_detail_uint("http-status-code"), ==, 413);
  g_assert_nonnull(strstr(body_refused.error->message, "lower chunk-size"));
}

}  // namespace

int main(int argc, char** argv) {
  // Before anything logs: the writer can be set only once.
  g_log_set_writer_func(capture_glib_log, nullptr, nullptr);
  g_setenv("G_MESSAGES_DEBUG", "all", TRUE);
  gst_init(&argc, &argv);
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/kalturasink/errors/no-credentials", test_no_credentials);
  g_test_add_func("/kalturasink/errors/wait-timeout-while-server-down", test_wait_timeout_while_server_down);
  g_test_add_func("/kalturasink/errors/wrong-secret", test_wrong_secret);
  g_test_add_func("/kalturasink/errors/invalid-ks", test_invalid_ks);
  g_test_add_func("/kalturasink/errors/app-token-of-another-hash-type", test_app_token_of_another_hash_type);
  g_test_add_func("/kalturasink/errors/user-session-on-another-users-entry", test_user_session_on_another_users_entry);
  g_test_add_func("/kalturasink/errors/infected-file", test_infected_file);
  g_test_add_func("/kalturasink/errors/ks-actions-limit-then-continued", test_ks_actions_limit_then_continued);
  g_test_add_func("/kalturasink/errors/unknown-entry", test_unknown_entry);
  g_test_add_func("/kalturasink/errors/wait-timeout", test_wait_timeout);
  g_test_add_func("/kalturasink/errors/entry-deleted-before-it-is-followed", test_entry_deleted_before_it_is_followed);
  g_test_add_func("/kalturasink/errors/refused-new-entry-leaves-nothing", test_refused_new_entry_leaves_nothing);
  g_test_add_func("/kalturasink/errors/entry-of-another-type", test_entry_of_another_type);
  g_test_add_func("/kalturasink/errors/text-that-is-not-utf8", test_text_that_is_not_utf8);
  g_test_add_func("/kalturasink/errors/text-with-a-control-character", test_text_with_a_control_character);
  g_test_add_func("/kalturasink/errors/unreachable-server", test_unreachable_server);
  g_test_add_func("/kalturasink/errors/https-to-plain-http", test_https_url_to_plain_http_server);
  g_test_add_func("/kalturasink/errors/absurd-chunk-size", test_absurd_chunk_size);
  g_test_add_func("/kalturasink/errors/chunk-larger-than-the-server-takes", test_chunk_larger_than_the_server_takes);
  g_test_add_func("/kalturasink/errors/flavor-without-entry", test_flavor_without_entry);
  g_test_add_func("/kalturasink/errors/raw-frames", test_raw_frames);
  g_test_add_func("/kalturasink/errors/raw-frames-into-existing-entries", test_raw_frames_into_existing_entries);
  g_test_add_func("/kalturasink/errors/encoded-streams-without-a-container", test_encoded_streams_without_a_container);
  g_test_add_func("/kalturasink/errors/rewrite-outside-window", test_rewrite_outside_window);
  g_test_add_func("/kalturasink/errors/no-secret-in-debug-log", test_no_secret_in_debug_log);
  g_test_add_func("/kalturasink/errors/url-passwords-stay-hidden", test_url_passwords_stay_hidden);
  g_test_add_func("/kalturasink/errors/proxy-password", test_proxy_password);
  return g_test_run();
}
