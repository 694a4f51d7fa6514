// Where kalturasink's upload goes: the content of an existing entry (added,
// then replaced), a flavor, an attachment, one entry per splitmuxsink
// fragment, a target given as a kaltura:// URI; and an upload that
// continues after its process was killed.
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "devserver_process.h"
#include "sink_test_support.h"

using testing_support::DevServerProcess;
using namespace sink_test;

namespace {

constexpr const char* kChildVariable = "KALTURASINK_TEST_CHILD";

DevServerProcess& shared_server() {
  static DevServerProcess server({"--processing-delay-ms", "20"});
  return server;
}

std::string new_media_entry(const char* name) { return sink_test::new_media_entry(shared_server(), name); }

BusLog upload_data(const std::string& data, const std::function<void(GstElement*)>& configure) {
  return upload_mp4_data(shared_server(), data, configure);
}

void test_existing_entry_add_then_replace() {
  const std::string entry_id = new_media_entry("existing");
  const std::string first = make_audio("mp4mux", 100);
  BusLog added = upload_data(first, [&](GstElement* sink) {
    g_object_set(sink, "entry-id", entry_id.c_str(), "wait-for", 1, nullptr);
  });
  g_assert_null(added.first("kaltura-entry-created"));  // no new entry
  assert_equal_text(added.string_field("kaltura-upload-complete", "entry-id"), entry_id);
  assert_same_bytes(download_source(shared_server(), entry_id), first);

  // The entry has content now: the second upload replaces it (approved by default).
  const std::string second = make_audio("mp4mux", 150);
  BusLog replaced = upload_data(second, [&](GstElement* sink) {
    g_object_set(sink, "entry-id", entry_id.c_str(), "wait-for", 1, nullptr);
  });
  g_assert_nonnull(replaced.first("kaltura-entry-ready"));
  assert_same_bytes(download_source(shared_server(), entry_id), second);
  const std::string entry = admin_call(shared_server(), "baseentry", "get", {{"entryId", entry_id}});
  expect_member(entry, "replacementStatus", "0");
}

// "%PDF-" and then bytes of the pattern: a document as the sink sees it.
std::string pdf_bytes(uint64_t offset, uint64_t length) { return "%PDF-1.4\n" + pattern_bytes(offset, length); }

BusLog upload_pdf(const std::string& data, const std::string& entry_id) {
  g_autoptr(GstElement) pipeline = data_pipeline(data, 50000, "application/pdf");
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, shared_server());
  g_object_set(sink, "chunk-size", guint64{65536}, "entry-id", entry_id.c_str(), "wait-for", 1, nullptr);
  return run_to_eos(pipeline);
}

// Kaltura's media.updateContent does not know document entries (it answers
// ENTRY_ID_NOT_FOUND): their content goes through document_documents.
void test_existing_document_add_then_replace() {
  const std::string added = admin_call(shared_server(), "baseentry", "add",
                                       {{"entry[objectType]", "KalturaDocumentEntry"}, {"entry[name]", "slides"}});
  const std::string entry_id = json_member(added, "id");
  const std::string first = pdf_bytes(0, 150000);
  BusLog log = upload_pdf(first, entry_id);
  g_assert_nonnull(log.first("kaltura-entry-ready"));
  assert_same_bytes(download_source(shared_server(), entry_id), first);

  const std::string second = pdf_bytes(7, 90000);
  upload_pdf(second, entry_id);
  assert_same_bytes(download_source(shared_server(), entry_id), second);
  const std::string entry = admin_call(shared_server(), "baseentry", "get", {{"entryId", entry_id}});
  expect_member(entry, "replacementStatus", "0");
  expect_member(entry, "type", "10");
  const std::string server_log = shared_server().log();
  g_assert_true(server_log.find("document_documents.updatecontent entryId=" + entry_id + " -> ok") !=
                std::string::npos);
  g_assert_true(server_log.find("document_documents.approvereplace entryId=" + entry_id + " -> ok") !=
                std::string::npos);
}

// Someone else approves the replacement first (here the test, as the sink
// posts kaltura-upload-complete, just before its own approval), and it takes
// the entry's place: the sink's approval is answered ENTRY_ID_NOT_REPLACED,
// which the entry shows to be no failure, so the upload ends well. So it
// is when the answer to the sink's own approval was lost and the client
// asked again (it failed the upload whose content did replace the entry's).
void test_replacement_approved_by_another() {
  DevServerProcess server({"--processing-delay-ms", "0", "--default-conversion-profile", "2"});
  const std::string entry_id = media_entry_with_content(server, "replaced");
  const std::string second = make_audio("mp4mux", 60);
  g_autoptr(GstElement) pipeline = replacing_pipeline(server, second, entry_id);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  g_object_set(sink, "chunk-size", guint64{65536}, "wait-for", 1, nullptr);
  struct Approver {
    const DevServerProcess* server;
    std::string entry_id;
    std::atomic<bool> done{false};
  };
  auto approver = std::make_shared<Approver>();
  approver->server = &server;
  approver->entry_id = entry_id;
  g_autoptr(GstBus) bus = gst_element_get_bus(pipeline);
  set_sync_handler(bus, [approver](GstMessage* message) {
    if (!gst_message_has_name(message, "kaltura-upload-complete")) return GST_BUS_PASS;
    // On the sink's thread, before its approval: approve, and wait for the
    // replacement to take the entry's place.
    admin_call(*approver->server, "media", "approveReplace", {{"entryId", approver->entry_id}});
    const gint64 deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
    while (json_member(admin_call(*approver->server, "baseentry", "get", {{"entryId", approver->entry_id}}),
                       "replacementStatus") != "0") {
      g_assert_cmpint(g_get_monotonic_time(), <, deadline);
      g_usleep(50000);
    }
    approver->done = true;
    return GST_BUS_PASS;
  });
  // run_to_eos() would put its own sync handler in place of this one.
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  bool entry_ready = false;
  g_autoptr(GstMessage) end = nullptr;
  const gint64 deadline = g_get_monotonic_time() + 90 * G_USEC_PER_SEC;
  while (!end && g_get_monotonic_time() < deadline) {
    g_autoptr(GstMessage) message = gst_bus_timed_pop(bus, 100 * GST_MSECOND);
    if (!message) continue;
    if (gst_message_has_name(message, "kaltura-entry-ready")) entry_ready = true;
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_EOS || GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR)
      end = gst_message_ref(message);
  }
  g_assert_nonnull(end);
  if (GST_MESSAGE_TYPE(end) == GST_MESSAGE_ERROR) {
    g_autoptr(GError) error = nullptr;
    gst_message_parse_error(end, &error, nullptr);
    g_error("the upload failed: %s", error->message);
  }
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  gst_bus_set_sync_handler(bus, nullptr, nullptr, nullptr);
  g_assert_true(approver->done);
  g_assert_true(entry_ready);
  assert_same_bytes(download_source(server, entry_id), second);
  g_assert_true(server.log().find("media.approvereplace entryId=" + entry_id + " -> ENTRY_ID_NOT_REPLACED") !=
                std::string::npos);
}

