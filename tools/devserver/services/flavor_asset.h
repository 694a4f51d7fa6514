// A flavor asset (a rendition of an entry, §9.1) as the devserver keeps it.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace devserver {

namespace flavor_status {
constexpr int kError = -1;
constexpr int kQueued = 0;
constexpr int kConverting = 1;
constexpr int kReady = 2;
constexpr int kDeleted = 3;
constexpr int kNotApplicable = 4;
constexpr int kImporting = 7;
}  // namespace flavor_status

struct FlavorAsset {
  std::string id;
  std::string entry_id;
  int partner_id = 0;
  int64_t flavor_params_id = 0;
  bool is_original = false;
  int status = flavor_status::kQueued;
  int64_t version = 0;  // "version" on the wire (a string); bumped by each new file
  std::string file_path;
  std::string file_ext;
  int64_t size_bytes = 0;
  int64_t width = 0;
  int64_t height = 0;
  int64_t bitrate_kbps = 0;
  double frame_rate = 0;
  std::string container_format;
  std::string video_codec_id;
  int64_t duration_ms = 0;
  bool has_video = false;
  std::string description;  // errors and warnings of processing
  std::string tags;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t deleted_at = 0;
  // Settable text properties: label, language, partnerData, partnerDescription.
  std::map<std::string, std::string> attributes;
  bool is_default = false;
};

}  // namespace devserver
