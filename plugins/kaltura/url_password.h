// The password a URL may carry in its user information
// (http://user:password@proxy:3128): proxy and service URLs are read back,
// dumped with the pipeline's graph and quoted in errors, so the password is
// hidden in what is read back and scrubbed from every text.
#pragma once

#include <string>
#include <vector>

bool url_has_password(const std::string& url);
// What texts must not show: the user information ("user:password") as
// written in the URL and percent-decoded; empty when the URL has no
// password. Whole, so that a short password is scrubbed too.
std::vector<std::string> url_credential_forms(const std::string& url);
// The URL with its password replaced by "***"; as is when it has none.
std::string url_with_password_hidden(const std::string& url);