// A replacement stopped midway and continued with upload-token-id: the
// continuing run did not make the attaching call, the entry tells that its
// content goes into a replacement, which approve-replacement approves. The
// continuing run names the entry, or leaves it to the token (attached to the
// replacement's source flavor).
void resumed_replacement(bool continuing_run_names_entry) {
  const std::string entry_id = new_media_entry("replaced in two runs");
  upload_data(make_audio("mp4mux", 100),
              [&](GstElement* sink) { g_object_set(sink, "entry-id", entry_id.c_str(), "wait-for", 1, nullptr); });

  const std::string second = make_audio("mp4mux", 400);
  const auto configure = [&](GstElement* sink) {
    point_sink_at(sink, shared_server());
    g_object_set(sink, "chunk-size", guint64{65536}, "max-parallel-chunks", 1u, "rewrite-window", gint64{0}, nullptr);
  };
  g_autoptr(GstElement) stopped = data_pipeline(second, 20000, "video/quicktime, variant=(string)iso");
  g_autoptr(GstElement) stopped_sink = gst_bin_get_by_name(GST_BIN(stopped), "sink");
  configure(stopped_sink);
  g_object_set(stopped_sink, "entry-id", entry_id.c_str(), nullptr);
  const BusLog first_run = run_until_acknowledged(stopped, 2 * 65536);
  const std::string token_id = first_run.string_field("kaltura-upload-token-created", "token-id");

  g_autoptr(GstElement) pipeline = data_pipeline(second, 20000, "video/quicktime, variant=(string)iso");
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  configure(sink);
  if (continuing_run_names_entry) g_object_set(sink, "entry-id", entry_id.c_str(), nullptr);
  g_object_set(sink, "upload-token-id", token_id.c_str(), "wait-for", 1, nullptr);
  BusLog log = run_to_eos(pipeline);
  g_assert_nonnull(log.first("kaltura-entry-ready"));
  g_autofree char* followed = nullptr;
  g_object_get(sink, "entry-id", &followed, nullptr);
  g_assert_cmpstr(followed, ==, entry_id.c_str());
  assert_same_bytes(download_source(shared_server(), entry_id), second);
  const std::string entry = admin_call(shared_server(), "baseentry", "get", {{"entryId", entry_id}});
  expect_member(entry, "replacementStatus", "0");
}

void test_resumed_replacement_approved() { resumed_replacement(true); }
void test_resumed_replacement_entry_from_token() { resumed_replacement(false); }

void test_flavor_of_existing_entry() {
  const std::string entry_id = new_media_entry("renditions");
  const std::string source = make_audio("mp4mux", 100);
  upload_data(source, [&](GstElement* sink) { g_object_set(sink, "entry-id", entry_id.c_str(), "wait-for", 1, nullptr); });

  const std::string rendition = make_audio("mp4mux", 60);
  BusLog log = upload_data(rendition, [&](GstElement* sink) {
    g_object_set(sink, "entry-id", entry_id.c_str(), "flavor-params-id", 3, "wait-for", 2, nullptr);
  });
  const std::string asset_id = log.string_field("kaltura-upload-token-created", "asset-id");
  g_assert_cmpstr(asset_id.c_str(), !=, "");
  bool ready = false;
  for (const GstStructure* flavor : log.named("kaltura-flavor-ready"))
    ready = ready || g_strcmp0(gst_structure_get_string(flavor, "flavor-asset-id"), asset_id.c_str()) == 0;
  g_assert_true(ready);
  assert_same_bytes(download_source(shared_server(), entry_id, 3), rendition);
  // The source is untouched.
  assert_same_bytes(download_source(shared_server(), entry_id), source);
}

// A new source in place (flavor-params-id=0) of an entry that is READY: the
// entry stays READY, as on Kaltura, so wait-for=entry-ready waits for the
// flavor uploaded, and the entry serves the new file once the pipeline ends.
void test_source_replaced_in_place() {
  const std::string entry_id = new_media_entry("source in place");
  upload_data(make_audio("mp4mux", 100),
              [&](GstElement* sink) { g_object_set(sink, "entry-id", entry_id.c_str(), "wait-for", 1, nullptr); });
  const std::string second = make_audio("mp4mux", 60);
  BusLog log = upload_data(second, [&](GstElement* sink) {
    g_object_set(sink, "entry-id", entry_id.c_str(), "flavor-params-id", 0, "wait-for", 1, nullptr);
  });
  const std::string asset_id = log.string_field("kaltura-upload-token-created", "asset-id");
  bool ready = false;
  for (const GstStructure* flavor : log.named("kaltura-flavor-ready"))
    ready = ready || g_strcmp0(gst_structure_get_string(flavor, "flavor-asset-id"), asset_id.c_str()) == 0;
  g_assert_true(ready);
  g_assert_nonnull(log.first("kaltura-entry-ready"));
  assert_same_bytes(download_source(shared_server(), entry_id), second);
}

void test_attachment_of_existing_entry() {
  const std::string entry_id = new_media_entry("with notes");
  const std::string notes = pattern_bytes(0, 150000);
  BusLog log = upload_data(notes, [&](GstElement* sink) {
    g_object_set(sink, "entry-id", entry_id.c_str(), "attachment-title", "notes", "file-name", "notes.txt", nullptr);
    gst_util_set_object_arg(G_OBJECT(sink), "attachment-format", "document");
  });
  const std::string asset_id = log.string_field("kaltura-upload-token-created", "asset-id");
  g_assert_cmpstr(asset_id.c_str(), !=, "");
  const std::string asset = admin_call(shared_server(), "attachment_attachmentasset", "get", {{"attachmentAssetId", asset_id}});
  expect_member(asset, "title", "notes");
  expect_member(asset, "format", "3");
  assert_same_bytes(download_attachment(shared_server(), asset_id), notes);
}

void test_splitmuxsink_fragments() {
  g_autoptr(GError) error = nullptr;
  g_autoptr(GstElement) pipeline = gst_parse_launch(
      "splitmuxsink name=split max-size-time=1000000000 muxer=mp4mux location=part%03d.mp4 "
      "audiotestsrc num-buffers=150 samplesperbuffer=960 ! audio/x-raw,rate=48000 ! opusenc ! split.audio_0",
      &error);
  g_assert_no_error(error);
  GstElement* sink = gst_element_factory_make("kalturasink", nullptr);
  point_sink_at(sink, shared_server());
  g_autoptr(GstElement) split = gst_bin_get_by_name(GST_BIN(pipeline), "split");
  g_object_set(split, "sink", sink, nullptr);
  BusLog log = run_pipeline(pipeline, 90);
  g_assert_true(log.eos);
  auto created = log.named("kaltura-entry-created");
  g_assert_cmpuint(created.size(), >=, 3u);
  for (size_t i = 0; i < created.size(); ++i) {
    const std::string entry = admin_call(shared_server(), "baseentry", "get",
                                         {{"entryId", gst_structure_get_string(created[i], "entry-id")}});
    g_autofree char* expected = g_strdup_printf("part%03zu", i);
    expect_member(entry, "name", expected);
  }
}

// With async-finalize, splitmuxsink makes a sink of its own for each fragment
// from sink-factory and sink-properties and lets the last one finish while
// the next fragment streams: each sink waits for its own entry. As from
// gst-launch-1.0, wait-for (an enum) is given by its number.
void test_splitmuxsink_sink_per_fragment() {
  const std::string description =
      "splitmuxsink name=split async-finalize=true sink-factory=kalturasink muxer-factory=mp4mux "
      "max-size-time=1000000000 location=take%03d.mp4 "
      "sink-properties=\"properties,service-url=" +
      shared_server().url() + ",partner-id=" + std::to_string(testing_support::kPartnerId) +
      ",secret=" + testing_support::kAdminSecret +
      ",wait-for=1,conversion-profile-id=(gint64)2\" "
      "audiotestsrc num-buffers=150 samplesperbuffer=960 ! audio/x-raw,rate=48000 ! opusenc ! split.audio_0";
  g_autoptr(GError) error = nullptr;
  g_autoptr(GstElement) pipeline = gst_parse_launch(description.c_str(), &error);
  g_assert_no_error(error);
  BusLog log = run_to_eos(pipeline, 90);
  auto created = log.named("kaltura-entry-created");
  g_assert_cmpuint(created.size(), ==, 3u);
  g_assert_cmpuint(log.named("kaltura-entry-ready").size(), ==, 3u);
  for (size_t i = 0; i < created.size(); ++i) {
    const std::string entry = admin_call(shared_server(), "baseentry", "get",
                                         {{"entryId", gst_structure_get_string(created[i], "entry-id")}});
    g_autofree char* expected = g_strdup_printf("take%03zu", i);
    expect_member(entry, "name", expected);
    expect_member(entry, "status", "2");
    expect_member(entry, "mediaType", "5");  // audio, from what mp4mux takes in
  }
}

// The child process of the crash test: uploads with a state file until killed.
int run_child(const char* spec) {
  g_auto(GStrv) parts = g_strsplit(spec, "|", 3);
  g_autoptr(GstElement) pipeline = pattern_pipeline(g_ascii_strtoull(parts[2], nullptr, 10), 8192);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  g_object_set(sink, "service-url", parts[0], "partner-id", testing_support::kPartnerId, "secret",
               testing_support::kAdminSecret, "chunk-size", guint64{65536}, "max-parallel-chunks", 1u, "entry-type",
               1, "state-file", parts[1], nullptr);
  run_pipeline(pipeline, 60);
  return 0;
}

