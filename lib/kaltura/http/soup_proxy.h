// The proxy setting of a libsoup session (the HTTP thread's, a download's).
#pragma once

#include <libsoup/soup.h>

#include <optional>
#include <string>

#include "kaltura/error.h"

namespace kaltura {

// Sends every request of session through proxy (a URI, as the proxy setting
// gives it), with the credentials of an http:// proxy sent preemptively
// (proxy_setting.h). Returns Error(Config) when proxy is not a valid URI;
// its text does not repeat the URI, which may hold a password.
std::optional<Error> use_proxy(SoupSession* session, const std::string& proxy);

// For a session left to the system's proxy: the credentials the system's
// setting gives an http:// proxy (http_proxy=http://user:password@host:port)
// are sent the same way.
void send_system_proxy_credentials(SoupSession* session);

}  // namespace kaltura
