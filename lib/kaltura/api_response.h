// Turning what came back over HTTP into a result or a typed Error (protocol
// §3): status codes, JSON bodies, and KalturaAPIException objects, with any
// KS the server echoes in INVALID_KS replaced by "<redacted>".
#pragma once

#include <string>

#include "kaltura/error.h"
#include "kaltura/json.h"

namespace kaltura {

// objectType KalturaAPIException, or an object with both code and message.
bool is_api_exception(const Json& value);

// The Error(Api) for an exception object. Transient for
// INTERNAL_SERVERL_ERROR and LOCK_TIMED_OUT.
Error api_exception_to_error(const Json& value, int http_status = 200);

// The result of one HTTP exchange: the JSON result, or a thrown Error(Http)
// for a status other than 200 (transient for 5xx and 429, with Retry-After),
// Error(Protocol) for a body that is not JSON, Error(Api) for an exception.
Json decode_response(int http_status, const std::string& reason, const std::string& content_type,
                     const std::string& body, int retry_after_seconds);

}  // namespace kaltura
