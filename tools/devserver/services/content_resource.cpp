#include "content_resource.h"

#include <set>

#include "../action.h"
#include "object_fields.h"

namespace devserver {

namespace {

constexpr const char* kTokenResource = "KalturaUploadedFileTokenResource";

// Concrete KalturaResource subclasses of the real API that the devserver
// recognises but does not implement. Any other objectType is not a subclass,
// is ignored (§2.2), and leaves the abstract KalturaResource.
const std::set<std::string>& other_resource_classes() {
  static const std::set<std::string> classes = {
      "KalturaUrlResource",           "KalturaRemoteStorageResource",  "KalturaRemoteStorageResources",
      "KalturaServerFileResource",    "KalturaSshUrlResource",         "KalturaAssetResource",
      "KalturaEntryResource",         "KalturaFileSystemResource",     "KalturaAssetsParamsResourceContainers",
      "KalturaAssetParamsResourceContainer", "KalturaDropFolderFileResource", "KalturaOperationResource",
      "KalturaLiveEntryResource",     "KalturaUploadedFileResource",   "KalturaStringResource",
  };
  return classes;
}

}  // namespace

void check_resource_class(JsonObject* resource) {
  const std::string type = ObjectFields(resource).text("objectType");
  if (type == kTokenResource) return;
  if (other_resource_classes().count(type)) throw ApiError("RESOURCE_TYPE_NOT_SUPPORTED", {{"RES_TYPE", type}});
  throw ApiError("OBJECT_TYPE_ABSTRACT", {{"OBJ_TYPE", "KalturaResource"}});
}

std::string resource_token(JsonObject* resource) {
  const std::string token = ObjectFields(resource).text("token");
  if (token.empty())
    throw ApiError("PROPERTY_VALIDATION_CANNOT_BE_NULL", {{"PROP_NAME", "KalturaUploadedFileTokenResource::token"}});
  return token;
}

}  // namespace devserver
