// Replacing the content of a READY entry (media.updateContent, §8.3): a
// hidden temporary entry takes the new file; approval swaps it into the
// original (same id, new duration and dimensions, new bytes); cancel drops it.
#include <glib.h>

#include <string>

#include "content_test_api.h"

using namespace content_test;

namespace {

const std::string& first_video() {
  static const std::string video = make_video_mp4(160, 120, 30);
  return video;
}

const std::string& second_video() {
  static const std::string video = make_video_mp4(320, 240, 90);
  return video;
}

// updateContent on a READY entry; returns the temporary entry's id.
std::string start_replacement(const Api& api, const std::string& entry_id) {
  Fields fields = api.token_resource("resource", api.uploaded_token(second_video(), "second.mp4"));
  fields.emplace_back("entryId", entry_id);
  Result entry = api.call("media", "updateContent", fields);
  assert_text_eq(entry.code(), "");
  g_assert_cmpint(entry.number("status"), ==, 2);             // the original stays READY
  g_assert_cmpint(entry.number("replacementStatus"), ==, 3);  // NOT_READY_AND_NOT_APPROVED
  const std::string temporary_id = entry.text("replacingEntryId");
  g_assert_false(temporary_id.empty());
  Result temporary = api.call("media", "get", {{"entryId", temporary_id}});
  assert_text_eq(temporary.text("replacedEntryId"), entry_id);
  return temporary_id;
}

// The entry's content through its raw URL.
std::string downloaded(const Api& api, const std::string& entry_id) {
  return fetch(api.server().url() + "/p/100/sp/10000/raw/entry_id/" + entry_id + "/version/0").body;
}

void test_approved_replacement_swaps_content() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string entry_id = api.ready_media(first_video(), "first.mp4");
  const std::string temporary_id = start_replacement(api, entry_id);

  // Hidden from lists while it waits.
  Result listed = api.call("media", "list");
  g_assert_cmpint(listed.number("totalCount"), ==, 1);
  assert_text_eq(listed.text("objects.0.id"), entry_id);
  Result again = api.call("media", "updateContent",
                          [&] {
                            Fields f = api.token_resource("resource", api.add_token("third.mp4"));
                            f.emplace_back("entryId", entry_id);
                            return f;
                          }());
  assert_text_eq(again.code(), "ENTRY_REPLACEMENT_ALREADY_EXISTS");

  api.wait_for_entry(temporary_id);
  const gint64 deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
  while (api.call("media", "get", {{"entryId", entry_id}}).number("replacementStatus") != 2) {
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    g_usleep(30 * 1000);
  }
  // Still the old content until approved.
  assert_text_eq(sha256(downloaded(api, entry_id)), sha256(first_video()));

  Result approved = api.call("media", "approveReplace", {{"entryId", entry_id}});
  assert_text_eq(approved.code(), "");
  assert_text_eq(approved.text("id"), entry_id);
  g_assert_cmpint(approved.number("replacementStatus"), ==, 0);
  g_assert_false(approved.has("replacingEntryId"));
  g_assert_cmpint(approved.number("status"), ==, 2);
  g_assert_cmpint(approved.number("width"), ==, 320);
  g_assert_cmpint(approved.number("msDuration"), ==, 3000);
  assert_text_eq(sha256(downloaded(api, entry_id)), sha256(second_video()));
  Result flavors = api.call("flavorasset", "list", {{"filter[entryIdEqual]", entry_id}});
  g_assert_cmpint(flavors.number("totalCount"), ==, 1);
  g_assert_cmpint(flavors.number("objects.0.width"), ==, 320);
  assert_text_eq(api.call("media", "get", {{"entryId", temporary_id}}).code(), "ENTRY_ID_NOT_FOUND");
  assert_text_eq(api.call("media", "approveReplace", {{"entryId", entry_id}}).code(), "ENTRY_ID_NOT_REPLACED");
}

// Approved before the new content is ready: the swap happens when it is.
void test_early_approval_swaps_when_ready() {
  DevServerProcess server({"--processing-delay-ms", "300"});
  Api api(server, start_session(server, 2));
  const std::string entry_id = api.ready_media(first_video(), "first.mp4");
  start_replacement(api, entry_id);
  Result approved = api.call("media", "approveReplace", {{"entryId", entry_id}});
  g_assert_cmpint(approved.number("replacementStatus"), ==, 1);  // APPROVED_BUT_NOT_READY
  const gint64 deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
  while (api.call("media", "get", {{"entryId", entry_id}}).number("replacementStatus") != 0) {
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    g_usleep(30 * 1000);
  }
  Result entry = api.call("media", "get", {{"entryId", entry_id}});
  g_assert_cmpint(entry.number("height"), ==, 240);
  assert_text_eq(sha256(downloaded(api, entry_id)), sha256(second_video()));
}

void test_cancelled_replacement_keeps_content() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string entry_id = api.ready_media(first_video(), "first.mp4");
  const std::string temporary_id = start_replacement(api, entry_id);
  Result cancelled = api.call("media", "cancelReplace", {{"entryId", entry_id}});
  assert_text_eq(cancelled.code(), "");
  g_assert_cmpint(cancelled.number("replacementStatus"), ==, 0);
  g_assert_false(cancelled.has("replacingEntryId"));
  g_assert_cmpint(cancelled.number("width"), ==, 160);
  assert_text_eq(api.call("media", "get", {{"entryId", temporary_id}}).code(), "ENTRY_ID_NOT_FOUND");
  assert_text_eq(sha256(downloaded(api, entry_id)), sha256(first_video()));
  Result not_replaced = api.call("media", "approveReplace", {{"entryId", entry_id}});
  assert_text_eq(not_replaced.code(), "ENTRY_ID_NOT_REPLACED");
  assert_text_eq(not_replaced.message(), "Entry id \"" + entry_id + "\" not replaced");
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/devserver/replacement/approved", test_approved_replacement_swaps_content);
  g_test_add_func("/devserver/replacement/early-approval", test_early_approval_swaps_when_ready);
  g_test_add_func("/devserver/replacement/cancelled", test_cancelled_replacement_keeps_content);
  return g_test_run();
}
