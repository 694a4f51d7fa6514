// The fields of the entry kalturasink creates, as the server stores them:
// from its properties, else from upstream's tags, else from the name of the
// file upstream reads; and the upload's file name, whose extension tells
// Kaltura the format.
#include <glib/gstdio.h>
#include <gst/gst.h>

#include <string>

#include "asf_headers.h"
#include "devserver_process.h"
#include "sink_test_support.h"

using testing_support::DevServerProcess;
using namespace sink_test;

namespace {

DevServerProcess& shared_server() {
  static DevServerProcess server({"--processing-delay-ms", "20"});
  return server;
}

// A directory of its own for the files a test reads, removed with it.
struct ScratchDirectory {
  std::string path;
  ScratchDirectory() {
    g_autoptr(GError) error = nullptr;
    g_autofree char* made = g_dir_make_tmp("kalturasink-fields-XXXXXX", &error);
    g_assert_no_error(error);
    path = made;
  }
  ~ScratchDirectory() {
    if (GDir* dir = g_dir_open(path.c_str(), 0, nullptr)) {
      while (const char* name = g_dir_read_name(dir)) g_unlink((path + "/" + name).c_str());
      g_dir_close(dir);
    }
    g_rmdir(path.c_str());
  }
  std::string write(const char* name, const std::string& bytes) const {
    const std::string file = path + "/" + name;
    g_autoptr(GError) error = nullptr;
    g_file_set_contents(file.c_str(), bytes.data(), static_cast<gssize>(bytes.size()), &error);
    g_assert_no_error(error);
    return file;
  }
};

struct Upload {
  BusLog log;
  std::string entry;  // baseentry.get of the new entry
  std::string token;  // uploadToken.get of its token
};

// Runs "SOURCE_AND_FILTERS ! DOWNSTREAM" to EOS, DOWNSTREAM holding a
// kalturasink named sink, and reads back the entry and the token it reported.
Upload upload(const std::string& upstream, const std::function<void(GstElement*)>& configure = {},
              const std::string& downstream = "kalturasink name=sink") {
  const std::string description = upstream + " ! " + downstream;
  g_autoptr(GError) error = nullptr;
  g_autoptr(GstElement) pipeline = gst_parse_launch(description.c_str(), &error);
  g_assert_no_error(error);
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, shared_server());
  if (configure) configure(sink);
  Upload result{run_to_eos(pipeline), "", ""};
  const std::string entry_id = result.log.string_field("kaltura-entry-created", "entry-id");
  const std::string token_id = result.log.string_field("kaltura-upload-token-created", "token-id");
  g_assert_cmpstr(entry_id.c_str(), !=, "");
  result.entry = admin_call(shared_server(), "baseentry", "get", {{"entryId", entry_id}});
  result.token = admin_call(shared_server(), "uploadtoken", "get", {{"uploadTokenId", token_id}});
  return result;
}

std::string file_source(const std::string& path) {
  g_autofree char* quoted = g_strdup_printf("filesrc location=\"%s\"", path.c_str());
  return quoted;
}

// filesrc ! kalturasink with the location set on filesrc itself: a name
// gst_parse_launch cannot carry (bytes that are not UTF-8, control characters).
Upload upload_file_set_on_filesrc(const std::string& path) {
  return upload("filesrc name=file", [&](GstElement* sink) {
    g_autoptr(GstObject) pipeline = gst_object_get_parent(GST_OBJECT(sink));
    g_autoptr(GstElement) file = gst_bin_get_by_name(GST_BIN(pipeline), "file");
    g_object_set(file, "location", path.c_str(), nullptr);
  });
}

