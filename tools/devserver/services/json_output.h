// Building result objects in the wire shape of §3.1: null properties are
// left out and "objectType" is always the last key.
#pragma once

#include <json-glib/json-glib.h>

#include <cstdint>
#include <string>
#include <vector>

namespace devserver {

class ResultObject {
 public:
  ResultObject();
  ~ResultObject();
  ResultObject(const ResultObject&) = delete;
  ResultObject& operator=(const ResultObject&) = delete;

  ResultObject& text(const char* name, const std::string& value);
  ResultObject& integer(const char* name, int64_t value);
  ResultObject& real(const char* name, double value);
  ResultObject& boolean(const char* name, bool value);
  ResultObject& node(const char* name, JsonNode* value);  // takes ownership
  // Closes the object with its objectType; the caller owns the result.
  JsonNode* finish(const char* object_type);

 private:
  JsonBuilder* builder_;
};

// {"objects":[...],"totalCount":N,"objectType":list_type}; takes ownership of objects.
JsonNode* list_response(const std::vector<JsonNode*>& objects, int64_t total_count, const char* list_type);
JsonNode* json_array_of(const std::vector<JsonNode*>& objects);  // takes ownership
JsonNode* json_string_node(const std::string& value);
JsonNode* json_int_node(int64_t value);
JsonNode* json_null_node();

}  // namespace devserver
