// Entries, assets and delivery as the content tests speak them: form-encoded
// api_v3 calls to a real kaltura-devserver (format=1), JSON replies read by
// path, uploads through upload tokens, and real media made with GStreamer.
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "devserver_process.h"
#include "raw_http.h"

// Compares two strings. g_assert_cmpstr keeps the raw pointers past the end
// of its statement, so it cannot be given temporaries' c_str().
#define assert_text_eq(actual, expected)                                                                  \
  do {                                                                                                   \
    const std::string actual_text_ = (actual);                                                           \
    const std::string expected_text_ = (expected);                                                       \
    if (actual_text_ != expected_text_)                                                                  \
      g_assertion_message_cmpstr(G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, #actual " == " #expected, \
                                 actual_text_.c_str(), "==", expected_text_.c_str());                    \
  } while (0)

namespace content_test {

using testing_support::DevServerProcess;
using testing_support::Fields;

// A parsed api_v3 reply (object, array, scalar, null or error).
class Result {
 public:
  explicit Result(std::string body);
  const std::string& body() const { return body_; }
  // The node at a path of member names and array indices ("objects.0.id");
  // "" is the root. nullptr when absent.
  JsonNode* at(const std::string& path) const;
  bool has(const std::string& path) const { return at(path) != nullptr; }
  std::string text(const std::string& path = "") const;  // numbers and booleans written out
  int64_t number(const std::string& path = "") const;
  GType type(const std::string& path) const;  // G_TYPE_STRING, G_TYPE_INT64, G_TYPE_BOOLEAN...
  size_t length(const std::string& path) const;  // of an array
  std::string code() const;  // "" unless a KalturaAPIException
  std::string message() const { return text("message"); }
  std::string arg(const std::string& name) const { return text("args." + name); }

 private:
  std::string body_;
  std::shared_ptr<JsonNode> root_;
};

std::string start_session(const DevServerProcess& server, int type, const std::string& user_id = "",
                          const std::string& privileges = "");

class Api {
 public:
  Api(const DevServerProcess& server, std::string ks) : server_(server), ks_(std::move(ks)) {}
  Result call(const std::string& service, const std::string& action, Fields fields = {}) const;

  // media.add with entry[...] fields; returns the entry id (asserts success).
  std::string add_media(const Fields& entry_fields = {{"mediaType", "1"}}) const;
  // uploadToken.add for file_name; returns the token id.
  std::string add_token(const std::string& file_name) const;
  // uploadToken.upload of data in chunks of chunk_size (the last one final).
  void upload(const std::string& token_id, const std::string& data, size_t chunk_size,
              const std::string& file_name) const;
  // A token holding the whole of data (FULL_UPLOAD).
  std::string uploaded_token(const std::string& data, const std::string& file_name) const;
  Fields token_resource(const std::string& param, const std::string& token_id) const;
  // Polls media.get / baseEntry.get until status is one of done (asserts within timeout).
  Result wait_for_entry(const std::string& entry_id, std::vector<int> done = {2, -1, -2},
                        int timeout_ms = 30000) const;
  Result wait_for_flavor(const std::string& flavor_id, std::vector<int> done = {2, -1},
                         int timeout_ms = 30000) const;
  // A media entry with content, processed to READY.
  std::string ready_media(const std::string& data, const std::string& file_name) const;

  const DevServerProcess& server() const { return server_; }

 private:
  const DevServerProcess& server_;
  std::string ks_;
};

// Real media made with GStreamer: H.264 in MP4 (30 fps), with AAC audio
// too, WAV audio (buffers of 0.1 s), and PNG images.
std::string make_video_mp4(int width, int height, int frames);
std::string make_video_with_audio_mp4(int width, int height, int frames);
std::string make_audio_wav(int buffers);
// buffers of 0.1 s of a mono tone, as a bare mp3 (constant 128 kbit/s) or FLAC file.
std::string make_audio_mp3(int buffers);
std::string make_audio_flac(int buffers);
// One frame of a test pattern as a PNG image.
std::string make_png(int width, int height);
std::string sha256(const std::string& data);
// GET of a URL (redirects followed by the HTTP client unless disabled).
testing_support::HttpResponse fetch(const std::string& url, const std::string& range = "");

}  // namespace content_test
