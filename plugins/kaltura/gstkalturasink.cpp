// kalturasink element code: properties, caps, events and bus messages. The
// upload itself is the library's (kaltura/upload/): ChunkAssembler cuts the
// stream, UploadSession sends the chunks, EntryWatcher follows processing.
//
// Threads: the streaming thread (render, event), the session's worker
// threads (token creation, chunks: they post progress messages), and the
// application thread (properties, state changes, unlock).
//
// Locks: settings_lock guards the properties, state_lock the run's mutable
// facts (ids, tags, totals, the state-file record) and the Run pointer.
// Lock order: settings_lock, then state_lock, then the session's own locks.
// Neither is held across a network call, a blocking wait or
// gst_element_post_message. The Run objects (client, assembler, session)
// are created in start() and destroyed in stop(); GstBaseSink guarantees the
// streaming thread is gone by then, so the streaming thread and the session
// workers use them without a lock in between.
#include "gstkalturasink.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "container_format.h"
#include "kaltura/client.h"
#include "kaltura/credentials.h"
#include "kaltura/operations.h"
#include "kaltura/upload/chunk_assembler.h"
#include "kaltura/upload/entry_watcher.h"
#include "kaltura/upload/upload_session.h"
#include "kaltura/upload/upload_state_file.h"
#include "kaltura/upload/upload_target.h"
#include "kaltura_element_errors.h"
#include "kaltura_entry_following.h"
#include "kaltura_messages.h"
#include "kalturasink_settings.h"

GST_DEBUG_CATEGORY_STATIC(kaltura_sink_debug);
#define GST_CAT_DEFAULT kaltura_sink_debug

namespace {

using kaltura::Error;
using kaltura::ErrorKind;
using kaltura::upload::BytesRef;
using kaltura::upload::Chunk;
using kaltura::upload::UploadState;
namespace messages = kaltura_messages;

constexpr uint64_t kMinChunkSize = 64 * 1024;
constexpr uint64_t kMaxChunkSize = 1024 * 1024 * 1024;
constexpr std::chrono::seconds kMinFinalTimeout{600};

// Facts of the running upload; guarded by state_lock.
struct RunState {
  std::string entry_id, token_id;
  bool entry_created = false;
  bool replacing = false;
  bool complete = false;
  ContainerFormat format;
  std::string title, description, keywords;  // from upstream tags
  int64_t total = -1;                        // stream size once known
  uint64_t acknowledged = 0;
  // Resuming: the token to continue and the ranges the server already holds.
  std::optional<kaltura::upload::TokenStart> resume;
  UploadState skip;
  UploadState record;  // what the state file says
  std::chrono::steady_clock::time_point started;
  std::shared_ptr<kaltura::upload::EntryWatcher> watcher;
};

// What exists from start() to stop().
struct Run {
  KalturaSinkSettings settings;
  std::vector<std::string> secrets;
  std::unique_ptr<kaltura::Client> client;
  std::unique_ptr<kaltura::upload::ChunkAssembler> assembler;
  std::unique_ptr<kaltura::upload::UploadStateFile> state_file;
  std::unique_ptr<kaltura::upload::UploadSession> session;
  bool first_buffer = true;
};

struct Private {
  std::mutex settings_lock;
  KalturaSinkSettings settings;
  std::mutex state_lock;
  RunState state;
  std::unique_ptr<Run> run;
};

}  // namespace

struct _GstKalturaSink {
  GstBaseSink parent;
  Private* priv;
};

G_DEFINE_TYPE(GstKalturaSink, gst_kaltura_sink, GST_TYPE_BASE_SINK)
GST_ELEMENT_REGISTER_DEFINE(kalturasink, "kalturasink", GST_RANK_NONE, GST_TYPE_KALTURA_SINK)

