// Files outside api_v3 (protocol §10), served by the core: single HTTP
// ranges (206, suffix, open-ended), 416 past the end, HEAD, several ranges
// at once, and each request's line in the request log.
#include <memory>

#include "devserver_api.h"

using namespace devserver_test;
using testing_support::http_request;
using testing_support::post_multipart;

namespace {

DevServerProcess* server = nullptr;
std::string content;  // the attachment's bytes
std::string asset_id;
std::string file_url;

std::string sha256(const std::string& data) {
  g_autofree char* hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, reinterpret_cast<const guchar*>(data.data()),
                                                     data.size());
  return hex;
}

// An attachment with known bytes, and its URL.
void publish_attachment() {
  std::string ks = admin_ks(*server);
  content.resize(70000);
  for (size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>((i * 31 + 7) % 251);
  Json entry(call(*server, "media", "add",
                  {{"ks", ks}, {"entry[objectType]", "KalturaMediaEntry"}, {"entry[mediaType]", "1"},
                   {"entry[name]", "files"}})
                 .body);
  Json asset(call(*server, "attachment_attachmentAsset", "add",
                  {{"ks", ks}, {"entryId", entry.str("id")}, {"attachmentAsset[objectType]", "KalturaAttachmentAsset"},
                   {"attachmentAsset[filename]", "notes.bin"}})
                 .body);
  Json token(call(*server, "uploadToken", "add",
                  {{"ks", ks}, {"uploadToken[objectType]", "KalturaUploadToken"}, {"uploadToken[fileName]", "notes.bin"}})
                 .body);
  HttpResponse upload = post_multipart(action_url(*server, "uploadToken", "upload"),
                                       {{"format", "1"}, {"ks", ks}, {"uploadTokenId", token.str("id")}},
                                       {{"fileData", "notes.bin", content}});
  ASSERT_STR(Json(upload.body).str("uploadedFileSize"), std::to_string(content.size()));
  Json attached(call(*server, "attachment_attachmentAsset", "setContent",
                     {{"ks", ks}, {"id", asset.str("id")},
                      {"contentResource[objectType]", "KalturaUploadedFileTokenResource"},
                      {"contentResource[token]", token.str("id")}})
                    .body);
  ASSERT_STR(attached.str("objectType"), "KalturaAttachmentAsset");
  asset_id = asset.str("id");
  file_url = Json(call(*server, "attachment_attachmentAsset", "getUrl", {{"ks", ks}, {"id", asset.str("id")}}).body).str();
  g_assert_true(g_str_has_prefix(file_url.c_str(), server->url().c_str()));
}

HttpResponse get(const std::string& range, const char* method = "GET") {
  std::map<std::string, std::string> headers;
  if (!range.empty()) headers["Range"] = range;
  return http_request(method, file_url, "", "", headers);
}

void test_whole_file() {
  HttpResponse whole = get("");
  g_assert_cmpint(whole.status, ==, 200);
  ASSERT_STR(sha256(whole.body), sha256(content));
  ASSERT_STR(whole.headers["accept-ranges"], "bytes");
}

void test_single_ranges() {
  HttpResponse middle = get("bytes=1000-1999");
  g_assert_cmpint(middle.status, ==, 206);
  ASSERT_STR(middle.headers["content-range"], "bytes 1000-1999/70000");
  g_assert_true(middle.body == content.substr(1000, 1000));

  HttpResponse open_ended = get("bytes=69990-");
  g_assert_cmpint(open_ended.status, ==, 206);
  ASSERT_STR(open_ended.headers["content-range"], "bytes 69990-69999/70000");
  g_assert_true(open_ended.body == content.substr(69990));

  HttpResponse suffix = get("bytes=-5");
  g_assert_cmpint(suffix.status, ==, 206);
  g_assert_true(suffix.body == content.substr(content.size() - 5));

  HttpResponse past_end_clipped = get("bytes=69000-99999999");
  g_assert_cmpint(past_end_clipped.status, ==, 206);
  g_assert_cmpuint(past_end_clipped.body.size(), ==, 1000);
}

void test_unsatisfiable_and_multiple_ranges() {
  HttpResponse past = get("bytes=70000-");
  g_assert_cmpint(past.status, ==, 416);
  ASSERT_STR(past.headers["content-range"], "bytes */70000");

  // Several ranges: libsoup answers them as multipart/byteranges.
  HttpResponse multiple = get("bytes=0-9,20-29");
  g_assert_cmpint(multiple.status, ==, 206);
  g_assert_true(g_str_has_prefix(multiple.headers["content-type"].c_str(), "multipart/byteranges"));
  g_assert_true(multiple.body.find(content.substr(20, 10)) != std::string::npos);
}

void test_head() {
  HttpResponse head = get("", "HEAD");
  g_assert_cmpint(head.status, ==, 200);
  g_assert_true(head.body.empty());
  ASSERT_STR(head.headers["content-length"], "70000");
}

void test_unknown_path() {
  HttpResponse missing = http_request("GET", server->url() + "/p/100/sp/10000/nothing/here");
  g_assert_cmpint(missing.status, ==, 404);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Each file request has a line in the request log: the route, the ids in
// its path, the Range asked for and the status; nothing else of the path
// (which may carry a KS) is written.
void test_request_log() {
  g_assert_cmpint(get("bytes=1000-1999").status, ==, 206);
  const std::string with_ks = server->url() + "/p/100/sp/10000/serveAttachment/ks/not-for-the-log/attachmentAssetId/" +
                              "0_nosuch99/v/1/name/a.bin";
  g_assert_cmpint(http_request("GET", with_ks).status, ==, 404);
  const std::string log = server->log();
  g_assert_true(
      contains(log, "\nfile serveAttachment attachmentAssetId=" + asset_id + " Range=bytes=1000-1999 -> 206 at "));
  g_assert_true(contains(log, "\nfile serveAttachment attachmentAssetId=0_nosuch99 -> 404 at "));
  g_assert_false(contains(log, "not-for-the-log"));
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  auto process = std::make_unique<DevServerProcess>();
  server = process.get();
  publish_attachment();
  g_test_add_func("/devserver/files/whole", test_whole_file);
  g_test_add_func("/devserver/files/single-ranges", test_single_ranges);
  g_test_add_func("/devserver/files/unsatisfiable-and-multiple", test_unsatisfiable_and_multiple_ranges);
  g_test_add_func("/devserver/files/head", test_head);
  g_test_add_func("/devserver/files/unknown-path", test_unknown_path);
  g_test_add_func("/devserver/files/request-log", test_request_log);
  return g_test_run();
}
