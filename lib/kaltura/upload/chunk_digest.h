// A digest of a chunk's bytes, recorded in the state file as the chunk is
// acknowledged: a run that continues the upload compares the bytes its
// stream gives again with it before skipping them, so that another stream
// (a live source started again, another file) never finishes the token.
#pragma once

#include <string>

#include "kaltura/upload/slice_list.h"

namespace kaltura::upload {

// The first 128 bits of the SHA-256 of the bytes, in hex.
std::string chunk_digest(const SliceList& data);

}  // namespace kaltura::upload
