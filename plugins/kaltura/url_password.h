// The password a URL may carry in its user information
// (http://user:password@proxy:3128): proxy and service URLs are read back,
// dumped with the pipeline's graph and quoted in errors, so the password is
// hidden in what is read back and scrubbed from every text.
#pragma once

#include <string>
#include <vector>

// The password as written in the URL and percent-decoded (the same string
// twice when nothing is encoded); empty when the URL has none.
std::vector<std::string> url_password_forms(const std::string& url);
// The URL with its password replaced by "***"; as is when it has none.
std::string url_with_password_hidden(const std::string& url);
