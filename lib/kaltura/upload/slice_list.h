// A byte sequence held as a list of shared, read-only memory slices. Appending,
// overwriting a range and cutting off a prefix never copy bytes: they only
// re-slice the GBytes the data arrived in. An upload sends the slices as they
// are (new_refs()); join() is for a caller that needs one contiguous block.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "kaltura/upload/bytes_ref.h"

namespace kaltura::upload {

class SliceList {
 public:
  uint64_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t slice_count() const { return slices_.size(); }

  void append(BytesRef bytes);
  // Replaces [offset, offset + bytes.size()) with bytes; the range must lie
  // inside [0, size()).
  void overwrite(uint64_t offset, const BytesRef& bytes);
  // Removes the first length bytes (length <= size()) and returns them.
  SliceList take_front(uint64_t length);
  // A new reference to each slice, in order (for a FilePart to adopt).
  std::vector<GBytes*> new_refs() const;

 private:
  std::deque<BytesRef> slices_;
  uint64_t size_ = 0;
};

}  // namespace kaltura::upload
