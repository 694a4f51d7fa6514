// The devserver's multipart reader, fed the same bodies in every division a
// socket could deliver them in: whole, split at each byte, byte by byte. The
// fields and the stored files must come out the same each time, a broken or
// oversized body must leave no file behind.
#include <glib/gstdio.h>

#include <functional>
#include <string>
#include <vector>

#include "multipart_stream.h"

using devserver::MultipartForm;
using devserver::MultipartStream;

namespace {

constexpr char kBoundary[] = "b0und4ry";

struct TempDir {
  TempDir() : path(g_dir_make_tmp("multipart-stream-XXXXXX", nullptr)) { g_assert_nonnull(path); }
  ~TempDir() { g_rmdir(path); }
  size_t files() const {
    g_autoptr(GDir) dir = g_dir_open(path, 0, nullptr);
    size_t count = 0;
    while (g_dir_read_name(dir)) ++count;
    return count;
  }
  char* path;
};

std::string read_file(const std::string& path) {
  g_autofree char* data = nullptr;
  gsize size = 0;
  g_assert_true(g_file_get_contents(path.c_str(), &data, &size, nullptr));
  return std::string(data, size);
}

// Content that holds every near miss of the delimiter, and line breaks at
// its ends.
std::string tricky_content() {
  std::string content = "\r\n";
  for (int i = 0; i < 300; ++i) content += static_cast<char>(i * 37 + 11);
  content += "\r\n--b0und4r";  // the delimiter less its last byte
  content += "\r\n-b0und4ry";  // one dash
  content += "--b0und4ry";     // no line break before it
  content += "\r\r\n--b0und4rX\n\r\n";
  content += std::string(10000, '\r');
  content += "\r\n";
  return content;
}

std::string tricky_body() {
  return std::string("a preamble to ignore\r\n") +
         "--b0und4ry \t\r\n"  // transport padding after the delimiter
         "Content-Disposition: form-data; name=\"ks\"\r\n\r\n"
         "djJ8MTAwfA==\r\n"
         "--b0und4ry\r\n"
         "Content-Disposition: form-data; name=\"resumeAt\"\r\n"
         "Content-Type: text/plain\r\n\r\n"
         "-1\r\n"
         "--b0und4ry\r\n"
         "Content-Disposition: form-data; filename=\"no-name.bin\"\r\n\r\n"  // no name: ignored
         "dropped\r\n"
         "--b0und4ry\r\n"
         "Content-Disposition: form-data; name=\"fileData\"; filename=\"clip one.mp4\"\r\n"
         "Content-Type: application/octet-stream\r\n\r\n" +
         tricky_content() +
         "\r\n--b0und4ry\r\n"
         "Content-Disposition: form-data; name=\"empty\"\r\n\r\n"
         "\r\n--b0und4ry--\r\n"
         "an epilogue to ignore";
}

using Feeder = std::function<void(MultipartStream&, const std::string&)>;

void check_tricky_body(const Feeder& feed) {
  TempDir tmp;
  {
    MultipartStream stream(kBoundary, tmp.path, 1 << 20);
    feed(stream, tricky_body());
    MultipartForm& form = stream.finish();
    g_assert_cmpstr(form.error_code.c_str(), ==, "");
    g_assert_cmpuint(form.fields.size(), ==, 3);
    g_assert_cmpstr(form.fields[0].first.c_str(), ==, "ks");
    g_assert_cmpstr(form.fields[0].second.c_str(), ==, "djJ8MTAwfA==");
    g_assert_cmpstr(form.fields[1].first.c_str(), ==, "resumeAt");
    g_assert_cmpstr(form.fields[1].second.c_str(), ==, "-1");
    g_assert_cmpstr(form.fields[2].first.c_str(), ==, "empty");
    g_assert_cmpstr(form.fields[2].second.c_str(), ==, "");
    g_assert_cmpuint(form.received.files.size(), ==, 1);
    const devserver::UploadedFile& file = form.received.files[0];
    g_assert_cmpstr(file.param.c_str(), ==, "fileData");
    g_assert_cmpstr(file.filename.c_str(), ==, "clip one.mp4");
    const std::string expected = tricky_content();
    g_assert_cmpint(file.size, ==, static_cast<int64_t>(expected.size()));
    g_assert_true(read_file(file.path) == expected);
    g_assert_cmpuint(tmp.files(), ==, 1);
  }
  g_assert_cmpuint(tmp.files(), ==, 0);  // not moved by a module: removed with the form
}

void test_whole() {
  check_tricky_body([](MultipartStream& stream, const std::string& body) { stream.feed(body.data(), body.size()); });
}

void test_byte_by_byte() {
  check_tricky_body([](MultipartStream& stream, const std::string& body) {
    for (char byte : body) stream.feed(&byte, 1);
  });
}

void test_every_split() {
  const size_t size = tricky_body().size();
  for (size_t at = 0; at <= size; at += (at < 600 || at > size - 600) ? 1 : 97) {
    check_tricky_body([at](MultipartStream& stream, const std::string& body) {
      stream.feed(body.data(), at);
      stream.feed(body.data() + at, body.size() - at);
    });
  }
}

// Node.js's client ends the body right after the closing "--".
void test_no_line_break_at_the_end() {
  TempDir tmp;
  const std::string body = "--b0und4ry\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\n1\r\n--b0und4ry--";
  MultipartStream stream(kBoundary, tmp.path, 1 << 20);
  stream.feed(body.data(), body.size());
  MultipartForm& form = stream.finish();
  g_assert_cmpstr(form.error_code.c_str(), ==, "");
  g_assert_cmpuint(form.fields.size(), ==, 1);
  g_assert_cmpstr(form.fields[0].second.c_str(), ==, "1");
}

void expect_unusable(const std::string& boundary, const std::string& body, int64_t max_part_bytes) {
  TempDir tmp;
  MultipartStream stream(boundary, tmp.path, max_part_bytes);
  stream.feed(body.data(), body.size());
  MultipartForm& form = stream.finish();
  g_assert_cmpstr(form.error_code.c_str(), ==, "UPLOAD_ERROR");
  g_assert_cmpuint(form.fields.size(), ==, 0);
  g_assert_cmpuint(form.received.files.size(), ==, 0);
  g_assert_cmpuint(tmp.files(), ==, 0);
}

void test_unusable_bodies() {
  const std::string body = tricky_body();
  // Cut short, inside the file part and after it.
  expect_unusable(kBoundary, body.substr(0, body.size() / 2), 1 << 20);
  expect_unusable(kBoundary, body.substr(0, body.find("--b0und4ry--")), 1 << 20);
  // The file part is one byte over the limit.
  expect_unusable(kBoundary, body, static_cast<int64_t>(tricky_content().size()) - 1);
  // No boundary parameter, and a boundary the body does not use.
  expect_unusable("", body, 1 << 20);
  expect_unusable("other", body, 1 << 20);
  // A delimiter followed by neither "--" nor a line break.
  expect_unusable(kBoundary, "--b0und4ry\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--b0und4ryX",
                  1 << 20);
}

void test_empty_body_is_an_empty_form() {
  TempDir tmp;
  MultipartStream stream(kBoundary, tmp.path, 1 << 20);
  MultipartForm& form = stream.finish();
  g_assert_cmpstr(form.error_code.c_str(), ==, "");
  g_assert_cmpuint(form.fields.size() + form.received.files.size(), ==, 0);
}

// A file part larger than the reader's write block, checked byte for byte.
void test_large_file_part() {
  TempDir tmp;
  std::string content(3 * 1024 * 1024 + 17, '\0');
  for (size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>((i * 2654435761u) >> 13);
  const std::string body = "--b0und4ry\r\nContent-Disposition: form-data; name=\"fileData\"; filename=\"big\"\r\n\r\n" +
                           content + "\r\n--b0und4ry--\r\n";
  MultipartStream stream(kBoundary, tmp.path, 1 << 30);
  for (size_t at = 0; at < body.size(); at += 8192)
    stream.feed(body.data() + at, std::min<size_t>(8192, body.size() - at));
  MultipartForm& form = stream.finish();
  g_assert_cmpstr(form.error_code.c_str(), ==, "");
  g_assert_cmpuint(form.received.files.size(), ==, 1);
  g_assert_true(read_file(form.received.files[0].path) == content);
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/devserver/multipart-stream/whole", test_whole);
  g_test_add_func("/devserver/multipart-stream/byte-by-byte", test_byte_by_byte);
  g_test_add_func("/devserver/multipart-stream/every-split", test_every_split);
  g_test_add_func("/devserver/multipart-stream/no-line-break-at-the-end", test_no_line_break_at_the_end);
  g_test_add_func("/devserver/multipart-stream/unusable-bodies", test_unusable_bodies);
  g_test_add_func("/devserver/multipart-stream/empty-body", test_empty_body_is_an_empty_form);
  g_test_add_func("/devserver/multipart-stream/large-file-part", test_large_file_part);
  return g_test_run();
}
