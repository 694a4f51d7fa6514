#include "kalturasink_resume.h"

#include <optional>
#include <string>

#include "kaltura/operations.h"
#include "kaltura/upload/chunk_digest.h"
#include "kaltura/upload/unattached_token.h"
#include "kalturasink_target.h"

#define GST_CAT_DEFAULT kaltura_sink_debug

namespace kalturasink {

using kaltura::Error;

namespace {

// The error context, naming the token looked up (not yet the upload's).
KalturaErrorContext context_naming(GstKalturaSink* self, const std::string& token_id) {
  KalturaErrorContext context = error_context(self);
  context.upload_token_id = token_id;
  return context;
}

bool targets_asset(const kaltura::upload::UploadTargetSpec& spec) {
  return spec.kind == kaltura::upload::TargetKind::Flavor || spec.kind == kaltura::upload::TargetKind::Attachment;
}

// Continuing with upload-token-id and no state file: a token attached to
// nothing (its first run met a server that attaches complete tokens only)
// goes to the entry, flavor or attachment named, with the final chunk.
// False once an error is posted.
bool settle_unattached_token(GstKalturaSink* self, Run& run, RunState& state,
                             const kaltura::upload::UploadTargetSpec& spec, const std::string& token_id) {
  try {
    state.record.attach_after_final = kaltura::upload::attach_for_unattached_token(*run.client, spec);
  } catch (const Error& error) {
    if (error.kind() == kaltura::ErrorKind::Cancelled) throw;
    KalturaErrorContext context = context_naming(self, token_id);
    context.entry_id = state.entry_id;
    kaltura_post_error(element_of(self), error, "Preparing entry " + state.entry_id + " for upload token " + token_id,
                       context, KalturaTransfer::Upload, true);
    return false;
  }
  return true;
}

// Continuing with upload-token-id and no entry-id: the entry the token feeds,
// from what it is attached to (the entry itself, or the source flavor of a
// new entry or of an entry's replacement), so that wait-for, the approval of
// a replacement and the entry-id property follow it. "" when the token does
// not tell (a flavor or an attachment target names its entry anyway).
std::string entry_of_attached_token(GstKalturaSink* self, kaltura::Client& client, const kaltura::UploadToken& token) {
  if (token.attached_object_type == "entry") return token.attached_object_id;
  if (token.attached_object_type != "flavorAsset") return "";
  try {
    const auto flavor =
        kaltura::FlavorAsset::from_json(client.call(kaltura::ops::flavor_asset_get(token.attached_object_id)));
    const auto entry = kaltura::Entry::from_json(client.call(kaltura::ops::base_entry_get(flavor.entry_id)));
    return entry.replaced_entry_id.empty() ? entry.id : entry.replaced_entry_id;
  } catch (const Error& error) {
    if (error.kind() == kaltura::ErrorKind::Cancelled) throw;
    GST_WARNING_OBJECT(self, "cannot tell the entry of upload token %s: %s", token.id.c_str(), error.message().c_str());
    return "";
  }
}

// The recorded target in words: the content of the entry, or a flavor or
// attachment of it.
std::string describe_target(const std::string& entry_id, const kaltura::upload::RecordedTarget& target) {
  if (target.flavor_params_id >= 0)
    return "the flavor of flavor params " + std::to_string(target.flavor_params_id) + " of entry " + entry_id;
  if (!target.attachment_title.empty())
    return "the attachment \"" + target.attachment_title + "\" of entry " + entry_id;
  return "the content of entry " + entry_id;
}

// The target properties set, in words.
std::string describe_properties(const KalturaSinkSettings& settings) {
  if (settings.flavor_params_id >= 0) return "flavor-params-id " + std::to_string(settings.flavor_params_id);
  if (!settings.attachment_title.empty()) return "attachment-title \"" + settings.attachment_title + "\"";
  return "entry-id \"" + settings.entry_id + "\" without flavor-params-id or attachment-title (the entry's content)";
}

// A state file continues its own token into its own target: properties that
// name another one would be ignored, and the upload they ask for would not
// happen. Only what is set and what the file records are compared (a file
// written before the target was recorded has only its entry). "" when they
// agree, else the text of the error.
std::string target_conflict(const KalturaSinkSettings& settings, const UploadState& recorded, const std::string& path) {
  const std::string records = "the state file " + path + " records";
  if (!settings.upload_token_id.empty() && settings.upload_token_id != recorded.token_id)
    return "upload-token-id \"" + settings.upload_token_id + "\" is not the upload token " + records + " (\"" +
           recorded.token_id + "\"): delete the state file to continue upload token " + settings.upload_token_id +
           " instead, or leave upload-token-id unset to continue the recorded upload";
  if (settings.entry_id.empty()) return "";
  // Without entry-id, flavor-params-id and attachment-title are refused anyway.
  const std::string target_properties = settings.flavor_params_id >= 0       ? "entry-id and flavor-params-id"
                                        : !settings.attachment_title.empty() ? "entry-id and attachment-title"
                                                                             : "entry-id";
  if (!recorded.entry_id.empty() && settings.entry_id != recorded.entry_id)
    return "entry-id \"" + settings.entry_id + "\" is not the entry " + records + " (\"" + recorded.entry_id +
           "\"): delete the state file to start a new upload to entry " + settings.entry_id +
           " (the recorded one stays unfinished on the server), or leave " + target_properties +
           " unset to finish the recorded upload";
  if (!recorded.target || *recorded.target == recorded_target(settings)) return "";
  return describe_properties(settings) + " is not what " + records + " (" +
         describe_target(settings.entry_id, *recorded.target) +
         "): delete the state file to start a new upload there (the recorded one stays unfinished on the server), "
         "or leave entry-id, flavor-params-id and attachment-title unset to finish the recorded upload";
}

// What follows a state file whose token is gone or complete (the file is
// then removed, and prepare_resume() looks again): the token upload-token-id
// names, when it does, as if there had been no state file; else a new upload.
std::string after_stale_record(const Run& run) {
  return run.settings.upload_token_id.empty()
             ? "starting a new upload"
             : "continuing upload token " + run.settings.upload_token_id + " (upload-token-id) instead";
}

}  // namespace

kaltura::upload::RecordedTarget recorded_target(const KalturaSinkSettings& settings) {
  return {settings.flavor_params_id, settings.attachment_title};
}

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

