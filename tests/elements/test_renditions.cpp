// Renditions from end to end, against a real kaltura-devserver that
// transcodes: kalturasink records into an entry whose conversion profile makes
// renditions and follows every flavor to READY; kalturasrc reads each
// rendition back, waiting for one that does not exist yet; a rendition that
// fails to transcode fails kalturasink and kalturastatus with
// wait-for=all-flavors, and kalturasrc only when it is the one asked for.
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>

#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "devserver_process.h"
#include "discovered_media.h"
#include "sink_test_support.h"

using testing_support::DiscoveredMedia;
using testing_support::discover_media;
using testing_support::DevServerProcess;
using testing_support::kFastProfileId;
using namespace sink_test;

namespace {

// The "Fast" profile's flavor params: the source, two H.264 renditions
// fitted into 160x90 and 320x180, and an AAC audio rendition.
constexpr int kSource = 0;
constexpr int kTiny = 100;
constexpr int kSmall = 101;
constexpr int kAudio = 9;

// 3 s of 640x360 H.264 and AAC in MP4, straight into kalturasink.
constexpr const char* kRecording =
    "videotestsrc num-buffers=90 ! video/x-raw,width=640,height=360,framerate=30/1 ! x264enc ! mux. "
    "audiotestsrc num-buffers=130 ! audioconvert ! avenc_aac ! mux. "
    "mp4mux name=mux ! kalturasink name=sink entry-name=renditions";

// 1.5 s of 160x90 H.264 without audio: of the Fast profile's renditions,
// only the 160x90 one applies.
constexpr const char* kTinyRecording =
    "videotestsrc num-buffers=45 ! video/x-raw,width=160,height=90,framerate=30/1 ! x264enc ! mp4mux ! "
    "kalturasink name=sink entry-name=tiny";

DevServerProcess& transcoding_server() {
  static DevServerProcess server({"--processing-delay-ms", "50"});
  return server;
}

// A server on which every conversion to the 320x180 rendition fails.
DevServerProcess& failing_server() {
  static DevServerProcess server({"--processing-delay-ms", "50", "--fault-conversion-params", "101"});
  return server;
}

void point_at(GstElement* element, const DevServerProcess& server) {
  g_object_set(element, "service-url", server.url().c_str(), "partner-id", testing_support::kPartnerId, "secret",
               testing_support::kAdminSecret, nullptr);
}

// Records a recording (kRecording unless given) with the Fast profile;
// wait_for is kalturasink's wait-for.
BusLog record(const DevServerProcess& server, const char* wait_for, const char* recording = kRecording,
              const std::function<void(GstMessage*)>& on_message = {}) {
  g_autoptr(GstElement) pipeline = gst_parse_launch(recording, nullptr);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "conversion-profile-id", static_cast<gint64>(kFastProfileId), nullptr);
  gst_util_set_object_arg(G_OBJECT(sink), "wait-for", wait_for);
  BusLog log = run_pipeline(pipeline, 120, on_message);
  g_assert_false(log.string_field("kaltura-entry-created", "entry-id").empty());
  return log;
}

int int_field(const GstStructure* structure, const char* field) {
  int value = -1;
  g_assert_true(gst_structure_get_int(structure, field, &value));
  return value;
}

// What an element wrote into "ELEMENT name=element ! filesink", and its bus.
struct Written {
  BusLog log;
  std::string bytes;
};

Written run_into_file(const std::string& element, const std::function<void(GstElement*)>& configure) {
  g_autofree char* dir = g_dir_make_tmp("renditions-XXXXXX", nullptr);
  g_autofree char* path = g_build_filename(dir, "written", nullptr);
  const std::string description =
      element + " name=element ! filesink buffer-mode=unbuffered location=\"" + path + "\"";
  g_autoptr(GstElement) pipeline = gst_parse_launch(description.c_str(), nullptr);
  g_autoptr(GstElement) configured = gst_bin_get_by_name(GST_BIN(pipeline), "element");
  configure(configured);
  Written written{run_pipeline(pipeline, 120), ""};
  g_autofree char* contents = nullptr;
  gsize length = 0;
  if (g_file_get_contents(path, &contents, &length, nullptr)) written.bytes.assign(contents, length);
  g_unlink(path);
  g_rmdir(dir);
  return written;
}

