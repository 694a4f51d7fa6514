#include "container_streams.h"

#include <algorithm>
#include <cstring>
#include <set>

namespace {

constexpr int kUnknown = 0, kVideo = 1, kAudio = 5;

// GST_READ_UINT32_LE and its kin load the word in place on x86, which
// UndefinedBehaviorSanitizer reports at an odd address: copy it out first.
guint32 read_le32(const guint8* at) {
  guint32 value;
  memcpy(&value, at, sizeof value);
  return GUINT32_FROM_LE(value);
}

guint64 read_le64(const guint8* at) {
  guint64 value;
  memcpy(&value, at, sizeof value);
  return GUINT64_FROM_LE(value);
}

guint16 read_be16(const guint8* at) {
  guint16 value;
  memcpy(&value, at, sizeof value);
  return GUINT16_FROM_BE(value);
}

// What the streams seen say: video if any is video, audio if all are audio.
int media_type_of(bool video, bool audio) { return video ? kVideo : audio ? kAudio : kUnknown; }

// The FLV header flags which kinds of tags follow: 0x01 video, 0x04 audio.
int flv_media_type(const guint8* data, gsize size) {
  if (size < 5 || memcmp(data, "FLV", 3) != 0) return kUnknown;
  return media_type_of(data[4] & 0x01, data[4] & 0x04);
}

// An AVI file starts with its header list ("hdrl"): one "strl" list per
// stream, each opening with a "strh" chunk whose first field is the stream's
// kind ("vids", "auds"). Audio only when the whole header list is at hand.
int avi_media_type(const guint8* data, gsize size) {
  if (size < 24 || memcmp(data, "RIFF", 4) != 0 || memcmp(data + 8, "AVI ", 4) != 0 ||
      memcmp(data + 12, "LIST", 4) != 0 || memcmp(data + 20, "hdrl", 4) != 0)
    return kUnknown;
  const guint64 list_end = 20 + guint64{read_le32(data + 16)};
  const guint64 end = std::min<guint64>(list_end, size);
  bool video = false, audio = false;
  for (guint64 at = 24; at + 8 <= end;) {
    const guint64 chunk_size = read_le32(data + at + 4);
    if (memcmp(data + at, "LIST", 4) == 0 && at + 24 <= end && memcmp(data + at + 8, "strl", 4) == 0 &&
        memcmp(data + at + 12, "strh", 4) == 0) {
      video = video || memcmp(data + at + 20, "vids", 4) == 0;
      audio = audio || memcmp(data + at + 20, "auds", 4) == 0;
    }
    at += 8 + chunk_size + (chunk_size & 1);  // chunks are padded to an even size
  }
  if (video) return kVideo;
  return list_end <= size ? media_type_of(false, audio) : kUnknown;
}

// ASF GUIDs as they lie in a file (their first three fields little-endian).
using Guid = guint8[16];
constexpr Guid kAsfHeaderObject = {0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11,
                                   0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c};
constexpr Guid kAsfAudioMedia = {0x40, 0x9e, 0x69, 0xf8, 0x4d, 0x5b, 0xcf, 0x11,
                                 0xa8, 0xfd, 0x00, 0x80, 0x5f, 0x5c, 0x44, 0x2b};
constexpr Guid kAsfVideoMedia = {0xc0, 0xef, 0x19, 0xbc, 0x4d, 0x5b, 0xcf, 0x11,
                                 0xa8, 0xfd, 0x00, 0x80, 0x5f, 0x5c, 0x44, 0x2b};

bool contains(const guint8* data, gsize size, const Guid& guid) {
  return std::search(data, data + size, guid, guid + sizeof(Guid)) != data + size;
}

// An ASF file (.asf, .wmv, .wma) starts with its Header Object, whose size
// follows its GUID. Each stream is declared by a Stream Properties Object
// naming the stream's type (audio media, video media...), at the top of the
// header or inside its Header Extension Object: the type GUIDs are looked for
// anywhere in the header, which holds them nowhere else. Audio only when the
// whole header is at hand.
int asf_media_type(const guint8* data, gsize size) {
  if (size < 30 || memcmp(data, kAsfHeaderObject, sizeof(Guid)) != 0) return kUnknown;
  const guint64 header_size = read_le64(data + 16);
  const gsize end = static_cast<gsize>(std::min<guint64>(header_size, size));
  if (contains(data, end, kAsfVideoMedia)) return kVideo;
  return header_size <= size ? media_type_of(false, contains(data, end, kAsfAudioMedia)) : kUnknown;
}

bool is_video_stream_type(int type) {
  static const std::set<int> kTypes = {0x01, 0x02, 0x10, 0x1b, 0x20, 0x24, 0x33, 0x42, 0xd1, 0xea};
  return kTypes.count(type) > 0;
}

bool is_audio_stream_type(int type) {
  static const std::set<int> kTypes = {0x03, 0x04, 0x0f, 0x11, 0x1c, 0x81, 0x87};
  return kTypes.count(type) > 0;
}

constexpr gsize kTsPacket = 188;

// The section a transport stream packet starts (payload_unit_start), within
// the packet: pointer to its first byte, or nullptr. length: up to the packet's end.
const guint8* section_in(const guint8* packet, gsize& length) {
  if (!(packet[1] & 0x40)) return nullptr;
  gsize at = 4;
  const int adaptation = (packet[3] >> 4) & 0x3;
  if (!(adaptation & 0x1)) return nullptr;  // no payload
  if (adaptation & 0x2) at += 1 + packet[4];
  if (at >= kTsPacket) return nullptr;
  at += 1 + packet[at];  // pointer_field
  if (at + 3 > kTsPacket) return nullptr;
  length = kTsPacket - at;
  return packet + at;
}

// The PAT names the PMT of each program; the PMT lists the program's
// streams with their stream_type. Sections are taken whole from one packet,
// as muxers write these short tables.
int ts_media_type(const GstCaps* caps, const guint8* data, gsize size) {
  int packet_size = kTsPacket;
  gst_structure_get_int(gst_caps_get_structure(caps, 0), "packetsize", &packet_size);
  if (packet_size < static_cast<int>(kTsPacket)) return kUnknown;
  const gsize step = static_cast<gsize>(packet_size);
  const gsize prefix = packet_size == 192 ? 4 : 0;  // M2TS: a 4-byte timestamp before each packet
  gsize first = prefix;
  while (first < prefix + step && first + step < size && !(data[first] == 0x47 && data[first + step] == 0x47)) ++first;
  int pmt_pid = -1;
  for (gsize at = first; at + kTsPacket <= size; at += step) {
    const guint8* packet = data + at;
    if (packet[0] != 0x47) return kUnknown;
    const int pid = ((packet[1] & 0x1f) << 8) | packet[2];
    gsize length = 0;
    const guint8* section = section_in(packet, length);
    if (!section || (pid != 0 && pid != pmt_pid)) continue;
    const gsize section_end = 3 + (((section[1] & 0x0f) << 8) | section[2]);
    if (section_end > length || section_end < 12) continue;
    const gsize entries_end = section_end - 4;  // before the CRC
    if (pid == 0 && section[0] == 0x00) {
      for (gsize entry = 8; entry + 4 <= entries_end && pmt_pid < 0; entry += 4)
        if (read_be16(section + entry) != 0) pmt_pid = read_be16(section + entry + 2) & 0x1fff;
    } else if (pid == pmt_pid && section[0] == 0x02 && section_end >= 16) {
      bool video = false, audio = false;
      gsize entry = 12 + (read_be16(section + 10) & 0x0fff);
      for (; entry + 5 <= entries_end; entry += 5 + (read_be16(section + entry + 3) & 0x0fff)) {
        video = video || is_video_stream_type(section[entry]);
        audio = audio || is_audio_stream_type(section[entry]);
      }
      return media_type_of(video, audio);
    }
  }
  return kUnknown;
}

}  // namespace

int media_type_of_container_start(const GstCaps* caps, const guint8* data, gsize size) {
  if (!caps || gst_caps_is_empty(caps) || gst_caps_is_any(caps)) return kUnknown;
  const char* name = gst_structure_get_name(gst_caps_get_structure(caps, 0));
  if (g_str_equal(name, "video/x-flv")) return flv_media_type(data, size);
  if (g_str_equal(name, "video/x-msvideo")) return avi_media_type(data, size);
  if (g_str_equal(name, "video/mpegts")) return ts_media_type(caps, data, size);
  if (g_str_equal(name, "video/x-ms-asf")) return asf_media_type(data, size);
  return kUnknown;
}
