// kalturasink's properties: the settings struct they fill, the GParamSpec
// table with its gst-inspect documentation, and set/get. Settings are
// MUTABLE_READY: they are read once, when the element starts.
#pragma once

#include <gst/gst.h>

#include <cstdint>
#include <string>

#include "kaltura_connection.h"

enum class KalturaWaitFor { None = 0, EntryReady = 1, AllFlavors = 2 };
enum class KalturaOnError { Keep = 0, Delete = 1, Finalize = 2 };
enum class KalturaEntryKind { Media = 0, Document = 1 };

// chunk-size's range, checked at start (and by kaltura:// URIs) rather than
// by its param spec, whose out-of-range values GLib only warns about.
constexpr uint64_t kKalturaMinChunkSize = 64 * 1024;
constexpr uint64_t kKalturaMaxChunkSize = 1024 * 1024 * 1024;

struct KalturaSinkSettings {
  KalturaConnectionSettings connection;
  // Target.
  std::string entry_id;
  int flavor_params_id = -1;
  std::string attachment_title;
  int attachment_format = 0;  // 0 = unset, 1..5
  bool approve_replacement = true;
  KalturaEntryKind entry_kind = KalturaEntryKind::Media;
  int media_type = 0;  // 0 = from caps, 1 video, 2 image, 5 audio
  std::string entry_name, description, tags, reference_id, categories, entry_user_id;
  int64_t conversion_profile_id = -1;
  std::string file_name, location;
  // Upload.
  uint64_t chunk_size = 5 * 1024 * 1024;
  unsigned max_parallel_chunks = 4;
  int64_t rewrite_window = -1;  // -1: the first chunk
  std::string state_file, upload_token_id;
  KalturaOnError on_error = KalturaOnError::Keep;
  KalturaWaitFor wait_for = KalturaWaitFor::None;
  unsigned wait_timeout_seconds = 0;
};

// Properties whose value comes from the running upload, not the settings.
enum class KalturaRunProperty { None, EntryId, UploadTokenId, Stats };

void kaltura_sink_install_properties(GObjectClass* klass);
// Returns false for an unknown property id.
bool kaltura_sink_settings_set(KalturaSinkSettings& settings, guint property_id, const GValue* value);
bool kaltura_sink_settings_get(const KalturaSinkSettings& settings, guint property_id, GValue* value);
KalturaRunProperty kaltura_sink_run_property(guint property_id);
