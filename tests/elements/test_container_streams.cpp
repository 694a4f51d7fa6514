// What the first bytes of FLV, AVI, MPEG-TS and ASF files tell of their streams
// (kalturasink's media type of a file whose caps and extension do not say):
// the whole headers, and every truncation of them, which must give the
// right answer or none, never the wrong one, and read nothing past the end.
#include <gst/gst.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <string>
#include <vector>

#include "asf_headers.h"
#include "container_streams.h"

namespace {

constexpr int kUnknown = 0, kVideo = 1, kAudio = 5;

using Bytes = std::vector<guint8>;

void put_le32(Bytes& bytes, guint32 value) {
  for (int shift = 0; shift < 32; shift += 8) bytes.push_back(static_cast<guint8>(value >> shift));
}

void put_text(Bytes& bytes, const char* text) { bytes.insert(bytes.end(), text, text + strlen(text)); }

// Every prefix of the bytes gives either the whole header's answer or none.
// Each prefix is a copy of its own, so a read past its end is AddressSanitizer's to see.
void assert_prefixes(const char* caps_text, const Bytes& bytes, int whole) {
  g_autoptr(GstCaps) caps = gst_caps_from_string(caps_text);
  for (size_t length = 0; length < bytes.size(); ++length) {
    const Bytes prefix(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length));
    const int found = media_type_of_container_start(caps, prefix.data(), prefix.size());
    if (found != kUnknown && found != whole) g_error("%s: %zu bytes gave %d, not %d", caps_text, length, found, whole);
  }
  g_assert_cmpint(media_type_of_container_start(caps, bytes.data(), bytes.size()), ==, whole);
}

Bytes flv_header(guint8 flags) { return {'F', 'L', 'V', 1, flags, 0, 0, 0, 9, 0, 0, 0, 0}; }

void test_flv() {
  assert_prefixes("video/x-flv", flv_header(0x04), kAudio);
  assert_prefixes("video/x-flv", flv_header(0x05), kVideo);
  assert_prefixes("video/x-flv", flv_header(0x01), kVideo);
  assert_prefixes("video/x-flv", flv_header(0x00), kUnknown);
}

// An AVI header list with one stream of each kind given, in that order
// ("auds", "vids"), each strh followed by a strf.
Bytes avi_header(const std::vector<const char*>& kinds) {
  Bytes streams;
  for (const char* kind : kinds) {
    Bytes strl;
    put_text(strl, "strl");
    put_text(strl, "strh");
    put_le32(strl, 56);
    put_text(strl, kind);
    strl.resize(strl.size() + 52, 0);
    put_text(strl, "strf");
    put_le32(strl, 17);  // odd: padded to 18
    strl.resize(strl.size() + 18, 0);
    put_text(streams, "LIST");
    put_le32(streams, static_cast<guint32>(strl.size()));
    streams.insert(streams.end(), strl.begin(), strl.end());
  }
  Bytes hdrl;
  put_text(hdrl, "hdrl");
  put_text(hdrl, "avih");
  put_le32(hdrl, 56);
  hdrl.resize(hdrl.size() + 56, 0);
  hdrl.insert(hdrl.end(), streams.begin(), streams.end());
  Bytes file;
  put_text(file, "RIFF");
  put_le32(file, 100000);
  put_text(file, "AVI ");
  put_text(file, "LIST");
  put_le32(file, static_cast<guint32>(hdrl.size()));
  file.insert(file.end(), hdrl.begin(), hdrl.end());
  put_text(file, "LIST");
  put_le32(file, 4);
  put_text(file, "movi");
  return file;
}

void test_avi() {
  assert_prefixes("video/x-msvideo", avi_header({"auds"}), kAudio);
  // The video stream comes second: a prefix holding only the audio one
  // must not say audio.
  assert_prefixes("video/x-msvideo", avi_header({"auds", "vids"}), kVideo);
  assert_prefixes("video/x-msvideo", avi_header({"vids", "auds"}), kVideo);
  assert_prefixes("video/x-msvideo", avi_header({"txts"}), kUnknown);
}

// One 188-byte packet starting a section: header, pointer field, section,
// stuffing.
Bytes ts_packet(int pid, const Bytes& section) {
  const guint8 header[] = {0x47, static_cast<guint8>(0x40 | (pid >> 8)), static_cast<guint8>(pid & 0xff), 0x10, 0x00};
  g_assert_cmpuint(sizeof header + section.size(), <=, 188);
  Bytes packet(188, 0xff);
  std::copy(std::begin(header), std::end(header), packet.begin());
  std::copy(section.begin(), section.end(), packet.begin() + sizeof header);
  return packet;
}