uint64_t recorded_bytes(const std::string& state_path) {
  g_autofree char* text = nullptr;
  if (!g_file_get_contents(state_path.c_str(), &text, nullptr, nullptr)) return 0;
  const char* ranges = strstr(text, "acknowledged=");
  uint64_t total = 0;
  if (!ranges) return 0;
  g_auto(GStrv) items = g_strsplit_set(ranges + strlen("acknowledged="), ",\n", -1);
  for (char** item = items; *item && **item; ++item) {
    char* dash = strchr(*item, '-');
    if (dash) total += g_ascii_strtoull(dash + 1, nullptr, 10) - g_ascii_strtoull(*item, nullptr, 10);
  }
  return total;
}

std::string recorded_field(const std::string& state_path, const char* key) {
  g_autofree char* text = nullptr;
  g_assert_true(g_file_get_contents(state_path.c_str(), &text, nullptr, nullptr));
  const std::string prefix = std::string("\n") + key + "=";
  const char* found = strstr(text, prefix.c_str());
  g_assert_nonnull(found);
  found += prefix.size();
  return std::string(found, strchr(found, '\n'));
}

enum class Resume { WithStateFile, WithTokenId };
enum class Attach { Deferred, AfterFinalChunk };  // what the server allows (--no-deferred-attach)

// Kills an uploading process, then finishes its upload either with the same
// state file or with upload-token-id (and entry-id) taken from it.
constexpr uint64_t kCrashTotal = 24 * 65536 + 999;

// A child process uploads kCrashTotal pattern bytes with the state file and
// is killed once the file records at least four chunks; returns what it
// records then.
uint64_t upload_until_killed(const DevServerProcess& server, const std::string& state_path) {
  const std::string spec = server.url() + "|" + state_path + "|" + std::to_string(kCrashTotal);
  g_auto(GStrv) env = g_environ_setenv(g_get_environ(), kChildVariable, spec.c_str(), TRUE);
  const char* argv[] = {"/proc/self/exe", nullptr};
  GPid child = 0;
  g_autoptr(GError) error = nullptr;
  g_assert_true(g_spawn_async(nullptr, const_cast<char**>(argv), env,
                              static_cast<GSpawnFlags>(G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                                       G_SPAWN_STDERR_TO_DEV_NULL),
                              nullptr, nullptr, &child, &error));
  for (int i = 0; i < 400 && recorded_bytes(state_path) < 4 * 65536; ++i) g_usleep(25000);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  g_spawn_close_pid(child);
  const uint64_t done_before = recorded_bytes(state_path);
  g_test_message("killed after %" G_GUINT64_FORMAT " acknowledged bytes", done_before);
  g_assert_cmpuint(done_before, >=, 4 * 65536u);
  g_assert_cmpuint(done_before, <, kCrashTotal);
  return done_before;
}

void resume_after_crash(Resume how, Attach attach = Attach::Deferred) {
  const bool with_state_file = how == Resume::WithStateFile;
  std::vector<std::string> server_args = {"--latency-ms", "60", "--processing-delay-ms", "20"};
  if (attach == Attach::AfterFinalChunk) server_args.push_back("--no-deferred-attach");
  DevServerProcess server(server_args);
  g_autofree char* dir = g_dir_make_tmp("kalturasink-state-XXXXXX", nullptr);
  const std::string state_path = std::string(dir) + "/upload.state";

  // A first process uploads part of the stream and is killed.
  const uint64_t done_before = upload_until_killed(server, state_path);
  const size_t uploads_before = [&] {
    const std::string log = server.log();
    size_t count = 0;
    for (size_t at = log.find("uploadtoken.upload"); at != std::string::npos; at = log.find("uploadtoken.upload", at + 1))
      ++count;
    return count;
  }();

  // The same pipeline started again finishes the same upload.
  const std::string token_id = recorded_field(state_path, "token-id");
  const std::string recorded_entry = recorded_field(state_path, "entry-id");
  if (attach == Attach::AfterFinalChunk)
    assert_equal_text(recorded_field(state_path, "attach-after-final"),
                      "document_documents.addContent " + recorded_entry);
  g_autoptr(GstElement) pipeline = pattern_pipeline(kCrashTotal, 8192);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "chunk-size", guint64{65536}, "max-parallel-chunks", 1u, "entry-type", 1, "wait-for", 1,
               nullptr);
  if (with_state_file) {
    g_object_set(sink, "state-file", state_path.c_str(), nullptr);
  } else {
    g_object_set(sink, "upload-token-id", token_id.c_str(), "entry-id", recorded_entry.c_str(), nullptr);
    g_unlink(state_path.c_str());
  }
  BusLog log = run_to_eos(pipeline);
  const GstStructure* token = log.first("kaltura-upload-token-created");
  gboolean resumed = FALSE;
  g_assert_true(gst_structure_get_boolean(token, "resumed", &resumed));
  g_assert_true(resumed);
  g_assert_null(log.first("kaltura-entry-created"));
  assert_equal_text(gst_structure_get_string(token, "token-id"), token_id);
  const std::string entry_id = log.string_field("kaltura-upload-complete", "entry-id");
  assert_equal_text(entry_id, recorded_entry);
  assert_same_bytes(download_source(server, entry_id), pattern_bytes(0, kCrashTotal));
  g_assert_false(g_file_test(state_path.c_str(), G_FILE_TEST_EXISTS));  // removed once complete

  // Going through the part the server holds, the sink said how far it got,
  // up to all of it.
  if (with_state_file) {
    const auto checks = log.named("kaltura-resume-progress");
    g_assert_cmpuint(checks.size(), >, 0);
    guint64 checked = 0, held = 0;
    g_assert_true(gst_structure_get_uint64(checks.back(), "bytes-checked", &checked));
    g_assert_true(gst_structure_get_uint64(checks.back(), "bytes-held", &held));
    g_test_message("%zu resume messages, %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes checked", checks.size(),
                   checked, held);
    g_assert_cmpuint(held, >, 0);
    g_assert_cmpuint(checked, ==, held);
  }

  // Only what the server lacked was sent again.
  const std::string server_log = server.log();
  size_t uploads_after = 0;
  for (size_t at = server_log.find("uploadtoken.upload"); at != std::string::npos;
       at = server_log.find("uploadtoken.upload", at + 1))
    ++uploads_after;
  const size_t resent = uploads_after - uploads_before;
  g_test_message("second run: %zu uploads", resent);
  // The state file knows every acknowledged chunk; upload-token-id only the
  // contiguous prefix the token holds (here the first chunks).
  if (with_state_file) g_assert_cmpuint(resent, <=, 26 - done_before / 65536 + 1);
  else g_assert_cmpuint(resent, <, 27u);
  g_unlink((state_path + ".lock").c_str());  // left by the killed process
  g_rmdir(dir);
}

void test_resume_with_state_file() { resume_after_crash(Resume::WithStateFile); }

