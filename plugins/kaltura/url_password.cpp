#include "url_password.h"

#include <glib.h>

namespace {

// Where the password lies in url: [begin, end); begin == end when it has none.
// Plain string work, so that a URL too broken for GUri is covered too.
void password_span(const std::string& url, size_t& begin, size_t& end) {
  begin = end = 0;
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return;
  const size_t authority_begin = scheme_end + 3;
  size_t authority_end = url.find_first_of("/?#", authority_begin);
  if (authority_end == std::string::npos) authority_end = url.size();
  const size_t at = url.rfind('@', authority_end);
  if (at == std::string::npos || at < authority_begin) return;
  const size_t colon = url.find(':', authority_begin);
  if (colon == std::string::npos || colon >= at) return;
  begin = colon + 1;
  end = at;
}

}  // namespace

std::vector<std::string> url_password_forms(const std::string& url) {
  size_t begin = 0, end = 0;
  password_span(url, begin, end);
  if (begin == end) return {};
  const std::string written = url.substr(begin, end - begin);
  g_autofree char* decoded = g_uri_unescape_string(written.c_str(), nullptr);
  return {written, decoded ? decoded : written};
}

std::string url_with_password_hidden(const std::string& url) {
  size_t begin = 0, end = 0;
  password_span(url, begin, end);
  if (begin == end) return url;
  return url.substr(0, begin) + "***" + url.substr(end);
}
