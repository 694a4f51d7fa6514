#include "block_allocator.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

namespace {

// Below this a buffer comes from the system allocator: glibc maps such
// blocks itself, and small ones do not fragment its heap noticeably.
constexpr gsize kSmallestBlock = 128 * 1024;

struct Block {
  void* base = nullptr;
  gsize length = 0;
};

// The blocks given back and kept for reuse. Shared by the allocator and
// every memory it handed out, which may outlive it.
class BlockCache {
 public:
  explicit BlockCache(gsize keep_bytes) : keep_bytes_(keep_bytes) {}
  ~BlockCache() {
    for (const Block& block : kept_) munmap(block.base, block.length);
  }
  BlockCache(const BlockCache&) = delete;
  BlockCache& operator=(const BlockCache&) = delete;

  // A kept block of that length, else a new mapping (base nullptr if none).
  Block take(gsize length) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (auto it = kept_.rbegin(); it != kept_.rend(); ++it) {
        if (it->length != length) continue;
        const Block block = *it;
        kept_.erase(std::next(it).base());
        kept_total_ -= length;
        return block;
      }
    }
    void* base = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return base == MAP_FAILED ? Block{} : Block{base, length};
  }

  void set_keep_bytes(gsize keep_bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    keep_bytes_ = keep_bytes;
  }

  void give_back(const Block& block) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (kept_total_ + block.length <= keep_bytes_) {
        kept_.push_back(block);
        kept_total_ += block.length;
        return;
      }
    }
    munmap(block.base, block.length);
  }

 private:
  std::mutex mutex_;
  gsize keep_bytes_;  // guarded by mutex_
  std::vector<Block> kept_;
  gsize kept_total_ = 0;
};

// What a handed-out memory needs to return its block.
struct Lease {
  std::shared_ptr<BlockCache> cache;
  Block block;
};

void return_lease(gpointer data) {
  auto* lease = static_cast<Lease*>(data);
  lease->cache->give_back(lease->block);
  delete lease;
}

gsize page_size() {
  static const gsize size = static_cast<gsize>(sysconf(_SC_PAGESIZE));
  return size;
}

}  // namespace

struct _KalturaBlockAllocator {
  GstAllocator parent;
  std::shared_ptr<BlockCache>* cache;
};

G_DEFINE_TYPE(KalturaBlockAllocator, kaltura_block_allocator, GST_TYPE_ALLOCATOR)

namespace {

GstMemory* block_alloc(GstAllocator* allocator, gsize size, GstAllocationParams* params) {
  auto* self = KALTURA_BLOCK_ALLOCATOR(allocator);
  const gsize max_size = params->prefix + size + params->padding;
  // Mappings are page-aligned: any alignment up to a page holds.
  if (max_size < kSmallestBlock || params->align >= page_size()) return gst_allocator_alloc(nullptr, size, params);
  const gsize length = (max_size + page_size() - 1) / page_size() * page_size();
  const Block block = (*self->cache)->take(length);
  if (!block.base) return nullptr;
  auto* data = static_cast<guint8*>(block.base);
  if (params->prefix && (params->flags & GST_MEMORY_FLAG_ZERO_PREFIXED)) std::memset(data, 0, params->prefix);
  if (params->padding && (params->flags & GST_MEMORY_FLAG_ZERO_PADDED))
    std::memset(data + params->prefix + size, 0, params->padding);
  return gst_memory_new_wrapped(params->flags, data, max_size, params->prefix, size, new Lease{*self->cache, block},
                                return_lease);
}

void block_allocator_finalize(GObject* object) {
  delete KALTURA_BLOCK_ALLOCATOR(object)->cache;
  G_OBJECT_CLASS(kaltura_block_allocator_parent_class)->finalize(object);
}

}  // namespace

static void kaltura_block_allocator_class_init(KalturaBlockAllocatorClass* klass) {
  G_OBJECT_CLASS(klass)->finalize = block_allocator_finalize;
  // No free(): every memory handed out is wrapped, so it belongs to the
  // system allocator and comes back through return_lease().
  GST_ALLOCATOR_CLASS(klass)->alloc = block_alloc;
}

static void kaltura_block_allocator_init(KalturaBlockAllocator* self) { self->cache = nullptr; }

GstAllocator* kaltura_block_allocator_new(gsize keep_bytes) {
  auto* self = static_cast<KalturaBlockAllocator*>(g_object_new(KALTURA_TYPE_BLOCK_ALLOCATOR, nullptr));
  self->cache = new std::shared_ptr<BlockCache>(std::make_shared<BlockCache>(keep_bytes));
  gst_object_ref_sink(self);
  return GST_ALLOCATOR(self);
}

void kaltura_block_allocator_set_keep_bytes(GstAllocator* allocator, gsize keep_bytes) {
  (*KALTURA_BLOCK_ALLOCATOR(allocator)->cache)->set_keep_bytes(keep_bytes);
}
