// Muxers that seek back to patch what they wrote (mp4mux and qtmux the mdat
// size, matroskamux its sizes, duration and seek head) in their default
// modes, and one that never does (oggmux), straight into kalturasink: the
// entry's file plays, with the right duration, and holds exactly the
// muxer's bytes.
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "devserver_process.h"
#include "discovered_media.h"
#include "sink_test_support.h"

using testing_support::DevServerProcess;
using namespace sink_test;

namespace {

DevServerProcess& shared_server() {
  static DevServerProcess server({"--processing-delay-ms", "20"});
  return server;
}

struct MuxedUpload {
  std::string entry_id;
  std::string token_id;
  std::string stored;
  std::string file_ext;
};

MuxedUpload upload_muxed(const char* muxer, int frames, const std::function<void(GstElement*)>& configure = {}) {
  g_autofree char* description = g_strdup_printf(
      "audiotestsrc wave=square num-buffers=%d samplesperbuffer=960 ! audio/x-raw,rate=48000,channels=2 ! opusenc "
      "bitrate=512000 ! %s ! kalturasink name=sink",
      frames, muxer);
  g_autoptr(GError) error = nullptr;
  g_autoptr(GstElement) pipeline = gst_parse_launch(description, &error);
  g_assert_no_error(error);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, shared_server());
  // Small chunks, so the file spans several and the head is patched in memory.
  g_object_set(sink, "chunk-size", guint64{65536}, "wait-for", 1, "entry-name", muxer, nullptr);
  if (configure) configure(sink);
  BusLog log = run_pipeline(pipeline, 90);
  if (log.error) {
    g_autoptr(GError) gerror = log.error_gerror();
    g_error("%s upload failed: %s", muxer, gerror->message);
  }
  g_assert_true(log.eos);
  MuxedUpload upload;
  upload.entry_id = log.string_field("kaltura-entry-created", "entry-id");
  upload.token_id = log.string_field("kaltura-upload-token-created", "token-id");
  g_assert_nonnull(log.first("kaltura-entry-ready"));
  upload.stored = download_source(shared_server(), upload.entry_id);
  const std::string entry = admin_call(shared_server(), "baseentry", "get", {{"entryId", upload.entry_id}});
  const std::string name = json_member(entry, "name");
  g_assert_cmpstr(name.c_str(), ==, muxer);
  const std::string flavors =
      admin_call(shared_server(), "flavorasset", "list", {{"filter[entryIdEqual]", upload.entry_id}});
  const char* ext = strstr(flavors.c_str(), "\"fileExt\":\"");
  g_assert_nonnull(ext);
  upload.file_ext = std::string(ext + 11, strchr(ext + 11, '"'));
  return upload;
}

// The token's first upload, as the server logged it.
std::string first_upload_of(const MuxedUpload& upload) {
  const std::string log = shared_server().log();
  const size_t at = log.find("uploadtoken.upload uploadTokenId=" + upload.token_id + " ");
  g_assert_true(at != std::string::npos);
  return log.substr(at, log.find('\n', at) - at);
}

// An Ogg file with each page's stream serial number and checksum zeroed:
// oggmux picks the serial numbers at random, so two runs differ there (and
// in the checksums over them) by a count of bytes that varies from run to
// run. Other files are returned as they are.
std::string without_ogg_serials(const char* muxer, std::string file) {
  if (strcmp(muxer, "oggmux") != 0) return file;
  constexpr size_t kSerialAt = 14, kChecksumAt = 22, kSegmentCountAt = 26, kHeaderSize = 27;
  size_t page = 0;
  while (page + kHeaderSize <= file.size()) {
    g_assert_true(file.compare(page, 4, "OggS") == 0);
    std::fill_n(file.begin() + page + kSerialAt, 4, '\0');
    std::fill_n(file.begin() + page + kChecksumAt, 4, '\0');
    const size_t segments = static_cast<unsigned char>(file[page + kSegmentCountAt]);
    g_assert_cmpuint(page + kHeaderSize + segments, <=, file.size());
    size_t body = 0;
    for (size_t i = 0; i < segments; ++i) body += static_cast<unsigned char>(file[page + kHeaderSize + i]);
    page += kHeaderSize + segments + body;
  }
  g_assert_cmpuint(page, ==, file.size());
  return file;
}

MuxedUpload check_muxer(const char* muxer, const char* extension) {
  constexpr int kFrames = 250;  // 5 s
  MuxedUpload upload = upload_muxed(muxer, kFrames);
  g_assert_cmpstr(upload.file_ext.c_str(), ==, extension);
  g_assert_cmpuint(upload.stored.size(), >, 3 * 65536u);
  const double duration = testing_support::discover_media(upload.stored).duration_ms / 1000.0;
  g_test_message("%s: %zu bytes, %.3f s", muxer, upload.stored.size(), duration);
  g_assert_cmpfloat(std::fabs(duration - 5.0), <, 0.1);
  // The same muxer into a local file gives the same bytes but for creation
  // times and random UIDs (whose encoded length may vary by a byte or two):
  // the upload differs from it no more than two local runs differ.
  const std::string local = without_ogg_serials(muxer, make_audio(muxer, kFrames));
  const std::string local_again = without_ogg_serials(muxer, make_audio(muxer, kFrames));
  auto difference = [](const std::string& a, const std::string& b) {
    size_t differing = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    if (differing > 0) return differing;  // offsets shifted: only the sizes compare
    for (size_t i = 0; i < a.size(); ++i) differing += a[i] != b[i];
    return differing;
  };
  const size_t differing = difference(local, without_ogg_serials(muxer, upload.stored));
  const size_t differing_locally = difference(local, local_again);
  g_test_message("%s: %zu bytes differ from a local file, %zu between two local files", muxer, differing,
                 differing_locally);
  g_assert_cmpuint(differing, <=, std::max<size_t>(differing_locally, 40));
  // Ogg has nothing random left once its serial numbers are zeroed.
  if (strcmp(muxer, "oggmux") == 0) g_assert_cmpuint(differing, ==, 0);
  return upload;
}

