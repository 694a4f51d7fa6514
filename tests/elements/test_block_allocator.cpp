// The allocator kalturasink offers upstream: large blocks come back to the
// next buffer of their size, up to the amount it keeps; small ones come from
// the system allocator; whatever a memory holds stays valid after the
// allocator is gone.
#include <gst/gst.h>

#include <cstring>

#include "block_allocator.h"

namespace {

constexpr gsize kMiB = 1024 * 1024;

GstMemory* alloc(GstAllocator* allocator, gsize size) { return gst_allocator_alloc(allocator, size, nullptr); }

guint8* data_of(GstMemory* memory) {
  GstMapInfo map;
  g_assert_true(gst_memory_map(memory, &map, GST_MAP_READWRITE));
  guint8* data = map.data;
  gst_memory_unmap(memory, &map);
  return data;
}

void test_large_blocks_come_back() {
  GstAllocator* allocator = kaltura_block_allocator_new(2 * kMiB);
  GstMemory* first = alloc(allocator, kMiB);
  g_assert_nonnull(first);
  g_assert_cmpuint(gst_memory_get_sizes(first, nullptr, nullptr), ==, kMiB);
  guint8* block = data_of(first);
  std::memset(block, 0xab, kMiB);  // the whole block is writable
  gst_memory_unref(first);
  GstMemory* second = alloc(allocator, kMiB);
  g_assert_true(data_of(second) == block);  // the same mapping, reused
  gst_memory_unref(second);
  // A buffer of another size does not take the kept block.
  GstMemory* other = alloc(allocator, kMiB + 4096 * 3);
  g_assert_true(data_of(other) != block);
  gst_memory_unref(other);
  gst_object_unref(allocator);
}

void test_keeps_no_more_than_asked() {
  GstAllocator* allocator = kaltura_block_allocator_new(kMiB);
  GstMemory* a = alloc(allocator, kMiB);
  GstMemory* b = alloc(allocator, kMiB);
  guint8* block_a = data_of(a);
  gst_memory_unref(a);  // kept
  gst_memory_unref(b);  // over the limit: unmapped
  GstMemory* c = alloc(allocator, kMiB);
  GstMemory* d = alloc(allocator, kMiB);
  g_assert_true(data_of(c) == block_a);
  g_assert_true(data_of(d) != block_a);
  gst_memory_unref(c);
  gst_memory_unref(d);
  gst_object_unref(allocator);
}

// A block unmapped and mapped again reads as zeros; a kept one keeps its bytes.
void test_keeps_more_once_told() {
  GstAllocator* allocator = kaltura_block_allocator_new(kMiB);
  kaltura_block_allocator_set_keep_bytes(allocator, 2 * kMiB);  // as when the sink's chunks grow
  GstMemory* a = alloc(allocator, kMiB);
  GstMemory* b = alloc(allocator, kMiB);
  std::memset(data_of(a), 0xab, kMiB);
  std::memset(data_of(b), 0xab, kMiB);
  gst_memory_unref(a);
  gst_memory_unref(b);  // within the new limit: kept too
  GstMemory* c = alloc(allocator, kMiB);
  GstMemory* d = alloc(allocator, kMiB);
  g_assert_cmpuint(data_of(c)[0], ==, 0xab);
  g_assert_cmpuint(data_of(d)[0], ==, 0xab);
  gst_memory_unref(c);
  gst_memory_unref(d);
  gst_object_unref(allocator);
}

void test_small_buffers_from_the_system_allocator() {
  GstAllocator* allocator = kaltura_block_allocator_new(kMiB);
  GstMemory* small = alloc(allocator, 4096);
  g_assert_true(gst_memory_is_type(small, GST_ALLOCATOR_SYSMEM));
  gst_memory_unref(small);
  gst_object_unref(allocator);
}

void test_prefix_padding_and_sharing() {
  GstAllocator* allocator = kaltura_block_allocator_new(kMiB);
  GstAllocationParams params;
  gst_allocation_params_init(&params);
  params.prefix = 64;
  params.padding = 32;
  params.flags = static_cast<GstMemoryFlags>(GST_MEMORY_FLAG_ZERO_PREFIXED | GST_MEMORY_FLAG_ZERO_PADDED);
  GstMemory* memory = gst_allocator_alloc(allocator, 512 * 1024, &params);
  gsize offset = 0, max_size = 0;
  g_assert_cmpuint(gst_memory_get_sizes(memory, &offset, &max_size), ==, 512 * 1024);
  g_assert_cmpuint(offset, ==, 64);
  g_assert_cmpuint(max_size, ==, 64 + 512 * 1024 + 32);
  GstMapInfo map;
  g_assert_true(gst_memory_map(memory, &map, GST_MAP_WRITE));
  std::memset(map.data, 'x', map.size);
  gst_memory_unmap(memory, &map);
  // A shared part keeps the block alive after the allocator and the
  // original memory are gone.
  GstMemory* part = gst_memory_share(memory, 1000, 10);
  gst_memory_unref(memory);
  gst_object_unref(allocator);
  g_assert_true(gst_memory_map(part, &map, GST_MAP_READ));
  g_assert_cmpint(std::memcmp(map.data, "xxxxxxxxxx", 10), ==, 0);
  gst_memory_unmap(part, &map);
  gst_memory_unref(part);
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/block-allocator/large-blocks-come-back", test_large_blocks_come_back);
  g_test_add_func("/block-allocator/keeps-no-more-than-asked", test_keeps_no_more_than_asked);
  g_test_add_func("/block-allocator/keeps-more-once-told", test_keeps_more_once_told);
  g_test_add_func("/block-allocator/small-buffers", test_small_buffers_from_the_system_allocator);
  g_test_add_func("/block-allocator/prefix-padding-sharing", test_prefix_padding_and_sharing);
  return g_test_run();
}
