// The Kaltura objects the elements work with, parsed leniently from JSON
// results (protocol §7.1, §8.2, §9).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kaltura/json.h"

namespace kaltura {

enum class UploadTokenStatus { Pending = 0, PartialUpload = 1, FullUpload = 2, Closed = 3, TimedOut = 4, Deleted = 5 };

enum class EntryStatus {
  ErrorImporting = -2,
  ErrorConverting = -1,
  Import = 0,
  Preconvert = 1,
  Ready = 2,
  Deleted = 3,
  Pending = 4,
  Moderate = 5,
  Blocked = 6,
  NoContent = 7,
  // The entry status is a dynamic enum: the virus scan plugin adds values the
  // service sends as strings ("virusScan.Infected", "virusScan.ScanFailure").
  // Their numbers here are ours, negative as the other failures.
  VirusScanInfected = -10,
  VirusScanFailure = -11,
};
const char* entry_status_name(int status);  // "READY", "ERROR_CONVERTING", "INFECTED"... or "UNKNOWN"

enum class FlavorStatus {
  Error = -1, Queued = 0, Converting = 1, Ready = 2, Deleted = 3, NotApplicable = 4, Temp = 5,
  WaitForConvert = 6, Importing = 7, Validating = 8, Exporting = 9,
};
const char* flavor_status_name(int status);

enum class AttachmentAssetStatus { Error = -1, Queued = 0, Ready = 2, Deleted = 3, Importing = 7, Exporting = 9 };

enum class MediaType { Video = 1, Image = 2, Audio = 5 };
enum class EntryType { Automatic = -1, MediaClip = 1, Data = 6, Document = 10 };

struct UploadToken {
  std::string id;
  int status = 0;
  std::string file_name;
  std::optional<int64_t> file_size;
  std::optional<int64_t> uploaded_file_size;
  std::string attached_object_type;
  std::string attached_object_id;
  std::string upload_url;
  static UploadToken from_json(const Json& json);
};

struct Entry {
  std::string id;
  std::string object_type;  // KalturaMediaEntry, KalturaDocumentEntry...
  std::string name, description, tags, reference_id, categories, user_id;
  int type = 0;
  int status = 0;
  int media_type = 0;
  int replacement_status = 0;
  std::string replacing_entry_id;
  std::string replaced_entry_id;  // set on the entry that holds a replacement
  int64_t conversion_profile_id = 0;
  int duration = 0;  // seconds
  int64_t ms_duration = 0;
  int width = 0, height = 0;
  std::string download_url, data_url, flavor_params_ids;
  static Entry from_json(const Json& json);
};

struct FlavorAsset {
  std::string id, entry_id;
  int flavor_params_id = 0;
  int status = 0;
  int width = 0, height = 0;
  int bitrate = 0;           // kbps
  int64_t size_kb = 0;
  int64_t size_bytes = 0;    // sizeInBytes
  bool is_original = false;
  std::string file_ext, container_format, video_codec_id, description, version;
  static FlavorAsset from_json(const Json& json);
};

struct AttachmentAsset {
  std::string id, entry_id, filename, title, format, file_ext;
  int status = 0;
  int64_t size_bytes = 0;
  static AttachmentAsset from_json(const Json& json);
};

template <typename T>
struct ListResult {
  std::vector<T> objects;
  int64_t total_count = 0;
  static ListResult from_json(const Json& json) {
    ListResult result;
    result.total_count = json.get_int("totalCount");
    Json objects = json.get("objects");
    for (size_t i = 0; i < objects.size(); ++i) result.objects.push_back(T::from_json(objects.at(i)));
    return result;
  }
};

}  // namespace kaltura
