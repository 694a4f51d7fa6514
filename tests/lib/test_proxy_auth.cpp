// Through an HTTP proxy that wants a password: the devserver, started with
// --proxy-credentials, answers 407 to proxy-form requests without them. An
// API call (libsoup), a chunk upload (a large body, which the direct sender
// writes itself) and a download (a RangeReader's libsoup session, behind a
// redirect: --cdn-redirect) each get through with
// proxy=http://USER:PASSWORD@HOST:PORT, the user and password
// percent-decoded; with a wrong password, or none, each fails at once with
// the 407 text, which does not repeat the password. The same through the
// system's proxy setting, http_proxy=http://USER:PASSWORD@HOST:PORT.
#include <glib.h>

#include <cstring>
#include <string>
#include <vector>

#include "kaltura/client.h"
#include "kaltura/download/range_reader.h"
#include "kaltura/objects.h"
#include "kaltura/operations.h"
#include "lib_test_client.h"

using namespace kaltura;
using namespace lib_test;
using testing_support::DevServerProcess;

namespace {

// What the devserver wants, and the same in a proxy URL: '@', ':', '/' and
// '%' must be percent-encoded there, and the library decodes them.
constexpr char kProxyCredentials[] = "pu:p@ss:w/rd%";
constexpr char kEncodedUserInfo[] = "pu:p%40ss%3Aw%2Frd%25";
constexpr char kEncodedWrongUserInfo[] = "pu:wrong-p%40ss";

DevServerProcess* server = nullptr;

// "http://USERINFO@127.0.0.1:PORT", or without user info when it is empty.
std::string proxy_url(const std::string& user_info) {
  return "http://" + (user_info.empty() ? std::string() : user_info + "@") + server->url().substr(strlen("http://"));
}

// A service host that does not resolve: only the proxy can answer for it.
ClientConfig proxied_config(const std::string& user_info) {
  ClientConfig config = config_for(*server);
  config.service_url = "http://kaltura-service.invalid";
  config.proxy = proxy_url(user_info);
  return config;
}

// A KS from the server itself, so that a client with it makes no session call first.
Credentials ready_ks() {
  Client direct(config_for(*server), admin_credentials());
  Credentials credentials;
  credentials.ks = direct.ks();
  return credentials;
}

UploadToken upload_large_chunk(Client& client, const std::string& token_id, const std::string& data) {
  return UploadToken::from_json(client.call(
      ops::upload_token_upload(token_id, FilePart("fileData", "large.bin", bytes_of(data)), false, true, 0)));
}

// The URL of a READY attachment holding data, made without the proxy.
std::string attachment_url(const std::string& data) {
  Client client(config_for(*server), admin_credentials());
  UploadToken token = UploadToken::from_json(client.call(ops::upload_token_add("read-back.bin")));
  upload_large_chunk(client, token.id, data);
  ops::EntryFields fields;
  fields.name = "read back through the proxy";
  fields.media_type = 1;
  const Entry entry = Entry::from_json(client.call(ops::media_add(fields)));
  const AttachmentAsset asset =
      AttachmentAsset::from_json(client.call(ops::attachment_add(entry.id, "Data", "read-back.bin", "")));
  client.call(ops::attachment_set_content(asset.id, ops::token_resource(token.id)));
  wait_for_attachment(client, entry.id);
  return client.call(ops::attachment_get_url(asset.id)).as_string();
}

download::RangeReader proxied_reader(const std::string& user_info, const std::string& url) {
  download::DownloadSettings settings;
  settings.proxy = proxy_url(user_info);
  settings.timeout = std::chrono::seconds(20);
  RetryPolicy retry;
  retry.max_retries = 3;
  retry.initial_delay = std::chrono::milliseconds(20);
  return download::RangeReader(settings, retry, [url] { return url; });
}

// The 407 error: an HTTP one, not retried, that says what to check and
// holds neither form of the password.
void expect_proxy_refused(const Error& error) {
  g_assert_true(error.kind() == ErrorKind::Http);
  g_assert_cmpint(error.http_status(), ==, 407);
  g_assert_false(error.transient());
  g_assert_true(g_str_has_prefix(error.message().c_str(), "The proxy refused the credentials (HTTP 407"));
  for (const char* secret : {"p@ss", "p%40ss", "wrong-p"}) g_assert_null(strstr(error.message().c_str(), secret));
}

void test_api_call_with_credentials() {
  Client client(proxied_config(kEncodedUserInfo), admin_credentials());
  UploadToken token = UploadToken::from_json(client.call(ops::upload_token_add("proxied.mp4")));
  expect_str(token.file_name, "proxied.mp4");
  g_assert_cmpuint(client.counters().retries, ==, 0);
}

// Tokens are made without the proxy: only the large bodies, which the direct
// sender writes, go through it.
void test_chunk_upload_with_credentials() {
  const Credentials ks = ready_ks();
  Client direct(config_for(*server), ks);
  Client client(proxied_config(kEncodedUserInfo), ks);
  const std::string data = pattern_bytes(200000, 3);
  // Twice: the second on the connection the first one kept.
  for (int i = 0; i < 2; ++i) {
    UploadToken token = UploadToken::from_json(direct.call(ops::upload_token_add("large.bin")));
    token = upload_large_chunk(client, token.id, data);
    g_assert_cmpint(token.uploaded_file_size.value_or(-1), ==, 200000);
  }
  g_assert_cmpuint(client.counters().requests, ==, 2);
}

void test_download_with_credentials() {
  const std::string data = pattern_bytes(150000, 5);
  download::RangeReader reader = proxied_reader(kEncodedUserInfo, attachment_url(data));
  g_assert_cmpint(reader.size(), ==, 150000);
  std::vector<uint8_t> bytes(data.size());
  g_assert_cmpuint(reader.read(0, bytes.data(), bytes.size()), ==, data.size());
  g_assert_true(std::memcmp(bytes.data(), data.data(), data.size()) == 0);
}

void test_api_call_refused() {
  for (const char* user_info : {kEncodedWrongUserInfo, ""}) {
    Client client(proxied_config(user_info), admin_credentials());
    expect_proxy_refused(expect_error([&] { client.call(ops::upload_token_add("refused.mp4")); }));
    g_assert_cmpuint(client.counters().retries, ==, 0);
  }
}

void test_chunk_upload_refused() {
  const Credentials ks = ready_ks();
  Client direct(config_for(*server), ks);
  const UploadToken token = UploadToken::from_json(direct.call(ops::upload_token_add("refused.bin")));
  Client client(proxied_config(kEncodedWrongUserInfo), ks);
  const std::string data = pattern_bytes(200000, 4);
  expect_proxy_refused(expect_error([&] { upload_large_chunk(client, token.id, data); }));
  g_assert_cmpuint(client.counters().retries, ==, 0);
}

void test_download_refused() {
  const std::string url = attachment_url(pattern_bytes(1000, 6));
  for (const char* user_info : {kEncodedWrongUserInfo, ""}) {
    download::RangeReader reader = proxied_reader(user_info, url);
    expect_proxy_refused(expect_error([&] { reader.size(); }));
    g_assert_cmpuint(reader.requests(), ==, 1);
  }
}

// The system's proxy setting, http_proxy in the environment, for as long as
// it lives.
class SystemProxyFromEnvironment {
 public:
  explicit SystemProxyFromEnvironment(const std::string& user_info) {
    g_setenv("http_proxy", proxy_url(user_info).c_str(), TRUE);
  }
  ~SystemProxyFromEnvironment() { g_unsetenv("http_proxy"); }
};

// Through the system's proxy: no proxy in the settings.
Client system_proxied_client(const Credentials& credentials) {
  ClientConfig config = proxied_config("");
  config.proxy.clear();
  return Client(config, credentials);
}

download::RangeReader system_proxied_reader(const std::string& url) {
  download::DownloadSettings settings;
  settings.timeout = std::chrono::seconds(20);
  RetryPolicy retry;
  retry.max_retries = 3;
  retry.initial_delay = std::chrono::milliseconds(20);
  return download::RangeReader(settings, retry, [url] { return url; });
}

// With the credentials in http_proxy, an API call, a chunk upload and a
// download each get through, as with the proxy setting.
void test_system_proxy_with_credentials() {
  const std::string read_back = pattern_bytes(150000, 7);
  const std::string url = attachment_url(read_back);
  const Credentials ks = ready_ks();
  SystemProxyFromEnvironment system_proxy(kEncodedUserInfo);
  Client client = system_proxied_client(ks);
  UploadToken token = UploadToken::from_json(client.call(ops::upload_token_add("system-proxied.bin")));
  token = upload_large_chunk(client, token.id, pattern_bytes(200000, 8));
  g_assert_cmpint(token.uploaded_file_size.value_or(-1), ==, 200000);
  g_assert_cmpuint(client.counters().retries, ==, 0);

  download::RangeReader reader = system_proxied_reader(url);
  std::vector<uint8_t> bytes(read_back.size());
  g_assert_cmpuint(reader.read(0, bytes.data(), bytes.size()), ==, read_back.size());
  g_assert_true(std::memcmp(bytes.data(), read_back.data(), read_back.size()) == 0);
}

void test_system_proxy_refused() {
  const std::string url = attachment_url(pattern_bytes(1000, 9));
  const Credentials ks = ready_ks();
  Client direct(config_for(*server), ks);
  const UploadToken token = UploadToken::from_json(direct.call(ops::upload_token_add("refused.bin")));
  SystemProxyFromEnvironment system_proxy(kEncodedWrongUserInfo);
  Client client = system_proxied_client(ks);
  expect_proxy_refused(expect_error([&] { client.call(ops::upload_token_get(token.id)); }));
  expect_proxy_refused(expect_error([&] { upload_large_chunk(client, token.id, pattern_bytes(200000, 10)); }));
  download::RangeReader reader = system_proxied_reader(url);
  expect_proxy_refused(expect_error([&] { reader.size(); }));
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  DevServerProcess main_server(
      {"--proxy-credentials", kProxyCredentials, "--cdn-redirect", "--processing-delay-ms", "20"});
  server = &main_server;
  g_test_add_func("/proxy-auth/api-call", test_api_call_with_credentials);
  g_test_add_func("/proxy-auth/chunk-upload", test_chunk_upload_with_credentials);
  g_test_add_func("/proxy-auth/download", test_download_with_credentials);
  g_test_add_func("/proxy-auth/api-call-refused", test_api_call_refused);
  g_test_add_func("/proxy-auth/chunk-upload-refused", test_chunk_upload_refused);
  g_test_add_func("/proxy-auth/download-refused", test_download_refused);
  g_test_add_func("/proxy-auth/system-proxy", test_system_proxy_with_credentials);
  g_test_add_func("/proxy-auth/system-proxy-refused", test_system_proxy_refused);
  return g_test_run();
}
