// The allocator kalturasink offers upstream (propose_allocation) for its
// buffers. Large blocks are anonymous mappings of their own, and a block that
// comes back (its buffer released once the chunk holding it was
// acknowledged) is kept for the next buffer of the same size, up to
// keep_bytes; beyond that it is unmapped at once. Small buffers go to the
// system allocator.
//
// Why: glibc serves MiB-sized buffers from its heap once one of them has been
// freed, and chunks acknowledged out of order free them out of order: the
// holes they leave cannot be given back, so the process grew past what the
// upload window holds. Recycled blocks also cost no page faults.
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define KALTURA_TYPE_BLOCK_ALLOCATOR (kaltura_block_allocator_get_type())
G_DECLARE_FINAL_TYPE(KalturaBlockAllocator, kaltura_block_allocator, KALTURA, BLOCK_ALLOCATOR, GstAllocator)

GstAllocator* kaltura_block_allocator_new(gsize keep_bytes);
// From now on keeps up to keep_bytes; blocks already kept stay until taken.
void kaltura_block_allocator_set_keep_bytes(GstAllocator* allocator, gsize keep_bytes);

G_END_DECLS