static GstStaticPadTemplate sink_template =
    GST_STATIC_PAD_TEMPLATE("sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

namespace {

GstElement* element_of(GstKalturaSink* self) { return GST_ELEMENT(self); }

KalturaErrorContext error_context(GstKalturaSink* self) {
  KalturaErrorContext context;
  Private* priv = self->priv;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    context.upload_token_id = priv->state.token_id;
    context.entry_id = priv->state.entry_id;
    if (priv->run) context.secrets = priv->run->secrets;
  }
  return context;
}

void post_error(GstKalturaSink* self, const Error& error, const std::string& doing, bool starting) {
  kaltura_post_error(element_of(self), error, doing, error_context(self), KalturaTransfer::Upload, starting);
}

// The final chunk joins everything the server stored aside: give it time.
std::chrono::seconds final_chunk_timeout(const KalturaSinkSettings& settings) {
  return std::max(kMinFinalTimeout, std::chrono::seconds(10 * settings.connection.request_timeout_seconds));
}

void post_settings_error(GstKalturaSink* self, const std::string& text) {
  kaltura_post_message(element_of(self), GST_MESSAGE_ERROR, GST_RESOURCE_ERROR_SETTINGS, text, "",
                       error_context(self));
}

std::string base_name(const std::string& path) {
  g_autofree char* name = g_path_get_basename(path.c_str());
  return name;
}

std::string strip_extension(const std::string& name) {
  const auto dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

// file-name, else location's name, else the entry's name (or "recording")
// with the extension of the caps.
std::string choose_file_name(const KalturaSinkSettings& settings, const RunState& state) {
  if (!settings.file_name.empty()) return settings.file_name;
  if (!settings.location.empty()) return base_name(settings.location);
  std::string stem = !settings.entry_name.empty() ? settings.entry_name : state.title;
  if (stem.empty()) stem = "recording";
  for (char& c : stem)
    if (c == '/' || c == '\\') c = '_';
  return stem + "." + state.format.extension;
}

std::string choose_entry_name(const KalturaSinkSettings& settings, const RunState& state) {
  if (!settings.entry_name.empty()) return settings.entry_name;
  if (!state.title.empty()) return state.title;
  if (!settings.location.empty()) return strip_extension(base_name(settings.location));
  if (!settings.file_name.empty()) return strip_extension(settings.file_name);
  return "";
}

kaltura::upload::UploadTargetSpec target_spec(const KalturaSinkSettings& settings, const RunState& state) {
  using kaltura::upload::TargetKind;
  kaltura::upload::UploadTargetSpec spec;
  spec.file_name = choose_file_name(settings, state);
  spec.entry_id = settings.entry_id;
  if (settings.conversion_profile_id >= 0) spec.entry.conversion_profile_id = settings.conversion_profile_id;
  if (settings.entry_id.empty()) {
    spec.kind = TargetKind::NewEntry;
    auto& entry = spec.entry;
    if (settings.entry_kind == KalturaEntryKind::Document) {
      entry.object_type = "KalturaDocumentEntry";
    } else {
      const int media_type = settings.media_type != 0 ? settings.media_type : state.format.media_type;
      if (media_type != 0) entry.media_type = media_type;
    }
    auto set = [](std::optional<std::string>& field, const std::string& value) {
      if (!value.empty()) field = value;
    };
    set(entry.name, choose_entry_name(settings, state));
    set(entry.description, !settings.description.empty() ? settings.description : state.description);
    set(entry.tags, !settings.tags.empty() ? settings.tags : state.keywords);
    set(entry.reference_id, settings.reference_id);
    set(entry.categories, settings.categories);
    set(entry.user_id, settings.entry_user_id);
  } else if (settings.flavor_params_id >= 0) {
    spec.kind = TargetKind::Flavor;
    spec.flavor_params_id = settings.flavor_params_id;
  } else if (!settings.attachment_title.empty()) {
    spec.kind = TargetKind::Attachment;
    spec.attachment_title = settings.attachment_title;
    spec.attachment_format = settings.attachment_format > 0 ? std::to_string(settings.attachment_format) : "";
  } else {
    spec.kind = TargetKind::ExistingEntry;
  }
  return spec;
}

std::optional<kaltura::Request> attach_request(const std::optional<kaltura::upload::DeferredAttach>& attach,
                                               const std::string& token_id) {
  if (!attach) return std::nullopt;
  return attach->request(token_id);
}

// Runs on a session worker: creates (or resumes) the token and its target.
// run is the Run that owns the session (priv->run may already be taken out
// by stop() while a worker finishes).
kaltura::upload::TokenStart open_token(GstKalturaSink* self, Run& run) {
  Private* priv = self->priv;
  RunState snapshot;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    snapshot = priv->state;
  }
  if (snapshot.resume) {
    gst_element_post_message(element_of(self), messages::upload_token_created(element_of(self),
                                                                              snapshot.resume->token_id,
                                                                              snapshot.entry_id, "", true));
    return *snapshot.resume;
  }
  const auto spec = target_spec(run.settings, snapshot);
  GST_INFO_OBJECT(self, "creating the upload token for %s", spec.file_name.c_str());
  const auto target = kaltura::upload::open_upload_target(*run.client, spec);
  UploadState record;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    priv->state.entry_id = target.entry_id;
    priv->state.token_id = target.token_id;
    priv->state.entry_created = target.entry_created;
    priv->state.replacing = target.replacing;
    auto& rec = priv->state.record;
    rec.token_id = target.token_id;
    rec.entry_id = target.entry_id;
    rec.file_name = spec.file_name;
    rec.chunk_size = run.assembler->chunk_size();
    rec.head_size = run.assembler->head_size();
    rec.attach_after_final = target.attach_after_final;
    record = rec;
  }
  if (run.state_file) run.state_file->save(record);
  if (target.attach_after_final)
    GST_INFO_OBJECT(self, "the server attaches complete upload tokens only: %s goes with the final chunk",
                    target.attach_after_final->to_record().c_str());
  if (target.entry_created)
    gst_element_post_message(element_of(self), messages::entry_created(element_of(self), target.entry_id));
  gst_element_post_message(element_of(self),
                           messages::upload_token_created(element_of(self), target.token_id, target.entry_id,
                                                          target.asset_id, false));
  return {target.token_id, spec.file_name, false, attach_request(target.attach_after_final, target.token_id)};
}

