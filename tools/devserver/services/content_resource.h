// The `resource` / `contentResource` parameters of §7.6 and §8.3. Only
// KalturaUploadedFileTokenResource is supported.
#pragma once

#include <json-glib/json-glib.h>

#include <string>

namespace devserver {

// OBJECT_TYPE_ABSTRACT "KalturaResource" without a concrete objectType,
// RESOURCE_TYPE_NOT_SUPPORTED for other resource classes.
void check_resource_class(JsonObject* resource);
// The token id; PROPERTY_VALIDATION_CANNOT_BE_NULL when missing.
std::string resource_token(JsonObject* resource);

}  // namespace devserver
