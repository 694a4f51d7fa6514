// The system's proxy for an origin (http_proxy, https_proxy and no_proxy in
// the environment, or the desktop's setting, through GIO's resolver), asked
// once per origin. It may carry a user and password
// (http_proxy=http://user:password@host:port): they come out as the
// setting's authorization, as with the proxy property.
#pragma once

#include <gio/gio.h>

#include <map>
#include <mutex>
#include <string>

#include "kaltura/http/proxy_setting.h"

namespace kaltura {

class SystemProxies {
 public:
  // origin_url: "scheme://host[:port]". An empty uri for a direct
  // connection; false (error set) when the resolver fails.
  bool lookup(const std::string& origin_url, ProxySetting& proxy, GCancellable* cancellable, GError** error);

 private:
  std::mutex mutex_;
  std::map<std::string, ProxySetting> known_;
};

// "scheme://host:port" of a URI, the key SystemProxies::lookup takes.
std::string origin_of(GUri* uri);

}  // namespace kaltura
