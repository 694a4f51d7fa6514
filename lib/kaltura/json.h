// Owning handle on a json-glib node with lenient accessors: the real service
// writes some numbers as strings ("uploadedFileSize":"4194304") and some
// booleans as 0/1, so every getter accepts both spellings (protocol §3.2).
#pragma once

#include <json-glib/json-glib.h>

#include <cstdint>
#include <optional>
#include <string>

namespace kaltura {

class Json {
 public:
  Json() = default;
  explicit Json(JsonNode* adopt);  // takes ownership
  static Json parse(const std::string& text);  // throws Error(Protocol)
  Json(const Json& other);
  Json& operator=(const Json& other);
  Json(Json&& other) noexcept;
  Json& operator=(Json&& other) noexcept;
  ~Json();

  JsonNode* node() const { return node_; }
  bool is_null() const;
  bool is_object() const;
  bool is_array() const;
  JsonObject* object() const;  // nullptr unless an object
  std::string object_type() const;

  // Members of an object; a missing member or a null gives the fallback.
  bool has(const char* name) const;
  std::string get_string(const char* name, const std::string& fallback = "") const;
  int64_t get_int(const char* name, int64_t fallback = 0) const;
  std::optional<int64_t> get_optional_int(const char* name) const;
  double get_double(const char* name, double fallback = 0) const;
  bool get_bool(const char* name, bool fallback = false) const;
  Json get(const char* name) const;  // copy of a member (null Json when absent)

  // Arrays.
  size_t size() const;
  Json at(size_t index) const;

  // Scalars.
  std::string as_string() const;  // string, or number written as text
  int64_t as_int() const;

  std::string to_string() const;  // compact JSON text

 private:
  JsonNode* node_ = nullptr;
};

}  // namespace kaltura
