#include "kaltura/error.h"

namespace kaltura {

Error::Error(ErrorKind kind, std::string code, std::string message, Args args, int http_status, bool transient)
    : std::runtime_error(message),
      kind_(kind),
      code_(std::move(code)),
      message_(std::move(message)),
      args_(std::move(args)),
      http_status_(http_status),
      transient_(transient) {}

std::string Error::arg(const std::string& name) const {
  for (const auto& [key, value] : args_)
    if (key == name) return value;
  return "";
}

bool Error::ks_expired() const { return is_api("INVALID_KS") && arg("KSID") == "EXPIRED"; }

Error Error::interruption() { return Error(ErrorKind::Cancelled, "INTERRUPTED", "The wait was interrupted"); }

}  // namespace kaltura
