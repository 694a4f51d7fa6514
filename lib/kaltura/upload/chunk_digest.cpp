#include "kaltura/upload/chunk_digest.h"

#include <glib.h>

namespace kaltura::upload {

std::string chunk_digest(const SliceList& data) {
  GChecksum* checksum = g_checksum_new(G_CHECKSUM_SHA256);
  for (GBytes* slice : data.new_refs()) {
    gsize size = 0;
    const void* bytes = g_bytes_get_data(slice, &size);
    g_checksum_update(checksum, static_cast<const guchar*>(bytes), static_cast<gssize>(size));
    g_bytes_unref(slice);
  }
  const std::string hex = g_checksum_get_string(checksum);
  g_checksum_free(checksum);
  return hex.substr(0, 32);
}

}  // namespace kaltura::upload
