// The upload token side of token_attachment.h: handing a token's file to the
// entry or asset that claimed it while the upload was still incomplete.
#pragma once

#include "token_attachment.h"
#include "upload_token_record.h"

namespace devserver {

// Called with state_mutex held once the token reached FULL_UPLOAD (and was
// saved so). When content claimed the token earlier, the registered
// completion handler takes the file and the token becomes CLOSED (saved).
void deliver_to_attached_object(ServerContext& server, UploadTokenRecord& token);

}  // namespace devserver
