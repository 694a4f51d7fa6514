#include "sink_test_support.h"

#include <gst/app/gstappsrc.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include <unistd.h>

#include <mutex>

#include "raw_http.h"

namespace sink_test {

std::string pattern_bytes(uint64_t offset, uint64_t length) {
  std::string bytes(length, '\0');
  for (uint64_t i = 0; i < length; ++i) {
    uint64_t x = (offset + i) * 0x9E3779B97F4A7C15ull;
    bytes[i] = static_cast<char>((x >> 29) & 0xff);
  }
  return bytes;
}

std::string sha256(const std::string& bytes) {
  g_autofree char* sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
                                                     reinterpret_cast<const guchar*>(bytes.data()), bytes.size());
  return sum;
}

void assert_same_bytes(const std::string& actual, const std::string& expected) {
  g_assert_cmpuint(actual.size(), ==, expected.size());
  const std::string actual_sum = sha256(actual);
  const std::string expected_sum = sha256(expected);
  g_assert_cmpstr(actual_sum.c_str(), ==, expected_sum.c_str());
}

void assert_equal_text(const std::string& actual, const std::string& expected) {
  g_assert_cmpstr(actual.c_str(), ==, expected.c_str());
}

BusLog::BusLog(BusLog&& other) noexcept
    : eos(other.eos), error(other.error), elements(std::move(other.elements)), warnings(std::move(other.warnings)) {
  other.error = nullptr;
}

BusLog& BusLog::operator=(BusLog&& other) noexcept {
  std::swap(eos, other.eos);
  std::swap(error, other.error);
  std::swap(elements, other.elements);
  std::swap(warnings, other.warnings);
  return *this;
}

BusLog::~BusLog() {
  if (error) gst_message_unref(error);
  for (auto* structure : elements) gst_structure_free(structure);
  for (auto* warning : warnings) gst_message_unref(warning);
}

std::vector<const GstStructure*> BusLog::named(const char* name) const {
  std::vector<const GstStructure*> found;
  for (auto* structure : elements)
    if (gst_structure_has_name(structure, name)) found.push_back(structure);
  return found;
}

const GstStructure* BusLog::first(const char* name) const {
  auto found = named(name);
  return found.empty() ? nullptr : found.front();
}

std::string BusLog::string_field(const char* message, const char* field) const {
  const GstStructure* structure = first(message);
  const char* value = structure ? gst_structure_get_string(structure, field) : nullptr;
  return value ? value : "";
}

GError* BusLog::error_gerror() const {
  if (!error) return nullptr;
  GError* gerror = nullptr;
  gst_message_parse_error(error, &gerror, nullptr);
  return gerror;
}

std::string BusLog::error_detail(const char* field) const {
  const GstStructure* details = nullptr;
  if (!error) return "";
  gst_message_parse_error_details(error, &details);
  const char* value = details ? gst_structure_get_string(details, field) : nullptr;
  return value ? value : "";
}

int BusLog::error_detail_int(const char* field) const {
  const GstStructure* details = nullptr;
  int value = -1;
  if (error) gst_message_parse_error_details(error, &details);
  if (details) gst_structure_get_int(details, field, &value);
  return value;
}

guint BusLog::error_detail_uint(const char* field) const {
  const GstStructure* details = nullptr;
  guint value = 0;
  if (error) gst_message_parse_error_details(error, &details);
  if (details) gst_structure_get_uint(details, field, &value);
  return value;
}

namespace {

// Element messages and warnings are recorded as they are posted: the ones
// posted while the pipeline stops (on-error) would be flushed from the bus.
struct PostedMessages {
  std::mutex mutex;
  BusLog* log;
};

GstBusSyncReply record_posted(GstBus*, GstMessage* message, gpointer data) {
  auto* posted = static_cast<PostedMessages*>(data);
  std::lock_guard<std::mutex> lock(posted->mutex);
  if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_WARNING)
    posted->log->warnings.push_back(gst_message_ref(message));
  else if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ELEMENT && gst_message_get_structure(message))
    posted->log->elements.push_back(gst_structure_copy(gst_message_get_structure(message)));
  return GST_BUS_PASS;
}

}  // namespace

