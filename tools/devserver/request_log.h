// The request log on stdout: one line per call with its key parameters,
// outcome and duration. Only parameters known to be harmless are written,
// so a KS, a secret or a token hash can never appear in it.
#pragma once

#include <string>
#include <vector>

#include "call_dispatcher.h"

namespace devserver {

// prefix: "" for a single call, "multirequest[2] " inside a batch.
void log_call(const std::string& prefix, JsonObject* params, const std::vector<UploadedFile>& files,
              const CallOutcome& outcome);
void log_line(const std::string& text);
// Client-supplied text made safe for one log line (control characters
// replaced, length bounded).
std::string printable(const std::string& text);

}  // namespace devserver