// Every field a property sets, with tags upstream that the properties win over.
void test_fields_from_properties() {
  ScratchDirectory dir;
  const std::string path = dir.write("take-3.m4a", make_audio("mp4mux", 50));
  Upload result =
      upload(file_source(path) + " ! taginject tags=\"title=\\\"From the tags\\\",description=\\\"Tag text\\\"\"",
             [](GstElement* sink) {
               g_object_set(sink, "entry-name", "Weekly review", "description", "Recorded on stage", "tags",
                            "review,weekly", "reference-id", "ext-42", "categories", "Meetings>Weekly", "entry-user-id",
                            "presenter@example.com", "conversion-profile-id", gint64{2}, nullptr);
             });
  expect_member(result.entry, "name", "Weekly review");
  expect_member(result.entry, "description", "Recorded on stage");
  expect_member(result.entry, "tags", "review,weekly");
  expect_member(result.entry, "referenceId", "ext-42");
  expect_member(result.entry, "categories", "Meetings>Weekly");
  expect_member(result.entry, "userId", "presenter@example.com");
  expect_member(result.entry, "conversionProfileId", "2");
  // The file keeps the name it has upstream.
  expect_member(result.token, "fileName", "take-3.m4a");
}

// Without properties, upstream's tags fill the entry.
void test_fields_from_tags() {
  Upload result = upload(
      "audiotestsrc num-buffers=50 ! opusenc ! taginject tags=\"title=\\\"Morning show\\\",description=\\\"Live "
      "from the studio\\\",keywords={news,radio}\" ! oggmux");
  expect_member(result.entry, "name", "Morning show");
  expect_member(result.entry, "description", "Live from the studio");
  expect_member(result.entry, "tags", "news,radio");
  expect_member(result.entry, "mediaType", "5");  // audio: all that oggmux takes in is Opus
  expect_member(result.token, "fileName", "Morning show.ogg");
}

// filesrc location=… ! kalturasink: the file read names the entry and the
// upload, as a person uploading a file expects.
void test_names_from_the_file_upstream_reads() {
  ScratchDirectory dir;
  const std::string path = dir.write("Field recording.m4a", make_audio("mp4mux", 50));
  Upload plain = upload(file_source(path));
  expect_member(plain.entry, "name", "Field recording");
  expect_member(plain.token, "fileName", "Field recording.m4a");

  // Remuxed on the way: the name stays, the extension is the new format's
  // (matroskamux with audio only says audio/x-matroska).
  Upload remuxed = upload(file_source(path) + " ! qtdemux ! matroskamux");
  expect_member(remuxed.entry, "name", "Field recording");
  expect_member(remuxed.token, "fileName", "Field recording.mka");

  // A name in the file system's bytes that are not UTF-8 (Latin-1 here):
  // what does not convert becomes U+FFFD, and the rest of the name stays.
  const std::string latin1 = dir.write("caf\xe9 take.m4a", make_audio("mp4mux", 50));
  Upload converted = upload_file_set_on_filesrc(latin1);
  expect_member(converted.entry, "name", "caf\xef\xbf\xbd take");
  expect_member(converted.token, "fileName", "caf\xef\xbf\xbd take.m4a");
}

// Kaltura refuses text holding control characters (INVALID_PARAMETER_CHAR):
// a stream's title and description (broadcast metadata may carry them) and
// a file's name reach the entry without them, rather than failing it.
void test_characters_kaltura_refuses() {
  Upload tagged =
      upload("audiotestsrc num-buffers=50 ! opusenc ! taginject name=inject ! oggmux", [](GstElement* sink) {
        g_autoptr(GstObject) pipeline = gst_object_get_parent(GST_OBJECT(sink));
        g_autoptr(GstElement) inject = gst_bin_get_by_name(GST_BIN(pipeline), "inject");
        g_object_set(inject, "tags", "title=\"Morning\x01 show\",description=\"Live\x1b from\tthe studio\"", nullptr);
      });
  expect_member(tagged.entry, "name", "Morning show");
  expect_member(tagged.entry, "description", "Live from\tthe studio");
  expect_member(tagged.token, "fileName", "Morning show.ogg");

  ScratchDirectory dir;
  const std::string path = dir.write("Take\x02 two.m4a", make_audio("mp4mux", 50));
  Upload named = upload_file_set_on_filesrc(path);
  expect_member(named.entry, "name", "Take two");
  expect_member(named.token, "fileName", "Take two.m4a");
}