// What kalturasrc reads of the entry's flavor with these params, and its bus.
Written read_flavor(const DevServerProcess& server, const std::string& entry_id, int flavor_params_id) {
  return run_into_file("kalturasrc wait-ready=true wait-timeout=90", [&](GstElement* src) {
    point_at(src, server);
    g_object_set(src, "entry-id", entry_id.c_str(), "flavor-params-id", flavor_params_id, nullptr);
  });
}

// Asserts the error is RESOURCE/FAILED for the flavor with these params.
void assert_flavor_failure(const BusLog& log, const std::string& flavor_asset_id, int flavor_params_id) {
  g_assert_nonnull(log.error);
  g_assert_false(log.eos);
  g_autoptr(GError) error = log.error_gerror();
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED);
  assert_equal_text(log.error_detail("kaltura-code"), "FLAVOR_PROCESSING_FAILED");
  assert_equal_text(log.error_detail("flavor-asset-id"), flavor_asset_id);
  const std::string which = "(flavor params " + std::to_string(flavor_params_id) + ") failed: ";
  g_assert_nonnull(strstr(error->message, which.c_str()));  // and why, after the colon
  g_assert_cmpuint(strlen(strstr(error->message, which.c_str())), >, which.size());
}

void test_sink_follows_every_rendition_to_ready() {
  DevServerProcess& server = transcoding_server();
  BusLog log = record(server, "all-flavors");
  g_assert_null(log.error);
  g_assert_true(log.eos);
  const std::string entry_id = log.string_field("kaltura-entry-created", "entry-id");

  // One kaltura-flavor-ready per flavor of the profile, then the entry.
  std::map<int, const GstStructure*> ready;
  for (const GstStructure* message : log.named("kaltura-flavor-ready")) {
    assert_equal_text(gst_structure_get_string(message, "entry-id"), entry_id);
    g_assert_true(ready.emplace(int_field(message, "flavor-params-id"), message).second);
  }
  g_assert_cmpuint(ready.size(), ==, 4);
  for (int params : {kSource, kTiny, kSmall, kAudio}) g_assert_true(ready.count(params));
  g_assert_true(g_str_has_prefix(gst_structure_get_name(log.elements.back()), "kaltura-entry-ready"));

  const std::map<int, std::pair<int, int>> expected_sizes = {
      {kSource, {640, 360}}, {kTiny, {160, 90}}, {kSmall, {320, 180}}, {kAudio, {0, 0}}};
  for (const auto& [params, message] : ready) {
    // kalturasrc reads the same bytes the server serves for the flavor...
    Written read = read_flavor(server, entry_id, params);
    g_assert_null(read.log.error);
    assert_same_bytes(read.bytes, download_source(server, entry_id, params));
    guint64 size = 0;
    g_assert_true(gst_structure_get_uint64(message, "size", &size));
    g_assert_cmpuint(size, ==, read.bytes.size());

    // ...and they are what the message said: the picture size, H.264 and
    // AAC, about the source's 3 s.
    const DiscoveredMedia media = discover_media(read.bytes);
    g_assert_cmpint(media.width, ==, int_field(message, "width"));
    g_assert_cmpint(media.height, ==, int_field(message, "height"));
    g_assert_cmpint(media.width, ==, expected_sizes.at(params).first);
    g_assert_cmpint(media.height, ==, expected_sizes.at(params).second);
    g_assert_true(media.has_video == (params != kAudio));
    if (media.has_video) assert_equal_text(media.video_codec, "video/x-h264");
    g_assert_true(media.has_audio);
    assert_equal_text(media.audio_codec, "audio/mpeg");
    g_assert_cmpint(media.duration_ms, >, 2700);
    g_assert_cmpint(media.duration_ms, <, 3300);
    if (params != kSource) g_assert_cmpint(int_field(message, "bitrate"), >, 0);
  }

  // The entry lists the flavor params it has.
  const std::string entry = admin_call(server, "media", "get", {{"entryId", entry_id}});
  std::set<std::string> listed;
  g_auto(GStrv) ids = g_strsplit(json_member(entry, "flavorParamsIds").c_str(), ",", -1);
  for (char** id = ids; *id; ++id) listed.insert(*id);
  g_assert_true(listed == (std::set<std::string>{"0", "100", "101", "9"}));
}

