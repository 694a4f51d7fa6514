// A proxy URI with its user and password taken out of it. The credentials of
// an http:// proxy are sent by the library itself, preemptively, as Basic
// Proxy-Authorization: libsoup, left to answer the proxy's 407 from a URI
// with a password, resends the request to the proxy's own URL instead of
// the server's, and the direct sender writes its requests itself. A SOCKS
// proxy's URI is kept whole: GIO's SOCKS client takes its credentials from it.
#pragma once

#include <optional>
#include <string>

#include "kaltura/error.h"

namespace kaltura {

struct ProxySetting {
  std::string uri;            // what to connect to; never holds an http:// proxy's password
  std::string authorization;  // "Basic ..." for an http:// proxy with a user; "" otherwise
};

// nullopt when proxy is not a valid URI. The user and password are
// percent-decoded ("p%40ss" is "p@ss").
std::optional<ProxySetting> parse_proxy_setting(const std::string& proxy);

// The same, with a proxy that does not parse kept as it is, for its
// connection to fail on it.
ProxySetting proxy_setting_of(const std::string& proxy);

// What a 407 from a proxy becomes: it wants credentials, and did not take
// the ones sent (or none were). Not transient: the same ones would fail again.
Error proxy_credentials_refused();

}  // namespace kaltura
