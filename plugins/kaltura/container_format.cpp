#include "container_format.h"

#include <cstring>

namespace {

struct Mapping {
  const char* media;
  const char* extension;
  int media_type;
};

// Caps with one extension whatever their fields. matroskamux and webmmux
// say audio/ when they mux no video (and so do the typefinders), so their
// video/ caps mean video. The other containers (and application/ogg) may
// hold audio only under the same caps: their media type stays 0.
const Mapping kMappings[] = {
    {"video/x-matroska", "mkv", 1}, {"audio/x-matroska", "mka", 5}, {"video/webm", "webm", 1},
    {"audio/webm", "webm", 5},      {"video/mpegts", "ts", 0},      {"application/ogg", "ogg", 0},
    {"audio/ogg", "ogg", 5},        {"video/ogg", "ogv", 1},        {"video/x-flv", "flv", 0},
    {"video/x-msvideo", "avi", 0},  {"video/mpeg", "mpg", 1},       {"audio/x-wav", "wav", 5},
    {"audio/x-flac", "flac", 5},    {"audio/x-m4a", "m4a", 5},      {"video/x-ms-asf", "wmv", 0},
    {"image/jpeg", "jpg", 2},       {"image/png", "png", 2},        {"image/gif", "gif", 2},
    {"image/webp", "webp", 2},      {"application/pdf", "pdf", 0},  {"text/plain", "txt", 0},
    {"application/xml", "xml", 0},  {"video/x-h264", "h264", 1},    {"video/x-h265", "h265", 1},
    {"audio/x-opus", "opus", 5},    {"audio/x-ac3", "ac3", 5},
};

struct ExtensionType {
  const char* extension;
  int media_type;
};

// Extensions whose files are of one media type by convention. Not mkv, webm
// nor ogg, which hold audio only as often: their first bytes tell.
const ExtensionType kExtensionTypes[] = {
    {"mp4", 1},  {"m4v", 1},  {"mov", 1}, {"ogv", 1},  {"mpg", 1}, {"mpeg", 1}, {"3gp", 1},
    {"h264", 1}, {"h265", 1}, {"mp3", 5}, {"m4a", 5},  {"aac", 5}, {"wav", 5},  {"flac", 5},
    {"oga", 5},  {"opus", 5}, {"mka", 5}, {"ac3", 5},  {"wma", 5}, {"aiff", 5}, {"jpg", 2},
    {"jpeg", 2}, {"png", 2},  {"gif", 2}, {"webp", 2}, {"bmp", 2}, {"tif", 2},  {"tiff", 2},
};

}  // namespace

ContainerFormat container_format_from_caps(const GstCaps* caps) {
  ContainerFormat format;
  if (!caps || gst_caps_is_empty(caps) || gst_caps_is_any(caps)) return format;
  const GstStructure* structure = gst_caps_get_structure(caps, 0);
  const char* media = gst_structure_get_name(structure);

  if (strcmp(media, "video/quicktime") == 0) {
    // mp4mux says variant=iso (and iso-fragmented), qtmux variant=apple.
    const char* variant = gst_structure_get_string(structure, "variant");
    format.extension = variant && g_str_has_prefix(variant, "iso") ? "mp4" : "mov";
    return format;
  }
  if (strcmp(media, "audio/mpeg") == 0) {
    int version = 1;
    gst_structure_get_int(structure, "mpegversion", &version);
    format.extension = version == 1 ? "mp3" : "aac";
    format.media_type = 5;
    return format;
  }
  for (const auto& mapping : kMappings) {
    if (strcmp(media, mapping.media) == 0) {
      format.extension = mapping.extension;
      format.media_type = mapping.media_type;
      format.written_forward_only = format.extension == "ts" || format.extension == "ogg" || format.extension == "ogv";
      return format;
    }
  }
  if (g_str_has_prefix(media, "audio/")) format.media_type = 5;
  else if (g_str_has_prefix(media, "image/")) format.media_type = 2;
  else if (g_str_has_prefix(media, "video/")) format.media_type = 1;
  return format;
}

int media_type_of_extension(const std::string& extension) {
  g_autofree char* lower = g_ascii_strdown(extension.c_str(), -1);
  for (const auto& known : kExtensionTypes)
    if (strcmp(lower, known.extension) == 0) return known.media_type;
  return 0;
}

int document_type_of_extension(const std::string& extension) {
  constexpr int kDocument = 11, kSwf = 12, kPdf = 13;
  if (g_ascii_strcasecmp(extension.c_str(), "pdf") == 0) return kPdf;
  if (g_ascii_strcasecmp(extension.c_str(), "swf") == 0) return kSwf;
  return kDocument;
}
