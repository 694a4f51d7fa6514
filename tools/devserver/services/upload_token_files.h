// The bytes of one upload token on disk, under
// content_dir()/upload-tokens/<token id>/:
//   assembled[.ext]   the contiguous file so far (its size is uploadedFileSize)
//   chunk-<offset>    a chunk stored aside until it becomes contiguous
// Names are ours, never the client's: only a sanitised extension is kept.
// Parts arrive as files in the data dir's tmp/ folder and are renamed into
// place when possible; bytes are streamed, never held whole in memory.
// Every write completes before the caller commits the token row, so a
// killed server loses nothing that was acknowledged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "../server_context.h"

namespace devserver {

struct StoredChunk {
  int64_t offset = 0;
  int64_t size = 0;
  std::string path;
  int64_t end() const { return offset + size; }
};

class UploadTokenFiles {
 public:
  UploadTokenFiles(const ServerContext& server, const std::string& token_id);

  std::string assembled_path(const std::string& extension) const;
  // The assembled file's size, or -1 when no upload started it.
  int64_t assembled_size(const std::string& extension) const;

  // The part becomes the whole file (resume=false): the previous file, under
  // whatever extension, and every stored chunk are dropped.
  void start_with(const UploadedFile& part, const std::string& old_extension, const std::string& new_extension);
  // Writes the bytes of the file at source_path at offset of the assembled
  // file (in place or extending it). Returns the assembled file's new size.
  int64_t write_at(const std::string& extension, int64_t offset, const std::string& source_path);

  // Keeps a chunk until it is contiguous; a chunk already stored at the same
  // offset is replaced.
  void store_aside(int64_t offset, const UploadedFile& part);
  std::vector<StoredChunk> stored_chunks() const;  // ordered by offset
  // The chunk stored at exactly offset, without listing the others (a
  // token with the head held back has every chunk stored aside).
  std::optional<StoredChunk> stored_chunk_at(int64_t offset) const;
  void discard(const StoredChunk& chunk);
  void discard_stored_chunks();

  // Leftovers of a write interrupted by a crash (never acknowledged).
  void remove_interrupted_writes();
  void remove_all();

 private:
  void ensure_dir() const;
  std::string dir_;
};

}  // namespace devserver
