#include "kaltura/download/block_cache.h"

#include <algorithm>

namespace kaltura::download {

const std::vector<uint8_t>* BlockCache::find(uint64_t index) {
  const auto found = std::find_if(blocks_.begin(), blocks_.end(), [index](const Block& b) { return b.index == index; });
  if (found == blocks_.end()) return nullptr;
  blocks_.splice(blocks_.begin(), blocks_, found);
  return &blocks_.front().bytes;
}

const std::vector<uint8_t>& BlockCache::insert(uint64_t index, std::vector<uint8_t> bytes) {
  blocks_.push_front(Block{index, std::move(bytes)});
  while (blocks_.size() > capacity_) blocks_.pop_back();
  return blocks_.front().bytes;
}

}  // namespace kaltura::download
