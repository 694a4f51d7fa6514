// At EOS of an upload to an existing entry that has content, the new content
// waits in a replacement of it; approve-replacement approves it (media's or
// document_documents' approveReplace) so it takes the entry's place when ready.
#pragma once

#include <string>

#include "kalturasink_run.h"

namespace kalturasink {

// What the sink knows of the replacement when the upload completes.
struct Replacement {
  bool known = true;  // false: the entry tells (approve_replacement reads it)
  bool replacing = false;
  bool document = false;  // document_documents.approveReplace approves it
};

// Known when the attaching call was answered at the start; the entry tells
// when that call went with the final chunk, and in a resumed run (which may
// follow the entry of its token without being told it is an existing one).
Replacement replacement_so_far(const KalturaSinkSettings& settings, const RunState& state);

// Approves the replacement, if there is one. Throws kaltura::Error.
void approve_replacement(Run& run, const std::string& entry_id, Replacement replacement);

}  // namespace kalturasink