// Caps that name no format and no file upstream (appsrc, fdsrc, kalturasrc):
// the first bytes give the extension (by which Kaltura tells the format) and
// the media type.
void test_format_from_the_first_bytes() {
  g_autoptr(GstElement) pipeline = data_pipeline(make_audio("matroskamux", 50), 50000, "application/octet-stream");
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  point_sink_at(sink, shared_server());
  g_object_set(sink, "entry-name", "Interview", nullptr);
  BusLog log = run_to_eos(pipeline);
  const std::string entry = admin_call(shared_server(), "baseentry", "get",
                                       {{"entryId", log.string_field("kaltura-entry-created", "entry-id")}});
  const std::string token =
      admin_call(shared_server(), "uploadtoken", "get",
                 {{"uploadTokenId", log.string_field("kaltura-upload-token-created", "token-id")}});
  expect_member(token, "fileName", "Interview.mka");
  expect_member(entry, "mediaType", "5");
}

// No caps, no tags, no file upstream, bytes of no known format: a file name
// the server accepts.
void test_names_without_anything_to_go_by() {
  Upload result = upload("fakesrc num-buffers=3 sizetype=fixed sizemax=1000 filltype=zero",
                         [](GstElement* sink) { g_object_set(sink, "entry-type", 1, nullptr); });
  expect_member(result.token, "fileName", "recording.bin");
}

// A file name given without an extension (file-name, or location as
// splitmuxsink sets it) gets the stream's, by which Kaltura tells the format;
// one with an extension is kept as it is.
void test_file_names_without_an_extension() {
  const std::string tone = "audiotestsrc num-buffers=50 ! audio/x-raw,rate=44100,channels=1 ! ";
  Upload named = upload(tone + "wavenc", [](GstElement* sink) { g_object_set(sink, "file-name", "take 4", nullptr); });
  expect_member(named.token, "fileName", "take 4.wav");
  expect_member(named.entry, "name", "take 4");
  Upload located = upload(
      tone + "wavenc", [](GstElement* sink) { g_object_set(sink, "location", "/recordings/fragment-007", nullptr); });
  expect_member(located.token, "fileName", "fragment-007.wav");
  Upload latin1 = upload(tone + "wavenc",
                         [](GstElement* sink) { g_object_set(sink, "location", "/recordings/caf\xe9-007", nullptr); });
  expect_member(latin1.token, "fileName", "caf\xef\xbf\xbd-007.wav");
  Upload kept =
      upload(tone + "wavenc", [](GstElement* sink) { g_object_set(sink, "file-name", "take.5.raw", nullptr); });
  expect_member(kept.token, "fileName", "take.5.raw");
}

// Kaltura's media.add refuses a media entry without a media type, so the
// sink always sends one. flvmux says video/x-flv with audio alone (as the
// server would read "flv"): its inputs tell.
void test_media_type_from_what_the_muxer_takes_in() {
  Upload audio = upload("audiotestsrc num-buffers=50 ! lamemp3enc ! mpegaudioparse ! flvmux ! queue");
  expect_member(audio.entry, "mediaType", "5");
  expect_member(audio.token, "fileName", "recording.flv");
  Upload video = upload("videotestsrc num-buffers=10 ! x264enc ! flvmux");
  expect_member(video.entry, "mediaType", "1");
  // JPEG frames muxed are a video (Motion JPEG), not an image.
  Upload motion_jpeg = upload("videotestsrc num-buffers=10 ! jpegenc ! qtmux");
  expect_member(motion_jpeg.entry, "mediaType", "1");
  // A JPEG on its own is an image.
  Upload picture = upload("videotestsrc num-buffers=1 ! jpegenc");
  expect_member(picture.entry, "mediaType", "2");
  // The sink in a bin of its own, behind the bin's ghost pad.
  Upload in_a_bin = upload("audiotestsrc num-buffers=50 ! lamemp3enc ! mpegaudioparse ! flvmux", {},
                           "bin.( queue ! kalturasink name=sink )");
  expect_member(in_a_bin.entry, "mediaType", "5");
  // The muxer in a bin, whose ghost pad feeds the sink (as applications
  // build their encoding chains): the muxer's inputs tell (audio, where
  // ".mp4" alone says video), and the bin, which has no sink pads, is not
  // taken for a source of a file (mp4mux answered for audiotestsrc's bytes,
  // and the upload was "cut short").
  Upload muxed_in_a_bin = upload("bin.( audiotestsrc num-buffers=50 ! opusenc ! mp4mux )");
  expect_member(muxed_in_a_bin.entry, "mediaType", "5");
  g_assert_cmpuint(muxed_in_a_bin.log.warnings.size(), ==, 0);
}

