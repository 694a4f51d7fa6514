// Bad input never crashes the devserver and never writes outside its data
// directory: malformed bodies, oversized parts, path tricks in file names,
// absurd numbers, unknown names.
#include <gio/gio.h>
#include <glib/gstdio.h>

#include <memory>

#include "devserver_api.h"

using namespace devserver_test;
using testing_support::http_request;
using testing_support::MultipartFile;
using testing_support::post_multipart;

namespace {

DevServerProcess* server = nullptr;

void assert_alive() {
  HttpResponse response = call(*server, "session", "startWidgetSession", {{"widgetId", "_100"}});
  ASSERT_STR(Json(response.body).str("objectType"), "KalturaStartWidgetSessionResponse");
}

// Regular files under dir, recursively.
std::vector<std::string> files_under(const std::string& dir) {
  std::vector<std::string> out;
  g_autoptr(GDir) handle = g_dir_open(dir.c_str(), 0, nullptr);
  if (!handle) return out;
  while (const char* name = g_dir_read_name(handle)) {
    std::string path = dir + "/" + name;
    if (g_file_test(path.c_str(), G_FILE_TEST_IS_DIR)) {
      auto inner = files_under(path);
      out.insert(out.end(), inner.begin(), inner.end());
    } else {
      out.push_back(path);
    }
  }
  return out;
}

void test_malformed_bodies() {
  const std::string url = action_url(*server, "session", "start") + "?format=1";
  // JSON that does not parse, or is not one object, is ignored.
  for (const char* body : {"{\"secret\": ", "[1,2,3]", "{\"secret\":\"x\"} trailing", "\xff\xfe{}"}) {
    HttpResponse response = http_request("POST", url, "application/json", body);
    ASSERT_STR(Json(response.body).str("code"), "MISSING_MANDATORY_PARAMETER");
  }
  // A multipart body that does not parse.
  HttpResponse multipart =
      http_request("POST", url, "multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-da");
  ASSERT_STR(error_code(multipart.body), "UPLOAD_ERROR");
  HttpResponse no_boundary = http_request("POST", url, "multipart/form-data", "garbage");
  ASSERT_STR(error_code(no_boundary.body), "UPLOAD_ERROR");
  // A json field that is not JSON leaves no parameters.
  HttpResponse json_field = post_multipart(url, {{"json", "{nope"}, {"secret", "ignored"}}, {});
  ASSERT_STR(Json(json_field.body).str("code"), "MISSING_MANDATORY_PARAMETER");
  assert_alive();
}

void test_file_part_without_filename() {
  std::string ks = admin_ks(*server);
  HttpResponse response = post_multipart(action_url(*server, "uploadToken", "upload"),
                                         {{"format", "1"}, {"ks", ks}, {"uploadTokenId", "0_x"}},
                                         {{"fileData", "", "not a file part"}});
  ASSERT_STR(error_code(response.body), "UPLOAD_ERROR");
}

void test_oversized_parts() {
  DevServerProcess small({"--max-part-size", "1000"});
  std::string ks = admin_ks(small);
  HttpResponse part = post_multipart(action_url(small, "uploadToken", "upload"),
                                     {{"format", "1"}, {"ks", ks}, {"uploadTokenId", "0_x"}},
                                     {{"fileData", "big.bin", std::string(1500, 'a')}});
  ASSERT_STR(error_code(part.body), "UPLOAD_ERROR");
  // A body far over the limit is refused from its Content-Length.
  HttpResponse body = post_multipart(action_url(small, "uploadToken", "upload"), {{"format", "1"}, {"ks", ks}},
                                     {{"fileData", "huge.bin", std::string(3 * 1024 * 1024, 'b')}});
  if (body.transport_error.empty()) {
    g_assert_cmpint(body.status, ==, 413);
    ASSERT_STR(error_code(body.body), "UPLOAD_ERROR");
  }
  HttpResponse after = call(small, "session", "startWidgetSession", {{"widgetId", "_100"}});
  ASSERT_STR(Json(after.body).str("objectType"), "KalturaStartWidgetSessionResponse");
  g_assert_true(files_under(small.data_dir() + "/tmp").empty());
}

void test_path_tricks_in_file_names() {
  std::string ks = admin_ks(*server);
  g_autofree char* parent = g_path_get_dirname(server->data_dir().c_str());
  const std::string escape_name = "escape-" + std::to_string(g_random_int()) + ".txt";
  const std::vector<std::string> names = {"../../" + escape_name, "../" + escape_name, "/tmp/" + escape_name,
                                          "..\\" + escape_name, "a/../../../" + escape_name};
  for (const auto& name : names) {
    Json token(call(*server, "uploadToken", "add", {{"ks", ks}, {"uploadToken[objectType]", "KalturaUploadToken"}}).body);
    HttpResponse response = post_multipart(action_url(*server, "uploadToken", "upload"),
                                           {{"format", "1"}, {"ks", ks}, {"uploadTokenId", token.str("id")}},
                                           {{"fileData", name, "path trick"}});
    g_assert_cmpint(response.status, ==, 200);
    // The same through a multirequest file part.
    post_multipart(server->api_base() + "/service/multirequest",
                   {{"format", "1"}, {"ks", ks}, {"0:service", "uploadToken"}, {"0:action", "upload"},
                    {"0:uploadTokenId", token.str("id")}},
                   {{"0:fileData", name, "path trick"}});
  }
  for (const std::string& dir : {std::string(parent), std::string("/tmp"), std::string(parent) + "/.."}) {
    std::string outside = dir + "/" + escape_name;
    g_assert_false(g_file_test(outside.c_str(), G_FILE_TEST_EXISTS));
  }
  for (const auto& file : files_under(server->data_dir()))
    g_assert_true(file.find(escape_name) == std::string::npos || file.find("/content/") != std::string::npos);
  g_assert_true(files_under(server->data_dir() + "/tmp").empty());
}

void test_absurd_numbers_and_names() {
  std::string secret = testing_support::kAdminSecret;
  for (const char* expiry : {"-5", "0", "99999999999999999999", "1e30", "abc"}) {
    HttpResponse response = call(*server, "session", "start", {{"secret", secret}, {"type", "2"}, {"expiry", expiry}});
    std::string ks = Json(response.body).str();
    Json info(call(*server, "session", "get", {{"ks", ks}}).body);
    g_assert_cmpint(info.num("expiry"), >, g_get_real_time() / G_USEC_PER_SEC);
    g_assert_cmpint(info.num("expiry"), <=, g_get_real_time() / G_USEC_PER_SEC + 86400);
  }
  std::string ks = admin_ks(*server);
  Json list(call(*server, "appToken", "list", {{"ks", ks}, {"pager[pageSize]", "-3"}, {"pager[pageIndex]", "-99999999"}}).body);
  ASSERT_STR(list.str("objectType"), "KalturaAppTokenListResponse");
  std::string long_name(5000, 'x');
  ASSERT_STR(error_code(call(*server, long_name, "get", {}).body), "SERVICE_DOES_NOT_EXISTS");
  ASSERT_STR(error_code(call(*server, "session\n\x01", "get", {}).body), "SERVICE_DOES_NOT_EXISTS");
  HttpResponse traversal = http_request("GET", server->url() + "/p/100/sp/10000/serveFlavor/..%2F..%2Fdevserver.sqlite");
  g_assert_cmpint(traversal.status, >=, 400);  // refused (400) or not found (404)
  g_assert_true(traversal.body.find("SQLite") == std::string::npos);
  assert_alive();
}

// The byte that opens a TLS handshake (0x16) is an ordinary byte inside a
// body. The devserver looks for it at the start of a connection only (to
// turn https clients away); a request whose body arrives in two writes,
// the second starting with 0x16, must get its answer. The first write lands
// before the server reads the connection, the second after. The byte is in
// a file part: as a text parameter it would be refused (INVALID_PARAMETER_CHAR).
void test_tls_record_byte_inside_a_body() {
  for (int attempt = 0; attempt < 5; ++attempt) {
    const std::string start =
        "--B\r\nContent-Disposition: form-data; name=\"widgetId\"\r\n\r\n_100\r\n"
        "--B\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\n1\r\n"
        "--B\r\nContent-Disposition: form-data; name=\"padding\"; filename=\"padding.bin\"\r\n\r\n";
    const std::string rest = std::string("\x16\x03\x01 is just data here\r\n--B--\r\n");
    const std::string head =
        "POST /api_v3/service/session/action/startWidgetSession HTTP/1.1\r\n"
        "Host: 127.0.0.1\r\nConnection: close\r\n"
        "Content-Type: multipart/form-data; boundary=B\r\n"
        "Content-Length: " +
        std::to_string(start.size() + rest.size()) + "\r\n\r\n";
    g_autoptr(GSocketClient) client = g_socket_client_new();
    g_autoptr(GSocketConnection) connection =
        g_socket_client_connect_to_host(client, "127.0.0.1", server->port(), nullptr, nullptr);
    g_assert_nonnull(connection);
    GOutputStream* out = g_io_stream_get_output_stream(G_IO_STREAM(connection));
    const std::string first = head + start;
    g_assert_true(g_output_stream_write_all(out, first.data(), first.size(), nullptr, nullptr, nullptr));
    g_usleep(200 * 1000);
    g_assert_true(g_output_stream_write_all(out, rest.data(), rest.size(), nullptr, nullptr, nullptr));
    std::string answer;
    char buffer[4096];
    GInputStream* in = g_io_stream_get_input_stream(G_IO_STREAM(connection));
    for (gssize got; (got = g_input_stream_read(in, buffer, sizeof buffer, nullptr, nullptr)) > 0;)
      answer.append(buffer, got);
    if (answer.rfind("HTTP/1.1 200", 0) != 0) g_error("attempt %d: no answer, got \"%s\"", attempt, answer.c_str());
    g_assert_true(answer.find("KalturaStartWidgetSessionResponse") != std::string::npos);
  }
  assert_alive();
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  auto process = std::make_unique<DevServerProcess>();
  server = process.get();
  g_test_add_func("/devserver/bad-input/malformed-bodies", test_malformed_bodies);
  g_test_add_func("/devserver/bad-input/file-part-without-filename", test_file_part_without_filename);
  g_test_add_func("/devserver/bad-input/oversized-parts", test_oversized_parts);
  g_test_add_func("/devserver/bad-input/path-tricks", test_path_tricks_in_file_names);
  g_test_add_func("/devserver/bad-input/absurd-numbers-and-names", test_absurd_numbers_and_names);
  g_test_add_func("/devserver/bad-input/tls-record-byte-inside-a-body", test_tls_record_byte_inside_a_body);
  return g_test_run();
}