// Runs on a session worker after each acknowledged chunk (serialized).
void chunk_acknowledged(GstKalturaSink* self, Run& run, uint64_t offset, uint64_t length, uint64_t acknowledged) {
  Private* priv = self->priv;
  int64_t total = -1;
  UploadState record;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    priv->state.acknowledged = acknowledged;
    total = priv->state.total;
    priv->state.record.add(offset, length);
    record = priv->state.record;
  }
  if (run.state_file) {
    try {
      run.state_file->save(record);
    } catch (const std::exception& error) {
      GST_WARNING_OBJECT(self, "%s", error.what());
    }
  }
  gst_element_post_message(element_of(self), messages::upload_progress(element_of(self), acknowledged, total));
  if (total > 0)
    gst_element_post_message(element_of(self),
                             messages::progress(element_of(self), GST_PROGRESS_TYPE_CONTINUE, acknowledged, total));
}

// Hands a chunk to the session unless the server already holds it (resume).
void submit_chunk(GstKalturaSink* self, Chunk chunk) {
  Private* priv = self->priv;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    if (priv->state.skip.covers(chunk.offset, chunk.data.size())) {
      GST_DEBUG_OBJECT(self, "skipping bytes %" G_GUINT64_FORMAT "+%" G_GUINT64_FORMAT ": the server has them",
                       chunk.offset, chunk.data.size());
      return;
    }
  }
  priv->run->session->submit(std::move(chunk));
}

struct MappedMemory {
  GstMemory* memory;
  GstMapInfo map;
};

void unmap_memory(gpointer data) {
  auto* mapped = static_cast<MappedMemory*>(data);
  gst_memory_unmap(mapped->memory, &mapped->map);
  gst_memory_unref(mapped->memory);
  g_free(mapped);
}

