// What clients send to uploadToken.add and uploadToken.list, read with the
// protocol's lenient typing (§2.2): strings or native JSON values alike.
#pragma once

#include <json-glib/json-glib.h>

#include <cstdint>
#include <optional>
#include <string>

#include "upload_token_record.h"

namespace devserver {

// The insert-only fields of a KalturaUploadToken given to add.
struct NewUploadToken {
  std::string file_name;
  std::optional<int64_t> file_size;
  bool auto_finalize = false;
};

// object may be null (add without uploadToken). Throws
// PROPERTY_VALIDATION_NOT_UPDATABLE for a read-only field,
// INVALID_ENUM_VALUE for a bad autoFinalize, UPLOAD_TOKEN_MISSING_FILE_SIZE.
NewUploadToken read_new_upload_token(JsonObject* object);

// A KalturaUploadTokenFilter and a KalturaFilterPager (either may be null).
// The partner and owner restrictions are the caller's to set.
UploadTokenQuery read_upload_token_query(JsonObject* filter, JsonObject* pager);

}  // namespace devserver