// A PAT naming the PMT on PID 0x1000, a PMT listing streams of those
// stream_types, then null packets; with prefix bytes before each packet
// (4 for M2TS).
Bytes transport_stream(const std::vector<guint8>& stream_types, size_t prefix = 0) {
  const Bytes pat = {0x00, 0xb0, 13, 0x00, 0x01, 0xc1, 0x00, 0x00, 0x00, 0x01, 0xf0, 0x00, 0, 0, 0, 0};
  Bytes pmt = {0x02, 0xb0, 0, 0x00, 0x01, 0xc1, 0x00, 0x00, 0xe1, 0x00, 0xf0, 0x00};
  int pid = 0x100;
  for (guint8 type : stream_types) {
    pmt.insert(pmt.end(), {type, static_cast<guint8>(0xe0 | (pid >> 8)), static_cast<guint8>(pid & 0xff), 0xf0, 0});
    ++pid;
  }
  pmt.insert(pmt.end(), {0, 0, 0, 0});
  pmt[2] = static_cast<guint8>(pmt.size() - 3);
  std::vector<Bytes> packets = {ts_packet(0, pat), ts_packet(0x1000, pmt)};
  for (int i = 0; i < 6; ++i) {
    Bytes null_packet = {0x47, 0x1f, 0xff, 0x10};
    null_packet.resize(188, 0);
    packets.push_back(null_packet);
  }
  Bytes stream;
  for (const Bytes& packet : packets) {
    stream.resize(stream.size() + prefix, 0);
    stream.insert(stream.end(), packet.begin(), packet.end());
  }
  return stream;
}

void test_transport_stream() {
  const char* ts = "video/mpegts, systemstream=(boolean)true, packetsize=(int)188";
  assert_prefixes(ts, transport_stream({0x0f}), kAudio);        // AAC
  assert_prefixes(ts, transport_stream({0x03, 0x81}), kAudio);  // MPEG audio, AC-3
  assert_prefixes(ts, transport_stream({0x1b, 0x0f}), kVideo);  // H.264 and AAC
  assert_prefixes(ts, transport_stream({0x06}), kUnknown);      // private data only
  assert_prefixes("video/mpegts, systemstream=(boolean)true, packetsize=(int)192", transport_stream({0x0f}, 4), kAudio);
  // A stream that starts mid-packet: the first whole packet is found.
  Bytes shifted = transport_stream({0x24, 0x0f});
  shifted.insert(shifted.begin(), 100, 0x00);
  assert_prefixes(ts, shifted, kVideo);
}

Bytes asf(const std::vector<AsfStream>& streams) {
  const std::string start = asf_file_start(streams);
  return Bytes(start.begin(), start.end());
}

void test_asf() {
  using Kind = AsfStream::Kind;
  assert_prefixes("video/x-ms-asf", asf({{Kind::Audio}}), kAudio);
  assert_prefixes("video/x-ms-asf", asf({{Kind::Audio}, {Kind::Video}}), kVideo);
  // A video stream declared in the header extension, after the audio one.
  assert_prefixes("video/x-ms-asf", asf({{Kind::Audio}, {Kind::Video, true}}), kVideo);
  assert_prefixes("video/x-ms-asf", asf({{Kind::Audio, true}}), kAudio);
  assert_prefixes("video/x-ms-asf", asf({{Kind::Binary}}), kUnknown);
}

void test_other_formats_say_nothing() {
  const Bytes bytes = flv_header(0x04);
  g_autoptr(GstCaps) caps = gst_caps_from_string("video/quicktime");
  g_assert_cmpint(media_type_of_container_start(caps, bytes.data(), bytes.size()), ==, kUnknown);
  g_assert_cmpint(media_type_of_container_start(nullptr, bytes.data(), bytes.size()), ==, kUnknown);
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/container-streams/flv", test_flv);
  g_test_add_func("/container-streams/avi", test_avi);
  g_test_add_func("/container-streams/transport-stream", test_transport_stream);
  g_test_add_func("/container-streams/asf", test_asf);
  g_test_add_func("/container-streams/other-formats", test_other_formats_say_nothing);
  return g_test_run();
}
