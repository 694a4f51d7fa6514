#include "kalturasink_resume.h"

#include <optional>
#include <string>

#include "kaltura/operations.h"
#include "kaltura/upload/deferred_attach.h"
#include "kalturasink_target.h"

#define GST_CAT_DEFAULT kaltura_sink_debug

namespace kalturasink {

namespace {

using kaltura::Error;

// The call that gives a complete token to the entry's content: added when
// the entry has none, else a replacement (media entries only, like the
// entry-id target).
kaltura::upload::DeferredAttach entry_content_call(Run& run, const std::string& entry_id) {
  using kaltura::upload::DeferredAttach;
  const kaltura::Entry entry = kaltura::Entry::from_json(run.client->call(kaltura::ops::base_entry_get(entry_id)));
  if (entry.status == static_cast<int>(kaltura::EntryStatus::NoContent))
    return {entry.object_type == "KalturaDocumentEntry" ? DeferredAttach::Call::DocumentAddContent
                                                        : DeferredAttach::Call::MediaAddContent,
            entry_id, std::nullopt};
  std::optional<int64_t> profile;
  if (run.settings.conversion_profile_id >= 0) profile = run.settings.conversion_profile_id;
  return {DeferredAttach::Call::MediaUpdateContent, entry_id, profile};
}

}  // namespace

bool prepare_resume(GstKalturaSink* self, Run& run, RunState& state, uint64_t& chunk_size, uint64_t& head_size) {
  std::optional<UploadState> recorded;
  std::string token_id = run.settings.upload_token_id;
  if (run.state_file) {
    try {
      recorded = run.state_file->load();
    } catch (const std::exception& error) {
      post_settings_error(self, error.what());
      return false;
    }
    if (recorded) token_id = recorded->token_id;
  }
  if (token_id.empty()) return true;

  kaltura::UploadToken token;
  try {
    token = kaltura::UploadToken::from_json(run.client->call(kaltura::ops::upload_token_get(token_id)));
  } catch (const Error& error) {
    if (recorded && error.is_api("UPLOAD_TOKEN_NOT_FOUND")) {
      GST_ELEMENT_WARNING(self, RESOURCE, NOT_FOUND,
                          ("The upload token recorded in the state file no longer exists; starting a new upload"),
                          ("%s", run.state_file->path().c_str()));
      run.state_file->remove();
      return true;
    }
    KalturaErrorContext context = error_context(self);
    context.upload_token_id = token_id;
    kaltura_post_error(element_of(self), error, "Looking up upload token " + token_id, context, KalturaTransfer::Upload,
                       true);
    return false;
  }
  const bool finished = token.status == static_cast<int>(kaltura::UploadTokenStatus::FullUpload) ||
                        token.status == static_cast<int>(kaltura::UploadTokenStatus::Closed);
  if (finished) {
    if (recorded) {
      GST_ELEMENT_WARNING(self, RESOURCE, SETTINGS,
                          ("The upload recorded in the state file was already complete; starting a new upload"),
                          ("%s", run.state_file->path().c_str()));
      run.state_file->remove();
      return true;
    }
    post_settings_error(self, "Upload token " + token_id + " is already complete: nothing to resume");
    return false;
  }
  const int64_t held = token.uploaded_file_size.value_or(0);
  if (recorded) {
    state.skip = *recorded;
    state.record = *recorded;
    state.entry_id = recorded->entry_id;
    chunk_size = recorded->chunk_size;
    head_size = recorded->head_size;
  } else {
    state.entry_id = run.settings.entry_id;
    state.record.token_id = token_id;
    state.record.entry_id = state.entry_id;
    // A token attached to nothing (its first run met a server that attaches
    // complete tokens only) goes to the entry named, with the final chunk.
    const bool entry_content =
        !state.entry_id.empty() && run.settings.flavor_params_id < 0 && run.settings.attachment_title.empty();
    if (token.attached_object_id.empty() && entry_content) {
      try {
        state.record.attach_after_final = entry_content_call(run, state.entry_id);
      } catch (const Error& error) {
        KalturaErrorContext context = error_context(self);
        context.upload_token_id = token_id;
        context.entry_id = state.entry_id;
        kaltura_post_error(element_of(self), error, "Looking up entry " + state.entry_id, context,
                           KalturaTransfer::Upload, true);
        return false;
      }
    }
  }
  state.skip.add(0, static_cast<uint64_t>(held));
  state.token_id = token_id;
  const std::string file_name = !token.file_name.empty() ? token.file_name
                                : recorded               ? recorded->file_name
                                                         : choose_file_name(run.settings, state);
  state.record.file_name = file_name;
  state.record.chunk_size = chunk_size;
  state.record.head_size = head_size;
  state.resume = kaltura::upload::TokenStart{
      token_id, file_name, token.status == static_cast<int>(kaltura::UploadTokenStatus::PartialUpload),
      attach_request(state.record.attach_after_final, token_id)};
  GST_INFO_OBJECT(self, "resuming upload token %s: the server holds %" G_GINT64_FORMAT " contiguous bytes",
                  token_id.c_str(), held);
  return true;
}

}  // namespace kalturasink
