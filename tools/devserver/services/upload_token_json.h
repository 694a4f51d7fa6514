// KalturaUploadToken and KalturaUploadTokenListResponse on the wire
// (protocol §7.1, §3.2): fileSize and uploadedFileSize are strings, absent
// fields are omitted, autoFinalize is a JSON boolean, objectType comes last.
#pragma once

#include <json-glib/json-glib.h>

#include "upload_token_record.h"

namespace devserver {

JsonNode* upload_token_to_json(const UploadTokenRecord& token);
JsonNode* upload_token_page_to_json(const UploadTokenPage& page);

}  // namespace devserver