BusLog run_pipeline(GstElement* pipeline, int timeout_seconds, const std::function<void(GstMessage*)>& on_message) {
  BusLog log;
  g_autoptr(GstBus) bus = gst_element_get_bus(pipeline);
  PostedMessages posted{{}, &log};
  gst_bus_set_sync_handler(bus, record_posted, &posted, nullptr);
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  const gint64 deadline = g_get_monotonic_time() + gint64{timeout_seconds} * G_USEC_PER_SEC;
  while (!log.eos && !log.error) {
    const gint64 left = deadline - g_get_monotonic_time();
    if (left <= 0) break;
    GstMessage* message = gst_bus_timed_pop(bus, static_cast<GstClockTime>(left) * GST_USECOND);
    if (!message) break;
    if (on_message) on_message(message);
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_EOS) log.eos = true;
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) log.error = gst_message_ref(message);
    gst_message_unref(message);
  }
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_bus_set_sync_handler(bus, nullptr, nullptr, nullptr);
  return log;
}

void stop_while_waiting(GstElement* pipeline, const std::function<bool(GstMessage*)>& waiting_shows) {
  const gint64 began = g_get_monotonic_time();
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  g_autoptr(GstBus) bus = gst_element_get_bus(pipeline);
  bool waiting = false;
  while (!waiting) {
    g_assert_cmpint(g_get_monotonic_time() - began, <, 20 * G_USEC_PER_SEC);
    g_autoptr(GstMessage) message = gst_bus_timed_pop(bus, 10 * GST_MSECOND);
    if (message) g_assert_cmpint(GST_MESSAGE_TYPE(message), !=, GST_MESSAGE_ERROR);
    waiting = waiting_shows(message);
  }
  const gint64 stopping = g_get_monotonic_time();
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  const double seconds = (g_get_monotonic_time() - stopping) / 1e6;
  g_test_message("stopped %.2f s after asking", seconds);
  g_assert_cmpfloat(seconds, <, 5);
  g_autoptr(GstMessage) error = gst_bus_pop_filtered(bus, GST_MESSAGE_ERROR);
  g_assert_null(error);
}

BusLog run_until_acknowledged(GstElement* pipeline, uint64_t bytes, int timeout_seconds) {
  BusLog log = run_pipeline(pipeline, timeout_seconds, [&](GstMessage* message) {
    const GstStructure* s = gst_message_get_structure(message);
    if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_ELEMENT || !gst_structure_has_name(s, "kaltura-upload-progress"))
      return;
    guint64 acknowledged = 0;
    gst_structure_get_uint64(s, "bytes-acknowledged", &acknowledged);
    if (acknowledged >= bytes) GST_ELEMENT_ERROR(pipeline, RESOURCE, FAILED, ("the application stopped"), (nullptr));
  });
  g_assert_false(log.eos);
  return log;
}

namespace {

// Bytes from the pattern, or from data when it is set.
struct PatternSource {
  uint64_t total;
  uint64_t buffer_size;
  std::string data;
  uint64_t offset = 0;
};

void feed(GstAppSrc* src, guint, gpointer data) {
  auto* source = static_cast<PatternSource*>(data);
  if (source->offset >= source->total) {
    gst_app_src_end_of_stream(src);
    return;
  }
  const uint64_t length = std::min(source->buffer_size, source->total - source->offset);
  std::string bytes = source->data.empty() ? pattern_bytes(source->offset, length)
                                           : source->data.substr(source->offset, length);
  GstBuffer* buffer = gst_buffer_new_memdup(bytes.data(), bytes.size());
  GST_BUFFER_OFFSET(buffer) = source->offset;
  source->offset += length;
  gst_app_src_push_buffer(src, buffer);
}

}  // namespace

