#include "kaltura/upload/slice_list.h"

#include <stdexcept>

namespace kaltura::upload {

void SliceList::append(BytesRef bytes) {
  if (bytes.size() == 0) return;
  size_ += bytes.size();
  slices_.push_back(std::move(bytes));
}

void SliceList::overwrite(uint64_t offset, const BytesRef& bytes) {
  const uint64_t length = bytes.size();
  if (length == 0) return;
  if (offset + length > size_) throw std::out_of_range("SliceList::overwrite past the end");
  const uint64_t end = offset + length;

  std::deque<BytesRef> result;
  uint64_t position = 0;
  bool inserted = false;
  for (auto& slice : slices_) {
    const uint64_t slice_start = position;
    const uint64_t slice_end = position + slice.size();
    position = slice_end;
    if (slice_end <= offset || slice_start >= end) {
      if (slice_start >= end && !inserted) {
        result.push_back(bytes);
        inserted = true;
      }
      result.push_back(std::move(slice));
      continue;
    }
    // This slice overlaps the replaced range: keep what lies outside it.
    if (slice_start < offset) result.push_back(slice.slice(0, offset - slice_start));
    if (!inserted) {
      result.push_back(bytes);
      inserted = true;
    }
    if (slice_end > end) result.push_back(slice.slice(end - slice_start, slice_end - end));
  }
  if (!inserted) result.push_back(bytes);
  slices_ = std::move(result);
}

SliceList SliceList::take_front(uint64_t length) {
  if (length > size_) throw std::out_of_range("SliceList::take_front past the end");
  SliceList front;
  while (front.size_ < length) {
    BytesRef& first = slices_.front();
    const uint64_t wanted = length - front.size_;
    if (first.size() <= wanted) {
      front.append(std::move(first));
      slices_.pop_front();
    } else {
      front.append(first.slice(0, wanted));
      first = first.slice(wanted, first.size() - wanted);
    }
  }
  size_ -= length;
  return front;
}

std::vector<GBytes*> SliceList::new_refs() const {
  std::vector<GBytes*> refs;
  refs.reserve(slices_.size());
  for (const auto& slice : slices_) refs.push_back(slice.new_ref());
  return refs;
}

}  // namespace kaltura::upload
