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

void redact(std::string& text, const std::string& secret) {
  static const std::string kRedacted = "<redacted>";
  for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + kRedacted.size()))
    text.replace(at, secret.size(), kRedacted);
}

}  // namespace

Error Error::without(const std::vector<std::string>& secrets) const {
  std::string message = message_;
  Args args = args_;
  for (const std::string& secret : secrets) {
    if (secret.size() < 4) continue;
    g_autofree char* encoded = g_uri_escape_string(secret.c_str(), nullptr, FALSE);
    for (const std::string& form : {secret, std::string(encoded)}) {
      redact(message, form);
      for (auto& arg : args) redact(arg.second, form);
    }
  }
  Error scrubbed(kind_, code_, std::move(message), std::move(args), http_status_, transient_);
  scrubbed.set_retry_after(retry_after_);
  return scrubbed;
}

Error Error::interruption() { return Error(ErrorKind::Cancelled, "INTERRUPTED", "The wait was interrupted"); }

}  // namespace kaltura
