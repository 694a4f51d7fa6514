// The request log on stdout: one line per call with its key parameters,
// outcome and duration, one per file request with its Range and status,
// and lines of the server's own work (faults, conversions). Each line ends
// with when it was written, in seconds since the server started, so a
// client's polling and backoff show. Only parameters known to be harmless
// are written, so a KS, a secret or a token hash can never appear in it.
#pragma once

#include <string>
#include <vector>

#include "call_dispatcher.h"

namespace devserver {

// prefix: "" for a single call, "multirequest[2] " inside a batch.
void log_call(const std::string& prefix, JsonObject* params, const std::vector<UploadedFile>& files,
              const CallOutcome& outcome);
// A request outside api_v3: path (its route and ids), its Range header ("" if
// none), the HTTP status of the answer, and whether it came under /cdn
// (--cdn-redirect).
void log_file_request(const std::string& path, const std::string& range, int status, bool via_cdn);
void log_line(const std::string& text);
// Client-supplied text made safe for one log line (control characters
// replaced, length bounded).
std::string printable(const std::string& text);

}  // namespace devserver
