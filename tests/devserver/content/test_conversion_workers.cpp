// --conversion-workers bounds how many renditions are transcoded at once.
// With one worker, the request log, which shows each conversion's start
// ("-> CONVERTING") and end ("-> READY"), never has two conversions running
// together, and every rendition still ends READY.
#include <glib.h>

#include <optional>
#include <sstream>
#include <string>

#include "content_test_api.h"
#include "rendition_checks.h"

using namespace content_test;
using testing_support::kFastProfileId;

namespace {

// A "conversion FLAVOR_ID flavorParamsId=N -> STATUS ..." line of the log.
struct ConversionLine {
  std::string flavor_id;
  std::string status;
};

std::optional<ConversionLine> conversion_line(const std::string& line) {
  if (!g_str_has_prefix(line.c_str(), "conversion ")) return std::nullopt;
  std::istringstream words(line);
  ConversionLine parsed;
  std::string word, params, arrow;
  words >> word >> parsed.flavor_id >> params >> arrow >> parsed.status;
  assert_text_eq(arrow, "->");
  return parsed;
}

void test_one_worker_converts_one_rendition_at_a_time() {
  // Steps slow enough that conversions queued together would overlap on a
  // larger pool.
  DevServerProcess server({"--conversion-workers", "1", "--processing-delay-ms", "150"});
  Api api(server, start_session(server, 2));
  // 2 s of 320x180 video with audio: the Fast profile's three renditions apply.
  const std::string entry_id = converted_entry(api, kFastProfileId, make_video_with_audio_mp4(320, 180, 60), "av.mp4");
  g_assert_cmpint(api.call("media", "get", {{"entryId", entry_id}}).number("status"), ==, 2);
  for (int params_id : {0, 100, 101, 9})
    g_assert_cmpint(flavor_with_params(api, entry_id, params_id).number("status"), ==, 2);

  std::istringstream log(server.log());
  std::optional<std::string> running;  // the flavor being converted
  int started = 0, ended = 0;
  for (std::string line; std::getline(log, line);) {
    const auto conversion = conversion_line(line);
    if (!conversion) continue;
    if (conversion->status == "CONVERTING") {
      if (running) g_error("%s started while %s was converting", conversion->flavor_id.c_str(), running->c_str());
      running = conversion->flavor_id;
      ++started;
    } else {
      assert_text_eq(conversion->status, "READY");
      assert_text_eq(running.value_or("(none)"), conversion->flavor_id);
      running.reset();
      ++ended;
    }
  }
  g_assert_cmpint(started, ==, 3);
  g_assert_cmpint(ended, ==, 3);
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/devserver/conversion-workers/one-at-a-time", test_one_worker_converts_one_rendition_at_a_time);
  return g_test_run();
}
