// How a call goes on the wire (protocol §2, §4): parameter trees flattened to
// form fields (entry[name]=..., resource[resources][0][token]=...), the
// multirequest numbering ("2:service", "2:entry[name]", "2:fileData"), and the
// request bodies (urlencoded, or multipart with real file parts). Internal to
// the library; the tests use it to check the encoding.
#pragma once

#include <gio/gio.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "kaltura/request.h"

namespace kaltura::wire {

using Field = std::pair<std::string, std::string>;
using Fields = std::vector<Field>;

// Appends the fields of a parameter tree, each name prefixed (prefix "" for
// top level, "entry" gives "entry[name]"). Booleans are "true"/"false", null
// members "name__null=", empty arrays "name[-]=".
void flatten(JsonObject* params, const std::string& prefix, Fields& out);

// format=1, ks (when not empty), clientTag, then the call's parameters.
Fields call_fields(const Request& request, const std::string& ks, const std::string& client_tag);

// format=1, ks and clientTag at top level (the server copies them into every
// call), then "k:service", "k:action" and "k:param[...]" for each call,
// numbered from 1 like the references of MultiRequest::reference().
Fields multirequest_fields(const MultiRequest& batch, const std::string& ks, const std::string& client_tag);

// The file parts of every call of a batch, renamed "k:param".
std::vector<FilePart> multirequest_files(const MultiRequest& batch);

// "/service/{service}/action/{action}", appended to the api_v3 base.
std::string call_path(const Request& request);

// A request body kept as a list of byte blocks, so that file data is sent
// from the caller's GBytes without a copy; each attempt reads it through a
// fresh stream.
class Body {
 public:
  Body() = default;
  Body(const Body&) = delete;
  Body& operator=(const Body&) = delete;
  Body(Body&& other) noexcept;
  Body& operator=(Body&& other) noexcept;
  ~Body();

  const std::string& content_type() const { return content_type_; }
  uint64_t size() const { return size_; }
  GInputStream* new_stream() const;  // full reference
  const std::vector<GBytes*>& blocks() const { return blocks_; }
  std::string to_string() const;     // the whole body, for tests

  static Body urlencoded(const Fields& fields);
  // Plain fields, then one part per file with name= and filename=.
  static Body multipart(const Fields& fields, const std::vector<FilePart>& files, const std::string& boundary);

 private:
  void append(const std::string& text);
  void append(GBytes* bytes);  // adds a reference
  std::string content_type_;
  std::vector<GBytes*> blocks_;
  uint64_t size_ = 0;
};

// A boundary that cannot plausibly occur in the data.
std::string random_boundary();

}  // namespace kaltura::wire