// A file read upstream with an extension that holds audio as often as video
// (an audio-only matroska file named .mkv, FLV or AVI, which the server
// would take for video): its first bytes tell. Transport streams:
// test_container_streams.cpp.
void test_media_type_from_the_first_bytes_of_a_named_file() {
  ScratchDirectory dir;
  struct Case {
    const char* file_name;
    std::string bytes;
    const char* media_type;
  };
  const std::string tone = "audiotestsrc num-buffers=50 ! audio/x-raw,format=S16LE,rate=44100,channels=1";
  const Case cases[] = {
      {"Podcast 7.mkv", make_audio("matroskamux", 50), "5"},
      {"Call-in.flv", render(tone + " ! lamemp3enc ! mpegaudioparse ! flvmux"), "5"},
      {"Studio.flv", render("videotestsrc num-buffers=10 ! x264enc ! flvmux"), "1"},
      {"Dictation.avi", render(tone + " ! avimux"), "5"},
      {"Camera.avi", render("videotestsrc num-buffers=10 ! x264enc ! mux. " + tone + " ! avimux name=mux"), "1"},
      {"Voicemail.asf", asf_file_start({{AsfStream::Kind::Audio}}) + std::string(4000, '\0'), "5"},
      {"Lecture.asf",
       asf_file_start({{AsfStream::Kind::Audio}, {AsfStream::Kind::Video, true}}) + std::string(4000, '\0'), "1"},
  };
  for (const Case& one : cases) {
    g_test_message("%s", one.file_name);
    Upload result = upload(file_source(dir.write(one.file_name, one.bytes)));
    expect_member(result.entry, "mediaType", one.media_type);
    expect_member(result.token, "fileName", one.file_name);
  }
}

// Bytes of no known format as a media entry: video, rather than no media
// type at all. Only GStreamer's own typefinders were asked: those of other
// plugins (gst-libav's map FFmpeg into the process, some 38 MB) are not
// loaded. In a process of its own, which has loaded no plugin before.
void test_media_type_when_nothing_tells() {
  if (g_test_subprocess()) {
    Upload result = upload("fakesrc num-buffers=3 sizetype=fixed sizemax=1000 filltype=zero");
    expect_member(result.entry, "mediaType", "1");
    for (const char* other : {"libav", "subparse"}) {
      g_autoptr(GstPlugin) plugin = gst_registry_find_plugin(gst_registry_get(), other);
      if (plugin && gst_plugin_is_loaded(plugin)) g_error("typefinding loaded the %s plugin", other);
    }
    return;
  }
  g_test_trap_subprocess(
      nullptr, 0,
      static_cast<GTestSubprocessFlags>(G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR));
  g_test_trap_assert_passed();
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/kalturasink/entry-fields/properties", test_fields_from_properties);
  g_test_add_func("/kalturasink/entry-fields/tags", test_fields_from_tags);
  g_test_add_func("/kalturasink/entry-fields/file-upstream", test_names_from_the_file_upstream_reads);
  g_test_add_func("/kalturasink/entry-fields/first-bytes", test_format_from_the_first_bytes);
  g_test_add_func("/kalturasink/entry-fields/characters-kaltura-refuses", test_characters_kaltura_refuses);
  g_test_add_func("/kalturasink/entry-fields/nothing-to-go-by", test_names_without_anything_to_go_by);
  g_test_add_func("/kalturasink/entry-fields/file-names-without-an-extension", test_file_names_without_an_extension);
  g_test_add_func("/kalturasink/entry-fields/media-type/muxer-inputs", test_media_type_from_what_the_muxer_takes_in);
  g_test_add_func("/kalturasink/entry-fields/media-type/first-bytes-of-a-named-file",
                  test_media_type_from_the_first_bytes_of_a_named_file);
  g_test_add_func("/kalturasink/entry-fields/media-type/nothing-tells", test_media_type_when_nothing_tells);
  return g_test_run();
}
