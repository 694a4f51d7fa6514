// kalturasink's upload stopped before its end (an error, or a stop without
// EOS): on-error keeps the token and entry (saying how to resume), deletes
// them, or finishes the token with what arrived.
#pragma once

#include "kalturasink_run.h"

namespace kalturasink {

void abandon_upload(GstKalturaSink* self, Run& run);

}  // namespace kalturasink