// Each memory of the buffer as a GBytes that keeps it mapped and alive: no copy.
std::vector<BytesRef> buffer_bytes(GstBuffer* buffer) {
  std::vector<BytesRef> pieces;
  const guint count = gst_buffer_n_memory(buffer);
  for (guint i = 0; i < count; ++i) {
    auto* mapped = g_new0(MappedMemory, 1);
    mapped->memory = gst_buffer_get_memory(buffer, i);
    if (!gst_memory_map(mapped->memory, &mapped->map, GST_MAP_READ)) {
      gst_memory_unref(mapped->memory);
      g_free(mapped);
      throw std::runtime_error("cannot map a buffer memory for reading");
    }
    pieces.push_back(BytesRef::adopt(
        g_bytes_new_with_free_func(mapped->map.data, mapped->map.size, unmap_memory, mapped)));
  }
  return pieces;
}

// What the failing step was, for error texts.
std::string current_step(GstKalturaSink* self) {
  std::lock_guard<std::mutex> lock(self->priv->state_lock);
  const RunState& state = self->priv->state;
  if (state.token_id.empty()) return "Preparing the upload (entry and upload token)";
  if (state.complete) return "Following the entry";
  return "Uploading";
}

// EOS: the rest of the stream, the final chunk, then what wait-for asks.
bool finish_upload(GstKalturaSink* self) {
  Private* priv = self->priv;
  Run& run = *priv->run;
  try {
    for (auto& chunk : run.assembler->finish()) submit_chunk(self, std::move(chunk));
    const uint64_t total = run.assembler->size();
    {
      std::lock_guard<std::mutex> lock(priv->state_lock);
      priv->state.total = static_cast<int64_t>(total);
    }
    GST_INFO_OBJECT(self, "EOS after %" G_GUINT64_FORMAT " bytes: finishing the upload", total);
    run.session->finish(total);
    std::string entry_id, token_id;
    bool replacing = false;
    bool attached_now = false;  // media.updateContent went with the final chunk
    {
      std::lock_guard<std::mutex> lock(priv->state_lock);
      priv->state.complete = true;
      entry_id = priv->state.entry_id;
      token_id = priv->state.token_id;
      replacing = priv->state.replacing;
      const auto& attach = priv->state.record.attach_after_final;
      attached_now = attach && attach->call == kaltura::upload::DeferredAttach::Call::MediaUpdateContent;
    }
    // Whether that call started a replacement shows on the entry.
    if (attached_now && run.settings.approve_replacement)
      replacing = kaltura::upload::content_goes_to_replacement(
          kaltura::Entry::from_json(run.client->call(kaltura::ops::media_get(entry_id))));
    const bool approve = replacing && run.settings.approve_replacement;
    if (run.state_file) run.state_file->remove();
    gst_element_post_message(element_of(self), messages::upload_complete(element_of(self), token_id, entry_id, total));
    gst_element_post_message(element_of(self),
                             messages::progress(element_of(self), GST_PROGRESS_TYPE_COMPLETE, total, total));
    if (approve) run.client->call(kaltura::ops::media_approve_replace(entry_id));

    if (run.settings.wait_for == KalturaWaitFor::None || entry_id.empty()) return true;
    // With wait-for=all-flavors, every flavor must make it.
    const bool all_flavors = run.settings.wait_for == KalturaWaitFor::AllFlavors;
    auto callbacks = kaltura_following_callbacks(
        element_of(self), [self](GstMessage* message) { gst_element_post_message(element_of(self), message); },
        [all_flavors](const kaltura::FlavorAsset&) { return all_flavors; });
    auto watcher = std::make_shared<kaltura::upload::EntryWatcher>(*run.client, entry_id, callbacks);
    {
      std::lock_guard<std::mutex> lock(priv->state_lock);
      priv->state.watcher = watcher;
    }
    const auto goal = all_flavors ? kaltura::upload::WaitGoal::AllFlavors : kaltura::upload::WaitGoal::EntryReady;
    const kaltura::Entry entry = kaltura_wait_for_entry(*watcher, *run.client, entry_id, goal,
                                                        std::chrono::seconds(run.settings.wait_timeout_seconds));
    gst_element_post_message(element_of(self), messages::entry_ready(element_of(self), entry));
    return true;
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::Cancelled) return false;
    post_error(self, error, current_step(self), false);
  } catch (const std::exception& error) {
    post_settings_error(self, error.what());
  }
  return false;
}

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
void finalize_partial_upload(GstKalturaSink* self, Run& run, const std::string& token_id,
                             const std::string& entry_id) {
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
      token = UploadToken::from_json(run.client->call(ops::upload_token_upload(token_id, std::move(part), has_file,
                                                                                 false, 0)));
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
  gst_element_post_message(element_of(self), messages::upload_complete(element_of(self), token_id, entry_id,
                                                                       static_cast<uint64_t>(held)));
}

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
                                      (entry_id.empty() ? "" : " and entry " + entry_id) + " are kept. To resume, " +
                                      how,
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
    kaltura_post_message(element_of(self), GST_MESSAGE_WARNING,
                         kaltura_error_code(error, KalturaTransfer::Upload, false),
                              "Cleaning up the unfinished upload failed: " + error.message(),
                              "kaltura-code " + error.code(), context);
  }
}