namespace {

GstElement* appsrc_pipeline(PatternSource* source, const char* caps,
                            const std::string& sink = "kalturasink name=sink") {
  g_autofree char* description = g_strdup_printf("appsrc name=src format=bytes caps=\"%s\" ! %s", caps, sink.c_str());
  g_autoptr(GError) error = nullptr;
  GstElement* pipeline = gst_parse_launch(description, &error);
  g_assert_no_error(error);
  g_autoptr(GstElement) src = gst_bin_get_by_name(GST_BIN(pipeline), "src");
  GstAppSrcCallbacks callbacks = {};
  callbacks.need_data = feed;
  gst_app_src_set_callbacks(GST_APP_SRC(src), &callbacks, source,
                            [](gpointer data) { delete static_cast<PatternSource*>(data); });
  if (source->total == 0) gst_app_src_end_of_stream(GST_APP_SRC(src));
  return pipeline;
}

}  // namespace

GstElement* pattern_pipeline(uint64_t total, uint64_t buffer_size, const char* caps) {
  return appsrc_pipeline(new PatternSource{total, buffer_size, ""}, caps);
}

GstElement* data_pipeline(const std::string& data, uint64_t buffer_size, const char* caps) {
  return appsrc_pipeline(new PatternSource{data.size(), buffer_size, data}, caps);
}

GstElement* pattern_pipeline_into(const std::string& sink_description, uint64_t total, uint64_t buffer_size) {
  return appsrc_pipeline(new PatternSource{total, buffer_size, ""}, "application/octet-stream", sink_description);
}

void point_sink_at(GstElement* sink, const testing_support::DevServerProcess& server) {
  g_object_set(sink, "service-url", server.url().c_str(), "partner-id", testing_support::kPartnerId, "secret",
               testing_support::kAdminSecret, nullptr);
}

GstElement* launch_at(const testing_support::DevServerProcess& server, const std::string& description) {
  g_autoptr(GError) error = nullptr;
  GstElement* pipeline = gst_parse_launch(description.c_str(), &error);
  g_assert_no_error(error);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  g_assert_nonnull(sink);
  point_sink_at(sink, server);
  return pipeline;
}

std::string start_session(const testing_support::DevServerProcess& server, const std::string& privileges) {
  auto response = testing_support::post_form(server.api_base() + "/service/session/action/start",
                                             {{"secret", testing_support::kAdminSecret},
                                              {"partnerId", std::to_string(testing_support::kPartnerId)},
                                              {"type", "2"},
                                              {"privileges", privileges},
                                              {"format", "1"}});
  g_assert_cmpint(response.status, ==, 200);
  g_autoptr(JsonParser) parser = json_parser_new();
  g_assert_true(json_parser_load_from_data(parser, response.body.c_str(), -1, nullptr));
  return json_node_get_string(json_parser_get_root(parser));
}

std::string admin_call(const testing_support::DevServerProcess& server, const std::string& service,
                       const std::string& action, const std::vector<std::pair<std::string, std::string>>& params) {
  testing_support::Fields fields = {{"ks", start_session(server)}, {"format", "1"}};
  fields.insert(fields.end(), params.begin(), params.end());
  auto response = testing_support::post_form(server.api_base() + "/service/" + service + "/action/" + action, fields);
  g_assert_cmpint(response.status, ==, 200);
  return response.body;
}

std::string json_member(const std::string& json_text, const char* member) {
  g_autoptr(JsonParser) parser = json_parser_new();
  if (!json_parser_load_from_data(parser, json_text.c_str(), -1, nullptr)) return "";
  JsonNode* root = json_parser_get_root(parser);
  if (!JSON_NODE_HOLDS_OBJECT(root)) return "";
  JsonNode* node = json_object_get_member(json_node_get_object(root), member);
  if (!node || !JSON_NODE_HOLDS_VALUE(node)) return "";
  if (json_node_get_value_type(node) == G_TYPE_STRING) return json_node_get_string(node);
  return std::to_string(json_node_get_int(node));
}

