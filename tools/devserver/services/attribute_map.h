// A name -> text map stored in one database column as a JSON object.
#pragma once

#include <map>
#include <string>

namespace devserver {

using AttributeMap = std::map<std::string, std::string>;

std::string encode_attributes(const AttributeMap& attributes);
AttributeMap decode_attributes(const std::string& json_text);

}  // namespace devserver
