// What the kalturasink tests share: pipelines fed with known bytes, a bus
// collector, and reading back what the devserver stored (flavorAsset.list +
// flavorAsset.getUrl + a plain HTTP GET).
#pragma once

#include <gst/gst.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "devserver_process.h"

namespace sink_test {

// Byte i of the test stream: the same in every run and every process.
std::string pattern_bytes(uint64_t offset, uint64_t length);
std::string sha256(const std::string& bytes);
// Asserts equal sizes and SHA-256 digests.
void assert_same_bytes(const std::string& actual, const std::string& expected);
// g_assert_cmpstr for std::string values (no temporaries' c_str() in the macro).
void assert_equal_text(const std::string& actual, const std::string& expected);

// What a pipeline put on its bus until EOS or an error.
struct BusLog {
  bool eos = false;
  GstMessage* error = nullptr;             // owned; the first error
  std::vector<GstStructure*> elements;     // owned copies of element messages, in order
  std::vector<GstMessage*> warnings;       // owned
  BusLog() = default;
  BusLog(const BusLog&) = delete;
  BusLog& operator=(const BusLog&) = delete;
  BusLog(BusLog&& other) noexcept;
  BusLog& operator=(BusLog&& other) noexcept;
  ~BusLog();

  std::vector<const GstStructure*> named(const char* name) const;
  const GstStructure* first(const char* name) const;  // nullptr when absent
  std::string string_field(const char* message, const char* field) const;  // "" when absent
  // The error's GError and details.
  GError* error_gerror() const;                         // owned by the caller
  std::string error_detail(const char* field) const;    // string detail, "" when absent
  int error_detail_int(const char* field) const;
  guint error_detail_uint(const char* field) const;  // 0 when absent
};

// Plays the pipeline until EOS, an error or timeout_seconds; sets it to NULL.
// on_message sees every message first (to act mid-run).
BusLog run_pipeline(GstElement* pipeline, int timeout_seconds = 60,
                    const std::function<void(GstMessage*)>& on_message = {});

// run_pipeline that fails the test, with the element's error text, unless
// the pipeline reached EOS.
BusLog run_to_eos(GstElement* pipeline, int timeout_seconds = 90);

// run_pipeline until its kalturasink has reported at least bytes
// acknowledged, then an element error from the application's side: the
// upload stops without EOS, and the sink's on-error decides what is left.
BusLog run_until_acknowledged(GstElement* pipeline, uint64_t bytes, int timeout_seconds = 60);

// Sets the pipeline to PLAYING, waits (20 s at most) until waiting_shows
// says an element waits on the server (given each bus message, or nullptr
// when none came for 10 ms), then sets it to NULL: that must succeed within
// 5 s and leave no error on the bus.
void stop_while_waiting(GstElement* pipeline, const std::function<bool(GstMessage*)>& waiting_shows);

// "appsrc ! kalturasink" pushing total pattern bytes in buffers of buffer_size
// (the last one shorter). Returns the pipeline; the sink is named "sink".
GstElement* pattern_pipeline(uint64_t total, uint64_t buffer_size, const char* caps = "application/octet-stream");

// "appsrc ! SINK_DESCRIPTION" pushing total pattern bytes (a sink given by
// URI, "kaltura://...", has no name to find it by).
GstElement* pattern_pipeline_into(const std::string& sink_description, uint64_t total, uint64_t buffer_size);

// "appsrc ! kalturasink" pushing data in buffers of buffer_size.
GstElement* data_pipeline(const std::string& data, uint64_t buffer_size, const char* caps);

// A KS from session.start (an admin session) with these privileges, as a
// backend hands one out.
std::string start_session(const testing_support::DevServerProcess& server, const std::string& privileges = "");

// Sets service-url, partner-id and secret of a server.
void point_sink_at(GstElement* sink, const testing_support::DevServerProcess& server);

// gst_parse_launch of a description whose kalturasink is named "sink",
// failing the test with the parser's error; the sink points at the server.
GstElement* launch_at(const testing_support::DevServerProcess& server, const std::string& description);

// MP4 data uploaded in 64 KiB chunks (appsrc buffers of 50,000 bytes) to the
// server, with what configure sets on the sink; run_to_eos.
BusLog upload_mp4_data(const testing_support::DevServerProcess& server, const std::string& data,
                       const std::function<void(GstElement*)>& configure);
// media.add of a media entry with no content; its id.
std::string new_media_entry(const testing_support::DevServerProcess& server, const char* name);

// A new media entry with content (a short audio recording, READY): an upload
// to it replaces that content.
std::string media_entry_with_content(const testing_support::DevServerProcess& server, const char* name);
// A pipeline whose sink uploads data (MP4 bytes) as new content of entry_id
// on the server; the test adds its settings and plays it.
GstElement* replacing_pipeline(const testing_support::DevServerProcess& server, const std::string& data,
                               const std::string& entry_id);

// The bytes of the entry's source flavor (or of the flavor with these flavor
// params), downloaded like a user would.
std::string download_source(const testing_support::DevServerProcess& server, const std::string& entry_id,
                            int flavor_params_id = 0);
// The bytes of an attachment asset, downloaded through attachmentAsset.getUrl.
std::string download_attachment(const testing_support::DevServerProcess& server, const std::string& asset_id);

// A field of an element's "stats" structure (kalturasink, kalturasrc).
// GLib warnings are fatal in tests. Installed first thing in main(), this
// lets glib_warnings_of() catch those `action` logs and return their texts.
void catch_glib_warnings_on_demand();

// Sets on_message as bus's sync handler. The bus keeps its own copy while a
// call runs, so what it captures (shared state, by shared_ptr) outlives a
// call still running on another thread as the handler is removed.
void set_sync_handler(GstBus* bus, std::function<GstBusSyncReply(GstMessage*)> on_message);
std::vector<std::string> glib_warnings_of(const std::function<void()>& action);

guint64 stats_uint64(GstElement* element, const char* field);
double stats_double(GstElement* element, const char* field);
// The first member named member of the JSON object text ("" when absent).
std::string json_member(const std::string& json_text, const char* member);
// Asserts that the JSON object text has member with that value (as json_member gives it).
void expect_member(const std::string& json_text, const char* member, const char* expected);
// One API call with an admin session; the result as JSON text. For assertions.
std::string admin_call(const testing_support::DevServerProcess& server, const std::string& service,
                       const std::string& action, const std::vector<std::pair<std::string, std::string>>& params);

// The bytes a pipeline (a gst-launch description ending in a muxer or an
// encoder) writes to a file.
std::string render(const std::string& description);
// What muxer makes of frames 20 ms Opus frames (512 kbps) written to a file;
// the file's bytes.
std::string make_audio(const char* muxer, int frames);

}  // namespace sink_test
