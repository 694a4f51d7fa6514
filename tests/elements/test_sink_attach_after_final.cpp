// kalturasink against a server that attaches complete upload tokens only
// (kaltura-devserver --no-deferred-attach answers the attaching call of an
// unfinished token with UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY, as Kaltura
// servers that predate deferred attachment do). The sink then makes that
// call in the same multirequest as the final chunk, and every kind of target
// still gets its content, whole.
#include <gst/gst.h>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "devserver_process.h"
#include "sink_test_support.h"

using testing_support::DevServerProcess;
using namespace sink_test;

namespace {

constexpr const char* kRefused = "-> UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY";

DevServerProcess& complete_tokens_only_server() {
  static DevServerProcess server({"--no-deferred-attach", "--processing-delay-ms", "20"});
  return server;
}

std::vector<std::string> log_lines() {
  std::vector<std::string> lines;
  std::istringstream log(complete_tokens_only_server().log());
  for (std::string line; std::getline(log, line);) lines.push_back(line);
  return lines;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Where the server first refused the attaching call.
enum class Refused {
  InOpeningBatch,
  Alone,  // after the opening batch: document_documents.updateContent follows media's ENTRY_ID_NOT_FOUND
};

// The attaching call (action, e.g. "media.addcontent") was refused once, in
// the opening multirequest, then made with the final chunk in one
// multirequest, and only there: no round trip of its own.
void assert_attached_with_final_chunk(const std::vector<std::string>& before, const char* action,
                                      Refused where = Refused::InOpeningBatch) {
  const std::vector<std::string> lines = log_lines();
  int refused = 0, attached = 0;
  for (size_t i = before.size(); i < lines.size(); ++i) {
    // A line names a call alone at its start, one of a multirequest after "multirequest[N]".
    const std::string call = std::string(action) + " ";
    if (lines[i].rfind(call, 0) != 0 && !contains(lines[i], " " + call)) continue;
    if (contains(lines[i], kRefused)) {
      g_assert_true(contains(lines[i], "multirequest[") == (where == Refused::InOpeningBatch));
      ++refused;
      continue;
    }
    g_assert_true(contains(lines[i], "-> ok"));
    g_assert_true(contains(lines[i], "multirequest[2] "));
    g_assert_true(contains(lines[i - 1], "multirequest[1] uploadtoken.upload"));
    g_assert_true(contains(lines[i - 1], "finalChunk=true"));
    g_assert_true(contains(lines[i - 1], "-> ok"));
    ++attached;
  }
  g_assert_cmpint(refused, ==, 1);
  g_assert_cmpint(attached, ==, 1);
}

std::string new_media_entry(const char* name) {
  return sink_test::new_media_entry(complete_tokens_only_server(), name);
}

// Uploads data in chunks of 64 KiB, two at a time; fails the test on an error.
BusLog upload(const std::string& data, const std::function<void(GstElement*)>& configure) {
  return upload_mp4_data(complete_tokens_only_server(), data, [&](GstElement* sink) {
    g_object_set(sink, "max-parallel-chunks", 2u, nullptr);
    configure(sink);
  });
}

void test_new_entry() {
  const auto before = log_lines();
  const std::string recording = make_audio("mp4mux", 150);
  BusLog log = upload(recording, [](GstElement* sink) { g_object_set(sink, "wait-for", 1, nullptr); });
  const std::string entry_id = log.string_field("kaltura-entry-created", "entry-id");
  g_assert_cmpstr(entry_id.c_str(), !=, "");
  g_assert_nonnull(log.first("kaltura-entry-ready"));
  assert_same_bytes(download_source(complete_tokens_only_server(), entry_id), recording);
  assert_attached_with_final_chunk(before, "media.addcontent");
}

void test_existing_entry_replaced_and_approved() {
  const std::string entry_id = new_media_entry("replaced on an older server");
  const std::string first = make_audio("mp4mux", 100);
  upload(first, [&](GstElement* sink) { g_object_set(sink, "entry-id", entry_id.c_str(), "wait-for", 1, nullptr); });
  assert_same_bytes(download_source(complete_tokens_only_server(), entry_id), first);

  const auto before = log_lines();
  const std::string second = make_audio("mp4mux", 130);
  BusLog replaced = upload(
      second, [&](GstElement* sink) { g_object_set(sink, "entry-id", entry_id.c_str(), "wait-for", 1, nullptr); });
  g_assert_nonnull(replaced.first("kaltura-entry-ready"));
  assert_attached_with_final_chunk(before, "media.updatecontent");
  // Approved (approve-replacement defaults to true): the entry holds the new content.
  assert_same_bytes(download_source(complete_tokens_only_server(), entry_id), second);
  const std::string entry = admin_call(complete_tokens_only_server(), "baseentry", "get", {{"entryId", entry_id}});
  assert_equal_text(json_member(entry, "replacementStatus"), "0");
}

void test_existing_document_replaced_and_approved() {
  const std::string added = admin_call(complete_tokens_only_server(), "baseentry", "add",
                                       {{"entry[objectType]", "KalturaDocumentEntry"}, {"entry[name]", "handout"}});
  const std::string entry_id = json_member(added, "id");
  const auto upload_pdf = [&](const std::string& data) {
    return upload(data, [&](GstElement* sink) {
      g_object_set(sink, "entry-id", entry_id.c_str(), "file-name", "handout.pdf", "wait-for", 1, nullptr);
    });
  };
  const std::string first = "%PDF-1.4\n" + pattern_bytes(0, 140000);
  upload_pdf(first);
  assert_same_bytes(download_source(complete_tokens_only_server(), entry_id), first);

  const auto before = log_lines();
  const std::string second = "%PDF-1.4\n" + pattern_bytes(3, 170000);
  BusLog replaced = upload_pdf(second);
  g_assert_nonnull(replaced.first("kaltura-entry-ready"));
  assert_attached_with_final_chunk(before, "document_documents.updatecontent", Refused::Alone);
  assert_same_bytes(download_source(complete_tokens_only_server(), entry_id), second);
  const std::string entry = admin_call(complete_tokens_only_server(), "baseentry", "get", {{"entryId", entry_id}});
  assert_equal_text(json_member(entry, "replacementStatus"), "0");
}

void test_flavor() {
  const std::string entry_id = new_media_entry("rendition on an older server");
  const std::string source = make_audio("mp4mux", 100);
  upload(source, [&](GstElement* sink) { g_object_set(sink, "entry-id", entry_id.c_str(), "wait-for", 1, nullptr); });

  const auto before = log_lines();
  const std::string rendition = make_audio("mp4mux", 60);
  BusLog log = upload(rendition, [&](GstElement* sink) {
    g_object_set(sink, "entry-id", entry_id.c_str(), "flavor-params-id", 3, "wait-for", 2, nullptr);
  });
  assert_attached_with_final_chunk(before, "flavorasset.setcontent");
  const std::string asset_id = log.string_field("kaltura-upload-token-created", "asset-id");
  bool ready = false;
  for (const GstStructure* flavor : log.named("kaltura-flavor-ready"))
    ready = ready || g_strcmp0(gst_structure_get_string(flavor, "flavor-asset-id"), asset_id.c_str()) == 0;
  g_assert_true(ready);
  assert_same_bytes(download_source(complete_tokens_only_server(), entry_id, 3), rendition);
}

void test_attachment() {
  const std::string entry_id = new_media_entry("notes on an older server");
  const auto before = log_lines();
  const std::string notes = pattern_bytes(0, 200000);
  BusLog log = upload(notes, [&](GstElement* sink) {
    g_object_set(sink, "entry-id", entry_id.c_str(), "attachment-title", "notes", "file-name", "notes.txt", nullptr);
  });
  assert_attached_with_final_chunk(before, "attachment_attachmentasset.setcontent");
  const std::string asset_id = log.string_field("kaltura-upload-token-created", "asset-id");
  assert_same_bytes(download_attachment(complete_tokens_only_server(), asset_id), notes);
}

// The final chunk and the attaching call share a multirequest: when its
// answer is lost after the server applied it, the token (CLOSED or not) tells
// whether the attaching call is still to make.
void test_final_multirequest_answer_lost() {
  DevServerProcess server({"--no-deferred-attach", "--processing-delay-ms", "20", "--fault-rate", "0.5",
                           "--fault-kinds", "apply-then-drop", "--fault-actions", "uploadtoken.upload", "--fault-seed",
                           "3"});
  const std::string data = pattern_bytes(0, 6 * 65536 + 123);
  g_autoptr(GstElement) pipeline = data_pipeline(data, 20000, "application/octet-stream");
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "chunk-size", guint64{65536}, "max-parallel-chunks", 1u, "entry-type", 1, "retries", 12, nullptr);
  BusLog log = run_to_eos(pipeline);
  const std::string server_log = server.log();
  g_assert_true(
      contains(server_log, "fault apply-then-drop on multirequest,uploadtoken.upload,document_documents.addcontent"));
  server.restart({"--no-deferred-attach", "--processing-delay-ms", "20"});
  const std::string entry_id = log.string_field("kaltura-entry-created", "entry-id");
  for (int i = 0;
       i < 100 && json_member(admin_call(server, "baseentry", "get", {{"entryId", entry_id}}), "status") != "2"; ++i)
    g_usleep(50000);
  assert_same_bytes(download_source(server, entry_id), data);
}

// Stops an upload once two of its chunks are in (on-error=keep): on this
// server its token stays unfinished and attached to nothing. Returns the
// sink's kaltura-upload-token-created message fields (token-id, asset-id).
std::pair<std::string, std::string> stop_after_two_chunks(const DevServerProcess& server, const std::string& data,
                                                          const std::function<void(GstElement*)>& configure) {
  g_autoptr(GstElement) pipeline = data_pipeline(data, 20000, "video/quicktime, variant=(string)iso");
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "chunk-size", guint64{65536}, "max-parallel-chunks", 1u, "rewrite-window", gint64{0}, nullptr);
  configure(sink);
  BusLog log = run_until_acknowledged(pipeline, 2 * 65536);
  const std::string token_id = log.string_field("kaltura-upload-token-created", "token-id");
  const std::string token = admin_call(server, "uploadtoken", "get", {{"uploadTokenId", token_id}});
  assert_equal_text(json_member(token, "status"), "1");  // PARTIAL_UPLOAD
  assert_equal_text(json_member(token, "attachedObjectId"), "");
  return {token_id, log.string_field("kaltura-upload-token-created", "asset-id")};
}

