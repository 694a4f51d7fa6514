// Where kalturasink's upload goes, from its properties and what the stream
// told (caps, tags): the token's file name, the new entry's name and fields,
// or the existing entry, flavor or attachment.
#pragma once

#include <string>

#include "kaltura/upload/upload_target.h"
#include "kalturasink_run.h"

namespace kalturasink {

// file-name, else location's name, else the name of the file upstream reads
// (with the extension of the caps when they give one), else the entry's name
// (or "recording") with the extension of the caps, or of the first bytes.
std::string choose_file_name(const KalturaSinkSettings& settings, const RunState& state);
// The file name a source's URI ends with ("talk.mp4" of
// file:///home/me/talk.mp4 or of https://host/v/talk.mp4?sig=...), or "" when
// its last path segment has no extension and so names no file (v4l2:///dev/video0).
std::string file_name_in_uri(const std::string& uri);
kaltura::upload::UploadTargetSpec target_spec(const KalturaSinkSettings& settings, const RunState& state);

}  // namespace kalturasink
