// How content (entries, flavor and attachment assets) takes the file of an
// upload token (protocol §7.6): at once when the token is FULL_UPLOAD,
// deferred until its final chunk otherwise. Implemented by the uploadToken
// module; used by the entry and asset modules. Call with state_mutex held.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "../action.h"

namespace devserver {

struct TokenClaim {
  enum class State {
    Ready,     // the file is complete: file_path may be moved away now; token is CLOSED
    Deferred,  // token PENDING/PARTIAL: the completion handler receives the file later
  } state = State::Deferred;
  std::string file_path;  // Ready only
  std::string file_name;  // the token's fileName (extension of the content)
  int64_t size = 0;       // Ready only
};

// Resolves a KalturaUploadedFileTokenResource's token for the object
// (attached_object_type "entry", "flavorAsset", "attachmentAsset"...).
// Throws ApiError: UPLOAD_TOKEN_NOT_FOUND (unknown, deleted, other partner or
// not the USER KS's), UPLOADED_FILE_NOT_FOUND_BY_TOKEN. A CLOSED token is
// re-attached and never completes (the real service's behaviour).
TokenClaim claim_upload_token(ServerContext& server, const Caller& caller, const std::string& token_id,
                              const std::string& attached_object_type, const std::string& attached_object_id);

// Called with state_mutex held when a token that was claimed while incomplete
// reaches FULL_UPLOAD. The handler takes the file (moves file_path under the
// content dir); afterwards the token becomes CLOSED.
using TokenCompletionHandler =
    std::function<void(ServerContext& server, const std::string& attached_object_type,
                        const std::string& attached_object_id, const std::string& file_path,
                        const std::string& file_name, int64_t size)>;
void set_token_completion_handler(TokenCompletionHandler handler);

}  // namespace devserver