// Checks what can be checked without the network.
bool validate_settings(GstKalturaSink* self, const KalturaSinkSettings& settings) {
  if (settings.chunk_size < kMinChunkSize || settings.chunk_size > kMaxChunkSize) {
    post_settings_error(self, "chunk-size " + std::to_string(settings.chunk_size) +
                                  " is out of range: use 65536 to 1073741824 bytes (default 5242880)");
    return false;
  }
  if (settings.entry_id.empty() && (settings.flavor_params_id >= 0 || !settings.attachment_title.empty())) {
    post_settings_error(self, "flavor-params-id and attachment-title need entry-id: the entry to add them to");
    return false;
  }
  if (settings.flavor_params_id >= 0 && !settings.attachment_title.empty()) {
    post_settings_error(self, "Set either flavor-params-id or attachment-title, not both");
    return false;
  }
  return true;
}

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

// Looks up the token to continue (state-file or upload-token-id) and fills
// the resume facts. Returns false after posting an error.
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
    kaltura_post_error(element_of(self), error, "Looking up upload token " + token_id, context,
                       KalturaTransfer::Upload, true);
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
                                : recorded                ? recorded->file_name
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

// GObject / GstBaseSink vfuncs.

void set_property(GObject* object, guint property_id, const GValue* value, GParamSpec* pspec) {
  auto* self = GST_KALTURA_SINK(object);
  std::lock_guard<std::mutex> lock(self->priv->settings_lock);
  if (!kaltura_sink_settings_set(self->priv->settings, property_id, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, property_id, pspec);
}

void get_property(GObject* object, guint property_id, GValue* value, GParamSpec* pspec) {
  auto* self = GST_KALTURA_SINK(object);
  Private* priv = self->priv;
  const KalturaRunProperty run_property = kaltura_sink_run_property(property_id);
  if (run_property == KalturaRunProperty::Stats) {
    kaltura::upload::UploadSessionStats stats;
    uint64_t retries = 0;
    double seconds = 0;
    {
      std::lock_guard<std::mutex> lock(priv->state_lock);
      seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - priv->state.started).count();
      if (priv->run && priv->run->session) {
        stats = priv->run->session->stats();
        retries = priv->run->client->counters().retries + stats.resends;
      }
    }
    g_value_take_boxed(value, gst_structure_new("kaltura-upload-stats", "bytes-sent", G_TYPE_UINT64,
                                                static_cast<guint64>(stats.bytes_sent), "bytes-acknowledged",
                                                G_TYPE_UINT64, static_cast<guint64>(stats.bytes_acknowledged),
                                                "chunks", G_TYPE_UINT64, static_cast<guint64>(stats.chunks),
                                                "retries", G_TYPE_UINT64, static_cast<guint64>(retries),
                                                "throughput", G_TYPE_DOUBLE,
                                                seconds > 0 ? stats.bytes_sent / seconds : 0.0, nullptr));
    return;
  }
  std::lock_guard<std::mutex> settings_lock(priv->settings_lock);
  if (run_property == KalturaRunProperty::EntryId || run_property == KalturaRunProperty::UploadTokenId) {
    std::lock_guard<std::mutex> state_lock(priv->state_lock);
    const std::string& running =
        run_property == KalturaRunProperty::EntryId ? priv->state.entry_id : priv->state.token_id;
    if (!running.empty()) {
      g_value_set_string(value, running.c_str());
      return;
    }
  }
  if (!kaltura_sink_settings_get(priv->settings, property_id, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, property_id, pspec);
}

gboolean sink_start(GstBaseSink* base) {
  auto* self = GST_KALTURA_SINK(base);
  Private* priv = self->priv;
  auto run = std::make_unique<Run>();
  {
    std::lock_guard<std::mutex> lock(priv->settings_lock);
    run->settings = priv->settings;
  }
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    priv->state = RunState();
    priv->state.started = std::chrono::steady_clock::now();
  }
  const KalturaSinkSettings& settings = run->settings;
  kaltura::Credentials credentials = settings.connection.credentials();
  run->secrets = settings.connection.secrets();
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    priv->run = std::move(run);
  }
  Run& current = *priv->run;
  if (!validate_settings(self, settings)) return FALSE;
  if (!credentials.usable()) {
    post_settings_error(self, credentials.what_is_missing());
    return FALSE;
  }
  try {
    current.client = std::make_unique<kaltura::Client>(settings.connection.client_config(), credentials);
    current.client->ensure_session();
  } catch (const Error& error) {
    post_error(self, error, "Starting a Kaltura session", true);
    return FALSE;
  }
  if (!settings.state_file.empty())
    current.state_file = std::make_unique<kaltura::upload::UploadStateFile>(settings.state_file);

  uint64_t chunk_size = settings.chunk_size;
  uint64_t head_size = settings.rewrite_window < 0 ? chunk_size : static_cast<uint64_t>(settings.rewrite_window);
  RunState state;
  state.started = std::chrono::steady_clock::now();
  state.entry_id = settings.entry_id;  // known at once for existing-entry targets (errors name it)
  if (!prepare_resume(self, current, state, chunk_size, head_size)) return FALSE;
  const uint64_t already = state.skip.acknowledged_bytes();
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    priv->state = state;
  }

  current.assembler = std::make_unique<kaltura::upload::ChunkAssembler>(chunk_size, head_size);
  kaltura::upload::UploadSessionOptions options;
  options.max_parallel = static_cast<int>(settings.max_parallel_chunks);
  options.already_acknowledged = already;
  options.final_timeout = final_chunk_timeout(settings);
  kaltura::upload::UploadSessionCallbacks callbacks;
  // The session is a member of current and is destroyed before it.
  callbacks.open_token = [self, &current] { return open_token(self, current); };
  callbacks.on_acknowledged = [self, &current](uint64_t offset, uint64_t length, uint64_t acknowledged) {
    chunk_acknowledged(self, current, offset, length, acknowledged);
  };
  current.session = std::make_unique<kaltura::upload::UploadSession>(*current.client, options, callbacks);
  GST_INFO_OBJECT(self, "started: chunk size %" G_GUINT64_FORMAT ", rewritable head %" G_GUINT64_FORMAT
                  " bytes, %u chunks in parallel", chunk_size, head_size, settings.max_parallel_chunks);
  return TRUE;
}

