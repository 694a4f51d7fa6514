#include "kaltura/error.h"

#include <glib.h>

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

namespace {

void redact(std::string& text, const std::string& secret, const std::string& marker) {
  for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + marker.size()))
    text.replace(at, secret.size(), marker);
}

}  // namespace

std::string redact_secrets(std::string text, const std::vector<std::string>& secrets, const std::string& marker) {
  for (const std::string& secret : secrets) {
    if (secret.size() < 4) continue;
    g_autofree char* encoded = g_uri_escape_string(secret.c_str(), nullptr, FALSE);
    redact(text, secret, marker);
    if (secret != encoded) redact(text, encoded, marker);
  }
  return text;
}

Error Error::without(const std::vector<std::string>& secrets) const {
  Args args = args_;
  for (auto& arg : args) arg.second = redact_secrets(arg.second, secrets);
  Error scrubbed(kind_, code_, redact_secrets(message_, secrets), std::move(args), http_status_, transient_);
  scrubbed.set_retry_after(retry_after_);
  return scrubbed;
}

Error Error::interruption() { return Error(ErrorKind::Cancelled, "INTERRUPTED", "The wait was interrupted"); }

}  // namespace kaltura
