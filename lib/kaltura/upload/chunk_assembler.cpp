#include "kaltura/upload/chunk_assembler.h"

#include <algorithm>

namespace kaltura::upload {

ChunkAssembler::ChunkAssembler(uint64_t chunk_size, uint64_t head_size)
    : chunk_size_(chunk_size), head_size_(head_size), tail_offset_(head_size) {
  if (chunk_size_ == 0) throw std::invalid_argument("chunk size must not be 0");
}

bool ChunkAssembler::can_write(uint64_t position, uint64_t length) const {
  if (position > end_) return false;  // a gap would leave bytes undefined
  const uint64_t overwrite_end = std::min(position + length, end_);
  if (position >= overwrite_end) return true;  // a pure append
  // The overwritten range must avoid [head_size_, tail_offset_).
  const bool sent_region_empty = tail_offset_ <= head_size_;
  if (sent_region_empty) return true;
  return overwrite_end <= head_size_ || position >= tail_offset_;
}

std::vector<Chunk> ChunkAssembler::write(const BytesRef& bytes) {
  const uint64_t length = bytes.size();
  if (!can_write(position_, length)) {
    std::string text = position_ > end_
                           ? "upstream jumped to byte " + std::to_string(position_) + " past the end of the stream (" +
                                 std::to_string(end_) + " bytes)"
                           : "upstream rewrote bytes " + std::to_string(position_) + "-" +
                                 std::to_string(position_ + length) + ", which were already uploaded (only the first " +
                                 std::to_string(head_size_) + " and the last " + std::to_string(tail_reserve_) +
                                 " bytes of the stream stay rewritable)";
    throw RewriteError(position_, text);
  }
  std::vector<Chunk> out;
  const uint64_t overwrite_length = position_ < end_ ? std::min(length, end_ - position_) : 0;
  if (overwrite_length > 0) widen_tail_reserve(end_ - position_);
  uint64_t done = 0;
  while (done < overwrite_length) {
    const uint64_t at = position_ + done;
    if (at < std::min(head_size_, end_)) {
      const uint64_t n = std::min(overwrite_length - done, head_size_ - at);
      head_.overwrite(at, bytes.slice(done, n));
      done += n;
    } else {
      const uint64_t n = overwrite_length - done;
      tail_.overwrite(at - tail_offset_, bytes.slice(done, n));
      done += n;
    }
  }
  if (overwrite_length < length) append(bytes.slice(overwrite_length, length - overwrite_length), out);
  position_ += length;
  return out;
}

void ChunkAssembler::append(const BytesRef& bytes, std::vector<Chunk>& out) {
  uint64_t done = 0;
  const uint64_t length = bytes.size();
  if (end_ < head_size_) {
    const uint64_t n = std::min(length, head_size_ - end_);
    head_.append(bytes.slice(0, n));
    done = n;
  }
  if (done < length) tail_.append(done == 0 ? bytes : bytes.slice(done, length - done));
  end_ += length;

  while (tail_.size() >= chunk_size_ + tail_reserve_) {
    out.push_back(cut_from_tail(chunk_size_));
    ++chunks_cut_;
    if (chunks_cut_ >= kChunksAtSetSize && (chunks_cut_ - kChunksAtSetSize) % kChunksPerSizeStep == 0) chunk_size_ *= 2;
  }
}

void ChunkAssembler::widen_tail_reserve(uint64_t rewrite_distance) {
  // At least a chunk: a first cluster cut short (an early keyframe at a scene
  // change) must not leave the next, longer ones without room.
  const uint64_t wanted = std::max(2 * rewrite_distance, chunk_size_);
  tail_reserve_ = std::max(tail_reserve_, std::min(wanted, kMaxReserveChunks * chunk_size_));
}

Chunk ChunkAssembler::cut_from_tail(uint64_t length) {
  Chunk chunk;
  chunk.offset = tail_offset_;
  chunk.data = tail_.take_front(length);
  tail_offset_ += length;
  return chunk;
}

std::vector<Chunk> ChunkAssembler::finish() {
  std::vector<Chunk> out;
  // A tail grown by a wide reserve goes in chunks of the usual size.
  while (tail_.size() > chunk_size_ + kTailReserve) out.push_back(cut_from_tail(chunk_size_));
  if (!tail_.empty()) out.push_back(cut_from_tail(tail_.size()));
  if (!head_.empty()) {
    Chunk chunk;
    chunk.offset = 0;
    chunk.data = head_.take_front(head_.size());
    out.push_back(std::move(chunk));
  }
  return out;
}

}  // namespace kaltura::upload
