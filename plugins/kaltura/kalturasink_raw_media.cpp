#include "kalturasink_raw_media.h"

#include <string>

#include "kaltura/objects.h"
#include "kaltura/operations.h"

namespace kalturasink {

namespace {

bool is_raw_media(const char* media) {
  return g_strcmp0(media, "video/x-raw") == 0 || g_strcmp0(media, "audio/x-raw") == 0;
}

// Whether the existing entry is known to be a media entry. A document stores
// raw frames as they are. When the type cannot be told (no such entry, a
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

bool refuse_raw_media(GstKalturaSink* self, GstCaps* caps) {
  Run& run = *self->priv->run;
  if (gst_caps_is_any(caps) || gst_caps_is_empty(caps)) return false;
  const char* media = gst_structure_get_name(gst_caps_get_structure(caps, 0));
  if (!is_raw_media(media)) return false;
  // Upstream may offer its other formats after a refusal: one error is enough.
  if (run.raw_media_refused) return true;
  if (takes_any_bytes(self, run)) return false;
  run.raw_media_refused = true;
  const bool video = g_str_has_prefix(media, "video/");
  // A new entry may be a document instead; an existing media entry stays one.
  const std::string other_way =
      run.settings.entry_id.empty() ? ", or set entry-type=document to store the bytes as they are" : "";
  g_autofree char* caps_text = gst_caps_to_string(caps);
  kaltura_post_message_in(element_of(self), GST_MESSAGE_ERROR, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT,
                          std::string("kalturasink uploads media files, and it was given raw ") +
                              (video ? "video" : "audio") + " (" + media + "): encode and mux before it, for example " +
                              (video ? "x264enc ! mp4mux ! kalturasink" : "lamemp3enc ! kalturasink") + other_way,
                          std::string("caps ") + caps_text, error_context(self));
  return true;
}

}  // namespace kalturasink
