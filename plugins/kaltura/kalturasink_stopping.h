// kalturasink's upload stopped before its end (an error, or a stop without
// EOS): on-error keeps the token and entry (saying how to resume), deletes
// them, or finishes the token with what arrived. And a stop that cut short
// the approval of a completed upload's replacement.
#pragma once

#include "kalturasink_run.h"

namespace kalturasink {

void abandon_upload(GstKalturaSink* self, Run& run);

// The upload completed, and the pipeline stopped while approve-replacement's
// call was on its way (the stop cancelled it): the approval is made here,
// within the time a cleanup gets, or a warning says how to make it.
void finish_approval(GstKalturaSink* self, Run& run);

}  // namespace kalturasink
