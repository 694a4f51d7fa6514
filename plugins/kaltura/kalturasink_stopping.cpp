#include "kalturasink_stopping.h"

#include <algorithm>
#include <string>
#include <vector>

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

// Where the bytes the server holds from offset 0 on end, as far as this
// element knows: the chunks acknowledged (a resumed run's too) and the size
// the token reports, whichever reaches further. The token's size alone falls
// short: chunks that arrived out of order wait aside until a later call
// joins them, and a final chunk sent at the reported size would take the
// place of the one waiting there (protocol §7.4), dropping it and all after.
uint64_t held_contiguously(const kaltura::upload::UploadState& acknowledged, int64_t reported) {
  uint64_t end = reported > 0 ? static_cast<uint64_t>(reported) : 0;
  for (const auto& [begin, range_end] : acknowledged.acknowledged) {
    if (begin > end) break;
    end = std::max(end, range_end);
  }
  return end;
}

// on-error=finalize: make the token a file of what arrived, as far as it is
// whole: what the server holds contiguously, then the bytes still held here
// that continue it (the head a muxer could still rewrite, the tail being
// filled). Bytes after a gap (a chunk cancelled before it landed) cannot be
// joined to the file and are left out.
void finalize_partial_upload(GstKalturaSink* self, Run& run, const std::string& token_id, const std::string& entry_id) {
  using kaltura::UploadToken;
  namespace ops = kaltura::ops;
  kaltura::upload::UploadState acknowledged;
  {
    std::lock_guard<std::mutex> lock(self->priv->state_lock);
    acknowledged = self->priv->state.record;
  }
  UploadToken token = UploadToken::from_json(run.client->call(ops::upload_token_get(token_id)));
  bool has_file = token.status == static_cast<int>(kaltura::UploadTokenStatus::PartialUpload);
  uint64_t end = held_contiguously(acknowledged, token.uploaded_file_size.value_or(0));
  const std::string file_name = token.file_name.empty() ? "recording.bin" : token.file_name;
  std::vector<kaltura::upload::Chunk> held = run.assembler->finish();
  std::sort(held.begin(), held.end(), [](const auto& a, const auto& b) { return a.offset < b.offset; });
  for (auto& chunk : held) {
    if (chunk.offset != end) continue;
    const uint64_t length = chunk.data.size();
    kaltura::FilePart part("fileData", file_name, chunk.data.new_refs());
    token = UploadToken::from_json(run.client->call(
        ops::upload_token_upload(token_id, std::move(part), has_file, false, static_cast<int64_t>(chunk.offset))));
    has_file = true;
    acknowledged.add(chunk.offset, length);
    end = held_contiguously(acknowledged, token.uploaded_file_size.value_or(0));
    std::lock_guard<std::mutex> lock(self->priv->state_lock);
    self->priv->state.final_stats.bytes_sent += length;
    self->priv->state.final_stats.bytes_acknowledged += length;
    ++self->priv->state.final_stats.chunks;
  }
  // A chunk cancelled on our side may still land on the server meanwhile and
  // move the end: then finish where the token says the file ends.
  for (int attempt = 1;; ++attempt) {
    kaltura::FilePart empty("fileData", file_name, g_bytes_new_static("", 0));
    kaltura::Request final_call =
        has_file ? ops::upload_token_upload(token_id, std::move(empty), true, true, static_cast<int64_t>(end))
                 : ops::upload_token_upload(token_id, std::move(empty), false, true, 0);
    final_call.timeout = final_chunk_timeout(run.settings);
    final_call.retry_unknown_outcome = false;
    try {
      run.client->call(final_call);
      break;
    } catch (const Error& error) {
      if (attempt >= 3 || !error.is_api("UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE")) throw;
      token = UploadToken::from_json(run.client->call(ops::upload_token_get(token_id)));
      end = std::max(end, static_cast<uint64_t>(std::max<int64_t>(token.uploaded_file_size.value_or(0), 0)));
    }
  }
  std::optional<kaltura::upload::DeferredAttach> attach;
  {
    std::lock_guard<std::mutex> lock(self->priv->state_lock);
    attach = self->priv->state.record.attach_after_final;
  }
  if (attach) run.client->call(attach->request(token_id));
  gst_element_post_message(element_of(self), messages::upload_complete(element_of(self), token_id, entry_id, end));
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