void expect_member(const std::string& json_text, const char* member, const char* expected) {
  const std::string value = json_member(json_text, member);
  g_assert_cmpstr(value.c_str(), ==, expected);
}

namespace {

// The asset's file, from the URL the service's getUrl action gives.
std::string download_through_get_url(const testing_support::DevServerProcess& server, const char* service,
                                     const std::string& asset_id) {
  const std::string url_json = admin_call(server, service, "getUrl", {{"id", asset_id}});
  g_autoptr(JsonParser) parser = json_parser_new();
  g_assert_true(json_parser_load_from_data(parser, url_json.c_str(), -1, nullptr));
  JsonNode* root = json_parser_get_root(parser);
  if (JSON_NODE_TYPE(root) != JSON_NODE_VALUE) g_error("getUrl failed: %s", url_json.c_str());
  auto file = testing_support::http_request("GET", json_node_get_string(root));
  g_assert_cmpint(file.status, ==, 200);
  return file.body;
}

}  // namespace

std::string download_source(const testing_support::DevServerProcess& server, const std::string& entry_id,
                            int flavor_params_id) {
  const std::string list = admin_call(server, "flavorasset", "list", {{"filter[entryIdEqual]", entry_id}});
  g_autoptr(JsonParser) parser = json_parser_new();
  g_assert_true(json_parser_load_from_data(parser, list.c_str(), -1, nullptr));
  JsonArray* objects = json_object_get_array_member(json_node_get_object(json_parser_get_root(parser)), "objects");
  std::string flavor_id;
  for (guint i = 0; objects && i < json_array_get_length(objects); ++i) {
    JsonObject* flavor = json_array_get_object_element(objects, i);
    if (json_object_get_int_member(flavor, "flavorParamsId") == flavor_params_id)
      flavor_id = json_object_get_string_member(flavor, "id");
  }
  if (flavor_id.empty()) g_error("entry %s has no source flavor: %s", entry_id.c_str(), list.c_str());
  return download_through_get_url(server, "flavorasset", flavor_id);
}

BusLog run_to_eos(GstElement* pipeline, int timeout_seconds) {
  BusLog log = run_pipeline(pipeline, timeout_seconds);
  if (log.error) {
    g_autoptr(GError) error = log.error_gerror();
    g_error("the pipeline failed: %s", error->message);
  }
  g_assert_true(log.eos);
  return log;
}

BusLog upload_mp4_data(const testing_support::DevServerProcess& server, const std::string& data,
                       const std::function<void(GstElement*)>& configure) {
  g_autoptr(GstElement) pipeline = data_pipeline(data, 50000, "video/quicktime, variant=(string)iso");
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "chunk-size", guint64{65536}, nullptr);
  configure(sink);
  return run_to_eos(pipeline);
}

std::string new_media_entry(const testing_support::DevServerProcess& server, const char* name) {
  const std::string entry =
      admin_call(server, "media", "add", {{"entry[objectType]", "KalturaMediaEntry"}, {"entry[name]", name}});
  std::string id = json_member(entry, "id");
  g_assert_cmpstr(id.c_str(), !=, "");
  return id;
}

void set_sync_handler(GstBus* bus, std::function<GstBusSyncReply(GstMessage*)> on_message) {
  using Handler = std::function<GstBusSyncReply(GstMessage*)>;
  gst_bus_set_sync_handler(
      bus, [](GstBus*, GstMessage* message, gpointer data) { return (*static_cast<Handler*>(data))(message); },
      new Handler(std::move(on_message)), [](gpointer data) { delete static_cast<Handler*>(data); });
}

std::string media_entry_with_content(const testing_support::DevServerProcess& server, const char* name) {
  const std::string entry_id = new_media_entry(server, name);
  upload_mp4_data(server, make_audio("mp4mux", 40),
                  [&](GstElement* sink) { g_object_set(sink, "entry-id", entry_id.c_str(), "wait-for", 1, nullptr); });
  return entry_id;
}

