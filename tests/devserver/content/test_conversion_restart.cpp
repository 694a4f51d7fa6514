// Conversions survive the server (§9.1): a devserver killed while a
// rendition is CONVERTING, or stopped while renditions wait in the queue,
// converts them after it starts again on the same data directory.
#include <glib.h>

#include <string>

#include "content_test_api.h"
#include "rendition_checks.h"

using namespace content_test;
using testing_support::kFastProfileId;

namespace {

const std::string kSlow = "1500";  // ms per processing step: time to catch a rendition CONVERTING

std::string fast_profile_entry(const Api& api) {
  const std::string entry_id = api.add_media({{"conversionProfileId", std::to_string(kFastProfileId)}});
  Fields attach = api.token_resource("resource", api.uploaded_token(make_video_mp4(320, 180, 60), "v.mp4"));
  attach.emplace_back("entryId", entry_id);
  assert_text_eq(api.call("media", "addContent", attach).code(), "");
  return entry_id;
}

// The id of the entry's first rendition seen in this status.
std::string wait_for_rendition_in(const Api& api, const std::string& entry_id, int status) {
  const gint64 deadline = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
  for (;;) {
    Result flavors = api.call("flavorasset", "list", {{"filter[entryIdEqual]", entry_id}});
    for (size_t i = 0; i < flavors.length("objects"); ++i) {
      const std::string at = "objects." + std::to_string(i) + ".";
      if (flavors.text(at + "isOriginal") == "false" && flavors.number(at + "status") == status)
        return flavors.text(at + "id");
    }
    if (g_get_monotonic_time() > deadline) g_error("no rendition of %s reached %d", entry_id.c_str(), status);
    g_usleep(20 * 1000);
  }
}

void assert_renditions_made(const Api& api, const std::string& entry_id) {
  Result entry = api.wait_for_entry(entry_id, {2, -1}, 60000);
  g_assert_cmpint(entry.number("status"), ==, 2);
  assert_text_eq(entry.text("flavorParamsIds"), "0,100,101");
  g_assert_cmpint(check_ready_rendition(api, flavor_with_params(api, entry_id, 100)).width, ==, 160);
  g_assert_cmpint(check_ready_rendition(api, flavor_with_params(api, entry_id, 101)).width, ==, 320);
}

// SIGKILL in the middle of a transcode: the flavor is converted again from the start.
void test_killed_while_converting() {
  DevServerProcess server({"--processing-delay-ms", kSlow});
  std::string entry_id, converting_id;
  {
    Api api(server, start_session(server, 2));
    entry_id = fast_profile_entry(api);
    converting_id = wait_for_rendition_in(api, entry_id, 1);  // CONVERTING
    g_assert_cmpint(api.call("media", "get", {{"entryId", entry_id}}).number("status"), ==, 1);
  }
  server.kill();
  server.restart({"--processing-delay-ms", "50"});
  Api api(server, start_session(server, 2));
  assert_renditions_made(api, entry_id);
  Result converted = api.call("flavorasset", "get", {{"id", converting_id}});
  g_assert_cmpint(converted.number("status"), ==, 2);
  assert_text_eq(converted.text("version"), "1");
  // Nothing of the interrupted attempt is left behind.
  g_autoptr(GDir) scratch = g_dir_open((server.data_dir() + "/tmp").c_str(), 0, nullptr);
  g_assert_null(g_dir_read_name(scratch));
}

// A clean stop (SIGTERM) with renditions still QUEUED: they wait in the
// database and are converted after the restart.
void test_stopped_with_queued_renditions() {
  DevServerProcess server({"--processing-delay-ms", kSlow, "--conversion-workers", "1"});
  std::string entry_id;
  {
    Api api(server, start_session(server, 2));
    entry_id = fast_profile_entry(api);
    wait_for_rendition_in(api, entry_id, 0);  // QUEUED
  }
  const gint64 before_stop = g_get_monotonic_time();
  server.stop();
  // The stop does not wait for the queue.
  g_assert_cmpint(g_get_monotonic_time() - before_stop, <, 3 * G_USEC_PER_SEC);
  server.restart({"--processing-delay-ms", "50"});
  Api api(server, start_session(server, 2));
  assert_renditions_made(api, entry_id);
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/devserver/conversion-restart/killed-while-converting", test_killed_while_converting);
  g_test_add_func("/devserver/conversion-restart/stopped-with-queued-renditions", test_stopped_with_queued_renditions);
  return g_test_run();
}
