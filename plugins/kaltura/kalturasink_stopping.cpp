#include "kalturasink_stopping.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "kaltura/operations.h"
#include "kaltura/upload/upload_target.h"
#include "kaltura_messages.h"
#include "kalturasink_replacement.h"
#include "kalturasink_target.h"

#define GST_CAT_DEFAULT kaltura_sink_debug

namespace kalturasink {

namespace {

using kaltura::Error;
namespace messages = kaltura_messages;

// on-error=delete: remove the token, and the entry or asset this upload
// created, in one call.
void delete_upload(GstKalturaSink* self, Run& run, const RunState& state) {
  kaltura::upload::OpenedTarget made;
  made.token_id = state.token_id;
  made.entry_id = state.entry_id;
  made.entry_created = state.entry_created;
  made.asset_id = state.asset_id;
  made.asset_created = state.asset_created;
  const auto kind = target_spec(run.settings, state).kind;
  for (const auto& outcome : run.client->call_multi(kaltura::upload::removal_of(made, kind)))
    if (!outcome.ok()) throw *outcome.error;
  GST_INFO_OBJECT(self, "deleted upload token %s%s%s%s%s", state.token_id.c_str(),
                  state.asset_created ? " and asset " : "", state.asset_created ? state.asset_id.c_str() : "",
                  state.entry_created ? " and entry " : "", state.entry_created ? state.entry_id.c_str() : "");
}

bool token_completed_on_the_server(Run& run, const std::string& token_id) {
  const kaltura::UploadToken token =
      kaltura::UploadToken::from_json(run.client->call(kaltura::ops::upload_token_get(token_id)));
  return token.status == static_cast<int>(kaltura::UploadTokenStatus::FullUpload) ||
         token.status == static_cast<int>(kaltura::UploadTokenStatus::Closed);
}

// Stopping runs inside a state change, which must not hang on a server that
// does not answer: once the cleanup has had its time, its calls are
// cancelled.
class CleanupDeadline {
 public:
  CleanupDeadline(kaltura::Client& client, std::chrono::seconds budget)
      : budget_(budget), watch_([this, &client] {
          std::unique_lock<std::mutex> lock(mutex_);
          if (wake_.wait_for(lock, budget_, [this] { return done_; })) return;
          expired_ = true;
          client.cancel_all();
        }) {}
  ~CleanupDeadline() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    watch_.join();
  }
  bool expired() {
    std::lock_guard<std::mutex> lock(mutex_);
    return expired_;
  }
  std::chrono::seconds budget() const { return budget_; }

 private:
  const std::chrono::seconds budget_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  bool expired_ = false;
  std::thread watch_;  // last: starts once the members it uses exist
};

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
  std::optional<kaltura::upload::DeferredAttach> attach;
  {
    std::lock_guard<std::mutex> lock(self->priv->state_lock);
    attach = self->priv->state.record.attach_after_final;
  }
  // The stop cancelled a final chunk on our side that the server carried
  // out: the upload is complete, and another final would be refused.
  const bool finished = token.status == static_cast<int>(kaltura::UploadTokenStatus::FullUpload) ||
                        token.status == static_cast<int>(kaltura::UploadTokenStatus::Closed);
  if (finished) {
    if (attach && token.status == static_cast<int>(kaltura::UploadTokenStatus::FullUpload))
      run.client->call(attach->request(token_id));
    const uint64_t size = static_cast<uint64_t>(std::max<int64_t>(token.uploaded_file_size.value_or(0), 0));
    gst_element_post_message(element_of(self), messages::upload_complete(element_of(self), token_id, entry_id, size));
    return;
  }
  bool has_file = token.status == static_cast<int>(kaltura::UploadTokenStatus::PartialUpload);
  uint64_t end = held_contiguously(acknowledged, token.uploaded_file_size.value_or(0));
  const std::string file_name = token.file_name.empty() ? "recording.bin" : token.file_name;
  std::vector<kaltura::upload::Chunk> held = run.assembler->finish();
  std::sort(held.begin(), held.end(), [](const auto& a, const auto& b) { return a.offset < b.offset; });
  for (auto& chunk : held) {
    if (chunk.offset != end) continue;
    const uint64_t length = chunk.data.size();
    kaltura::FilePart part("fileData", file_name, chunk.data.new_refs());
    kaltura::Request upload =
        ops::upload_token_upload(token_id, std::move(part), has_file, false, static_cast<int64_t>(chunk.offset));
    upload.on_attempt = [self, length] {
      std::lock_guard<std::mutex> lock(self->priv->state_lock);
      self->priv->state.final_figures.session.bytes_sent += length;
    };
    token = UploadToken::from_json(run.client->call(upload));
    has_file = true;
    acknowledged.add(chunk.offset, length);
    end = held_contiguously(acknowledged, token.uploaded_file_size.value_or(0));
    std::lock_guard<std::mutex> lock(self->priv->state_lock);
    self->priv->state.final_figures.session.bytes_acknowledged += length;
    ++self->priv->state.final_figures.session.chunks;
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
  if (attach) run.client->call(attach->request(token_id));
  gst_element_post_message(element_of(self), messages::upload_complete(element_of(self), token_id, entry_id, end));
}

}  // namespace

