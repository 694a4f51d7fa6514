// What a client-supplied file name means to the upload token service: only a
// sanitised extension is ever kept for the file on disk, and a few
// extensions are refused outright (protocol §7.4, "restricted file types").
#pragma once

#include <string>

namespace devserver {

// The lowercase extension of a client's file name, reduced to [a-z0-9] and at
// most 16 characters; "" when there is none. Path components are irrelevant:
// "../../x.MP4" gives "mp4".
std::string sanitised_extension(const std::string& file_name);

// Executables and server-side scripts: exe, bat, cmd, com, scr, msi, php, phtml.
bool is_restricted_extension(const std::string& extension);

}  // namespace devserver
