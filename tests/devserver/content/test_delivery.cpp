// Delivery (§10): the bytes of processed content come back whole through
// flavorAsset.getUrl, the entry's downloadUrl and dataUrl (playManifest
// redirects), raw entry URLs and single-flavor playManifest URLs, with HTTP
// Range and a Content-Type from the file's extension.
#include <glib.h>

#include <string>

#include "content_test_api.h"

using namespace content_test;

namespace {

const std::string& test_video() {
  static const std::string video = make_video_mp4(160, 120, 30);
  return video;
}

struct ReadyEntry {
  std::string entry_id;
  std::string flavor_id;
};

ReadyEntry ready_entry(const Api& api) {
  ReadyEntry ready;
  ready.entry_id = api.ready_media(test_video(), "clip.mp4");
  Result flavors = api.call("flavorasset", "list", {{"filter[entryIdEqual]", ready.entry_id}});
  ready.flavor_id = flavors.text("objects.0.id");
  return ready;
}

void assert_whole_file(const std::string& url) {
  auto response = fetch(url);
  g_assert_cmpint(response.status, ==, 200);
  assert_text_eq(response.headers["content-type"], "video/mp4");
  assert_text_eq(sha256(response.body), sha256(test_video()));
}

void test_get_url_serves_the_file_with_range() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const ReadyEntry ready = ready_entry(api);
  Result url = api.call("flavorasset", "getUrl", {{"id", ready.flavor_id}});
  g_assert_cmpint(url.type(""), ==, G_TYPE_STRING);
  const std::string file_url = url.text();
  g_assert_true(g_str_has_prefix(file_url.c_str(), (server.url() + "/p/100/sp/10000/serveFlavor/entryId/" +
                                                    ready.entry_id).c_str()));
  assert_whole_file(file_url);

  auto part = fetch(file_url, "bytes=1000-4999");
  g_assert_cmpint(part.status, ==, 206);
  assert_text_eq(part.headers["content-range"],
                 "bytes 1000-4999/" + std::to_string(test_video().size()));
  assert_text_eq(sha256(part.body), sha256(test_video().substr(1000, 4000)));
  auto tail = fetch(file_url, "bytes=-100");
  assert_text_eq(sha256(tail.body), sha256(test_video().substr(test_video().size() - 100)));
}

void test_entry_urls_redirect_to_the_file() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const ReadyEntry ready = ready_entry(api);
  Result entry = api.call("media", "get", {{"entryId", ready.entry_id}});
  const std::string prefix = server.url() + "/p/100/sp/10000/playManifest/entryId/" + ready.entry_id;
  assert_text_eq(entry.text("downloadUrl"), prefix + "/format/download/protocol/http/flavorParamIds/0");
  assert_text_eq(entry.text("dataUrl"), prefix + "/format/url/protocol/http");
  assert_whole_file(entry.text("downloadUrl"));
  assert_whole_file(entry.text("dataUrl"));
  assert_whole_file(prefix + "/flavorId/" + ready.flavor_id + "/protocol/http/format/url/a.mp4");
  assert_whole_file(server.url() + "/p/100/sp/10000/raw/entry_id/" + ready.entry_id + "/version/0");
  // Through a redirect, Range still applies to the file.
  auto part = fetch(entry.text("downloadUrl"), "bytes=0-99");
  g_assert_cmpint(part.status, ==, 206);
  assert_text_eq(sha256(part.body), sha256(test_video().substr(0, 100)));
}

// --cdn-redirect: every file URL answers 302 to the same file under /cdn,
// which serves it, Range included; playManifest redirects twice.
void test_cdn_redirect() {
  DevServerProcess server({"--cdn-redirect"});
  Api api(server, start_session(server, 2));
  const ReadyEntry ready = ready_entry(api);
  const std::string file_url = api.call("flavorasset", "getUrl", {{"id", ready.flavor_id}}).text();
  assert_whole_file(file_url);
  auto part = fetch(file_url, "bytes=1000-4999");
  g_assert_cmpint(part.status, ==, 206);
  assert_text_eq(sha256(part.body), sha256(test_video().substr(1000, 4000)));
  assert_whole_file(api.call("media", "get", {{"entryId", ready.entry_id}}).text("downloadUrl"));
  const std::string log = server.log();
  const std::string served = "file serveFlavor entryId=" + ready.entry_id + " flavorId=" + ready.flavor_id;
  g_assert_true(log.find(served + " -> 302") != std::string::npos);
  g_assert_true(log.find(served + " via /cdn -> 200") != std::string::npos);
  g_assert_true(log.find(served + " Range=bytes=1000-4999 via /cdn -> 206") != std::string::npos);
  g_assert_true(log.find("file playManifest entryId=" + ready.entry_id) != std::string::npos);
}

void test_unknown_or_unready_content_is_not_found() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string empty_entry = api.add_media();
  const std::string prefix = server.url() + "/p/100/sp/10000";
  g_assert_cmpint(fetch(prefix + "/playManifest/entryId/" + empty_entry + "/format/url/protocol/http").status, ==,
                  404);
  g_assert_cmpint(fetch(prefix + "/raw/entry_id/0_nosuch12/version/0").status, ==, 404);
  const ReadyEntry ready = ready_entry(api);
  // The right flavor under another entry or another partner is not served.
  g_assert_cmpint(fetch(prefix + "/serveFlavor/entryId/" + empty_entry + "/v/1/flavorId/" + ready.flavor_id +
                        "/name/a.mp4")
                      .status,
                  ==, 404);
  g_assert_cmpint(fetch(server.url() + "/p/101/sp/10100/serveFlavor/entryId/" + ready.entry_id +
                        "/v/1/flavorId/" + ready.flavor_id + "/name/a.mp4")
                      .status,
                  ==, 404);
  // A deleted entry's content goes with it.
  g_assert_true(api.call("media", "delete", {{"entryId", ready.entry_id}}).at("") != nullptr);
  g_assert_cmpint(fetch(prefix + "/raw/entry_id/" + ready.entry_id + "/version/0").status, ==, 404);
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/devserver/delivery/get-url-with-range", test_get_url_serves_the_file_with_range);
  g_test_add_func("/devserver/delivery/entry-urls-redirect", test_entry_urls_redirect_to_the_file);
  g_test_add_func("/devserver/delivery/cdn-redirect", test_cdn_redirect);
  g_test_add_func("/devserver/delivery/not-found", test_unknown_or_unready_content_is_not_found);
  return g_test_run();
}