// Other bytes than the ones recorded (a live source started again, another
// file) do not continue the upload: the first chunk recorded with another
// digest stops the sink with an error, the token is not finished, and the
// state file stays.
void test_resume_refuses_another_stream() {
  DevServerProcess server({"--latency-ms", "60", "--processing-delay-ms", "20"});
  g_autofree char* dir = g_dir_make_tmp("kalturasink-state-XXXXXX", nullptr);
  const std::string state_path = std::string(dir) + "/upload.state";
  upload_until_killed(server, state_path);
  const std::string token_id = recorded_field(state_path, "token-id");

  g_autoptr(GstElement) pipeline =
      data_pipeline(pattern_bytes(1, kCrashTotal), 8192, "application/octet-stream");  // shifted by a byte
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "chunk-size", guint64{65536}, "max-parallel-chunks", 1u, "entry-type", 1, "state-file",
               state_path.c_str(), nullptr);
  // The source ends its stream with EOS after the sink's error, as every
  // GstBaseSrc does: the sink neither finishes the upload then nor checks the
  // rest (the one error stands, and gst-launch-1.0 shows no second one).
  g_autoptr(GstBus) bus = gst_element_get_bus(pipeline);
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  std::vector<std::string> sink_errors;
  const gint64 deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
  gint64 settle_until = G_MAXINT64;
  while (g_get_monotonic_time() < std::min(deadline, settle_until)) {
    g_autoptr(GstMessage) message = gst_bus_timed_pop(bus, 100 * GST_MSECOND);
    if (!message || GST_MESSAGE_TYPE(message) != GST_MESSAGE_ERROR) continue;
    if (GST_MESSAGE_SRC(message) != GST_OBJECT(sink)) continue;
    g_autoptr(GError) posted = nullptr;
    gst_message_parse_error(message, &posted, nullptr);
    sink_errors.push_back(posted->message);
    settle_until = g_get_monotonic_time() + G_USEC_PER_SEC;  // time for the EOS that follows
  }
  g_assert_cmpint(gst_element_set_state(pipeline, GST_STATE_NULL), ==, GST_STATE_CHANGE_SUCCESS);
  for (const std::string& text : sink_errors) g_test_message("sink error: %s", text.c_str());
  g_assert_cmpuint(sink_errors.size(), ==, 1);
  const std::string& message = sink_errors.front();
  g_assert_nonnull(strstr(message.c_str(), ("is not the one the state file " + state_path + " recorded").c_str()));
  g_assert_nonnull(strstr(message.c_str(), ("differ from those already uploaded to upload token " + token_id).c_str()));
  const std::string token = admin_call(server, "uploadtoken", "get", {{"uploadTokenId", token_id}});
  const std::string token_status = json_member(token, "status");
  g_assert_cmpstr(token_status.c_str(), !=, "2");  // not FULL_UPLOAD
  assert_equal_text(recorded_field(state_path, "token-id"), token_id);
  g_unlink(state_path.c_str());
  g_unlink((state_path + ".lock").c_str());
  g_rmdir(dir);
}

// How many calls of service.action (as the server logs them, in lower case)
// the server's log holds.
size_t calls_logged(const std::string& log, const std::string& call) {
  size_t count = 0;
  for (size_t at = log.find(call + " "); at != std::string::npos; at = log.find(call + " ", at + 1)) ++count;
  return count;
}

// The server's log once the calls of a process killed meanwhile are in it:
// the server answers (and logs) a call only after its latency (60 ms here),
// so a second without a new line is ample even on a loaded machine.
std::string settled_log(const DevServerProcess& server) {
  std::string log = server.log();
  for (;;) {
    g_usleep(1000000);
    std::string now = server.log();
    if (now == log) return log;
    log = std::move(now);
  }
}

// The text of every warning in the log.
std::string warning_texts(const BusLog& log) {
  std::string texts;
  for (GstMessage* warning : log.warnings) {
    g_autoptr(GError) error = nullptr;
    gst_message_parse_warning(warning, &error, nullptr);
    texts += std::string(error->message) + "\n";
  }
  return texts;
}

// A run of pattern bytes with the state file, which the sink must refuse
// with a SETTINGS error containing expected; nothing is finished.
void expect_stream_refused(const DevServerProcess& server, const std::string& state_path, uint64_t total,
                           const char* on_error, const std::string& expected) {
  g_autoptr(GstElement) pipeline = pattern_pipeline(total, 8192);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "chunk-size", guint64{65536}, "max-parallel-chunks", 1u, "entry-type", 1, "state-file",
               state_path.c_str(), nullptr);
  gst_util_set_object_arg(G_OBJECT(sink), "on-error", on_error);
  BusLog log = run_pipeline(pipeline, 60);
  g_assert_false(log.eos);
  g_assert_nonnull(log.error);
  g_autoptr(GError) error = log.error_gerror();
  g_test_message("%" G_GUINT64_FORMAT " bytes, on-error=%s: %s", total, on_error, error->message);
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
  g_assert_nonnull(strstr(error->message, expected.c_str()));
  g_assert_null(log.first("kaltura-upload-complete"));
  // on-error does not apply to a stream that is not the one uploaded: the
  // upload is kept as it was, and the warning says so.
  const std::string warnings = warning_texts(log);
  g_test_message("%s", warnings.c_str());
  g_assert_nonnull(strstr(warnings.c_str(), "are kept. To resume, give the stream uploaded again, with state-file"));
}

// A stream that ends (EOS) before the end of what the state file records as
// uploaded is not the one recorded either, though it gave no chunk to check
// (it ended before the first one recorded, the head being held back) or
// every chunk it gave matched its digest: it is refused as other bytes are,
// the token keeps what it holds, and the right stream finishes the upload
// afterwards, sending only what the server lacked.
void test_resume_refuses_a_shorter_stream() {
  DevServerProcess server({"--latency-ms", "60", "--processing-delay-ms", "20"});
  g_autofree char* dir = g_dir_make_tmp("kalturasink-state-XXXXXX", nullptr);
  const std::string state_path = std::string(dir) + "/upload.state";
  const uint64_t done_before = upload_until_killed(server, state_path);
  const std::string token_id = recorded_field(state_path, "token-id");
  const std::string entry_id = recorded_field(state_path, "entry-id");
  const size_t uploads_before = calls_logged(settled_log(server), "uploadtoken.upload");
  g_assert_cmpuint(recorded_bytes(state_path), >, 2 * 65536);  // past the second run's end

  const std::string refused =
      "The stream is not the one the state file " + state_path + " recorded: it ended (EOS) after ";
  expect_stream_refused(server, state_path, 60000, "keep", refused + "60000 bytes, and upload token " + token_id);
  // On a chunk's boundary, past a recorded chunk it gives again; neither
  // finalize nor delete applies.
  expect_stream_refused(server, state_path, 2 * 65536, "finalize", refused + "131072 bytes");
  expect_stream_refused(server, state_path, 2 * 65536, "delete", refused + "131072 bytes");
  g_assert_cmpuint(calls_logged(server.log(), "uploadtoken.upload"), ==, uploads_before);  // nothing sent
  const std::string token = admin_call(server, "uploadtoken", "get", {{"uploadTokenId", token_id}});
  const std::string status = json_member(token, "status");
  g_assert_cmpstr(status.c_str(), !=, "2");  // not FULL_UPLOAD
  assert_equal_text(recorded_field(state_path, "token-id"), token_id);

  g_autoptr(GstElement) pipeline = pattern_pipeline(kCrashTotal, 8192);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "chunk-size", guint64{65536}, "max-parallel-chunks", 1u, "entry-type", 1, "state-file",
               state_path.c_str(), "wait-for", 1, nullptr);
  BusLog log = run_to_eos(pipeline);
  assert_equal_text(log.string_field("kaltura-upload-complete", "token-id"), token_id);
  assert_equal_text(log.string_field("kaltura-upload-complete", "entry-id"), entry_id);
  assert_same_bytes(download_source(server, entry_id), pattern_bytes(0, kCrashTotal));
  const size_t resent = calls_logged(server.log(), "uploadtoken.upload") - uploads_before;
  g_test_message("%zu uploads to finish", resent);
  g_assert_cmpuint(resent, <=, 26 - done_before / 65536 + 1);
  g_unlink((state_path + ".lock").c_str());
  g_rmdir(dir);
}