struct FlavorState {
  int version = 0;
  guint64 size = 0;
  int status = 0;
};

// flavor params id -> version and size of each flavor of the entry.
std::map<int, FlavorState> flavor_states(const DevServerProcess& server, const std::string& entry_id) {
  const std::string list = admin_call(server, "flavorasset", "list", {{"filter[entryIdEqual]", entry_id}});
  g_autoptr(JsonParser) parser = json_parser_new();
  g_assert_true(json_parser_load_from_data(parser, list.c_str(), -1, nullptr));
  JsonArray* objects = json_object_get_array_member(json_node_get_object(json_parser_get_root(parser)), "objects");
  std::map<int, FlavorState> states;
  for (guint i = 0; i < json_array_get_length(objects); ++i) {
    JsonObject* flavor = json_array_get_object_element(objects, i);
    states[json_object_get_int_member(flavor, "flavorParamsId")] = {
        atoi(json_object_get_string_member(flavor, "version")),
        static_cast<guint64>(json_object_get_int_member(flavor, "sizeInBytes")),
        static_cast<int>(json_object_get_int_member(flavor, "status"))};
  }
  return states;
}

// Records an entry with renditions, then sends a new source into it in
// place (flavor-params-id=0) with this wait-for; the renditions it had
// before, and the sink's bus.
struct SourceReplaced {
  std::string entry_id;
  std::map<int, FlavorState> before;
  BusLog log;
};

SourceReplaced replace_source_in_place(DevServerProcess& server, const char* wait_for) {
  BusLog first = record(server, "all-flavors");
  g_assert_true(first.eos);
  SourceReplaced replaced{first.string_field("kaltura-entry-created", "entry-id"), {}, {}};
  replaced.before = flavor_states(server, replaced.entry_id);
  g_assert_cmpuint(replaced.before.size(), ==, 4);
  // 2 s instead of 3 s: the renditions tell which source they were made of.
  g_autoptr(GstElement) pipeline = launch_at(
      server,
      "videotestsrc pattern=ball num-buffers=60 ! video/x-raw,width=640,height=360,framerate=30/1 ! x264enc ! mux. "
      "audiotestsrc num-buffers=90 ! audioconvert ! avenc_aac ! mux. mp4mux name=mux ! kalturasink name=sink");
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  g_object_set(sink, "entry-id", replaced.entry_id.c_str(), "flavor-params-id", kSource, nullptr);
  gst_util_set_object_arg(G_OBJECT(sink), "wait-for", wait_for);
  replaced.log = run_to_eos(pipeline, 120);
  return replaced;
}

// Waits until every flavor of the entry has a newer version than before; returns them.
std::map<int, FlavorState> remade_flavors(const DevServerProcess& server, const SourceReplaced& replaced) {
  const gint64 deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
  for (;;) {
    std::map<int, FlavorState> now = flavor_states(server, replaced.entry_id);
    bool all = now.size() == replaced.before.size();
    for (const auto& [params, was] : replaced.before) all = all && now[params].version > was.version;
    if (all) return now;
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    g_usleep(100 * 1000);
  }
}

// A new source sent into an entry with renditions (flavor-params-id=0)
// makes the server make them again. Until it does they are listed as
// before, READY: wait-for=all-flavors reports each rendition once, when its
// new version is ready, and ends with the new ones.
void test_sink_waits_for_renditions_made_again() {
  DevServerProcess& server = transcoding_server();
  const SourceReplaced replaced = replace_source_in_place(server, "all-flavors");
  std::map<int, int> ready_messages;
  for (const GstStructure* message : replaced.log.named("kaltura-flavor-ready"))
    ++ready_messages[int_field(message, "flavor-params-id")];
  g_assert_true(ready_messages == (std::map<int, int>{{kSource, 1}, {kTiny, 1}, {kSmall, 1}, {kAudio, 1}}));
  const std::map<int, FlavorState> after = flavor_states(server, replaced.entry_id);
  for (const auto& [params, was] : replaced.before) g_assert_cmpint(after.at(params).version, >, was.version);
  const DiscoveredMedia tiny = discover_media(download_source(server, replaced.entry_id, kTiny));
  g_assert_cmpint(tiny.duration_ms, >, 1700);
  g_assert_cmpint(tiny.duration_ms, <, 2300);
}

