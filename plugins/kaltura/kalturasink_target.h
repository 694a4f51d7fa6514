// Where kalturasink's upload goes, from its properties and what the stream
// told (caps, tags): the token's file name, the new entry's name and fields,
// or the existing entry, flavor or attachment.
#pragma once

#include <string>

#include "kaltura/upload/upload_target.h"
#include "kalturasink_run.h"

namespace kalturasink {

// file-name, else location's name, else the entry's name (or "recording")
// with the extension of the caps.
std::string choose_file_name(const KalturaSinkSettings& settings, const RunState& state);
kaltura::upload::UploadTargetSpec target_spec(const KalturaSinkSettings& settings, const RunState& state);

}  // namespace kalturasink
