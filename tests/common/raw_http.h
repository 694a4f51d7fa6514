// Plain HTTP requests to a devserver for protocol tests: the exact bytes on
// the wire are the test's to choose (urlencoded, JSON, multipart with or
// without a json field), independent of the client library.
#pragma once

#include <glib.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace testing_support {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lowercased names
  std::string body;
  std::string transport_error;  // non-empty when no response arrived
};

struct MultipartFile {
  std::string name;      // form field name, e.g. "fileData"
  std::string filename;  // empty: a part without filename= (not a file)
  std::string data;
};

using Fields = std::vector<std::pair<std::string, std::string>>;

// method "GET", "POST", "OPTIONS"...; url absolute.
HttpResponse http_request(const std::string& method, const std::string& url,
                          const std::string& content_type = "", const std::string& body = "",
                          const std::map<std::string, std::string>& headers = {});
HttpResponse post_form(const std::string& url, const Fields& fields);
HttpResponse post_json(const std::string& url, const std::string& json_text);
HttpResponse post_multipart(const std::string& url, const Fields& fields,
                            const std::vector<MultipartFile>& files);

// application/x-www-form-urlencoded encoding of fields.
std::string form_encode(const Fields& fields);

}  // namespace testing_support
