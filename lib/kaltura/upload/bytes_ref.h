// An owning, copyable reference to an immutable GBytes, for containers
// (g_autoptr covers locals only).
#pragma once

#include <glib.h>

#include <cstddef>
#include <utility>

namespace kaltura::upload {

class BytesRef {
 public:
  BytesRef() = default;
  static BytesRef adopt(GBytes* bytes) { return BytesRef(bytes); }
  static BytesRef ref(GBytes* bytes) { return BytesRef(bytes ? g_bytes_ref(bytes) : nullptr); }
  static BytesRef empty() { return BytesRef(g_bytes_new_static("", 0)); }

  BytesRef(const BytesRef& other) : bytes_(other.bytes_ ? g_bytes_ref(other.bytes_) : nullptr) {}
  BytesRef& operator=(const BytesRef& other) {
    BytesRef copy(other);
    std::swap(bytes_, copy.bytes_);
    return *this;
  }
  BytesRef(BytesRef&& other) noexcept : bytes_(std::exchange(other.bytes_, nullptr)) {}
  BytesRef& operator=(BytesRef&& other) noexcept {
    std::swap(bytes_, other.bytes_);
    return *this;
  }
  ~BytesRef() {
    if (bytes_) g_bytes_unref(bytes_);
  }

  GBytes* get() const { return bytes_; }
  size_t size() const { return bytes_ ? g_bytes_get_size(bytes_) : 0; }
  // A new reference for an API that adopts one (FilePart).
  GBytes* new_ref() const { return bytes_ ? g_bytes_ref(bytes_) : g_bytes_new_static("", 0); }
  // A view of [offset, offset + length) sharing the same memory.
  BytesRef slice(size_t offset, size_t length) const {
    return BytesRef(g_bytes_new_from_bytes(bytes_, offset, length));
  }

 private:
  explicit BytesRef(GBytes* adopted) : bytes_(adopted) {}
  GBytes* bytes_ = nullptr;
};

}  // namespace kaltura::upload
