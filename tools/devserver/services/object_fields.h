// Reading the properties of an input object (an `entry`, `filter`,
// `flavorAsset`... parameter) with the protocol's lenient typing (§2.2):
// form posts carry every value as a string, JSON bodies carry native types.
#pragma once

#include <json-glib/json-glib.h>

#include <cstdint>
#include <string>

#include "../lenient_value.h"

namespace devserver {

class ObjectFields {
 public:
  explicit ObjectFields(JsonObject* object) : object_(object) {}

  bool exists() const { return object_ != nullptr; }
  // Present with a non-null value.
  bool has(const char* name) const;
  // Explicitly set to null (a JSON null or the `{prop}__null` form).
  bool is_null(const char* name) const;
  std::string text(const char* name, const std::string& fallback = "") const;
  int64_t integer(const char* name, int64_t fallback = 0) const;
  double real(const char* name, double fallback = 0) const;
  bool boolean(const char* name, bool fallback) const;
  JsonObject* object(const char* name) const;  // nullptr unless a nested object
  JsonObject* raw() const { return object_; }

 private:
  JsonObject* object_;
};

}  // namespace devserver