// Without a state file, upload-token-id skips what the token holds from its
// start: a stream that ends before that is not the one uploaded to it, and
// is refused rather than cutting the token's file at its end.
void test_resume_token_id_refuses_a_shorter_stream() {
  const uint64_t total = 12 * 65536 + 5;
  const auto configure = [&](GstElement* sink) {
    point_sink_at(sink, shared_server());
    g_object_set(sink, "chunk-size", guint64{65536}, "max-parallel-chunks", 1u, "rewrite-window", gint64{0},
                 "entry-type", 1, nullptr);
  };
  g_autoptr(GstElement) stopped = pattern_pipeline(total, 8192);
  g_autoptr(GstElement) stopped_sink = gst_bin_get_by_name(GST_BIN(stopped), "sink");
  configure(stopped_sink);
  const BusLog first_run = run_until_acknowledged(stopped, 4 * 65536);
  const std::string token_id = first_run.string_field("kaltura-upload-token-created", "token-id");
  const std::string entry_id = first_run.string_field("kaltura-upload-token-created", "entry-id");
  const std::string held =
      json_member(admin_call(shared_server(), "uploadtoken", "get", {{"uploadTokenId", token_id}}), "uploadedFileSize");
  g_test_message("the token holds %s bytes", held.c_str());
  g_assert_cmpuint(g_ascii_strtoull(held.c_str(), nullptr, 10), >=, 4 * 65536);

  g_autoptr(GstElement) shorter = pattern_pipeline(65536 + 100, 8192);
  g_autoptr(GstElement) shorter_sink = gst_bin_get_by_name(GST_BIN(shorter), "sink");
  configure(shorter_sink);
  g_object_set(shorter_sink, "upload-token-id", token_id.c_str(), nullptr);
  gst_util_set_object_arg(G_OBJECT(shorter_sink), "on-error", "finalize");
  BusLog log = run_pipeline(shorter, 60);
  g_assert_nonnull(log.error);
  g_autoptr(GError) error = log.error_gerror();
  g_test_message("%s", error->message);
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
  const std::string expected = "The stream is not the one uploaded to upload token " + token_id +
                               " (upload-token-id): it ended (EOS) after 65636 bytes, and upload token " + token_id +
                               " already holds bytes up to " + held;
  g_assert_nonnull(strstr(error->message, expected.c_str()));
  g_assert_null(log.first("kaltura-upload-complete"));
  const std::string token = admin_call(shared_server(), "uploadtoken", "get", {{"uploadTokenId", token_id}});
  expect_member(token, "uploadedFileSize", held.c_str());
  const std::string status = json_member(token, "status");
  g_assert_cmpstr(status.c_str(), !=, "2");  // not FULL_UPLOAD

  g_autoptr(GstElement) again = pattern_pipeline(total, 8192);
  g_autoptr(GstElement) again_sink = gst_bin_get_by_name(GST_BIN(again), "sink");
  configure(again_sink);
  g_object_set(again_sink, "upload-token-id", token_id.c_str(), "wait-for", 1, nullptr);
  run_to_eos(again);
  assert_same_bytes(download_source(shared_server(), entry_id), pattern_bytes(0, total));
}

// Plays a pipeline whose sink must refuse to continue the upload its state
// file records, with a SETTINGS error containing expected, before it made or
// continued anything.
void expect_target_refused(GstElement* pipeline, const std::string& expected) {
  BusLog log = run_pipeline(pipeline, 60);
  g_assert_nonnull(log.error);
  g_autoptr(GError) error = log.error_gerror();
  g_test_message("%s", error->message);
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
  g_assert_nonnull(strstr(error->message, expected.c_str()));
  g_assert_null(strstr(error->message, testing_support::kAdminSecret));
  g_assert_null(log.first("kaltura-upload-token-created"));
  g_assert_null(log.first("kaltura-entry-created"));
}

// A state file continues its own token into its own target: a run given
// other target properties (another entry, another token, a flavor or an
// attachment where the recorded upload was the entry's content) is refused
// before anything changes on the server, rather than finishing the recorded
// upload in their place; naming the recorded entry, or nothing, finishes it.
void test_resume_refuses_another_target() {
  g_autofree char* dir = g_dir_make_tmp("kalturasink-state-XXXXXX", nullptr);
  const std::string state_path = std::string(dir) + "/upload.state";
  const uint64_t total = 20 * 65536 + 7;
  const auto make_pipeline = [&](const std::function<void(GstElement*)>& configure) {
    GstElement* pipeline = pattern_pipeline(total, 8192);
    g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
    point_sink_at(sink, shared_server());
    g_object_set(sink, "chunk-size", guint64{65536}, "max-parallel-chunks", 1u, "entry-type", 1, "state-file",
                 state_path.c_str(), nullptr);
    configure(sink);
    return pipeline;
  };
  g_autoptr(GstElement) first = make_pipeline([](GstElement*) {});
  run_until_acknowledged(first, 4 * 65536);
  const std::string token_id = recorded_field(state_path, "token-id");
  const std::string entry_id = recorded_field(state_path, "entry-id");
  const uint64_t recorded = recorded_bytes(state_path);
  g_assert_cmpuint(recorded, >=, 4 * 65536);
  const std::string other_entry = new_media_entry("not the recorded one");
  const std::string other_token =
      json_member(admin_call(shared_server(), "uploadtoken", "add", {{"uploadToken[fileName]", "other.bin"}}), "id");
  const std::string other_entry_before = admin_call(shared_server(), "baseentry", "get", {{"entryId", other_entry}});
  const std::string server_log_before = shared_server().log();

  const std::string records = "the state file " + state_path + " records";
  const struct {
    std::function<void(GstElement*)> configure;
    std::string expected;
  } refusals[] = {
      {[&](GstElement* sink) { g_object_set(sink, "entry-id", other_entry.c_str(), nullptr); },
       "entry-id \"" + other_entry + "\" is not the entry " + records + " (\"" + entry_id +
           "\"): delete the state file to start a new upload to entry " + other_entry +
           " (the recorded one stays unfinished on the server), or leave entry-id unset to finish the recorded "
           "upload"},
      {[&](GstElement* sink) { g_object_set(sink, "upload-token-id", other_token.c_str(), nullptr); },
       "upload-token-id \"" + other_token + "\" is not the upload token " + records + " (\"" + token_id +
           "\"): delete the state file to continue upload token " + other_token +
           " instead, or leave upload-token-id unset to continue the recorded upload"},
      {[&](GstElement* sink) { g_object_set(sink, "entry-id", entry_id.c_str(), "flavor-params-id", 3, nullptr); },
       "flavor-params-id 3 is not what " + records + " (the content of entry " + entry_id +
           "): delete the state file to start a new upload there"},
      {[&](GstElement* sink) {
         g_object_set(sink, "entry-id", entry_id.c_str(), "attachment-title", "notes", nullptr);
       },
       "attachment-title \"notes\" is not what " + records + " (the content of entry " + entry_id + ")"},
  };
  for (const auto& refusal : refusals) {
    g_autoptr(GstElement) pipeline = make_pipeline(refusal.configure);
    expect_target_refused(pipeline, refusal.expected);
    assert_equal_text(recorded_field(state_path, "token-id"), token_id);
    g_assert_cmpuint(recorded_bytes(state_path), ==, recorded);
  }
  // The refused runs only looked: a session, and the recorded token.
  const std::string server_log = shared_server().log();
  g_assert_true(server_log.compare(0, server_log_before.size(), server_log_before) == 0);
  g_auto(GStrv) calls = g_strsplit(server_log.c_str() + server_log_before.size(), "\n", -1);
  for (char** call = calls; *call && **call; ++call) {
    g_test_message("refused run: %s", *call);
    g_assert_true(g_str_has_prefix(*call, "session.start ") || g_str_has_prefix(*call, "uploadtoken.get "));
  }
  assert_equal_text(admin_call(shared_server(), "baseentry", "get", {{"entryId", other_entry}}), other_entry_before);
  const std::string untouched = admin_call(shared_server(), "uploadtoken", "get", {{"uploadTokenId", other_token}});
  expect_member(untouched, "status", "0");  // PENDING: nothing uploaded to it

  // Naming the recorded entry finishes the recorded upload, with its bytes.
  g_autoptr(GstElement) again = make_pipeline(
      [&](GstElement* sink) { g_object_set(sink, "entry-id", entry_id.c_str(), "wait-for", 1, nullptr); });
  BusLog log = run_to_eos(again);
  const GstStructure* resumed_token = log.first("kaltura-upload-token-created");
  gboolean resumed = FALSE;
  g_assert_true(gst_structure_get_boolean(resumed_token, "resumed", &resumed));
  g_assert_true(resumed);
  assert_equal_text(log.string_field("kaltura-upload-complete", "token-id"), token_id);
  assert_equal_text(log.string_field("kaltura-upload-complete", "entry-id"), entry_id);
  assert_same_bytes(download_source(shared_server(), entry_id), pattern_bytes(0, total));
  g_assert_false(g_file_test(state_path.c_str(), G_FILE_TEST_EXISTS));
  g_rmdir(dir);
}

