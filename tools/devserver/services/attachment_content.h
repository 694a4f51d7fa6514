// An attachment asset takes the file of an upload (setContent, §9.2): READY
// at once, with fileExt, size and a new version. Call with state_mutex held.
#pragma once

#include <cstdint>
#include <string>

namespace devserver {

class ServerContext;

void take_attachment_file(ServerContext& server, const std::string& asset_id, const std::string& path,
                          const std::string& file_name, int64_t size);

}  // namespace devserver