// mp4mux patches its head at EOS: the token starts with an empty upload and
// the head goes last (the deferred-head recipe).
void test_mp4mux() {
  const MuxedUpload upload = check_muxer("mp4mux", "mp4");
  g_assert_nonnull(strstr(first_upload_of(upload).c_str(), "resume=false resumeAt=0 finalChunk=false fileData=0B"));
}
void test_qtmux() { check_muxer("qtmux", "mov"); }
// Audio only: matroskamux says audio/x-matroska, a .mka file.
void test_matroskamux() { check_muxer("matroskamux", "mka"); }

// oggmux writes strictly forward (so does mpegtsmux): by default nothing is
// held back, and the token's first upload is the first chunk of data.
void test_oggmux_in_order() {
  const MuxedUpload upload = check_muxer("oggmux", "ogg");
  g_assert_nonnull(strstr(first_upload_of(upload).c_str(), "resume=false resumeAt=0 finalChunk=false fileData=65536B"));
}

// Video in matroskamux: each cluster's size is patched when the cluster
// ends, about 190 KB back here (half a second of 160x120 JPEG frames), well
// past the 64 KiB the sink holds back at first. The first cluster's patch
// lands in the held head and shows how far back to hold from then on. A tee
// gives a local file the same bytes and the same seeks.
void test_matroskamux_video_clusters() {
  g_autofree char* local_path = g_build_filename(g_get_tmp_dir(), "kalturasink-clusters-XXXXXX.mkv", nullptr);
  const int fd = g_mkstemp(local_path);
  g_assert_cmpint(fd, >=, 0);
  close(fd);
  g_autofree char* description = g_strdup_printf(
      "videotestsrc pattern=snow num-buffers=150 ! video/x-raw,width=160,height=120,framerate=30/1 ! jpegenc ! "
      "matroskamux ! tee name=split split. ! queue ! filesink location=\"%s\" split. ! queue ! kalturasink name=sink",
      local_path);
  g_autoptr(GError) error = nullptr;
  g_autoptr(GstElement) pipeline = gst_parse_launch(description, &error);
  g_assert_no_error(error);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, shared_server());
  g_object_set(sink, "chunk-size", guint64{262144}, "wait-for", 1, "entry-name", "video clusters", nullptr);
  BusLog log = run_pipeline(pipeline, 90);
  if (log.error) {
    g_autoptr(GError) gerror = log.error_gerror();
    g_error("matroskamux video upload failed: %s", gerror->message);
  }
  g_assert_true(log.eos);
  const std::string entry_id = log.string_field("kaltura-entry-created", "entry-id");
  const std::string stored = download_source(shared_server(), entry_id);
  g_autofree char* local = nullptr;
  gsize local_size = 0;
  g_assert_true(g_file_get_contents(local_path, &local, &local_size, nullptr));
  g_unlink(local_path);
  g_assert_cmpuint(stored.size(), >, 6 * 262144u);
  assert_same_bytes(stored, std::string(local, local_size));
  const double duration = testing_support::discover_media(stored).duration_ms / 1000.0;
  g_assert_cmpfloat(std::fabs(duration - 5.0), <, 0.1);
}

void test_fragmented_mp4_in_order() {
  // Fragmented, streamable MP4 never seeks back: it works with
  // rewrite-window=0, which uploads strictly in order.
  const char* muxer = "mp4mux fragment-duration=1000 streamable=true";
  MuxedUpload upload = upload_muxed(muxer, 150, [](GstElement* sink) {
    g_object_set(sink, "rewrite-window", gint64{0}, nullptr);
  });
  // Without an index the discoverer sees at least the first fragment.
  g_assert_cmpint(testing_support::discover_media(upload.stored).duration_ms, >, 900);
  g_assert_cmpuint(upload.stored.size(), >, 2 * 65536u);
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/kalturasink/muxers/mp4mux", test_mp4mux);
  g_test_add_func("/kalturasink/muxers/qtmux", test_qtmux);
  g_test_add_func("/kalturasink/muxers/matroskamux", test_matroskamux);
  g_test_add_func("/kalturasink/muxers/oggmux-in-order", test_oggmux_in_order);
  g_test_add_func("/kalturasink/muxers/matroskamux-video-clusters", test_matroskamux_video_clusters);
  g_test_add_func("/kalturasink/muxers/fragmented-mp4-in-order", test_fragmented_mp4_in_order);
  return g_test_run();
}