// The state file of a flavor's upload records its flavor params: a run
// naming the entry's content, or another flavor, is refused; the same
// properties again finish the flavor.
void test_resume_refuses_another_flavor() {
  g_autofree char* dir = g_dir_make_tmp("kalturasink-state-XXXXXX", nullptr);
  const std::string state_path = std::string(dir) + "/upload.state";
  const std::string entry_id = media_entry_with_content(shared_server(), "flavor in two runs");
  const std::string rendition = make_audio("mp4mux", 400);
  const auto make_pipeline = [&](int flavor_params_id) {
    GstElement* pipeline = data_pipeline(rendition, 20000, "video/quicktime, variant=(string)iso");
    g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
    point_sink_at(sink, shared_server());
    g_object_set(sink, "chunk-size", guint64{65536}, "max-parallel-chunks", 1u, "entry-id", entry_id.c_str(),
                 "flavor-params-id", flavor_params_id, "state-file", state_path.c_str(), nullptr);
    return pipeline;
  };
  g_autoptr(GstElement) first = make_pipeline(3);
  run_until_acknowledged(first, 2 * 65536);

  const std::string records =
      "is not what the state file " + state_path + " records (the flavor of flavor params 3 of entry " + entry_id + ")";
  g_autoptr(GstElement) content = make_pipeline(-1);
  expect_target_refused(
      content,
      "entry-id \"" + entry_id + "\" without flavor-params-id or attachment-title (the entry's content) " + records);
  g_autoptr(GstElement) other_flavor = make_pipeline(5);
  expect_target_refused(other_flavor, "flavor-params-id 5 " + records);
  assert_equal_text(recorded_field(state_path, "target"), "flavor-params-id 3");

  g_autoptr(GstElement) again = make_pipeline(3);
  g_autoptr(GstElement) again_sink = gst_bin_get_by_name(GST_BIN(again), "sink");
  g_object_set(again_sink, "wait-for", 1, nullptr);
  BusLog log = run_to_eos(again);
  assert_equal_text(log.string_field("kaltura-upload-complete", "entry-id"), entry_id);
  assert_same_bytes(download_source(shared_server(), entry_id, 3), rendition);
  g_assert_false(g_file_test(state_path.c_str(), G_FILE_TEST_EXISTS));
  g_rmdir(dir);
}

// An EOS before the end of the file filesrc reads (gst-launch-1.0 -e makes
// one of Ctrl-C) with a state file: the upload is left unfinished, with an
// error that says so, and the same pipeline started again finishes it,
// rather than a truncated file becoming the entry's content.
void test_eos_before_the_end_of_the_file() {
  DevServerProcess server({"--latency-ms", "60"});
  g_autofree char* dir = g_dir_make_tmp("kalturasink-state-XXXXXX", nullptr);
  const std::string state_path = std::string(dir) + "/upload.state";
  const std::string file_path = std::string(dir) + "/lecture.bin";
  const std::string bytes = pattern_bytes(0, 40 * 65536);
  g_assert_true(g_file_set_contents(file_path.c_str(), bytes.data(), static_cast<gssize>(bytes.size()), nullptr));
  auto make_pipeline = [&] {
    GstElement* pipeline =
        launch_at(server, "filesrc location=" + file_path + " blocksize=16384 ! kalturasink name=sink");
    g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
    g_object_set(sink, "chunk-size", guint64{65536}, "max-parallel-chunks", 1u, "entry-type", 1, "state-file",
                 state_path.c_str(), nullptr);
    return pipeline;
  };

  g_autoptr(GstElement) first = make_pipeline();
  bool eos_sent = false;
  BusLog log = run_pipeline(first, 60, [&](GstMessage* message) {
    const GstStructure* structure = gst_message_get_structure(message);
    guint64 acknowledged = 0;
    if (!eos_sent && GST_MESSAGE_TYPE(message) == GST_MESSAGE_ELEMENT && structure &&
        gst_structure_has_name(structure, "kaltura-upload-progress") &&
        gst_structure_get_uint64(structure, "bytes-acknowledged", &acknowledged) && acknowledged >= 4 * 65536) {
      eos_sent = true;
      gst_element_send_event(first, gst_event_new_eos());
    }
  });
  const std::string entry_id = log.string_field("kaltura-entry-created", "entry-id");
  g_assert_true(eos_sent);
  g_assert_null(log.first("kaltura-upload-complete"));
  g_assert_nonnull(log.error);
  g_autoptr(GError) error = log.error_gerror();
  g_test_message("%s", error->message);
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_WRITE);
  g_assert_nonnull(strstr(error->message, "The stream ended (EOS) after "));
  g_assert_nonnull(strstr(error->message, " of the 2621440 bytes of the file the source reads"));
  g_assert_nonnull(strstr(error->message, ("the state file " + state_path + " kept").c_str()));
  g_assert_true(g_file_test(state_path.c_str(), G_FILE_TEST_EXISTS));

  g_autoptr(GstElement) again = make_pipeline();
  g_autoptr(GstElement) again_sink = gst_bin_get_by_name(GST_BIN(again), "sink");
  g_object_set(again_sink, "wait-for", 1, nullptr);
  run_to_eos(again);
  assert_same_bytes(download_source(server, entry_id), bytes);
  g_unlink(file_path.c_str());
  g_unlink((state_path + ".lock").c_str());
  g_rmdir(dir);
}

// One upload at a time records in a state file: a second sink given the
// same file fails to start, and starts once the first is done with it.
void test_state_file_of_one_upload_at_a_time() {
  g_autofree char* dir = g_dir_make_tmp("kalturasink-state-XXXXXX", nullptr);
  const std::string state_path = std::string(dir) + "/upload.state";
  const auto make_sink = [&] {
    GstElement* sink = gst_element_factory_make("kalturasink", nullptr);
    point_sink_at(sink, shared_server());
    g_object_set(sink, "state-file", state_path.c_str(), nullptr);
    return sink;
  };
  GstElement* first = make_sink();
  GstElement* second = make_sink();
  g_autoptr(GstBus) bus = gst_bus_new();
  gst_element_set_bus(second, bus);
  g_assert_cmpint(gst_element_set_state(first, GST_STATE_PAUSED), !=, GST_STATE_CHANGE_FAILURE);
  g_assert_cmpint(gst_element_set_state(second, GST_STATE_PAUSED), ==, GST_STATE_CHANGE_FAILURE);
  g_autoptr(GstMessage) refused = gst_bus_pop_filtered(bus, GST_MESSAGE_ERROR);
  g_assert_nonnull(refused);
  g_autoptr(GError) error = nullptr;
  gst_message_parse_error(refused, &error, nullptr);
  g_assert_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
  g_assert_nonnull(strstr(error->message, ("The state file " + state_path + " is in use by another upload").c_str()));

  gst_element_set_state(second, GST_STATE_NULL);
  gst_element_set_state(first, GST_STATE_NULL);
  g_assert_cmpint(gst_element_set_state(second, GST_STATE_PAUSED), !=, GST_STATE_CHANGE_FAILURE);
  gst_element_set_state(second, GST_STATE_NULL);
  gst_object_unref(first);
  gst_object_unref(second);
  g_unlink((state_path + ".lock").c_str());
  g_rmdir(dir);
}
void test_resume_with_token_id() { resume_after_crash(Resume::WithTokenId); }
// The attaching call the server refused at the start survives the crash in
// the state file and goes with the final chunk of the resumed upload.
void test_resume_attach_after_final() { resume_after_crash(Resume::WithStateFile, Attach::AfterFinalChunk); }
// Without the state file, the entry named gets the token attached to nothing.
void test_resume_token_id_attach_after_final() { resume_after_crash(Resume::WithTokenId, Attach::AfterFinalChunk); }

// The kalturasink of a pipeline, found by its factory.
GstElement* sink_of(GstElement* pipeline) {
  g_autoptr(GstIterator) sinks = gst_bin_iterate_sinks(GST_BIN(pipeline));
  GValue item = G_VALUE_INIT;
  GstElement* found = nullptr;
  while (!found && gst_iterator_next(sinks, &item) == GST_ITERATOR_OK) {
    auto* element = GST_ELEMENT(g_value_get_object(&item));
    if (g_strcmp0(GST_OBJECT_NAME(gst_element_get_factory(element)), "kalturasink") == 0)
      found = GST_ELEMENT(gst_object_ref(element));
    g_value_reset(&item);
  }
  g_value_unset(&item);
  g_assert_nonnull(found);
  return found;
}