GstElement* replacing_pipeline(const testing_support::DevServerProcess& server, const std::string& data,
                               const std::string& entry_id) {
  GstElement* pipeline = data_pipeline(data, 50000, "video/quicktime, variant=(string)iso");
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "entry-id", entry_id.c_str(), nullptr);
  return pipeline;
}

std::string download_attachment(const testing_support::DevServerProcess& server, const std::string& asset_id) {
  return download_through_get_url(server, "attachment_attachmentasset", asset_id);
}

guint64 stats_uint64(GstElement* element, const char* field) {
  GstStructure* stats = nullptr;
  g_object_get(element, "stats", &stats, nullptr);
  guint64 value = 0;
  g_assert_true(gst_structure_get_uint64(stats, field, &value));
  gst_structure_free(stats);
  return value;
}

double stats_double(GstElement* element, const char* field) {
  GstStructure* stats = nullptr;
  g_object_get(element, "stats", &stats, nullptr);
  double value = 0;
  g_assert_true(gst_structure_get_double(stats, field, &value));
  gst_structure_free(stats);
  return value;
}

namespace {

// A temporary file holding bytes, removed with the object.
struct TemporaryFile {
  std::string path;
  explicit TemporaryFile(const char* suffix) {
    g_autofree char* name = g_strdup_printf("kalturasink-test-XXXXXX%s", suffix);
    g_autoptr(GError) error = nullptr;
    g_autofree char* opened = nullptr;
    int fd = g_file_open_tmp(name, &opened, &error);
    g_assert_no_error(error);
    close(fd);
    path = opened;
  }
  ~TemporaryFile() { g_unlink(path.c_str()); }
};

}  // namespace

std::string render(const std::string& description) {
  TemporaryFile file(".media");
  const std::string pipeline_text = description + " ! filesink location=\"" + file.path + "\"";
  g_autoptr(GError) error = nullptr;
  g_autoptr(GstElement) pipeline = gst_parse_launch(pipeline_text.c_str(), &error);
  g_assert_no_error(error);
  BusLog log = run_pipeline(pipeline, 60);
  g_assert_true(log.eos);
  g_autofree char* contents = nullptr;
  gsize length = 0;
  g_assert_true(g_file_get_contents(file.path.c_str(), &contents, &length, nullptr));
  return std::string(contents, length);
}

std::string make_audio(const char* muxer, int frames) {
  g_autofree char* description = g_strdup_printf(
      "audiotestsrc wave=square num-buffers=%d samplesperbuffer=960 ! audio/x-raw,rate=48000,channels=2 ! opusenc "
      "bitrate=512000 ! %s",
      frames, muxer);
  return render(description);
}

namespace {
std::mutex glib_warnings_mutex;
std::vector<std::string>* glib_warnings_caught = nullptr;

GLogWriterOutput catch_glib_warnings(GLogLevelFlags level, const GLogField* fields, gsize n_fields, gpointer data) {
  {
    std::lock_guard<std::mutex> lock(glib_warnings_mutex);
    if (glib_warnings_caught && (level & G_LOG_LEVEL_WARNING)) {
      for (gsize i = 0; i < n_fields; ++i)
        if (g_strcmp0(fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
          glib_warnings_caught->push_back(static_cast<const char*>(fields[i].value));
      return G_LOG_WRITER_HANDLED;
    }
  }
  return g_log_writer_default(level, fields, n_fields, data);
}
}  // namespace

void catch_glib_warnings_on_demand() { g_log_set_writer_func(catch_glib_warnings, nullptr, nullptr); }

std::vector<std::string> glib_warnings_of(const std::function<void()>& action) {
  std::vector<std::string> warnings;
  {
    std::lock_guard<std::mutex> lock(glib_warnings_mutex);
    glib_warnings_caught = &warnings;
  }
  action();
  std::lock_guard<std::mutex> lock(glib_warnings_mutex);
  glib_warnings_caught = nullptr;
  return warnings;
}

}  // namespace sink_test