gboolean sink_stop(GstBaseSink* base) {
  auto* self = GST_KALTURA_SINK(base);
  Private* priv = self->priv;
  // Taken out under the lock so that stats and error texts never see a Run
  // being destroyed.
  std::unique_ptr<Run> run;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    run = std::move(priv->run);
  }
  if (!run || !run->session) return TRUE;
  // Whatever still runs stops now; the client is needed again afterwards.
  run->session->cancel();
  run->client->cancel_all();
  run->session.reset();
  run->client->reset_cancel();
  bool complete = false;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    complete = priv->state.complete;
    priv->state.watcher.reset();
  }
  if (!complete) {
    {
      std::lock_guard<std::mutex> lock(priv->state_lock);
      priv->run = std::move(run);  // error_context() reads the secrets from it
    }
    abandon_upload(self, *priv->run);
    std::lock_guard<std::mutex> lock(priv->state_lock);
    run = std::move(priv->run);
  }
  return TRUE;
}

gboolean sink_unlock(GstBaseSink* base) {
  auto* self = GST_KALTURA_SINK(base);
  Private* priv = self->priv;
  if (!priv->run || !priv->run->session) return TRUE;
  priv->run->session->cancel();
  priv->run->client->cancel_all();
  std::shared_ptr<kaltura::upload::EntryWatcher> watcher;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    watcher = priv->state.watcher;
  }
  if (watcher) watcher->cancel();
  return TRUE;
}

