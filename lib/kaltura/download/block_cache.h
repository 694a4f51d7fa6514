// The blocks of a file read last, kept so that a reader going back and forth
// over a few places (typefind, a demuxer in pull mode reading audio and
// video samples by their times) gets them again without an HTTP request
// each time. Least recently used blocks go first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <vector>

namespace kaltura::download {

class BlockCache {
 public:
  static constexpr uint64_t kBlockSize = 64 * 1024;

  explicit BlockCache(size_t capacity_blocks) : capacity_(capacity_blocks) {}

  // Block `index` (bytes index * kBlockSize on; shorter only as the file's
  // last), or nullptr when it is not kept.
  const std::vector<uint8_t>* find(uint64_t index);
  // Keeps the block, letting the least recently used one go when full;
  // returns the kept bytes, valid until the next insert().
  const std::vector<uint8_t>& insert(uint64_t index, std::vector<uint8_t> bytes);

 private:
  struct Block {
    uint64_t index;
    std::vector<uint8_t> bytes;
  };
  const size_t capacity_;
  std::list<Block> blocks_;  // most recently used first
};

}  // namespace kaltura::download
