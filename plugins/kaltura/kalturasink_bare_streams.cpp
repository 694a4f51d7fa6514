#include "kalturasink_bare_streams.h"

#include <initializer_list>
#include <optional>
#include <string>

#include "kaltura/objects.h"
#include "kaltura/operations.h"

namespace kalturasink {

namespace {

// What a bare stream is, in words, and how to make a file of it.
struct BareStream {
  const char* what;
  const char* fix;
};

bool has_field_value(const GstStructure* structure, const char* field, std::initializer_list<const char*> values) {
  const char* value = gst_structure_get_string(structure, field);
  for (const char* candidate : values)
    if (g_strcmp0(value, candidate) == 0) return true;
  return false;
}

// Encoded streams whose bytes are playable on their own are not bare: H.264
// and H.265 in byte-stream form, AAC with ADTS headers, MP3, AC-3, FLAC.
std::optional<BareStream> bare_stream_of(const GstStructure* structure) {
  const std::string media = gst_structure_get_name(structure);
  if (media == "video/x-raw")
    return BareStream{"raw video", "encode and mux before the sink, for example x264enc ! mp4mux"};
  if (media == "audio/x-raw") return BareStream{"raw audio", "encode before the sink, for example lamemp3enc"};
  if (media == "video/x-h264" && has_field_value(structure, "stream-format", {"avc", "avc3"}))
    return BareStream{"H.264 in avc form, whose parameter sets travel in the caps",
                      "mux it before the sink, for example x264enc ! mp4mux"};
  if (media == "video/x-h265" && has_field_value(structure, "stream-format", {"hvc1", "hev1"}))
    return BareStream{"H.265 in hvc1 form, whose parameter sets travel in the caps",
                      "mux it before the sink, for example mp4mux"};
  int mpeg_version = 1;
  gst_structure_get_int(structure, "mpegversion", &mpeg_version);
  if (media == "audio/mpeg" && mpeg_version != 1 && has_field_value(structure, "stream-format", {"raw"}))
    return BareStream{"AAC without ADTS headers", "mux it before the sink, for example avenc_aac ! mp4mux"};
  if (media == "audio/x-opus")
    return BareStream{"Opus packets", "mux them before the sink, for example opusenc ! oggmux"};
  if (media == "audio/x-vorbis")
    return BareStream{"Vorbis packets", "mux them before the sink, for example vorbisenc ! oggmux"};
  if (media == "audio/x-speex")
    return BareStream{"Speex packets", "mux them before the sink, for example speexenc ! oggmux"};
  if (media == "video/x-theora")
    return BareStream{"Theora packets", "mux them before the sink, for example theoraenc ! oggmux"};
  if (media == "video/x-vp8") return BareStream{"VP8 frames", "mux them before the sink, for example vp8enc ! webmmux"};
  if (media == "video/x-vp9") return BareStream{"VP9 frames", "mux them before the sink, for example vp9enc ! webmmux"};
  return std::nullopt;
}

// Whether the existing entry is known to be a media entry. A document stores
// any stream as it is. When the type cannot be told (no such entry, a
// refused KS, no answer), or the entry takes no content at all, the upload
// goes ahead and its first call reports what is wrong.
bool existing_entry_is_media(GstKalturaSink* self, kaltura::Client& client, const std::string& entry_id) {
  try {
    const auto entry = kaltura::Entry::from_json(client.call(kaltura::ops::base_entry_get(entry_id)));
    return entry.type == static_cast<int>(kaltura::EntryType::MediaClip);
  } catch (const kaltura::Error& error) {
    GST_INFO_OBJECT(self, "could not tell the type of entry %s: %s", entry_id.c_str(), error.message().c_str());
    return false;
  }
}

bool takes_any_bytes(GstKalturaSink* self, Run& run) {
  const KalturaSinkSettings& settings = run.settings;
  if (settings.entry_kind != KalturaEntryKind::Media || !settings.attachment_title.empty()) return true;
  if (settings.entry_id.empty() || settings.flavor_params_id >= 0) return false;
  return !existing_entry_is_media(self, *run.client, settings.entry_id);
}

}  // namespace

bool refuse_bare_stream(GstKalturaSink* self, GstCaps* caps) {
  Run& run = *self->priv->run;
  if (gst_caps_is_any(caps) || gst_caps_is_empty(caps)) return false;
  const GstStructure* structure = gst_caps_get_structure(caps, 0);
  const std::optional<BareStream> bare = bare_stream_of(structure);
  if (!bare) return false;
  // Upstream may offer its other formats after a refusal: one error is enough.
  if (run.bare_stream_refused) return true;
  if (takes_any_bytes(self, run)) return false;
  run.bare_stream_refused = true;
  // A new entry may be a document instead; an existing media entry stays one.
  const std::string other_way =
      run.settings.entry_id.empty() ? ", or set entry-type=document to store the bytes as they are" : "";
  g_autofree char* caps_text = gst_caps_to_string(caps);
  kaltura_post_message_in(element_of(self), GST_MESSAGE_ERROR, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT,
                          std::string("kalturasink uploads media files, and it was given ") + bare->what + " (" +
                              gst_structure_get_name(structure) + "), not a file: " + bare->fix + " ! kalturasink" +
                              other_way,
                          std::string("caps ") + caps_text, error_context(self));
  return true;
}

}  // namespace kalturasink
