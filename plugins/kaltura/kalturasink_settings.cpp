#include "kalturasink_settings.h"

#include "string_property_table.h"

namespace {

enum PropertyId : guint {
  PROP_0,
  PROP_CONNECTION_FIRST,  // then kKalturaConnectionPropertyCount connection properties
  PROP_ENTRY_ID = PROP_CONNECTION_FIRST + kKalturaConnectionPropertyCount,
  PROP_FLAVOR_PARAMS_ID, PROP_ATTACHMENT_TITLE, PROP_ATTACHMENT_FORMAT, PROP_APPROVE_REPLACEMENT, PROP_ENTRY_TYPE,
  PROP_MEDIA_TYPE, PROP_ENTRY_NAME, PROP_DESCRIPTION, PROP_TAGS, PROP_REFERENCE_ID, PROP_CATEGORIES,
  PROP_CONVERSION_PROFILE_ID, PROP_ENTRY_USER_ID, PROP_FILE_NAME, PROP_LOCATION,
  PROP_CHUNK_SIZE, PROP_MAX_PARALLEL_CHUNKS, PROP_REWRITE_WINDOW, PROP_STATE_FILE, PROP_UPLOAD_TOKEN_ID,
  PROP_ON_ERROR, PROP_WAIT_FOR, PROP_WAIT_TIMEOUT, PROP_STATS,
};

const StringProperty<KalturaSinkSettings> kStringProperties[] = {
    {PROP_ENTRY_ID, "entry-id", "Entry ID",
     "Existing entry to upload to (its content is added, or replaced when it has some; with flavor-params-id "
     "a flavor of it, with attachment-title an attachment of it). Unset: a new entry is created. Reads back "
     "the entry of the running upload",
     &KalturaSinkSettings::entry_id},
    {PROP_ATTACHMENT_TITLE, "attachment-title", "Attachment title",
     "Upload an attachment asset with this title to entry-id instead of the entry's content",
     &KalturaSinkSettings::attachment_title},
    {PROP_ENTRY_NAME, "entry-name", "Entry name",
     "Name of a new entry (default: the stream's title tag, else the location's file name, else the file name)",
     &KalturaSinkSettings::entry_name},
    {PROP_DESCRIPTION, "description", "Description",
     "Description of a new entry (default: the stream's description tag)", &KalturaSinkSettings::description},
    {PROP_TAGS, "tags", "Tags", "Comma-separated tags of a new entry (default: the stream's keywords tag)",
     &KalturaSinkSettings::tags},
    {PROP_REFERENCE_ID, "reference-id", "Reference ID", "Reference id of a new entry (at least 2 characters)",
     &KalturaSinkSettings::reference_id},
    {PROP_CATEGORIES, "categories", "Categories", "Comma-separated category full names of a new entry",
     &KalturaSinkSettings::categories},
    {PROP_ENTRY_USER_ID, "entry-user-id", "Entry user ID", "Owner (userId) of a new entry",
     &KalturaSinkSettings::entry_user_id},
    {PROP_FILE_NAME, "file-name", "File name",
     "File name of the upload; its extension tells Kaltura the format, and a name without one gets the stream's "
     "(default: from location, else the name of the file upstream reads, else the entry name plus the extension "
     "of the caps, e.g. .mp4 for video/quicktime,variant=iso)",
     &KalturaSinkSettings::file_name},
    {PROP_LOCATION, "location", "Location",
     "A file name as splitmuxsink sets it for each fragment: names the upload and, unless entry-name is set, "
     "the entry. Nothing is written locally",
     &KalturaSinkSettings::location},
    {PROP_STATE_FILE, "state-file", "State file",
     "Local file recording the upload token, the entry and the acknowledged chunks (with a digest of each) as "
     "the upload goes, so that the same pipeline started again after a crash continues the upload, once its "
     "source gives the same bytes again (a file); one upload at a time per file; removed when it completes",
     &KalturaSinkSettings::state_file},
    {PROP_UPLOAD_TOKEN_ID, "upload-token-id", "Upload token ID",
     "Unfinished upload token to continue (what the token holds contiguously from its start is skipped: nothing "
     "when its head was held back, see rewrite-window; state-file skips every chunk held). Reads back the token of "
     "the running upload",
     &KalturaSinkSettings::upload_token_id},
};

GType wait_for_get_type() {
  static GType type = 0;
  static const GEnumValue values[] = {
      {0, "EOS goes on once the upload is complete", "none"},
      {1, "EOS goes on once the entry is READY", "entry-ready"},
      {2, "EOS goes on once the entry is READY and every flavor is done", "all-flavors"},
      {0, nullptr, nullptr},
  };
  if (g_once_init_enter(&type)) g_once_init_leave(&type, g_enum_register_static("GstKalturaWaitFor", values));
  return type;
}

GType on_error_get_type() {
  static GType type = 0;
  static const GEnumValue values[] = {
      {0, "Keep the token and the entry; the message tells how to resume", "keep"},
      {1, "Delete the token and the entry this element created", "delete"},
      {2, "Finish the token with the bytes that arrived, keeping a partial recording", "finalize"},
      {0, nullptr, nullptr},
  };
  if (g_once_init_enter(&type)) g_once_init_leave(&type, g_enum_register_static("GstKalturaOnError", values));
  return type;
}

GType entry_type_get_type() {
  static GType type = 0;
  static const GEnumValue values[] = {
      {0, "Media entry (video, audio or image)", "media"},
      {1, "Document entry", "document"},
      {0, nullptr, nullptr},
  };
  if (g_once_init_enter(&type)) g_once_init_leave(&type, g_enum_register_static("GstKalturaEntryType", values));
  return type;
}

GType media_type_get_type() {
  static GType type = 0;
  static const GEnumValue values[] = {
      {0,
       "From the caps (audio/* is audio, image/* image, video/* video), else from what the muxer upstream takes in, "
       "else from the file name's extension or the first bytes, else video",
       "auto"},
      {1, "Video", "video"},
      {2, "Image", "image"},
      {5, "Audio", "audio"},
      {0, nullptr, nullptr},
  };
  if (g_once_init_enter(&type)) g_once_init_leave(&type, g_enum_register_static("GstKalturaMediaType", values));
  return type;
}

GType attachment_format_get_type() {
  static GType type = 0;
  static const GEnumValue values[] = {
      {0, "Not set", "unset"}, {1, "Text", "text"}, {2, "Media", "media"}, {3, "Document", "document"},
      {4, "JSON", "json"},     {5, "Markdown", "markdown"}, {0, nullptr, nullptr},
  };
  if (g_once_init_enter(&type))
    g_once_init_leave(&type, g_enum_register_static("GstKalturaAttachmentFormat", values));
  return type;
}

}  // namespace