// With wait-for=entry-ready the wait ends once the new source is READY (the
// entry is READY all along), and no rendition of the old source is reported
// ready meanwhile: any ready message is of a rendition made from the new one.
void test_sink_reports_no_old_rendition() {
  DevServerProcess& server = transcoding_server();
  const SourceReplaced replaced = replace_source_in_place(server, "entry-ready");
  const std::map<int, FlavorState> remade = remade_flavors(server, replaced);
  bool source_ready = false;
  for (const GstStructure* message : replaced.log.named("kaltura-flavor-ready")) {
    const int params = int_field(message, "flavor-params-id");
    guint64 size = 0;
    g_assert_true(gst_structure_get_uint64(message, "size", &size));
    g_test_message("ready: flavor params %d, %" G_GUINT64_FORMAT " bytes", params, size);
    g_assert_cmpuint(size, ==, remade.at(params).size);
    source_ready = source_ready || params == kSource;
  }
  g_assert_true(source_ready);
}

// Renditions that did not apply to the old source (NOT_APPLICABLE: the
// audio one of a video without sound, and one larger than the picture) are
// old ones too until the server decides again for the new source: a status
// message about one comes only once the server has it in a newer version.
void test_sink_reports_no_old_rendition_not_applicable() {
  DevServerProcess& server = transcoding_server();
  BusLog first = record(server, "all-flavors", kTinyRecording);
  g_assert_true(first.eos);
  const std::string entry_id = first.string_field("kaltura-entry-created", "entry-id");
  const std::map<int, FlavorState> before = flavor_states(server, entry_id);
  constexpr int kNotApplicable = 4;
  g_assert_cmpint(before.at(kAudio).status, ==, kNotApplicable);
  g_assert_cmpint(before.at(kSmall).status, ==, kNotApplicable);

  g_autoptr(GstElement) pipeline =
      launch_at(server,
                "videotestsrc pattern=ball num-buffers=60 ! video/x-raw,width=160,height=90,framerate=30/1 ! x264enc ! "
                "mp4mux ! kalturasink name=sink");
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  g_object_set(sink, "entry-id", entry_id.c_str(), "flavor-params-id", kSource, nullptr);
  gst_util_set_object_arg(G_OBJECT(sink), "wait-for", "entry-ready");
  std::vector<int> reported_old;
  BusLog log = run_pipeline(pipeline, 120, [&](GstMessage* message) {
    const GstStructure* structure = gst_message_get_structure(message);
    if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_ELEMENT || !structure ||
        !(gst_structure_has_name(structure, "kaltura-flavor-status") ||
          gst_structure_has_name(structure, "kaltura-flavor-ready")))
      return;
    const int params = int_field(structure, "flavor-params-id");
    if (params != kAudio && params != kSmall) return;
    // What the server holds now is at least what the sink saw.
    if (flavor_states(server, entry_id)[params].version <= before.at(params).version) reported_old.push_back(params);
  });
  g_assert_true(log.eos);
  for (int params : reported_old) g_test_message("reported the old rendition of flavor params %d", params);
  g_assert_true(reported_old.empty());
}

void test_src_waits_for_a_rendition_not_made_yet() {
  DevServerProcess& server = transcoding_server();
  BusLog recorded = record(server, "none");
  g_assert_null(recorded.error);
  const std::string entry_id = recorded.string_field("kaltura-entry-created", "entry-id");
  // The upload is complete; the source is still processing, so the 320x180
  // rendition does not exist yet.
  const std::string flavors = admin_call(server, "flavorasset", "list", {{"filter[entryIdEqual]", entry_id}});
  g_assert_null(strstr(flavors.c_str(), "\"flavorParamsId\":101"));

  Written read = read_flavor(server, entry_id, kSmall);
  g_assert_null(read.log.error);
  g_assert_true(read.log.eos);
  const DiscoveredMedia media = discover_media(read.bytes);
  g_assert_cmpint(media.width, ==, 320);
  g_assert_cmpint(media.height, ==, 180);
  bool saw_ready = false;
  for (const GstStructure* message : read.log.named("kaltura-flavor-ready"))
    saw_ready = saw_ready || int_field(message, "flavor-params-id") == kSmall;
  g_assert_true(saw_ready);
}

