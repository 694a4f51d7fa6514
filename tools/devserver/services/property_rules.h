// Properties a client may not send (§2.2): readonly ones on add, readonly or
// insert-only ones on update give PROPERTY_VALIDATION_NOT_UPDATABLE with
// PROP_NAME "{Class}::{prop}".
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "object_fields.h"

namespace devserver {

// The properties present in an input object; "{prop}__null" counts as "prop".
std::vector<std::string> sent_property_names(const ObjectFields& input);
void reject_properties(const ObjectFields& input, const std::function<bool(const std::string&)>& forbidden,
                       const std::string& class_name);

}  // namespace devserver
