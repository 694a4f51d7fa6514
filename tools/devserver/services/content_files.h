// The files behind entries and assets: stored under the server's content
// directory with generated names (a client's filename never becomes part of a
// path; only a sanitised extension is kept), and their MIME types.
#pragma once

#include <string>

namespace devserver {

class ServerContext;

// The lowercase alphanumeric extension of a client filename ("Rec.MP4" ->
// "mp4"); empty when there is none or it is not plain.
std::string safe_extension(const std::string& file_name);

// Moves source_path into the content directory as "{kind}_{random}.{ext}" and
// returns the new path. Throws ApiError(INTERNAL_SERVERL_ERROR) on failure.
std::string store_content_file(ServerContext& server, const std::string& source_path, const std::string& kind,
                               const std::string& extension);
// Writes bytes as a new content file and returns its path.
std::string write_content_file(ServerContext& server, const std::string& bytes, const std::string& kind,
                               const std::string& extension);
// Removes a stored content file; paths outside the content directory are left alone.
void remove_content_file(ServerContext& server, const std::string& path);
// Deletes an incoming file (a finished upload) that no content takes.
void discard_incoming_file(const std::string& path);
bool read_content_file(const std::string& path, std::string& bytes);

// MIME type by extension; "application/octet-stream" when unknown.
std::string content_type_for_extension(const std::string& extension);
// Kaltura media type (1 video, 2 image, 5 audio) by extension; 0 when unknown.
int media_type_for_extension(const std::string& extension);

}  // namespace devserver
