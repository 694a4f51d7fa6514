#include "kaltura/objects.h"

namespace kaltura {

const char* entry_status_name(int status) {
  switch (status) {
    case -2: return "ERROR_IMPORTING";
    case -1: return "ERROR_CONVERTING";
    case 0: return "IMPORT";
    case 1: return "PRECONVERT";
    case 2: return "READY";
    case 3: return "DELETED";
    case 4: return "PENDING";
    case 5: return "MODERATE";
    case 6: return "BLOCKED";
    case 7: return "NO_CONTENT";
    case -10: return "INFECTED";
    case -11: return "SCAN_FAILURE";
    default: return "UNKNOWN";
  }
}

const char* flavor_status_name(int status) {
  switch (status) {
    case -1: return "ERROR";
    case 0: return "QUEUED";
    case 1: return "CONVERTING";
    case 2: return "READY";
    case 3: return "DELETED";
    case 4: return "NOT_APPLICABLE";
    case 5: return "TEMP";
    case 6: return "WAIT_FOR_CONVERT";
    case 7: return "IMPORTING";
    case 8: return "VALIDATING";
    case 9: return "EXPORTING";
    default: return "UNKNOWN";
  }
}

namespace {

int get_int32(const Json& json, const char* name) { return static_cast<int>(json.get_int(name)); }

// The number of an entry status, the virus scan plugin's strings included.
int entry_status_from(const Json& json) {
  const std::string text = json.get_string("status");
  if (text == "virusScan.Infected") return static_cast<int>(EntryStatus::VirusScanInfected);
  if (text == "virusScan.ScanFailure") return static_cast<int>(EntryStatus::VirusScanFailure);
  return get_int32(json, "status");
}

}  // namespace

UploadToken UploadToken::from_json(const Json& json) {
  UploadToken token;
  token.id = json.get_string("id");
  token.status = get_int32(json, "status");
  token.file_name = json.get_string("fileName");
  token.file_size = json.get_optional_int("fileSize");
  token.uploaded_file_size = json.get_optional_int("uploadedFileSize");
  token.attached_object_type = json.get_string("attachedObjectType");
  token.attached_object_id = json.get_string("attachedObjectId");
  token.upload_url = json.get_string("uploadUrl");
  return token;
}

Entry Entry::from_json(const Json& json) {
  Entry entry;
  entry.id = json.get_string("id");
  entry.object_type = json.object_type();
  entry.name = json.get_string("name");
  entry.description = json.get_string("description");
  entry.tags = json.get_string("tags");
  entry.reference_id = json.get_string("referenceId");
  entry.categories = json.get_string("categories");
  entry.user_id = json.get_string("userId");
  entry.type = get_int32(json, "type");
  entry.status = entry_status_from(json);
  entry.media_type = get_int32(json, "mediaType");
  entry.replacement_status = get_int32(json, "replacementStatus");
  entry.replacing_entry_id = json.get_string("replacingEntryId");
  entry.replaced_entry_id = json.get_string("replacedEntryId");
  entry.conversion_profile_id = json.get_int("conversionProfileId");
  entry.duration = get_int32(json, "duration");
  entry.ms_duration = json.get_int("msDuration");
  entry.width = get_int32(json, "width");
  entry.height = get_int32(json, "height");
  entry.download_url = json.get_string("downloadUrl");
  entry.data_url = json.get_string("dataUrl");
  entry.flavor_params_ids = json.get_string("flavorParamsIds");
  return entry;
}

FlavorAsset FlavorAsset::from_json(const Json& json) {
  FlavorAsset flavor;
  flavor.id = json.get_string("id");
  flavor.entry_id = json.get_string("entryId");
  flavor.flavor_params_id = get_int32(json, "flavorParamsId");
  flavor.status = get_int32(json, "status");
  flavor.width = get_int32(json, "width");
  flavor.height = get_int32(json, "height");
  flavor.bitrate = get_int32(json, "bitrate");
  flavor.size_kb = json.get_int("size");
  flavor.size_bytes = json.get_int("sizeInBytes");
  flavor.is_original = json.get_bool("isOriginal");
  flavor.file_ext = json.get_string("fileExt");
  flavor.container_format = json.get_string("containerFormat");
  flavor.video_codec_id = json.get_string("videoCodecId");
  flavor.description = json.get_string("description");
  flavor.version = json.get_string("version");
  return flavor;
}

AttachmentAsset AttachmentAsset::from_json(const Json& json) {
  AttachmentAsset asset;
  asset.id = json.get_string("id");
  asset.entry_id = json.get_string("entryId");
  asset.filename = json.get_string("filename");
  asset.title = json.get_string("title");
  asset.format = json.get_string("format");
  asset.file_ext = json.get_string("fileExt");
  asset.status = get_int32(json, "status");
  // Assets report size in KB; sizeInBytes is exact when present.
  asset.size_bytes = json.get_int("sizeInBytes", json.get_int("size") * 1024);
  return asset;
}

}  // namespace kaltura