gboolean sink_unlock_stop(GstBaseSink* base) {
  auto* self = GST_KALTURA_SINK(base);
  if (self->priv->run && self->priv->run->client) self->priv->run->client->reset_cancel();
  return TRUE;
}

gboolean sink_set_caps(GstBaseSink* base, GstCaps* caps) {
  auto* self = GST_KALTURA_SINK(base);
  const ContainerFormat format = container_format_from_caps(caps);
  GST_DEBUG_OBJECT(self, "caps %" GST_PTR_FORMAT ": extension %s", caps, format.extension.c_str());
  std::lock_guard<std::mutex> lock(self->priv->state_lock);
  self->priv->state.format = format;
  return TRUE;
}

void remember_tags(GstKalturaSink* self, GstTagList* tags) {
  auto text_tag = [&](const char* tag, std::string& into) {
    g_autofree char* value = nullptr;
    if (gst_tag_list_get_string(tags, tag, &value) && value && *value) into = value;
  };
  std::lock_guard<std::mutex> lock(self->priv->state_lock);
  RunState& state = self->priv->state;
  text_tag(GST_TAG_TITLE, state.title);
  text_tag(GST_TAG_DESCRIPTION, state.description);
  const guint keywords = gst_tag_list_get_tag_size(tags, GST_TAG_KEYWORDS);
  if (keywords > 0) {
    std::string joined;
    for (guint i = 0; i < keywords; ++i) {
      const char* keyword = nullptr;
      if (gst_tag_list_peek_string_index(tags, GST_TAG_KEYWORDS, i, &keyword) && keyword)
        joined += (joined.empty() ? "" : ",") + std::string(keyword);
    }
    state.keywords = joined;
  }
}

gboolean sink_event(GstBaseSink* base, GstEvent* event) {
  auto* self = GST_KALTURA_SINK(base);
  Private* priv = self->priv;
  switch (GST_EVENT_TYPE(event)) {
    case GST_EVENT_SEGMENT: {
      const GstSegment* segment = nullptr;
      gst_event_parse_segment(event, &segment);
      if (segment->format == GST_FORMAT_BYTES && priv->run && priv->run->assembler) {
        GST_DEBUG_OBJECT(self, "writing at byte %" G_GUINT64_FORMAT, segment->start);
        priv->run->assembler->seek(segment->start);
      }
      break;
    }
    case GST_EVENT_TAG: {
      GstTagList* tags = nullptr;
      gst_event_parse_tag(event, &tags);
      remember_tags(self, tags);
      break;
    }
    case GST_EVENT_EOS:
      if (!priv->run || !priv->run->session || !finish_upload(self)) {
        gst_event_unref(event);
        return FALSE;
      }
      break;
    default:
      break;
  }
  return GST_BASE_SINK_CLASS(gst_kaltura_sink_parent_class)->event(base, event);
}

