// Builds the nested parameter tree of a request (protocol §2.2) from the
// flat names of forms and query strings ("entry[name]", "entry:name",
// "resource:resources:0:resource:token", "{prop}__null", "{prop}:-") and
// from JSON objects, later sources overriding earlier ones.
#pragma once

#include <json-glib/json-glib.h>

#include <memory>
#include <string>

namespace devserver {

struct JsonNodeUnref {
  void operator()(JsonNode* node) const { json_node_unref(node); }
};
using JsonNodePtr = std::unique_ptr<JsonNode, JsonNodeUnref>;

class ParamTree {
 public:
  ParamTree();
  // Members of a JSON object (a JSON body or a multipart "json" field).
  void merge_object(JsonObject* object);
  // One flat form field.
  void set_flat(const std::string& key, const std::string& value);
  // The finished tree: objects below the top level whose keys are all
  // array indices become arrays ordered by index.
  JsonNodePtr finish();

 private:
  JsonNodePtr root_;
};

}  // namespace devserver