// The final chunk and the attaching call share a multirequest: when the
// server takes the chunk but fails the call, the call is made again alone.
void test_attach_failing_beside_final_chunk() {
  // With this seed, of the three requests that hold the call (the opening
  // multirequest, the final one, the call alone) only the second fails it.
  DevServerProcess server({"--no-deferred-attach", "--processing-delay-ms", "20", "--fault-rate", "0.5",
                           "--fault-kinds", "call-error", "--fault-actions", "document_documents.addcontent",
                           "--fault-seed", "22"});
  const std::string data = pattern_bytes(0, 5 * 65536 + 77);
  g_autoptr(GstElement) pipeline = data_pipeline(data, 20000, "application/octet-stream");
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, server);
  g_object_set(sink, "chunk-size", guint64{65536}, "max-parallel-chunks", 1u, "entry-type", 1, nullptr);
  BusLog log = run_to_eos(pipeline);

  std::vector<std::string> calls;  // the server's log lines of the attaching call, in order
  std::istringstream lines(server.log());
  for (std::string line; std::getline(lines, line);)
    if (contains(line, "document_documents.addcontent ") && line.rfind("fault ", 0) != 0) calls.push_back(line);
  g_assert_cmpuint(calls.size(), ==, 3u);
  g_assert_true(contains(calls[0], "multirequest[3] ") && contains(calls[0], kRefused));
  g_assert_true(contains(calls[1], "multirequest[2] ") && contains(calls[1], "-> INTERNAL_SERVERL_ERROR"));
  g_assert_true(!contains(calls[2], "multirequest[") && contains(calls[2], "-> ok"));
  g_assert_true(
      contains(server.log(), "fault call-error on multirequest,uploadtoken.upload,document_documents.addcontent"));

  const std::string entry_id = log.string_field("kaltura-entry-created", "entry-id");
  for (int i = 0;
       i < 100 && json_member(admin_call(server, "baseentry", "get", {{"entryId", entry_id}}), "status") != "2"; ++i)
    g_usleep(50000);
  assert_same_bytes(download_source(server, entry_id), data);
}