void test_failed_rendition() {
  DevServerProcess& server = failing_server();
  BusLog log = record(server, "all-flavors");
  const std::string entry_id = log.string_field("kaltura-entry-created", "entry-id");

  // kalturasink: the upload is complete, and the failed rendition fails the wait.
  g_assert_nonnull(log.first("kaltura-upload-complete"));
  std::string failed_id;
  for (const GstStructure* message : log.named("kaltura-flavor-status"))
    if (int_field(message, "flavor-params-id") == kSmall && int_field(message, "status") == -1)
      failed_id = gst_structure_get_string(message, "flavor-asset-id");
  g_assert_false(failed_id.empty());
  assert_flavor_failure(log, failed_id, kSmall);

  // kalturastatus: the same failure, and the JSON line saying ERROR before it.
  Written followed = run_into_file("kalturastatus wait-for=all-flavors", [&](GstElement* status) {
    point_at(status, server);
    g_object_set(status, "entry-id", entry_id.c_str(), nullptr);
  });
  assert_flavor_failure(followed.log, failed_id, kSmall);
  const std::string error_line = "\"flavor-asset-id\":\"" + failed_id + "\",\"flavor-params-id\":101,\"status\":-1";
  g_assert_true(followed.bytes.find(error_line) != std::string::npos);

  // kalturasrc: another rendition of the entry reads fine; this one fails.
  Written tiny = read_flavor(server, entry_id, kTiny);
  g_assert_null(tiny.log.error);
  g_assert_cmpint(discover_media(tiny.bytes).height, ==, 90);
  Written small = read_flavor(server, entry_id, kSmall);
  assert_flavor_failure(small.log, failed_id, kSmall);
}

// The only rendition that applies fails, so the entry fails: kalturasink
// with wait-for=all-flavors posts every flavor's last status, the failure
// included, before the entry's error.
void test_sink_reports_the_flavors_of_a_failed_entry() {
  DevServerProcess server({"--processing-delay-ms", "50", "--fault-conversion-params", std::to_string(kTiny)});
  size_t posted = 0, before_error = 0;
  BusLog log = record(server, "all-flavors", kTinyRecording, [&](GstMessage* message) {
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ELEMENT) ++posted;
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) before_error = posted;
  });
  g_assert_nonnull(log.error);
  g_assert_false(log.eos);
  g_autoptr(GError) error = log.error_gerror();
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED);
  assert_equal_text(log.error_detail("kaltura-code"), "ENTRY_PROCESSING_FAILED");
  g_assert_nonnull(strstr(error->message, "ERROR_CONVERTING"));
  g_assert_nonnull(strstr(error->message, "(flavor params 100) failed: "));

  std::map<int, int> last_status;  // flavor params id -> status last posted before the error
  g_assert_cmpuint(before_error, ==, log.elements.size());
  for (size_t i = 0; i < before_error; ++i)
    if (gst_structure_has_name(log.elements[i], "kaltura-flavor-status"))
      last_status[int_field(log.elements[i], "flavor-params-id")] = int_field(log.elements[i], "status");
  const std::map<int, int> expected = {{kSource, 2}, {kTiny, -1}, {kSmall, 4}, {kAudio, 4}};
  g_assert_true(last_status == expected);
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/renditions/sink-follows-every-rendition-to-ready", test_sink_follows_every_rendition_to_ready);
  g_test_add_func("/renditions/sink-waits-for-renditions-made-again", test_sink_waits_for_renditions_made_again);
  g_test_add_func("/renditions/sink-reports-no-old-rendition", test_sink_reports_no_old_rendition);
  g_test_add_func("/renditions/sink-reports-no-old-rendition-not-applicable",
                  test_sink_reports_no_old_rendition_not_applicable);
  g_test_add_func("/renditions/src-waits-for-a-rendition-not-made-yet", test_src_waits_for_a_rendition_not_made_yet);
  g_test_add_func("/renditions/failed-rendition", test_failed_rendition);
  g_test_add_func("/renditions/sink-reports-the-flavors-of-a-failed-entry",
                  test_sink_reports_the_flavors_of_a_failed_entry);
  return g_test_run();
}
