// The uploadToken API as the tests speak it: plain HTTP requests to a real
// kaltura-devserver (format=1), replies parsed with json-glib, and the hash
// of what the server assembled.
#pragma once

#include <json-glib/json-glib.h>

#include <cstdint>
#include <memory>
#include <string>

#include "devserver_process.h"
#include "raw_http.h"

// g_assert_cmpstr on texts that may be temporaries (std::string or char*):
// both sides are copied before the comparison.
#define ASSERT_TEXT(actual, expected)                                 \
  do {                                                                \
    const std::string assert_actual_ = (actual);                      \
    const std::string assert_expected_ = (expected);                  \
    g_assert_cmpstr(assert_actual_.c_str(), ==, assert_expected_.c_str()); \
  } while (0)

namespace upload_token_test {

using testing_support::DevServerProcess;
using testing_support::Fields;

// One api_v3 reply (an object, a scalar, null or an error).
class Reply {
 public:
  explicit Reply(std::string body);
  const std::string& body() const { return body_; }
  JsonNode* root() const { return root_.get(); }
  JsonObject* object() const;  // nullptr unless the reply is an object
  std::string code() const;    // "" unless the reply is a KalturaAPIException
  std::string error_arg(const char* name) const;
  bool has(const char* name) const;
  // A member as text (strings as they are, numbers and booleans written out).
  std::string text(const char* name) const;
  int64_t number(const char* name) const;
  // The JSON type of a member: G_TYPE_STRING, G_TYPE_INT64, G_TYPE_BOOLEAN...
  GType value_type(const char* name) const;

 private:
  std::string body_;
  std::shared_ptr<JsonNode> root_;
};

// session.start with the admin secret: type 2 ADMIN or 0 USER.
std::string start_session(const DevServerProcess& server, int type, const std::string& user_id = "",
                          const std::string& privileges = "");
std::string start_widget_session(const DevServerProcess& server);

class TokenApi {
 public:
  TokenApi(const DevServerProcess& server, std::string ks) : server_(server), ks_(std::move(ks)) {}
  // Any action, form-encoded, with ks and format=1 added.
  Reply call(const std::string& service, const std::string& action, Fields fields = {}) const;
  // uploadToken.add with uploadToken[...] fields, e.g. {{"fileName", "a.mp4"}}.
  Reply add(const Fields& token_fields = {}) const;
  Reply get(const std::string& token_id) const;
  // uploadToken.upload as multipart plain fields with a fileData part.
  Reply upload(const std::string& token_id, const std::string& data, bool resume, bool final_chunk,
               int64_t resume_at, const std::string& filename = "chunk.bin") const;

 private:
  const DevServerProcess& server_;
  std::string ks_;
};

// Deterministic pseudo-random test bytes: different seeds give different data.
std::string pattern_bytes(size_t size, unsigned seed);
std::string sha256(const std::string& data);
// The file a FULL_UPLOAD token holds, as a user gets it back: the token is
// attached to a new attachment asset of a new entry (it becomes CLOSED) and
// the asset's file is downloaded.
std::string uploaded_bytes(const DevServerProcess& server, const std::string& token_id);

}  // namespace upload_token_test