gboolean sink_query(GstBaseSink* base, GstQuery* query) {
  auto* self = GST_KALTURA_SINK(base);
  if (GST_QUERY_TYPE(query) == GST_QUERY_SEEKING) {
    GstFormat format;
    gst_query_parse_seeking(query, &format, nullptr, nullptr, nullptr);
    bool rewritable = false;
    {
      std::lock_guard<std::mutex> lock(self->priv->settings_lock);
      rewritable = self->priv->settings.rewrite_window != 0;
    }
    // Muxers ask to know whether they may seek back and patch: only the
    // held head (and the last bytes) can be, and only with a rewrite window.
    gst_query_set_seeking(query, format, format == GST_FORMAT_BYTES && rewritable, 0, -1);
    return TRUE;
  }
  return GST_BASE_SINK_CLASS(gst_kaltura_sink_parent_class)->query(base, query);
}

GstFlowReturn sink_render(GstBaseSink* base, GstBuffer* buffer) {
  auto* self = GST_KALTURA_SINK(base);
  Private* priv = self->priv;
  Run& run = *priv->run;
  if (run.first_buffer) {
    run.first_buffer = false;
    gst_element_post_message(element_of(self), messages::upload_started(element_of(self)));
  }
  try {
    for (const BytesRef& piece : buffer_bytes(buffer))
      for (auto& chunk : run.assembler->write(piece)) submit_chunk(self, std::move(chunk));
  } catch (const kaltura::upload::RewriteError& error) {
    kaltura_post_message(element_of(self), GST_MESSAGE_ERROR, GST_RESOURCE_ERROR_SEEK,
                              std::string("Upstream seeked back into data that is already uploaded: ") +
                                  error.what() +
                                  ". Use fragmented or streamable muxing (mp4mux fragment-duration=1000, "
                                  "matroskamux streamable=true) or a larger rewrite-window",
                              "position " + std::to_string(error.position()), error_context(self));
    return GST_FLOW_ERROR;
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::Cancelled) return GST_FLOW_FLUSHING;
    post_error(self, error, current_step(self), false);
    return GST_FLOW_ERROR;
  } catch (const std::exception& error) {
    post_settings_error(self, error.what());
    return GST_FLOW_ERROR;
  }
  return GST_FLOW_OK;
}

void sink_finalize(GObject* object) {
  auto* self = GST_KALTURA_SINK(object);
  delete self->priv;
  G_OBJECT_CLASS(gst_kaltura_sink_parent_class)->finalize(object);
}

}  // namespace

static void gst_kaltura_sink_class_init(GstKalturaSinkClass* klass) {
  GST_DEBUG_CATEGORY_INIT(kaltura_sink_debug, "kalturasink", 0, "Kaltura upload sink");
  auto* gobject_class = G_OBJECT_CLASS(klass);
  auto* element_class = GST_ELEMENT_CLASS(klass);
  auto* base_class = GST_BASE_SINK_CLASS(klass);
  gobject_class->set_property = set_property;
  gobject_class->get_property = get_property;
  gobject_class->finalize = sink_finalize;
  kaltura_sink_install_properties(gobject_class);

  gst_element_class_set_static_metadata(
      element_class, "Kaltura sink", "Sink/Network",
      "Uploads the stream to Kaltura as a new entry, new content of an existing entry, a flavor or an "
      "attachment, in chunks sent in parallel, resumable; posts kaltura-* messages as the entry is created, "
      "uploaded and processed",
      "gst-kaltura developers");
  gst_element_class_add_static_pad_template(element_class, &sink_template);

  base_class->start = sink_start;
  base_class->stop = sink_stop;
  base_class->unlock = sink_unlock;
  base_class->unlock_stop = sink_unlock_stop;
  base_class->set_caps = sink_set_caps;
  base_class->event = sink_event;
  base_class->query = sink_query;
  base_class->render = sink_render;
}

static void gst_kaltura_sink_init(GstKalturaSink* self) {
  self->priv = new Private();
  gst_base_sink_set_sync(GST_BASE_SINK(self), FALSE);
  // The last sample would keep a buffer (and its memory) alive for nothing.
  gst_base_sink_set_last_sample_enabled(GST_BASE_SINK(self), FALSE);
}
