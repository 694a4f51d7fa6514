#include "content_test_api.h"

#include <glib/gstdio.h>
#include <gst/gst.h>

#include <unistd.h>

#include <algorithm>

namespace content_test {

namespace {

std::string action_url(const DevServerProcess& server, const std::string& service, const std::string& action) {
  return server.api_base() + "/service/" + service + "/action/" + action;
}

std::string node_text(JsonNode* node) {
  if (!node || !JSON_NODE_HOLDS_VALUE(node)) return "";
  switch (json_node_get_value_type(node)) {
    case G_TYPE_STRING:
      return json_node_get_string(node);
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean(node) ? "true" : "false";
    case G_TYPE_DOUBLE: {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      return g_ascii_dtostr(buffer, sizeof buffer, json_node_get_double(node));
    }
    default:
      return std::to_string(json_node_get_int(node));
  }
}

// Runs a gst-launch description whose filesink writes `location`; returns the bytes.
std::string render(const std::string& description) {
  if (!gst_is_initialized()) gst_init(nullptr, nullptr);
  g_autofree char* path = g_build_filename(g_get_tmp_dir(), "content-test-XXXXXX", nullptr);
  const int fd = g_mkstemp(path);
  g_assert_cmpint(fd, >=, 0);
  close(fd);
  g_autoptr(GError) error = nullptr;
  const std::string launch = description + " ! filesink location=" + path;
  g_autoptr(GstElement) pipeline = gst_parse_launch(launch.c_str(), &error);
  g_assert_no_error(error);
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  g_autoptr(GstBus) bus = gst_element_get_bus(pipeline);
  g_autoptr(GstMessage) message = gst_bus_timed_pop_filtered(
      bus, 60 * GST_SECOND, static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  g_assert_nonnull(message);
  g_assert_cmpint(GST_MESSAGE_TYPE(message), ==, GST_MESSAGE_EOS);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  g_autofree char* bytes = nullptr;
  gsize size = 0;
  g_assert_true(g_file_get_contents(path, &bytes, &size, nullptr));
  g_unlink(path);
  return std::string(bytes, size);
}

}  // namespace

Result::Result(std::string body) : body_(std::move(body)) {
  g_autoptr(GError) error = nullptr;
  JsonNode* root = json_from_string(body_.c_str(), &error);
  if (!root) g_error("reply is not JSON (%s): %.300s", error ? error->message : "empty", body_.c_str());
  root_.reset(root, json_node_unref);
}

JsonNode* Result::at(const std::string& path) const {
  JsonNode* node = root_.get();
  g_auto(GStrv) steps = g_strsplit(path.c_str(), ".", -1);
  for (char** step = steps; node && *step; ++step) {
    if (!**step) continue;
    if (JSON_NODE_HOLDS_OBJECT(node)) {
      JsonObject* object = json_node_get_object(node);
      node = json_object_has_member(object, *step) ? json_object_get_member(object, *step) : nullptr;
    } else if (JSON_NODE_HOLDS_ARRAY(node)) {
      JsonArray* array = json_node_get_array(node);
      const guint index = static_cast<guint>(g_ascii_strtoull(*step, nullptr, 10));
      node = index < json_array_get_length(array) ? json_array_get_element(array, index) : nullptr;
    } else {
      node = nullptr;
    }
  }
  return node;
}

std::string Result::text(const std::string& path) const { return node_text(at(path)); }

int64_t Result::number(const std::string& path) const { return g_ascii_strtoll(text(path).c_str(), nullptr, 10); }

GType Result::type(const std::string& path) const {
  JsonNode* node = at(path);
  return node && JSON_NODE_HOLDS_VALUE(node) ? json_node_get_value_type(node) : G_TYPE_INVALID;
}

size_t Result::length(const std::string& path) const {
  JsonNode* node = at(path);
  return node && JSON_NODE_HOLDS_ARRAY(node) ? json_array_get_length(json_node_get_array(node)) : 0;
}

std::string Result::code() const { return text("objectType") == "KalturaAPIException" ? text("code") : ""; }

std::string start_session(const DevServerProcess& server, int type, const std::string& user_id,
                          const std::string& privileges) {
  auto response = testing_support::post_form(
      action_url(server, "session", "start"),
      {{"format", "1"}, {"secret", testing_support::kAdminSecret},
       {"partnerId", std::to_string(testing_support::kPartnerId)}, {"type", std::to_string(type)},
       {"userId", user_id}, {"privileges", privileges}});
  Result ks(response.body);
  if (ks.type("") != G_TYPE_STRING) g_error("session.start failed: %s", response.body.c_str());
  return ks.text();
}

Result Api::call(const std::string& service, const std::string& action, Fields fields) const {
  fields.emplace_back("format", "1");
  fields.emplace_back("ks", ks_);
  auto response = testing_support::post_form(action_url(server_, service, action), fields);
  if (response.status != 200)
    g_error("%s.%s: HTTP %d %s", service.c_str(), action.c_str(), response.status, response.transport_error.c_str());
  return Result(response.body);
}

std::string Api::add_media(const Fields& entry_fields) const {
  Fields fields = {{"entry[objectType]", "KalturaMediaEntry"}};
  for (const auto& [name, value] : entry_fields) fields.emplace_back("entry[" + name + "]", value);
  Result entry = call("media", "add", fields);
  assert_text_eq(entry.code(), "");
  return entry.text("id");
}

std::string Api::add_token(const std::string& file_name) const {
  Result token = call("uploadtoken", "add",
                      {{"uploadToken[objectType]", "KalturaUploadToken"}, {"uploadToken[fileName]", file_name}});
  assert_text_eq(token.code(), "");
  return token.text("id");
}

void Api::upload(const std::string& token_id, const std::string& data, size_t chunk_size,
                 const std::string& file_name) const {
  size_t offset = 0;
  do {
    const size_t length = std::min(chunk_size, data.size() - offset);
    const bool final_chunk = offset + length == data.size();
    Fields fields = {{"format", "1"},
                     {"ks", ks_},
                     {"uploadTokenId", token_id},
                     {"resume", offset == 0 ? "false" : "true"},
                     {"finalChunk", final_chunk ? "true" : "false"},
                     {"resumeAt", std::to_string(offset)}};
    auto response = testing_support::post_multipart(action_url(server_, "uploadtoken", "upload"), fields,
                                                    {{"fileData", file_name, data.substr(offset, length)}});
    Result token(response.body);
    assert_text_eq(token.code(), "");
    offset += length;
  } while (offset < data.size());
}

std::string Api::uploaded_token(const std::string& data, const std::string& file_name) const {
  const std::string token = add_token(file_name);
  upload(token, data, data.size() + 1, file_name);
  return token;
}

Fields Api::token_resource(const std::string& param, const std::string& token_id) const {
  return {{param + "[objectType]", "KalturaUploadedFileTokenResource"}, {param + "[token]", token_id}};
}

Result Api::wait_for_entry(const std::string& entry_id, std::vector<int> done, int timeout_ms) const {
  const gint64 deadline = g_get_monotonic_time() + timeout_ms * G_GINT64_CONSTANT(1000);
  for (;;) {
    Result entry = call("baseentry", "get", {{"entryId", entry_id}});
    assert_text_eq(entry.code(), "");
    const int status = static_cast<int>(entry.number("status"));
    if (std::find(done.begin(), done.end(), status) != done.end()) return entry;
    if (g_get_monotonic_time() > deadline) g_error("entry %s still in status %d", entry_id.c_str(), status);
    g_usleep(30 * 1000);
  }
}

Result Api::wait_for_flavor(const std::string& flavor_id, std::vector<int> done, int timeout_ms) const {
  const gint64 deadline = g_get_monotonic_time() + timeout_ms * G_GINT64_CONSTANT(1000);
  for (;;) {
    Result flavor = call("flavorasset", "get", {{"id", flavor_id}});
    assert_text_eq(flavor.code(), "");
    const int status = static_cast<int>(flavor.number("status"));
    if (std::find(done.begin(), done.end(), status) != done.end()) return flavor;
    if (g_get_monotonic_time() > deadline) g_error("flavor %s still in status %d", flavor_id.c_str(), status);
    g_usleep(30 * 1000);
  }
}

std::string Api::ready_media(const std::string& data, const std::string& file_name) const {
  const std::string entry_id = add_media();
  Fields fields = token_resource("resource", uploaded_token(data, file_name));
  fields.emplace_back("entryId", entry_id);
  assert_text_eq(call("media", "addContent", fields).code(), "");
  g_assert_cmpint(wait_for_entry(entry_id).number("status"), ==, 2);
  return entry_id;
}

std::string make_video_mp4(int width, int height, int frames) {
  return render("videotestsrc num-buffers=" + std::to_string(frames) + " ! video/x-raw,width=" +
                std::to_string(width) + ",height=" + std::to_string(height) +
                ",framerate=30/1 ! x264enc speed-preset=ultrafast ! mp4mux");
}

std::string make_video_with_audio_mp4(int width, int height, int frames) {
  // 1024-sample buffers at 44.1 kHz: as long as the video, give or take one.
  const int audio_buffers = frames * 44100 / 30 / 1024 + 1;
  return render("videotestsrc num-buffers=" + std::to_string(frames) + " ! video/x-raw,width=" +
                std::to_string(width) + ",height=" + std::to_string(height) +
                ",framerate=30/1 ! x264enc speed-preset=ultrafast ! mux. audiotestsrc num-buffers=" +
                std::to_string(audio_buffers) +
                " samplesperbuffer=1024 ! audio/x-raw,rate=44100,channels=2 ! avenc_aac ! mux. mp4mux name=mux");
}

std::string make_png(int width, int height) {
  return render("videotestsrc num-buffers=1 ! video/x-raw,width=" + std::to_string(width) +
                ",height=" + std::to_string(height) + " ! pngenc");
}

std::string make_audio_wav(int buffers) {
  return render("audiotestsrc num-buffers=" + std::to_string(buffers) +
                " samplesperbuffer=4410 ! audio/x-raw,rate=44100,channels=1 ! wavenc");
}

std::string make_audio_mp3(int buffers) {
  return render("audiotestsrc num-buffers=" + std::to_string(buffers) +
                " samplesperbuffer=4410 ! audio/x-raw,rate=44100,channels=1 ! "
                "lamemp3enc target=bitrate cbr=true bitrate=128");
}

std::string make_audio_flac(int buffers) {
  return render("audiotestsrc num-buffers=" + std::to_string(buffers) +
                " samplesperbuffer=4410 ! audio/x-raw,rate=44100,channels=1 ! flacenc");
}

std::string sha256(const std::string& data) {
  g_autoptr(GChecksum) checksum = g_checksum_new(G_CHECKSUM_SHA256);
  g_checksum_update(checksum, reinterpret_cast<const guchar*>(data.data()), static_cast<gssize>(data.size()));
  return g_checksum_get_string(checksum);
}

testing_support::HttpResponse fetch(const std::string& url, const std::string& range) {
  std::map<std::string, std::string> headers;
  if (!range.empty()) headers["Range"] = range;
  return testing_support::http_request("GET", url, "", "", headers);
}

}  // namespace content_test
