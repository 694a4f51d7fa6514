// Implements token_attachment.h (protocol §7.6).
#include "upload_token_attachment.h"

#include <utility>

#include "upload_token_files.h"

namespace devserver {

namespace {

// Set once at start-up by the module that owns entries and assets; read
// with state_mutex held.
TokenCompletionHandler& completion_handler() {
  static TokenCompletionHandler handler;
  return handler;
}

}  // namespace

void set_token_completion_handler(TokenCompletionHandler handler) { completion_handler() = std::move(handler); }

TokenClaim claim_upload_token(ServerContext& server, const Caller& caller, const std::string& token_id,
                              const std::string& attached_object_type, const std::string& attached_object_id) {
  UploadTokenRecord token = find_token_for_caller(server, caller, token_id);
  TokenClaim claim;
  claim.file_name = token.file_name;
  if (token.status == UploadTokenStatus::FullUpload) {
    UploadTokenFiles files(server, token.id);
    int64_t size = files.assembled_size(token.file_ext);
    if (size < 0) throw ApiError("UPLOADED_FILE_NOT_FOUND_BY_TOKEN");
    claim.state = TokenClaim::State::Ready;
    claim.file_path = files.assembled_path(token.file_ext);
    claim.size = size;
    token.status = UploadTokenStatus::Closed;
  } else if (!server.config.deferred_attach && token.status != UploadTokenStatus::Closed) {
    throw ApiError("UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY");
  }
  // PENDING and PARTIAL_UPLOAD wait for their final chunk; a CLOSED token is
  // re-attached and, like on the real service, never delivers again.
  token.attached_object_type = attached_object_type;
  token.attached_object_id = attached_object_id;
  token.updated_at = server.now();
  UploadTokenStore(server).save(token);
  return claim;
}

void deliver_to_attached_object(ServerContext& server, UploadTokenRecord& token) {
  const TokenCompletionHandler& handler = completion_handler();
  if (!token.is_attached() || token.status != UploadTokenStatus::FullUpload || !handler) return;
  UploadTokenFiles files(server, token.id);
  handler(server, token.attached_object_type, token.attached_object_id, files.assembled_path(token.file_ext),
          token.file_name, token.uploaded_size.value_or(0));
  token.status = UploadTokenStatus::Closed;
  UploadTokenStore(server).save(token);
}

}  // namespace devserver
