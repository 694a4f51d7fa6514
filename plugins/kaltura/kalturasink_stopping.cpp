#include "kalturasink_stopping.h"

#include <string>

#include "kaltura/operations.h"
#include "kaltura_messages.h"

#define GST_CAT_DEFAULT kaltura_sink_debug

namespace kalturasink {

namespace {

using kaltura::Error;
namespace messages = kaltura_messages;

// on-error=delete: remove the token and the entry this element created.
void delete_upload(GstKalturaSink* self, Run& run, const std::string& token_id, const std::string& entry_id,
                   bool entry_created) {
  run.client->call(kaltura::ops::upload_token_delete(token_id));
  if (entry_created) run.client->call(kaltura::ops::base_entry_delete(entry_id));
  GST_INFO_OBJECT(self, "deleted upload token %s%s%s", token_id.c_str(), entry_created ? " and entry " : "",
                  entry_created ? entry_id.c_str() : "");
}

// on-error=finalize: make the token a file of what the server holds
// contiguously, sending the held head first when nothing else landed.
void finalize_partial_upload(GstKalturaSink* self, Run& run, const std::string& token_id, const std::string& entry_id) {
  using kaltura::UploadToken;
  namespace ops = kaltura::ops;
  UploadToken token = UploadToken::from_json(run.client->call(ops::upload_token_get(token_id)));
  bool has_file = token.status == static_cast<int>(kaltura::UploadTokenStatus::PartialUpload);
  int64_t held = token.uploaded_file_size.value_or(0);
  const std::string file_name = token.file_name.empty() ? "recording.bin" : token.file_name;
  if (held == 0) {
    for (auto& chunk : run.assembler->finish()) {
      if (chunk.offset != 0) continue;
      kaltura::FilePart part("fileData", file_name, chunk.data.new_refs());
      token = UploadToken::from_json(
          run.client->call(ops::upload_token_upload(token_id, std::move(part), has_file, false, 0)));
      has_file = true;
      held = token.uploaded_file_size.value_or(0);
    }
  }
  // A chunk cancelled on our side may still land on the server meanwhile and
  // move the contiguous size: finish at the size the token reports.
  for (int attempt = 1;; ++attempt) {
    kaltura::FilePart empty("fileData", file_name, g_bytes_new_static("", 0));
    kaltura::Request final_call = has_file ? ops::upload_token_upload(token_id, std::move(empty), true, true, held)
                                           : ops::upload_token_upload(token_id, std::move(empty), false, true, 0);
    final_call.timeout = final_chunk_timeout(run.settings);
    final_call.retry_unknown_outcome = false;
    try {
      run.client->call(final_call);
      break;
    } catch (const Error& error) {
      if (attempt >= 3 || !error.is_api("UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE")) throw;
      token = UploadToken::from_json(run.client->call(ops::upload_token_get(token_id)));
      held = token.uploaded_file_size.value_or(0);
    }
  }
  std::optional<kaltura::upload::DeferredAttach> attach;
  {
    std::lock_guard<std::mutex> lock(self->priv->state_lock);
    attach = self->priv->state.record.attach_after_final;
  }
  if (attach) run.client->call(attach->request(token_id));
  gst_element_post_message(
      element_of(self), messages::upload_complete(element_of(self), token_id, entry_id, static_cast<uint64_t>(held)));
}

}  // namespace

// The upload stopped before its end: apply on-error.
void abandon_upload(GstKalturaSink* self, Run& run) {
  Private* priv = self->priv;
  std::string token_id, entry_id;
  bool entry_created = false;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    token_id = priv->state.token_id;
    entry_id = priv->state.entry_id;
    entry_created = priv->state.entry_created;
  }
  if (token_id.empty()) return;
  GST_INFO_OBJECT(self, "the upload to token %s stopped before its end", token_id.c_str());
  KalturaErrorContext context = error_context(self);
  try {
    switch (run.settings.on_error) {
      case KalturaOnError::Keep: {
        std::string how = run.state_file ? "start the same pipeline again (state-file " + run.state_file->path() + ")"
                                         : "set upload-token-id=" + token_id + " and send the same stream again";
        kaltura_post_message(element_of(self), GST_MESSAGE_WARNING, GST_RESOURCE_ERROR_WRITE,
                             "The upload stopped before its end; upload token " + token_id +
                                 (entry_id.empty() ? "" : " and entry " + entry_id) + " are kept. To resume, " + how,
                             "on-error=keep", context);
        break;
      }
      case KalturaOnError::Delete:
        delete_upload(self, run, token_id, entry_id, entry_created);
        if (run.state_file) run.state_file->remove();
        break;
      case KalturaOnError::Finalize:
        finalize_partial_upload(self, run, token_id, entry_id);
        if (run.state_file) run.state_file->remove();
        break;
    }
  } catch (const Error& error) {
    kaltura_post_message(
        element_of(self), GST_MESSAGE_WARNING, kaltura_error_code(error, KalturaTransfer::Upload, false),
        "Cleaning up the unfinished upload failed: " + error.message(), "kaltura-code " + error.code(), context);
  }
}

}  // namespace kalturasink
