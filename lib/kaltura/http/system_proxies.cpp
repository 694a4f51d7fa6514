#include "kaltura/http/system_proxies.h"

namespace kaltura {

bool SystemProxies::lookup(const std::string& origin_url, ProxySetting& proxy, GCancellable* cancellable,
                           GError** error) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto known = known_.find(origin_url);
    if (known != known_.end()) {
      proxy = known->second;
      return true;
    }
  }
  g_auto(GStrv) proxies =
      g_proxy_resolver_lookup(g_proxy_resolver_get_default(), origin_url.c_str(), cancellable, error);
  if (!proxies) return false;
  const char* first = proxies[0] && g_strcmp0(proxies[0], "direct://") != 0 ? proxies[0] : "";
  proxy = proxy_setting_of(first);
  std::lock_guard<std::mutex> lock(mutex_);
  known_[origin_url] = proxy;
  return true;
}

std::string origin_of(GUri* uri) {
  const char* scheme = g_uri_get_scheme(uri);
  const int port = g_uri_get_port(uri) > 0 ? g_uri_get_port(uri) : (g_strcmp0(scheme, "https") == 0 ? 443 : 80);
  g_autofree char* origin =
      g_uri_join(G_URI_FLAGS_NONE, scheme, nullptr, g_uri_get_host(uri), port, "", nullptr, nullptr);
  return origin;
}

}  // namespace kaltura