// The upload stopped before its end: apply on-error.
void abandon_upload(GstKalturaSink* self, Run& run) {
  Private* priv = self->priv;
  RunState state;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    state = priv->state;
  }
  const std::string& token_id = state.token_id;
  const std::string& entry_id = state.entry_id;
  if (token_id.empty()) return;
  GST_INFO_OBJECT(self, "the upload to token %s stopped before its end", token_id.c_str());
  KalturaErrorContext context = error_context(self);
  // Whatever on-error does: should its cleanup fail, the upload can still be resumed.
  if (run.state_file && state.record_unsaved) {
    try {
      run.state_file->save(state.record);
    } catch (const std::exception& error) {
      GST_WARNING_OBJECT(self, "%s", error.what());
    }
  }
  // A stream refused as not the one the token holds leaves the upload as it
  // was, whatever on-error says: finalize would finish the token with that
  // stream's bytes, and delete would throw away the upload of the right one
  // over a wrong source.
  if (run.settings.on_error == KalturaOnError::Keep || state.stream_refused) {
    std::string how = run.state_file ? "start the same pipeline again (state-file " + run.state_file->path() + ")"
                                     : "set upload-token-id=" + token_id + " and send the same stream again";
    if (state.stream_refused) {
      how = "give the stream uploaded again, with " +
            (run.state_file ? "state-file " + run.state_file->path() : "upload-token-id=" + token_id) +
            (run.settings.on_error == KalturaOnError::Keep
                 ? std::string()
                 : " (on-error does not apply to a stream that is not the one uploaded)");
    } else if (!run.state_file && run.assembler && run.assembler->head_size() > 0) {
      // The server's contiguous size, which upload-token-id skips, stays 0
      // while the head waits for EOS: only a state file knows the chunks.
      how +=
          " (it is all sent again: the start of the stream was held back for the muxer to patch; a state-file "
          "skips what the server holds)";
    }
    kaltura_post_message(element_of(self), GST_MESSAGE_WARNING, GST_RESOURCE_ERROR_WRITE,
                         "The upload stopped before its end; upload token " + token_id +
                             (entry_id.empty() ? "" : " and entry " + entry_id) + " are kept. To resume, " + how,
                         state.stream_refused ? "the stream was refused" : "on-error=keep", context);
    return;
  }
  const bool finalizing = run.settings.on_error == KalturaOnError::Finalize;
  CleanupDeadline deadline(*run.client, finalizing
                                            ? final_chunk_timeout(run.settings)
                                            : std::chrono::seconds(run.settings.connection.request_timeout_seconds));
  try {
    if (finalizing) {
      finalize_partial_upload(self, run, token_id, entry_id);
    } else if (state.total >= 0 && token_completed_on_the_server(run, token_id)) {
      // The stream had ended: a final chunk whose answer the stop cut short
      // may have completed the upload, which is not thrown away.
      kaltura_post_message(element_of(self), GST_MESSAGE_WARNING, GST_RESOURCE_ERROR_WRITE,
                           "The upload was complete on the server when the pipeline stopped; upload token " + token_id +
                               (entry_id.empty() ? "" : " and entry " + entry_id) +
                               " are kept (on-error=delete removes unfinished uploads only)",
                           "on-error=delete", context);
      return;
    } else {
      delete_upload(self, run, state);
    }
    if (run.state_file) run.state_file->remove();
  } catch (const Error& error) {
    const std::string doing =
        "Cleaning up the unfinished upload (on-error=" + std::string(finalizing ? "finalize" : "delete") + ")";
    if (!deadline.expired()) {
      kaltura_post_error(element_of(self), error, doing, context, KalturaTransfer::Upload, false, GST_MESSAGE_WARNING);
      return;
    }
    kaltura_post_message(element_of(self), GST_MESSAGE_WARNING, GST_RESOURCE_ERROR_WRITE,
                         doing + " took longer than " + std::to_string(deadline.budget().count()) +
                             " s and was given up: upload token " + token_id +
                             (entry_id.empty() ? "" : " and entry " + entry_id) + " may be left as they were",
                         "the server did not answer in time", context);
  }
}

void finish_approval(GstKalturaSink* self, Run& run) {
  RunState state;
  {
    std::lock_guard<std::mutex> lock(self->priv->state_lock);
    state = self->priv->state;
  }
  if (!state.approval_pending) return;
  const KalturaErrorContext context = error_context(self);
  // Should this fail, the new content waits in the replacement: the text
  // says how to approve it.
  const std::string doing = "Approving the replacement of entry " + state.entry_id +
                            " as the pipeline stopped (approve it later with media.approveReplace, or "
                            "document.approveReplace for a document)";
  CleanupDeadline deadline(*run.client, std::chrono::seconds(run.settings.connection.request_timeout_seconds));
  try {
    approve_replacement(run, state.entry_id, replacement_so_far(run.settings, state));
    GST_INFO_OBJECT(self, "approved the replacement of entry %s as the pipeline stopped", state.entry_id.c_str());
  } catch (const Error& error) {
    if (!deadline.expired()) {
      kaltura_post_error(element_of(self), error, doing, context, KalturaTransfer::Upload, false, GST_MESSAGE_WARNING);
      return;
    }
    kaltura_post_message(
        element_of(self), GST_MESSAGE_WARNING, GST_RESOURCE_ERROR_WRITE,
        doing + " took longer than " + std::to_string(deadline.budget().count()) + " s and was given up",
        "the server did not answer in time", context);
  }
}

}  // namespace kalturasink