// A pipeline description ending in a kaltura:// URI, as gst-launch-1.0 takes
// it: the URI makes the kalturasink and sets its target and metadata.
void test_uri_in_a_pipeline_description() {
  g_autofree char* service_url = g_uri_escape_string(shared_server().url().c_str(), nullptr, FALSE);
  const std::string uri = std::string("kaltura://?entry-name=Published%20by%20URI&tags=uri,test&entry-type=document") +
                          "&file-name=notes.bin&chunk-size=65536&wait-for=entry-ready&service-url=" + service_url +
                          "&partner-id=" + std::to_string(testing_support::kPartnerId);
  const uint64_t total = 3 * 65536 + 17;
  g_autoptr(GstElement) pipeline = pattern_pipeline_into(uri, total, 10000);
  g_autoptr(GstElement) sink = sink_of(pipeline);
  g_object_set(sink, "secret", testing_support::kAdminSecret, nullptr);  // never in a URI
  BusLog log = run_to_eos(pipeline);
  const std::string entry_id = log.string_field("kaltura-entry-created", "entry-id");
  g_assert_nonnull(log.first("kaltura-entry-ready"));
  const std::string entry = admin_call(shared_server(), "baseentry", "get", {{"entryId", entry_id}});
  expect_member(entry, "name", "Published by URI");
  expect_member(entry, "tags", "uri,test");
  expect_member(entry, "objectType", "KalturaDocumentEntry");
  assert_same_bytes(download_source(shared_server(), entry_id), pattern_bytes(0, total));
}

std::string uri_error(const char* uri) {
  g_autoptr(GError) error = nullptr;
  g_autoptr(GstElement) sink = gst_element_make_from_uri(GST_URI_SINK, uri, nullptr, &error);
  g_assert_null(sink);
  g_assert_nonnull(error);
  return error->message;
}

void expect_refused(const char* uri, const char* reason) {
  const std::string message = uri_error(uri);
  g_test_message("%s: %s", uri, message.c_str());
  if (message.find(reason) == std::string::npos)
    g_error("%s: \"%s\" does not say \"%s\"", uri, message.c_str(), reason);
  if (message.find("s3cret") != std::string::npos) g_error("%s: \"%s\" shows the secret", uri, message.c_str());
}

// What a URI sets, the URI the sink gives back, and the URIs it refuses.
void test_uri_properties_and_refusals() {
  g_autoptr(GError) error = nullptr;
  g_autoptr(GstElement) sink = gst_element_make_from_uri(
      GST_URI_SINK,
      "kaltura://0_abc123?flavor-params-id=3&wait-for=all-flavors&max-parallel-chunks=2&description=a%26b", nullptr,
      &error);
  g_assert_no_error(error);
  g_assert_cmpstr(GST_OBJECT_NAME(gst_element_get_factory(sink)), ==, "kalturasink");
  g_autofree char* entry_id = nullptr;
  g_autofree char* description = nullptr;
  gint flavor_params_id = 0;
  guint parallel = 0;
  g_object_get(sink, "entry-id", &entry_id, "description", &description, "flavor-params-id", &flavor_params_id,
               "max-parallel-chunks", &parallel, nullptr);
  g_assert_cmpstr(entry_id, ==, "0_abc123");
  g_assert_cmpstr(description, ==, "a&b");
  g_assert_cmpint(flavor_params_id, ==, 3);
  g_assert_cmpuint(parallel, ==, 2);
  g_autofree char* uri = gst_uri_handler_get_uri(GST_URI_HANDLER(sink));
  g_assert_cmpstr(uri, ==,
                  "kaltura://0_abc123?description=a%26b&flavor-params-id=3&wait-for=all-flavors&max-parallel-chunks=2");

  // A new entry: the URI replaces the one before, its entry and parameters
  // alike, and reads back as set; how to reach the service stays as it was.
  g_object_set(sink, "service-url", "http://127.0.0.1:9", nullptr);
  g_assert_true(gst_uri_handler_set_uri(GST_URI_HANDLER(sink), "kaltura://?entry-name=Next", nullptr));
  g_autofree char* cleared = nullptr;
  g_autofree char* cleared_description = nullptr;
  g_autofree char* kept_service_url = nullptr;
  g_object_get(sink, "entry-id", &cleared, "description", &cleared_description, "flavor-params-id", &flavor_params_id,
               "max-parallel-chunks", &parallel, "service-url", &kept_service_url, nullptr);
  g_assert_cmpstr(cleared ? cleared : "", ==, "");  // unset strings read back as NULL
  g_assert_cmpstr(cleared_description ? cleared_description : "", ==, "");
  g_assert_cmpint(flavor_params_id, ==, -1);
  g_assert_cmpuint(parallel, ==, 4);
  g_assert_cmpstr(kept_service_url, ==, "http://127.0.0.1:9");
  g_autofree char* next_uri = gst_uri_handler_get_uri(GST_URI_HANDLER(sink));
  g_assert_cmpstr(next_uri, ==, "kaltura://?entry-name=Next&service-url=http%3A%2F%2F127.0.0.1%3A9");

  expect_refused("kaltura://?secret=abc", "credentials are never taken from a URI");
  expect_refused("kaltura://?ks=djJ8MTAwfA", "credentials are never taken from a URI");
  expect_refused("kaltura://?app-token=abc", "credentials are never taken from a URI");
  expect_refused("kaltura://?colour=blue", "unknown parameter \"colour\"");
  expect_refused("kaltura://?upload-token-id=0_x", "unknown parameter \"upload-token-id\"");
  expect_refused("kaltura://?wait-for=sometimes", "wait-for is not one of none, entry-ready, all-flavors");
  expect_refused("kaltura://?max-parallel-chunks=many", "max-parallel-chunks is not a number");
  expect_refused("kaltura://?max-parallel-chunks=100000", "max-parallel-chunks is out of range");
  expect_refused("kaltura://?chunk-size=5", "chunk-size is out of range");
  expect_refused("kaltura://?chunk-size=2147483648", "chunk-size is out of range");
  expect_refused("kaltura://not%20an%20id", "is not an entry id");
  // A credential's value is never quoted, even when it is not encoded right.
  expect_refused("kaltura://?secret=s3cret-value%zz", "credentials are never taken from a URI");
  expect_refused("kaltura://?service-url=http://u:s3cret-value%@host",
                 "the value of \"service-url\" is not percent-encoded right");
  expect_refused("kaltura://partner:s3cret-value@host/0_abc", "is not an entry id");
  expect_refused("kaltura://0_abc&ks=s3cret-value", "is not an entry id");
  expect_refused("kaltura://?partner-id=s3cret-value", "partner-id is not a number");
  expect_refused("kaltura://?service-url=http://u:s3cret-value@host", "a password in service-url");
}

// The state file is rewritten at most once a second as chunks land, and
// when the upload stops: a pipeline stopped midway leaves it recording every
// chunk the server acknowledged.
void test_state_file_complete_when_stopped() {
  g_autofree char* dir = g_dir_make_tmp("kalturasink-state-XXXXXX", nullptr);
  const std::string state_path = std::string(dir) + "/upload.state";
  g_autoptr(GstElement) pipeline = pattern_pipeline(40 * 65536, 8192);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, shared_server());
  g_object_set(sink, "chunk-size", guint64{65536}, "max-parallel-chunks", 1u, "rewrite-window", gint64{0}, "entry-type",
               1, "state-file", state_path.c_str(), nullptr);
  BusLog log = run_until_acknowledged(pipeline, 10 * 65536);
  g_assert_false(log.eos);
  const guint64 acknowledged = stats_uint64(sink, "bytes-acknowledged");
  g_assert_cmpuint(acknowledged, >=, 10 * 65536);
  g_assert_cmpuint(recorded_bytes(state_path), ==, acknowledged);
  g_unlink(state_path.c_str());
  g_unlink((state_path + ".lock").c_str());
  g_rmdir(dir);
}

