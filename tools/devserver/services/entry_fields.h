// Which properties of KalturaMediaEntry / KalturaDataEntry /
// KalturaDocumentEntry a client may send, and the wire types of the ones kept
// in Entry::attributes (§8.2).
#pragma once

#include <string>
#include <vector>

namespace devserver {

enum class WireKind { Text, Integer, Boolean };

struct AttributeSpec {
  const char* name;
  WireKind kind;
  bool insert_only;
};

// Settable properties stored in Entry::attributes.
const std::vector<AttributeSpec>& entry_attribute_specs();
bool is_entry_readonly_property(const std::string& name);
bool is_entry_insert_only_property(const std::string& name);

}  // namespace devserver