void kaltura_sink_install_properties(GObjectClass* klass) {
  install_string_properties(klass, 0, kStringProperties);

  kaltura_connection_install_properties(
      klass, PROP_CONNECTION_FIRST,
      {"timeout", "Timeout of each HTTP request, in seconds (the final chunk gets ten times as long, at least 10 "
                  "minutes)"});
  KalturaSinkSettings defaults;
  g_object_class_install_property(klass, PROP_FLAVOR_PARAMS_ID,
      g_param_spec_int("flavor-params-id", "Flavor params ID",
                       "Upload a flavor (rendition) with these flavor params to entry-id instead of the entry's "
                       "content (-1: not a flavor)", -1, G_MAXINT, defaults.flavor_params_id, kKalturaSettingFlags));
  g_object_class_install_property(klass, PROP_ATTACHMENT_FORMAT,
      g_param_spec_enum("attachment-format", "Attachment format", "Format of an attachment asset",
                        attachment_format_get_type(), defaults.attachment_format, kKalturaSettingFlags));
  g_object_class_install_property(klass, PROP_APPROVE_REPLACEMENT,
      g_param_spec_boolean("approve-replacement", "Approve replacement",
                           "When entry-id already has content, approve the replacement so the new content takes "
                           "its place as soon as it is ready", defaults.approve_replacement, kKalturaSettingFlags));
  g_object_class_install_property(klass, PROP_ENTRY_TYPE,
      g_param_spec_enum("entry-type", "Entry type", "Type of a new entry", entry_type_get_type(),
                        static_cast<int>(defaults.entry_kind), kKalturaSettingFlags));
  g_object_class_install_property(klass, PROP_MEDIA_TYPE,
      g_param_spec_enum("media-type", "Media type", "Media type of a new media entry", media_type_get_type(),
                        defaults.media_type, kKalturaSettingFlags));
  g_object_class_install_property(klass, PROP_CONVERSION_PROFILE_ID,
      g_param_spec_int64("conversion-profile-id", "Conversion profile ID",
                         "Conversion profile of a new entry or a replacement (-1: the partner's default)", -1,
                         G_MAXINT64, defaults.conversion_profile_id, kKalturaSettingFlags));
  // Any value is taken here and the range is checked at start: a value
  // outside the param spec's range would only get a GLib warning, and the
  // upload would go on with the default size.
  g_object_class_install_property(
      klass, PROP_CHUNK_SIZE,
      g_param_spec_uint64("chunk-size", "Chunk size",
                          "Bytes per uploaded chunk, from 65536 to 1073741824. It stays as set for the first 5,000 "
                          "chunks, then doubles every 500, so a token never needs more than 10,000. Memory use is "
                          "about chunk-size x (max-parallel-chunks + 2)",
                          0, G_MAXUINT64, defaults.chunk_size, kKalturaSettingFlags));
  g_object_class_install_property(klass, PROP_MAX_PARALLEL_CHUNKS,
      g_param_spec_uint("max-parallel-chunks", "Max parallel chunks",
                        "Chunks uploaded at the same time (after the first, which goes alone)", 1, 64,
                        defaults.max_parallel_chunks, kKalturaSettingFlags));
  g_object_class_install_property(
      klass, PROP_REWRITE_WINDOW,
      g_param_spec_int64("rewrite-window", "Rewrite window",
                         "Bytes at the start of the stream kept unsent and patchable until EOS, for muxers that "
                         "rewrite their header (mp4mux, qtmux, matroskamux). -1: one chunk-size, or 0 for MPEG-TS and "
                         "Ogg, which are written strictly forward; 0: upload strictly in order and tell upstream the "
                         "stream is not seekable",
                         -1, 1073741824, defaults.rewrite_window, kKalturaSettingFlags));
  g_object_class_install_property(klass, PROP_ON_ERROR,
      g_param_spec_enum("on-error", "On error", "What to do with an unfinished upload on error or stop without EOS",
                        on_error_get_type(), static_cast<int>(defaults.on_error), kKalturaSettingFlags));
  g_object_class_install_property(klass, PROP_WAIT_FOR,
      g_param_spec_enum("wait-for", "Wait for", "What to wait for after the upload before EOS goes on",
                        wait_for_get_type(), static_cast<int>(defaults.wait_for), kKalturaSettingFlags));
  g_object_class_install_property(klass, PROP_WAIT_TIMEOUT,
      g_param_spec_uint("wait-timeout", "Wait timeout", "Longest wait for wait-for, in seconds (0: no limit)", 0,
                        G_MAXUINT, defaults.wait_timeout_seconds, kKalturaSettingFlags));
  g_object_class_install_property(
      klass, PROP_STATS,
      g_param_spec_boxed("stats", "Statistics",
                         "Upload statistics: bytes-sent, bytes-acknowledged, chunks, retries (guint64), "
                         "throughput (gdouble, bytes per second), with GstBaseSink's average-rate, dropped and "
                         "rendered",
                         GST_TYPE_STRUCTURE, static_cast<GParamFlags>(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));
}

bool kaltura_sink_settings_set(KalturaSinkSettings& settings, guint property_id, const GValue* value) {
  if (kaltura_connection_set(settings.connection, PROP_CONNECTION_FIRST, property_id, value)) return true;
  if (set_string_property(settings, kStringProperties, property_id, value)) return true;
  switch (property_id) {
    case PROP_FLAVOR_PARAMS_ID: settings.flavor_params_id = g_value_get_int(value); return true;
    case PROP_ATTACHMENT_FORMAT: settings.attachment_format = g_value_get_enum(value); return true;
    case PROP_APPROVE_REPLACEMENT: settings.approve_replacement = g_value_get_boolean(value); return true;
    case PROP_ENTRY_TYPE: settings.entry_kind = static_cast<KalturaEntryKind>(g_value_get_enum(value)); return true;
    case PROP_MEDIA_TYPE: settings.media_type = g_value_get_enum(value); return true;
    case PROP_CONVERSION_PROFILE_ID: settings.conversion_profile_id = g_value_get_int64(value); return true;
    case PROP_CHUNK_SIZE: settings.chunk_size = g_value_get_uint64(value); return true;
    case PROP_MAX_PARALLEL_CHUNKS: settings.max_parallel_chunks = g_value_get_uint(value); return true;
    case PROP_REWRITE_WINDOW: settings.rewrite_window = g_value_get_int64(value); return true;
    case PROP_ON_ERROR: settings.on_error = static_cast<KalturaOnError>(g_value_get_enum(value)); return true;
    case PROP_WAIT_FOR: settings.wait_for = static_cast<KalturaWaitFor>(g_value_get_enum(value)); return true;
    case PROP_WAIT_TIMEOUT: settings.wait_timeout_seconds = g_value_get_uint(value); return true;
    default: return false;
  }
}

bool kaltura_sink_settings_get(const KalturaSinkSettings& settings, guint property_id, GValue* value) {
  if (kaltura_connection_get(settings.connection, PROP_CONNECTION_FIRST, property_id, value)) return true;
  if (get_string_property(settings, kStringProperties, property_id, value)) return true;
  switch (property_id) {
    case PROP_FLAVOR_PARAMS_ID: g_value_set_int(value, settings.flavor_params_id); return true;
    case PROP_ATTACHMENT_FORMAT: g_value_set_enum(value, settings.attachment_format); return true;
    case PROP_APPROVE_REPLACEMENT: g_value_set_boolean(value, settings.approve_replacement); return true;
    case PROP_ENTRY_TYPE: g_value_set_enum(value, static_cast<int>(settings.entry_kind)); return true;
    case PROP_MEDIA_TYPE: g_value_set_enum(value, settings.media_type); return true;
    case PROP_CONVERSION_PROFILE_ID: g_value_set_int64(value, settings.conversion_profile_id); return true;
    case PROP_CHUNK_SIZE: g_value_set_uint64(value, settings.chunk_size); return true;
    case PROP_MAX_PARALLEL_CHUNKS: g_value_set_uint(value, settings.max_parallel_chunks); return true;
    case PROP_REWRITE_WINDOW: g_value_set_int64(value, settings.rewrite_window); return true;
    case PROP_ON_ERROR: g_value_set_enum(value, static_cast<int>(settings.on_error)); return true;
    case PROP_WAIT_FOR: g_value_set_enum(value, static_cast<int>(settings.wait_for)); return true;
    case PROP_WAIT_TIMEOUT: g_value_set_uint(value, settings.wait_timeout_seconds); return true;
    default: return false;
  }
}

KalturaRunProperty kaltura_sink_run_property(guint property_id) {
  switch (property_id) {
    case PROP_ENTRY_ID: return KalturaRunProperty::EntryId;
    case PROP_UPLOAD_TOKEN_ID: return KalturaRunProperty::UploadTokenId;
    case PROP_STATS: return KalturaRunProperty::Stats;
    default: return KalturaRunProperty::None;
  }
}