// A state file whose token the server no longer has (deleted, or expired):
// a warning says a new upload starts, with the details every message of the
// sink has, and the stream goes up whole into a new token.
void test_state_file_of_a_token_gone() {
  g_autofree char* dir = g_dir_make_tmp("kalturasink-state-XXXXXX", nullptr);
  const std::string state_path = std::string(dir) + "/upload.state";
  const std::string gone = "0_" + std::string(32, 'f');
  const std::string recorded = "token-id=" + gone + "\nentry-id=\nfile-name=pattern.bin\nchunk-size=65536\n" +
                               "head-size=0\nacknowledged=0-65536\n";
  g_assert_true(g_file_set_contents(state_path.c_str(), recorded.c_str(), -1, nullptr));
  const uint64_t total = 3 * 65536 + 17;
  g_autoptr(GstElement) pipeline = pattern_pipeline(total, 8192);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, shared_server());
  g_object_set(sink, "chunk-size", guint64{65536}, "entry-type", 1, "wait-for", 1, "state-file", state_path.c_str(),
               nullptr);
  BusLog log = run_to_eos(pipeline);
  g_assert_cmpuint(log.warnings.size(), ==, 1);
  g_autoptr(GError) warning = nullptr;
  g_autofree char* debug = nullptr;
  gst_message_parse_warning(log.warnings[0], &warning, &debug);
  g_assert_error(warning, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND);
  g_assert_nonnull(strstr(warning->message, "no longer exists; starting a new upload"));
  const GstStructure* details = nullptr;
  gst_message_parse_warning_details(log.warnings[0], &details);
  g_assert_nonnull(details);
  g_assert_true(gst_structure_has_field(details, "kaltura-code"));
  const std::string token_id = log.string_field("kaltura-upload-token-created", "token-id");
  g_assert_cmpstr(token_id.c_str(), !=, gone.c_str());
  assert_same_bytes(download_source(shared_server(), log.string_field("kaltura-entry-created", "entry-id")),
                    pattern_bytes(0, total));
  g_assert_false(g_file_test(state_path.c_str(), G_FILE_TEST_EXISTS));

  // With upload-token-id too: that token is continued, as if there had been
  // no state file, rather than a new upload started beside it.
  g_assert_true(g_file_set_contents(state_path.c_str(), recorded.c_str(), -1, nullptr));
  const std::string named =
      json_member(admin_call(shared_server(), "uploadtoken", "add", {{"uploadToken[fileName]", "named.bin"}}), "id");
  g_autoptr(GstElement) again = pattern_pipeline(total, 8192);
  g_autoptr(GstElement) again_sink = gst_bin_get_by_name(GST_BIN(again), "sink");
  point_sink_at(again_sink, shared_server());
  g_object_set(again_sink, "chunk-size", guint64{65536}, "state-file", state_path.c_str(), "upload-token-id",
               named.c_str(), nullptr);
  BusLog continued = run_to_eos(again);
  g_assert_cmpuint(continued.warnings.size(), ==, 1);
  g_autoptr(GError) continuing = nullptr;
  gst_message_parse_warning(continued.warnings[0], &continuing, nullptr);
  g_assert_nonnull(strstr(continuing->message, ("continuing upload token " + named).c_str()));
  assert_equal_text(continued.string_field("kaltura-upload-token-created", "token-id"), named);
  const std::string token = admin_call(shared_server(), "uploadtoken", "get", {{"uploadTokenId", named}});
  expect_member(token, "uploadedFileSize", std::to_string(total).c_str());
  g_unlink(state_path.c_str());
  g_unlink((state_path + ".lock").c_str());
  g_rmdir(dir);
}

// The flavor an upload sent, deleted while wait-for=entry-ready waits for it:
// there is nothing left to wait for (Kaltura lists no deleted asset).
void test_uploaded_flavor_deleted_while_waited_for() {
  DevServerProcess server({"--processing-delay-ms", "1500"});
  const std::string entry_id = sink_test::new_media_entry(server, "flavor deleted");
  upload_mp4_data(server, make_audio("mp4mux", 100),
                  [&](GstElement* sink) { g_object_set(sink, "entry-id", entry_id.c_str(), "wait-for", 1, nullptr); });
  g_autoptr(GstElement) pipeline = data_pipeline(make_audio("mp4mux", 60), 50000, "video/quicktime");
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "entry-id", entry_id.c_str(), "flavor-params-id", 3, "wait-for", 1, "wait-timeout", 20u, nullptr);
  std::string asset_id;
  bool deleted = false;
  BusLog log = run_pipeline(pipeline, 60, [&](GstMessage* message) {
    if (gst_message_has_name(message, "kaltura-upload-token-created"))
      asset_id = gst_structure_get_string(gst_message_get_structure(message), "asset-id");
    if (deleted || !gst_message_has_name(message, "kaltura-upload-complete")) return;
    deleted = true;
    admin_call(server, "flavorasset", "delete", {{"id", asset_id}});
  });
  g_assert_true(deleted);
  g_assert_null(log.error);
  g_assert_true(log.eos);
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  if (const char* child = g_getenv(kChildVariable)) return run_child(child);
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/kalturasink/targets/existing-entry", test_existing_entry_add_then_replace);
  g_test_add_func("/kalturasink/targets/existing-document", test_existing_document_add_then_replace);
  g_test_add_func("/kalturasink/targets/replacement-approved-by-another", test_replacement_approved_by_another);
  g_test_add_func("/kalturasink/targets/flavor", test_flavor_of_existing_entry);
  g_test_add_func("/kalturasink/targets/source-replaced-in-place", test_source_replaced_in_place);
  g_test_add_func("/kalturasink/targets/uploaded-flavor-deleted-while-waited-for",
                  test_uploaded_flavor_deleted_while_waited_for);
  g_test_add_func("/kalturasink/targets/attachment", test_attachment_of_existing_entry);
  g_test_add_func("/kalturasink/targets/splitmuxsink", test_splitmuxsink_fragments);
  g_test_add_func("/kalturasink/targets/splitmuxsink-sink-per-fragment", test_splitmuxsink_sink_per_fragment);
  g_test_add_func("/kalturasink/uri/in-a-pipeline-description", test_uri_in_a_pipeline_description);
  g_test_add_func("/kalturasink/uri/properties-and-refusals", test_uri_properties_and_refusals);
  g_test_add_func("/kalturasink/resume/state-file", test_resume_with_state_file);
  g_test_add_func("/kalturasink/resume/upload-token-id", test_resume_with_token_id);
  g_test_add_func("/kalturasink/resume/another-stream-refused", test_resume_refuses_another_stream);
  g_test_add_func("/kalturasink/resume/shorter-stream-refused", test_resume_refuses_a_shorter_stream);
  g_test_add_func("/kalturasink/resume/upload-token-id-shorter-stream-refused",
                  test_resume_token_id_refuses_a_shorter_stream);
  g_test_add_func("/kalturasink/resume/another-target-refused", test_resume_refuses_another_target);
  g_test_add_func("/kalturasink/resume/another-flavor-refused", test_resume_refuses_another_flavor);
  g_test_add_func("/kalturasink/resume/eos-before-the-end-of-the-file", test_eos_before_the_end_of_the_file);
  g_test_add_func("/kalturasink/resume/state-file-complete-when-stopped", test_state_file_complete_when_stopped);
  g_test_add_func("/kalturasink/resume/state-file-of-a-token-gone", test_state_file_of_a_token_gone);
  g_test_add_func("/kalturasink/resume/state-file-of-one-upload-at-a-time", test_state_file_of_one_upload_at_a_time);
  g_test_add_func("/kalturasink/resume/replacement-approved", test_resumed_replacement_approved);
  g_test_add_func("/kalturasink/resume/replacement-entry-from-token", test_resumed_replacement_entry_from_token);
  g_test_add_func("/kalturasink/resume/state-file-attach-after-final", test_resume_attach_after_final);
  g_test_add_func("/kalturasink/resume/upload-token-id-attach-after-final", test_resume_token_id_attach_after_final);
  return g_test_run();
}
