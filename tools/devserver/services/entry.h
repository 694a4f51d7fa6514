// An entry (media, data or document) as the devserver keeps it (§8).
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace devserver {

namespace entry_status {
constexpr int kErrorImporting = -2;
constexpr int kErrorConverting = -1;
constexpr int kImport = 0;
constexpr int kPreconvert = 1;
constexpr int kReady = 2;
constexpr int kDeleted = 3;
constexpr int kNoContent = 7;
// The virus scan plugin's status, which the API gives as the string
// "virusScan.Infected" (entry_json.cpp); the number is the devserver's own.
constexpr int kVirusScanInfected = -10;
}  // namespace entry_status

// The devserver does no moderation: every entry is auto-approved.
namespace moderation_status {
constexpr int kPendingModeration = 1;
constexpr int kRejected = 3;
constexpr int kAutoApproved = 6;
}  // namespace moderation_status

namespace entry_type {
constexpr int kMediaClip = 1;
constexpr int kData = 6;
constexpr int kDocument = 10;
}  // namespace entry_type

namespace media_type {
constexpr int kVideo = 1;
constexpr int kImage = 2;
constexpr int kAudio = 5;
}  // namespace media_type

namespace replacement_status {
constexpr int kNone = 0;
constexpr int kApprovedButNotReady = 1;
constexpr int kReadyButNotApproved = 2;
constexpr int kNotReadyAndNotApproved = 3;
constexpr int kFailed = 4;
}  // namespace replacement_status

struct Entry {
  std::string id;
  int partner_id = 0;
  int type = entry_type::kMediaClip;
  int media_type = 0;               // 0 until given or derived
  bool media_type_given = false;    // set by the client (else derived from the content)
  int status = entry_status::kNoContent;
  std::string name;
  std::string user_id;
  std::string creator_id;
  std::string reference_id;
  std::string tags;
  int64_t conversion_profile_id = 0;
  std::string source_type = "6";
  int64_t version = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::string replacing_entry_id;
  std::string replaced_entry_id;  // set on the hidden temporary entry of a replacement
  int replacement_status = replacement_status::kNone;
  int64_t width = 0;
  int64_t height = 0;
  int64_t ms_duration = 0;
  int document_type = 0;
  std::string data_content;
  std::string data_file_path;  // data entries: dataContent as a file, for raw delivery
  // Other client-settable properties (description, partnerData, startDate...),
  // kept as text; entry_fields.h knows their wire types.
  std::map<std::string, std::string> attributes;

  bool is_temporary_replacement() const { return !replaced_entry_id.empty(); }
  int moderation_status() const { return moderation_status::kAutoApproved; }
  // displayInSearch -1 (SYSTEM), as a replacement's temporary entry has.
  bool is_system_entry() const {
    auto display = attributes.find("displayInSearch");
    return display != attributes.end() && display->second == "-1";
  }
  // The status as filters and the API give it: a number, or the virus scan
  // plugin's "virusScan.Infected".
  std::string status_text() const;
  const char* class_name() const;
};

}  // namespace devserver
