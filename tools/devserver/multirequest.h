// service=multirequest (protocol §4): numbered sub-requests run in order,
// with common ks/clientTag/partnerId, "n:fileData" file parts and
// {k:result:path} references to earlier results.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "call_dispatcher.h"

namespace devserver {

// The sub-requests of a multirequest's parameters, each outcome in
// execution order. The calls failing() picks by name (an injected
// call-error fault) answer INTERNAL_SERVERL_ERROR without running.
std::vector<CallOutcome> run_multirequest(CallDispatcher& dispatcher, JsonObject* params,
                                          const std::vector<UploadedFile>& files,
                                          const std::function<bool(const std::string&)>& failing = {});

// Replaces the first {k:result[:path]} of text (k is the 1-based execution
// position) with the value it refers to; exposed for tests of the rule.
std::string resolve_reference(const std::string& text, const std::vector<CallOutcome>& done);

}  // namespace devserver
