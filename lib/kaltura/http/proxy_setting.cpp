#include "kaltura/http/proxy_setting.h"

#include <glib.h>

namespace kaltura {

namespace {

std::string basic_authorization(const char* user, const char* password) {
  const std::string pair = std::string(user) + ":" + (password ? password : "");
  g_autofree char* encoded = g_base64_encode(reinterpret_cast<const guchar*>(pair.data()), pair.size());
  return std::string("Basic ") + encoded;
}

}  // namespace

std::optional<ProxySetting> parse_proxy_setting(const std::string& proxy) {
  // HAS_PASSWORD splits the user info at its first ':' before decoding, so
  // that an encoded ':' (%3A) may be part of the user or the password.
  g_autoptr(GUri) uri = g_uri_parse(proxy.c_str(), G_URI_FLAGS_HAS_PASSWORD, nullptr);
  if (!uri) return std::nullopt;
  ProxySetting setting;
  setting.uri = proxy;
  if (g_strcmp0(g_uri_get_scheme(uri), "http") != 0 || !g_uri_get_user(uri)) return setting;
  g_autofree char* bare = g_uri_to_string_partial(uri, G_URI_HIDE_USERINFO);
  setting.uri = bare;
  setting.authorization = basic_authorization(g_uri_get_user(uri), g_uri_get_password(uri));
  return setting;
}

ProxySetting proxy_setting_of(const std::string& proxy) {
  std::optional<ProxySetting> setting = parse_proxy_setting(proxy);
  return setting ? *setting : ProxySetting{proxy, ""};
}

Error proxy_credentials_refused() {
  return Error(ErrorKind::Http, "HTTP_ERROR",
               "The proxy refused the credentials (HTTP 407 Proxy Authentication Required): give the proxy's user "
               "and password in the proxy URL (the proxy setting, or the system's: http_proxy, https_proxy), "
               "http://USER:PASSWORD@HOST:PORT (percent-encoded: %40 for @, %3A for :), and check them",
               {}, 407, false);
}

}  // namespace kaltura
