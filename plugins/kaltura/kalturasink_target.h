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
// The media type of a new media entry as far as it is known without reading
// the stream's bytes: media-type, else the caps, else the streams the muxer
// upstream takes in, else the extension of the file name set or read
// upstream. 0 when none of them tells.
int media_type_known_so_far(const KalturaSinkSettings& settings, const RunState& state);
// A new media entry's type: as known so far, else from the first bytes,
// else video. Kaltura's media.add refuses an entry without one.
kaltura::upload::UploadTargetSpec target_spec(const KalturaSinkSettings& settings, const RunState& state);

}  // namespace kalturasink
