#include "url_password.h"

#include <glib.h>

namespace {

struct UserInfo {
  size_t begin = 0;     // after "://", if any
  size_t password = 0;  // after the ':' that ends the user name
  size_t end = 0;       // the '@'
  bool has_password() const { return end > password && password > begin; }
};

// The user information of scheme://user:password@host...: plain string
// work, the same for a URL GUri would refuse.
UserInfo user_info_of(const std::string& url) {
  UserInfo info;
  const size_t scheme_end = url.find("://");
  info.begin = scheme_end == std::string::npos ? 0 : scheme_end + 3;  // "user:pw@host" is a mistake too
  size_t authority_end = url.find_first_of("/?#", info.begin);
  if (authority_end == std::string::npos) authority_end = url.size();
  size_t at = url.rfind('@', authority_end);
  if (at == std::string::npos || at < info.begin) {
    // A password with an unencoded '/', '?' or '#' ends the authority early
    // (an invalid URL, but one a person may type): then the URL's last '@'
    // ends the user information, unless the ':' before it is a port's.
    at = url.rfind('@');
    if (at == std::string::npos || at < info.begin) return info;
    const size_t colon = url.find(':', info.begin);
    if (colon == std::string::npos || colon >= at) return info;
    const size_t digits_end = url.find_first_not_of("0123456789", colon + 1);
    if (digits_end > colon + 1 && digits_end < at && url.find_first_of("/?#", colon + 1) == digits_end) return info;
  }
  const size_t colon = url.find(':', info.begin);
  if (colon == std::string::npos || colon >= at) return info;
  info.password = colon + 1;
  info.end = at;
  return info;
}

}  // namespace

bool url_has_password(const std::string& url) { return user_info_of(url).has_password(); }

std::vector<std::string> url_credential_forms(const std::string& url) {
  const UserInfo info = user_info_of(url);
  if (!info.has_password()) return {};
  const std::string written = url.substr(info.begin, info.end - info.begin);
  g_autofree char* decoded = g_uri_unescape_string(written.c_str(), nullptr);
  return {written, decoded ? decoded : written};
}

std::string url_with_password_hidden(const std::string& url) {
  const UserInfo info = user_info_of(url);
  if (!info.has_password()) return url;
  return url.substr(0, info.password) + "***" + url.substr(info.end);
}
