// Cuts the byte stream a sink receives into upload chunks, without copying,
// while keeping two regions patchable for muxers that seek back:
//
//   [0, head_size)             the head: held until finish() (deferred-head
//                              recipe, protocol §7.8) so mp4mux/qtmux can
//                              patch their header and matroskamux its sizes;
//   [head_size, tail_offset)   cut into chunks and handed out for upload;
//   [tail_offset, end)         the tail: the chunk being filled, plus the tail
//                              reserve held back so rewrites of recent bytes
//                              still land.
//
// The tail reserve starts at kTailReserve. Once upstream rewrites bytes some
// distance back from the end, the reserve grows to twice that distance, and
// to at least one chunk (at most kMaxReserveChunks chunks): matroskamux
// patches each cluster's size when the cluster ends, the first one inside the
// head, and later clusters are seldom much longer than the longest before.
//
// A write that would touch bytes already handed out throws RewriteError.
// The chunk size stays as set for the first kChunksAtSetSize chunks (so the
// memory bound holds as configured for 25 GB at 5 MiB), then doubles every
// kChunksPerSizeStep chunks: 10,000 chunks carry about a million times the
// set size, so a token never needs more.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "kaltura/upload/slice_list.h"

namespace kaltura::upload {

struct Chunk {
  uint64_t offset = 0;
  SliceList data;
};

class RewriteError : public std::runtime_error {
 public:
  RewriteError(uint64_t position, const std::string& what) : std::runtime_error(what), position_(position) {}
  uint64_t position() const { return position_; }

 private:
  uint64_t position_;
};

class ChunkAssembler {
 public:
  static constexpr uint64_t kTailReserve = 64 * 1024;
  static constexpr uint64_t kMaxReserveChunks = 4;
  static constexpr uint64_t kChunksAtSetSize = 5000;
  static constexpr uint64_t kChunksPerSizeStep = 500;

  // head_size 0 uploads strictly in order (nothing can be rewritten).
  ChunkAssembler(uint64_t chunk_size, uint64_t head_size);

  // Writes bytes at the current position and advances it; returns the chunks
  // that became complete.
  std::vector<Chunk> write(const BytesRef& bytes);
  // Moves the write position (a BYTES segment from upstream). Checked on the
  // next write: seeking alone is harmless.
  void seek(uint64_t position) { position_ = position; }
  // Whether a write of length bytes at position could still be applied.
  bool can_write(uint64_t position, uint64_t length) const;
  // The rest: the tail chunk (if any), then the head (if any).
  std::vector<Chunk> finish();

  uint64_t position() const { return position_; }
  uint64_t size() const { return end_; }  // bytes received so far (the file size)
  uint64_t chunk_size() const { return chunk_size_; }
  uint64_t head_size() const { return head_size_; }
  uint64_t chunks_cut() const { return chunks_cut_; }
  uint64_t tail_reserve() const { return tail_reserve_; }

 private:
  void append(const BytesRef& bytes, std::vector<Chunk>& out);
  void widen_tail_reserve(uint64_t rewrite_distance);
  Chunk cut_from_tail(uint64_t length);

  uint64_t chunk_size_;
  const uint64_t head_size_;
  SliceList head_;
  SliceList tail_;
  uint64_t tail_offset_;
  uint64_t tail_reserve_ = kTailReserve;
  uint64_t end_ = 0;
  uint64_t position_ = 0;
  uint64_t chunks_cut_ = 0;
};

}  // namespace kaltura::upload
