// Parameters of one API call: a nested tree of strings, numbers, booleans,
// objects and arrays, encoded by the transport as urlencoded
// (entry[name]=...), multipart plain fields, or JSON.
#pragma once

#include <json-glib/json-glib.h>

#include <cstdint>
#include <string>

namespace kaltura {

class Params {
 public:
  Params();
  Params(const Params& other);  // deep copy
  Params& operator=(const Params& other);
  Params(Params&& other) noexcept;
  Params& operator=(Params&& other) noexcept;
  ~Params();

  Params& set(const std::string& key, const std::string& value);
  Params& set(const std::string& key, const char* value);
  Params& set(const std::string& key, int64_t value);
  Params& set(const std::string& key, int value);
  Params& set(const std::string& key, double value);
  Params& set(const std::string& key, bool value);
  Params& set(const std::string& key, const Params& object);  // nested object
  // An object parameter with its objectType set, e.g.
  // object("KalturaMediaEntry").set("name", "rec").
  static Params object(const std::string& object_type);

  bool empty() const;
  bool has(const std::string& key) const;
  JsonObject* json() const { return object_; }  // borrowed

 private:
  JsonObject* object_;
};

}  // namespace kaltura