  // A token to look up: the session starts here, on the streaming thread
  // (open_upload() names its failure), since what the server holds decides
  // what the stream skips.
  run.client->ensure_session();
  {
    std::lock_guard<std::mutex> lock(self->priv->state_lock);
    self->priv->state.session_started = true;
  }
  kaltura::UploadToken token;
  try {
    token = kaltura::UploadToken::from_json(run.client->call(kaltura::ops::upload_token_get(token_id)));
  } catch (const Error& error) {
    if (error.kind() == kaltura::ErrorKind::Cancelled) throw;
    if (recorded && error.is_api("UPLOAD_TOKEN_NOT_FOUND")) {
      const KalturaErrorContext context = context_naming(self, token_id);
      kaltura_post_message(element_of(self), GST_MESSAGE_WARNING, GST_RESOURCE_ERROR_NOT_FOUND,
                           "The upload token recorded in the state file no longer exists; " + after_stale_record(run),
                           run.state_file->path(), context);
      run.state_file->forget();
      return prepare_resume(self, run, state, chunk_size, head_size);
    }
    const KalturaErrorContext context = context_naming(self, token_id);
    kaltura_post_error(element_of(self), error, "Looking up upload token " + token_id, context, KalturaTransfer::Upload,
                       true);
    return false;
  }
  const bool finished = token.status == static_cast<int>(kaltura::UploadTokenStatus::FullUpload) ||
                        token.status == static_cast<int>(kaltura::UploadTokenStatus::Closed);
  if (finished) {
    if (recorded) {
      const KalturaErrorContext context = context_naming(self, token_id);
      kaltura_post_message(element_of(self), GST_MESSAGE_WARNING, GST_RESOURCE_ERROR_SETTINGS,
                           "The upload recorded in the state file was already complete; " + after_stale_record(run),
                           run.state_file->path(), context);
      run.state_file->forget();
      return prepare_resume(self, run, state, chunk_size, head_size);
    }
    post_settings_error(self, "Upload token " + token_id + " is already complete: nothing to resume");
    return false;
  }
  const int64_t held = token.uploaded_file_size.value_or(0);
  const std::string file_name = !token.file_name.empty() ? token.file_name
                                : recorded               ? recorded->file_name
                                                         : choose_file_name(run.settings, state);
  kaltura::upload::UploadTargetSpec spec = target_spec(run.settings, state);
  spec.file_name = file_name;
  if (recorded) {
    // Here, once the token is known to be there to continue (a stale record
    // gives way to a new upload with the properties as they are), and before
    // anything changes on the server.
    const std::string conflict = target_conflict(run.settings, *recorded, run.state_file->path());
    if (!conflict.empty()) {
      post_settings_error(self, conflict);
      return false;
    }
    state.skip = *recorded;
    state.record = *recorded;
    state.entry_id = recorded->entry_id;
    chunk_size = recorded->chunk_size;
    head_size = recorded->head_size;
  } else {
    state.entry_id =
        run.settings.entry_id.empty() ? entry_of_attached_token(self, *run.client, token) : run.settings.entry_id;
    state.record.token_id = token_id;
    state.record.entry_id = state.entry_id;
    // What the token feeds is known when the properties name it.
    if (!run.settings.entry_id.empty()) state.record.target = recorded_target(run.settings);
    if (token.attached_object_id.empty() && !state.entry_id.empty() &&
        !settle_unattached_token(self, run, state, spec, token_id))
      return false;
  }
  // The flavor or attachment asset the token feeds, for the messages.
  if (targets_asset(spec))
    state.asset_id =
        state.record.attach_after_final ? state.record.attach_after_final->object_id : token.attached_object_id;
  state.skip.add(0, static_cast<uint64_t>(held));
  state.token_id = token_id;
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

bool gives_recorded_digest(const kaltura::upload::Chunk& chunk, const kaltura::upload::ChunkDigest& recorded) {
  return recorded.length == chunk.data.size() && recorded.value == kaltura::upload::chunk_digest(chunk.data);
}

std::string stream_mismatch(const Run& run, const std::string& token_id, const kaltura::upload::Chunk& chunk) {
  return "The stream is not the one the state file " + run.state_file->path() + " recorded: bytes " +
         std::to_string(chunk.offset) + " to " + std::to_string(chunk.offset + chunk.data.size()) +
         " differ from those already uploaded to upload token " + token_id +
         ". Continuing an upload needs a source that gives the same bytes again (a file, not a live source); "
         "delete the state file to upload this stream anew";
}

std::string stream_shorter_than_held(const Run& run, const std::string& token_id, uint64_t total, uint64_t held_end) {
  const std::string ended = "it ended (EOS) after " + std::to_string(total) + " bytes, and upload token " + token_id +
                            " already holds bytes up to " + std::to_string(held_end);
  if (run.state_file)
    return "The stream is not the one the state file " + run.state_file->path() + " recorded: " + ended +
           ". Continuing an upload needs a source that gives the same bytes again (a file, not a live source); "
           "delete the state file to upload this stream anew";
  return "The stream is not the one uploaded to upload token " + token_id + " (upload-token-id): " + ended +
         ". Continuing an upload needs the same bytes again; leave upload-token-id unset to upload this stream anew";
}

}  // namespace kalturasink
