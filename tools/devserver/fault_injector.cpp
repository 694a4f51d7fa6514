#include "fault_injector.h"

#include <glib.h>

#include <algorithm>

namespace devserver {

namespace {

// What an empty --fault-kinds means; CallError must be asked for.
constexpr FaultKind kDefaultKinds[] = {FaultKind::Http500, FaultKind::Reset, FaultKind::Timeout, FaultKind::ApiError,
                                       FaultKind::ApplyThenDrop};
constexpr FaultKind kAllKinds[] = {FaultKind::Http500,  FaultKind::Reset,         FaultKind::Timeout,
                                   FaultKind::ApiError, FaultKind::ApplyThenDrop, FaultKind::CallError};

}  // namespace

FaultInjector::FaultInjector(const ServerConfig& config)
    : rate_(config.fault_rate),
      actions_(config.fault_actions),
      random_(config.fault_seed >= 0 ? static_cast<uint64_t>(config.fault_seed)
                                     : static_cast<uint64_t>(g_get_real_time())) {
  for (const auto& kind : config.fault_kinds)
    if (FaultKind parsed = parse(kind); parsed != FaultKind::None) kinds_.push_back(parsed);
  if (kinds_.empty()) kinds_.assign(std::begin(kDefaultKinds), std::end(kDefaultKinds));
}

FaultKind FaultInjector::draw(const std::vector<std::string>& call_names) {
  if (rate_ <= 0) return FaultKind::None;
  if (!actions_.empty() && !std::any_of(call_names.begin(), call_names.end(),
                                        [this](const std::string& call) { return targets_call(call); }))
    return FaultKind::None;
  std::lock_guard<std::mutex> lock(mutex_);
  // Two draws per eligible request, whatever the outcome, so that a seed
  // gives the same sequence of faults for the same sequence of requests.
  double chance = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
  size_t pick = std::uniform_int_distribution<size_t>(0, kinds_.size() - 1)(random_);
  return chance < rate_ ? kinds_[pick] : FaultKind::None;
}

bool FaultInjector::targets_call(const std::string& call_name) const {
  return actions_.empty() || std::find(actions_.begin(), actions_.end(), call_name) != actions_.end();
}

const char* FaultInjector::name(FaultKind kind) {
  switch (kind) {
    case FaultKind::Http500: return "http500";
    case FaultKind::Reset: return "reset";
    case FaultKind::Timeout: return "timeout";
    case FaultKind::ApiError: return "api-error";
    case FaultKind::ApplyThenDrop: return "apply-then-drop";
    case FaultKind::CallError:
      return "call-error";
    case FaultKind::None: break;
  }
  return "none";
}

FaultKind FaultInjector::parse(const std::string& name) {
  for (FaultKind kind : kAllKinds)
    if (name == FaultInjector::name(kind)) return kind;
  return FaultKind::None;
}

}  // namespace devserver
