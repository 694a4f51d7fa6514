// Fault injection (--fault-rate, --fault-actions, --fault-kinds,
// --fault-seed): decides, per API request, whether it fails and how.
#pragma once

#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "server_context.h"

namespace devserver {

enum class FaultKind {
  None,
  Http500,        // HTTP 500 without an API answer; the action does not run
  Reset,          // the connection is closed without an answer; the action does not run
  Timeout,        // held for --fault-timeout-ms, then closed; the action does not run
  ApiError,       // INTERNAL_SERVERL_ERROR; the action does not run
  ApplyThenDrop,  // the action runs and commits, then the connection is closed unanswered
  // Only when asked for: inside a multirequest, the targeted calls answer
  // INTERNAL_SERVERL_ERROR without running while the others run; a single
  // call fails as with ApiError.
  CallError,
};

class FaultInjector {
 public:
  explicit FaultInjector(const ServerConfig& config);
  // call_names: "service.action" of each call in the request (lowercase).
  FaultKind draw(const std::vector<std::string>& call_names);
  // Whether a CallError fails this call of a multirequest: one that
  // --fault-actions lists, or any when it lists none.
  bool targets_call(const std::string& call_name) const;

  static const char* name(FaultKind kind);
  // Parses a --fault-kinds item; None for an unknown name.
  static FaultKind parse(const std::string& name);

 private:
  double rate_;
  std::vector<std::string> actions_;
  std::vector<FaultKind> kinds_;
  std::mutex mutex_;
  std::mt19937_64 random_;
};

}  // namespace devserver
