// The uploadToken service: its tables, the recovery of unfinished uploads
// after a restart, and its actions.
#include "../server_context.h"
#include "upload_token_actions.h"
#include "upload_token_files.h"
#include "upload_token_record.h"
#include "upload_token_upload.h"

namespace devserver {

namespace {

// A server killed between writing a chunk and committing the token row
// leaves a file that is ahead of the row: the file is right (every byte in
// it was written at its offset), so the row follows it. Unacknowledged
// partial copies are dropped.
void reconcile_unfinished_uploads(ServerContext& server) {
  UploadTokenStore store(server);
  for (UploadTokenRecord& token : store.unfinished()) {
    UploadTokenFiles files(server, token.id);
    files.remove_interrupted_writes();
    int64_t size = files.assembled_size(token.file_ext);
    if (size < 0 || (token.uploaded_size && *token.uploaded_size == size)) continue;
    token.uploaded_size = size;
    token.status = UploadTokenStatus::PartialUpload;
    store.save(token);
  }
}

}  // namespace

void register_upload_token_service(ServerContext& server) {
  {
    std::lock_guard<std::mutex> lock(server.state_mutex);
    UploadTokenStore(server).create_tables();
    reconcile_unfinished_uploads(server);
  }
  server.add_action("uploadtoken", "add", {add_upload_token, Access::NonWidgetKs});
  server.add_action("uploadtoken", "upload", {upload_to_token, Access::NonWidgetKs});
  server.add_action("uploadtoken", "get", {get_upload_token, Access::AnyKs});
  server.add_action("uploadtoken", "list", {list_upload_tokens, Access::AnyKs});
  server.add_action("uploadtoken", "delete", {delete_upload_token, Access::NonWidgetKs});
}

}  // namespace devserver