// A flavor and an attachment whose first run stopped early are continued
// with upload-token-id and entry-id alone (no state file): the token goes to
// the asset the first run created, with the final chunk.
void test_assets_resumed_with_token_id() {
  DevServerProcess server({"--no-deferred-attach", "--latency-ms", "40", "--processing-delay-ms", "20"});
  const std::string entry_id = sink_test::new_media_entry(server, "resumed on an older server");
  upload_mp4_data(server, make_audio("mp4mux", 100),
                  [&](GstElement* sink) { g_object_set(sink, "entry-id", entry_id.c_str(), "wait-for", 1, nullptr); });

  const std::string rendition = make_audio("mp4mux", 400);
  const auto as_flavor = [&](GstElement* sink) {
    g_object_set(sink, "entry-id", entry_id.c_str(), "flavor-params-id", 3, nullptr);
  };
  const auto [flavor_token, flavor_id] = stop_after_two_chunks(server, rendition, as_flavor);
  g_assert_cmpstr(flavor_id.c_str(), !=, "");
  BusLog flavor_log = upload_mp4_data(server, rendition, [&](GstElement* sink) {
    as_flavor(sink);
    g_object_set(sink, "upload-token-id", flavor_token.c_str(), "wait-for", 2, nullptr);
  });
  assert_equal_text(flavor_log.string_field("kaltura-upload-token-created", "asset-id"), flavor_id);
  bool ready = false;
  for (const GstStructure* flavor : flavor_log.named("kaltura-flavor-ready"))
    ready = ready || g_strcmp0(gst_structure_get_string(flavor, "flavor-asset-id"), flavor_id.c_str()) == 0;
  g_assert_true(ready);
  assert_same_bytes(download_source(server, entry_id, 3), rendition);

  const std::string notes = pattern_bytes(0, 400000);
  const auto as_attachment = [&](GstElement* sink) {
    g_object_set(sink, "entry-id", entry_id.c_str(), "attachment-title", "notes", "file-name", "notes.txt", nullptr);
  };
  const auto [notes_token, notes_id] = stop_after_two_chunks(server, notes, as_attachment);
  g_assert_cmpstr(notes_id.c_str(), !=, "");
  BusLog notes_log = upload_mp4_data(server, notes, [&](GstElement* sink) {
    as_attachment(sink);
    g_object_set(sink, "upload-token-id", notes_token.c_str(), nullptr);
  });
  assert_equal_text(notes_log.string_field("kaltura-upload-token-created", "asset-id"), notes_id);
  assert_same_bytes(download_attachment(server, notes_id), notes);
  // The first run's asset got the content: no second attachment was made.
  const std::string listed =
      admin_call(server, "attachment_attachmentasset", "list", {{"filter[entryIdEqual]", entry_id}});
  assert_equal_text(json_member(listed, "totalCount"), "1");
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/kalturasink/attach-after-final/new-entry", test_new_entry);
  g_test_add_func("/kalturasink/attach-after-final/existing-entry", test_existing_entry_replaced_and_approved);
  g_test_add_func("/kalturasink/attach-after-final/existing-document", test_existing_document_replaced_and_approved);
  g_test_add_func("/kalturasink/attach-after-final/flavor", test_flavor);
  g_test_add_func("/kalturasink/attach-after-final/attachment", test_attachment);
  g_test_add_func("/kalturasink/attach-after-final/answer-lost", test_final_multirequest_answer_lost);
  g_test_add_func("/kalturasink/attach-after-final/attach-failing-beside-final-chunk",
                  test_attach_failing_beside_final_chunk);
  g_test_add_func("/kalturasink/attach-after-final/assets-resumed-with-token-id", test_assets_resumed_with_token_id);
  return g_test_run();
}
