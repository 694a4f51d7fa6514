// kalturasink element code: properties, caps, events, the upload's path from
// the first buffer to EOS, and bus messages. Beside it: kalturasink_run (the
// state the files share), kalturasink_target (where the upload goes),
// kalturasink_resume (continuing a token) and kalturasink_stopping
// (on-error). The upload itself is the library's (kaltura/upload/):
// ChunkAssembler cuts the stream, UploadSession sends the chunks,
// EntryWatcher follows processing.
//
// Threads: the streaming thread (render, event), the session's worker
// threads (a new upload's Kaltura session, entry and token, then the chunks:
// they post progress messages), and the application thread (properties,
// state changes, unlock).
//
// Locks: settings_lock guards the properties, state_lock the run's mutable
// facts (ids, tags, totals, the state-file record) and the Run pointer.
// Lock order: settings_lock, then state_lock, then the session's own locks.
// Neither is held across a network call, a blocking wait or
// gst_element_post_message. The Run is created in start() and destroyed in
// stop(), which change_state() calls on the way up to PAUSED and down to
// READY besides GstBaseSink's NULL<->READY calls, so that each pass through
// PAUSED is an upload of its own; the streaming thread is gone whenever
// stop() runs. The client and allocator come with start(); the streaming
// thread makes the assembler and the session when the stream begins
// (open_upload), setting the session under state_lock for unlock() and the
// stats. From then on the streaming thread and the session workers use them
// without a lock.
#include "gstkalturasink.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "block_allocator.h"
#include "container_streams.h"
#include "first_bytes_typefind.h"
#include "kaltura/credentials.h"
#include "kaltura/operations.h"
#include "kaltura/upload/deferred_attach.h"
#include "kaltura/upload/upload_target.h"
#include "kaltura_entry_following.h"
#include "kaltura_messages.h"
#include "kaltura_property_state.h"
#include "kaltura_text.h"
#include "kaltura_uri_parts.h"
#include "kalturasink_bare_streams.h"
#include "kalturasink_replacement.h"
#include "kalturasink_resume.h"
#include "kalturasink_run.h"
#include "kalturasink_stopping.h"
#include "kalturasink_target.h"
#include "kalturasink_uri.h"
#include "upstream_streams.h"

GST_DEBUG_CATEGORY(kaltura_sink_debug);
#define GST_CAT_DEFAULT kaltura_sink_debug

namespace {

using kaltura::Error;
using kaltura::ErrorKind;
using kaltura::upload::BytesRef;
using kaltura::upload::Chunk;
using kaltura::upload::UploadState;
using kalturasink::element_of;
using kalturasink::error_context;
using kalturasink::final_chunk_timeout;
using kalturasink::post_error;
using kalturasink::post_settings_error;
using kalturasink::Private;
using kalturasink::refuse_bare_stream;
using kalturasink::Replacement;
using kalturasink::Run;
using kalturasink::RunState;
using kalturasink::UploadOpening;
namespace messages = kaltura_messages;

}  // namespace

static void uri_handler_init(gpointer iface, gpointer data);

G_DEFINE_TYPE_WITH_CODE(GstKalturaSink, gst_kaltura_sink, GST_TYPE_BASE_SINK,
                        G_IMPLEMENT_INTERFACE(GST_TYPE_URI_HANDLER, uri_handler_init))
GST_ELEMENT_REGISTER_DEFINE(kalturasink, "kalturasink", GST_RANK_NONE, GST_TYPE_KALTURA_SINK)

static GstStaticPadTemplate sink_template =
    GST_STATIC_PAD_TEMPLATE("sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

namespace {

// When wait-for follows an existing entry whose content or source flavor
// the upload replaces (so that the server makes its renditions again): its
// flavors before, so that the wait tells the renditions made again from the
// old ones still listed (EntryWatcher::set_flavors_before). Without them
// (the call failed), the old ones may be reported first. A rendition of its
// own (flavor-params-id above 0) or an attachment remakes nothing.
void note_flavors_before(GstKalturaSink* self, Run& run) {
  const KalturaSinkSettings& settings = run.settings;
  if (settings.entry_id.empty() || settings.wait_for == KalturaWaitFor::None || settings.flavor_params_id > 0 ||
      !settings.attachment_title.empty())
    return;
  try {
    auto flavors = kaltura::ListResult<kaltura::FlavorAsset>::from_json(
        run.client->call(kaltura::ops::flavor_asset_list(settings.entry_id)));
    std::lock_guard<std::mutex> lock(self->priv->state_lock);
    self->priv->state.flavors_before = std::move(flavors.objects);
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::Cancelled) throw;
    GST_WARNING_OBJECT(self, "listing the entry's flavors before the upload: %s", error.message().c_str());
  }
}

// entry-id and upload-token-id read back the upload's own once it has them,
// and the properties' values again once a new start drops them: listeners
// (gst-launch-1.0 -v's deep-notify) hear of both. Called without our locks
// held, as a handler may read the properties.
void notify_upload_ids(GstKalturaSink* self) {
  g_object_notify(G_OBJECT(self), "entry-id");
  g_object_notify(G_OBJECT(self), "upload-token-id");
}

// How much of the stream's start is held back until EOS, patchable
// (rewrite-window). By default one chunk, unless the caps name a container
// written strictly forward: that stream is uploaded in order from its first
// byte, so that the server's uploaded size grows as it goes (and a server
// keeping tokens on S3, which cannot take a held head, takes it).
uint64_t held_head_size(const KalturaSinkSettings& settings, const ContainerFormat& format) {
  if (settings.rewrite_window >= 0) return static_cast<uint64_t>(settings.rewrite_window);
  return format.written_forward_only ? 0 : settings.chunk_size;
}

// Runs on a session worker: creates (or resumes) the token and its target.
// run is the Run that owns the session (priv->run may already be taken out
// by stop() while a worker finishes).
kaltura::upload::TokenStart open_token(GstKalturaSink* self, Run& run) {
  Private* priv = self->priv;
  // Here rather than on the streaming thread, for a new upload: a live
  // pipeline goes on filling the window while the server is slow to answer
  // or out of reach for a while (each fragment of splitmuxsink starts one).
  run.client->ensure_session();
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    priv->state.session_started = true;
  }
  note_flavors_before(self, run);
  RunState snapshot;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    snapshot = priv->state;
  }
  if (snapshot.resume) {
    gst_element_post_message(
        element_of(self), messages::upload_token_created(element_of(self), snapshot.resume->token_id, snapshot.entry_id,
                                                         snapshot.asset_id, true));
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
    priv->state.asset_id = target.asset_id;
    priv->state.entry_created = target.entry_created;
    priv->state.asset_created = target.asset_created;
    priv->state.replacing = target.replacing;
    priv->state.document = target.document;
    auto& rec = priv->state.record;
    rec.token_id = target.token_id;
    rec.entry_id = target.entry_id;
    rec.target = kalturasink::recorded_target(run.settings);
    rec.file_name = spec.file_name;
    rec.attach_after_final = target.attach_after_final;
    record = rec;
  }
  notify_upload_ids(self);
  if (run.state_file) run.state_file->save(record);
  if (target.attach_after_final)
    GST_INFO_OBJECT(self, "the server attaches complete upload tokens only: %s goes with the final chunk",
                    target.attach_after_final->to_record().c_str());
  if (target.entry_created)
    gst_element_post_message(element_of(self), messages::entry_created(element_of(self), target.entry_id));
  gst_element_post_message(element_of(self),
                           messages::upload_token_created(element_of(self), target.token_id, target.entry_id,
                                                          target.asset_id, false));
  return {target.token_id, spec.file_name, false,
          kaltura::upload::attach_request(target.attach_after_final, target.token_id)};
}

// The size of the upload as far as it is known: exact from EOS on, before
// that the size of the file a source upstream reads, while the upload has
// not gone past it (a file still growing as it is read).
int64_t upload_total_so_far(const RunState& state) {
  if (state.total >= 0) return state.total;
  return state.source_size >= static_cast<int64_t>(state.acknowledged) ? state.source_size : -1;
}

// Runs on a session worker after each acknowledged chunk (serialized);
// idle: no other chunk travels or waits.
void chunk_acknowledged(GstKalturaSink* self, Run& run, uint64_t offset, uint64_t length, uint64_t acknowledged,
                        const std::string& digest, bool idle) {
  Private* priv = self->priv;
  int64_t total = -1;
  bool new_percent = false;
  std::optional<UploadState> record;  // to save now
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    priv->state.acknowledged = acknowledged;
    total = upload_total_so_far(priv->state);
    priv->state.record.add(offset, length, digest);
    priv->state.record_unsaved = true;
    const auto now = std::chrono::steady_clock::now();
    if (idle || now - priv->state.record_saved_at >= kalturasink::kStateFileInterval) {
      priv->state.record_saved_at = now;
      record = priv->state.record;
    }
    // GST_MESSAGE_PROGRESS once per percent: gst-launch-1.0 prints each one.
    if (total > 0) {
      const int percent = static_cast<int>(acknowledged * 100 / static_cast<uint64_t>(total));
      new_percent = percent > priv->state.percent_posted;
      if (new_percent) priv->state.percent_posted = percent;
    }
  }
  if (run.state_file && record) {
    try {
      run.state_file->save(*record);
      std::lock_guard<std::mutex> lock(priv->state_lock);
      priv->state.record_unsaved = false;  // no other ack came meanwhile: they are serialized
    } catch (const std::exception& error) {
      GST_WARNING_OBJECT(self, "%s", error.what());
    }
  }
  gst_element_post_message(element_of(self), messages::upload_progress(element_of(self), acknowledged, total));
  if (new_percent)
    gst_element_post_message(element_of(self), messages::progress(element_of(self), acknowledged, total));
}

// GstBaseSink's contract for a render or an event that blocks on something
// else than the clock: when unlock() interrupts it because the pipeline
// pauses, it waits there for PLAYING again and goes on where it was. Runs
// step until it is done that way; throws Error(Cancelled) when the pipeline
// flushes or stops instead.
template <typename Step>
void through_pauses(GstKalturaSink* self, Step step) {
  for (;;) {
    try {
      step();
      return;
    } catch (const Error& error) {
      if (!error.is_interruption()) throw;
    }
    if (gst_base_sink_wait_preroll(GST_BASE_SINK(self)) != GST_FLOW_OK)
      throw Error(ErrorKind::Cancelled, "CANCELLED", "The pipeline stopped");
  }
}

// The stream given to a resumed upload is not the one its token holds: the
// error, and on-error leaves the upload as it is (kalturasink_stopping).
void refuse_stream(GstKalturaSink* self, const std::string& text) {
  {
    std::lock_guard<std::mutex> lock(self->priv->state_lock);
    self->priv->state.stream_refused = true;
  }
  post_settings_error(self, text);
}

// Hands a chunk to the session unless the server already holds it (resume):
// a chunk the state file recorded is skipped only if it gives the digest
// recorded. Returns false after posting an error.
bool submit_chunk(GstKalturaSink* self, Chunk chunk) {
  Private* priv = self->priv;
  Run& run = *priv->run;
  bool held = false;
  std::optional<kaltura::upload::ChunkDigest> recorded;
  std::string token_id;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    held = priv->state.skip.covers(chunk.offset, chunk.data.size());
    if (const auto* digest = priv->state.skip.digest_at(chunk.offset)) recorded = *digest;
    token_id = priv->state.token_id;
  }
  if (!held) {
    run.session->queue(std::move(chunk));
    through_pauses(self, [&] { run.session->wait_for_room(); });
    return true;
  }
  if (recorded && !kalturasink::gives_recorded_digest(chunk, *recorded)) {
    refuse_stream(self, kalturasink::stream_mismatch(run, token_id, chunk));
    return false;
  }
  GST_DEBUG_OBJECT(self, "skipping bytes %" G_GUINT64_FORMAT "+%" G_GUINT64_FORMAT ": the server has them",
                   chunk.offset, chunk.data.size());
  // Going through gigabytes the server holds takes a while, with nothing
  // acknowledged meanwhile: say how far it got, once per percent.
  uint64_t skipped = 0, held_bytes = 0;
  bool new_percent = false;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    RunState& state = priv->state;
    state.skipped += chunk.data.size();
    skipped = state.skipped;
    held_bytes = state.skip.acknowledged_bytes();
    const int percent =
        held_bytes > 0 ? static_cast<int>(std::min<uint64_t>(skipped, held_bytes) * 100 / held_bytes) : 100;
    new_percent = percent > state.skipped_percent_posted;
    if (new_percent) state.skipped_percent_posted = percent;
  }
  if (new_percent)
    gst_element_post_message(element_of(self), messages::resume_progress(element_of(self), skipped, held_bytes));
  return true;
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

// Posts an error of the step the upload is at: its text names the step,
// and a server out of reach while the session starts is OPEN_WRITE (the
// element could not start writing), as it is for a resume's session started
// in open_upload(); later it is WRITE.
void post_step_error(GstKalturaSink* self, const Error& error, KalturaCallSite site = KalturaCallSite::here()) {
  std::string step;
  bool starting = false;
  {
    std::lock_guard<std::mutex> lock(self->priv->state_lock);
    const RunState& state = self->priv->state;
    starting = !state.session_started;
    if (starting)
      step = "Starting a Kaltura session";
    else if (state.token_id.empty())
      step = "Preparing the upload (entry and upload token)";
    else
      step = state.complete ? "Following the entry" : "Uploading";
  }
  post_error(self, error, step, starting, site);
}

// An EOS before the end of the file the source reads (filesrc tells its
// size) cut the stream short: gst-launch-1.0 -e makes one of Ctrl-C. With a
// state file, which is there to continue an upload, that is an error:
// on-error then applies (keep, the default, leaves the upload to be
// continued by the same pipeline started again). Without one, the upload
// holds what came, and a warning says so. A file that grew while it was
// read ends past the size it had. A stream that a seek with a stop ended
// there (an application uploading a part of the file) is not cut short.
bool accept_end_of_stream(GstKalturaSink* self, const Run& run, uint64_t total, int64_t source_size) {
  if (source_size < 0 || total >= static_cast<uint64_t>(source_size)) return true;
  if (run.segment_stop >= 0 && total >= static_cast<uint64_t>(run.segment_stop)) return true;
  const std::string cut = "The stream ended (EOS) after " + std::to_string(total) + " of the " +
                          std::to_string(source_size) + " bytes of the file the source reads";
  if (!run.state_file) {
    kaltura_post_message(element_of(self), GST_MESSAGE_WARNING, GST_RESOURCE_ERROR_WRITE,
                         cut + ": the upload holds those bytes only", "", error_context(self));
    return true;
  }
  std::string what;
  switch (run.settings.on_error) {
    case KalturaOnError::Keep:
      what = ": the upload is left unfinished, and the state file " + run.state_file->path() +
             " kept to continue it. Run the same pipeline again (without gst-launch-1.0's -e, which turns Ctrl-C "
             "into an EOS)";
      break;
    case KalturaOnError::Delete:
      what = ": the upload is deleted (on-error=delete)";
      break;
    case KalturaOnError::Finalize:
      what = ": the upload is finished with those bytes (on-error=finalize)";
      break;
  }
  kaltura_post_message(element_of(self), GST_MESSAGE_ERROR, GST_RESOURCE_ERROR_WRITE, cut + what, "",
                       error_context(self));
  return false;
}

// A resumed stream that ends (EOS) before the end of what the server already
// holds of the token (the ranges the state file records, or the token's
// contiguous size) is not the one uploaded, though every chunk it gave may
// have matched its recorded digest, or none was checked (it ended before the
// first one recorded): finishing the token at its end would throw away the
// bytes past it. Returns false after posting the error.
bool accept_stream_length(GstKalturaSink* self, const Run& run, uint64_t total) {
  uint64_t held_end = 0;
  std::string token_id;
  {
    std::lock_guard<std::mutex> lock(self->priv->state_lock);
    held_end = self->priv->state.skip.acknowledged_end();
    token_id = self->priv->state.token_id;
  }
  if (total >= held_end) return true;
  refuse_stream(self, kalturasink::stream_shorter_than_held(run, token_id, total, held_end));
  return false;
}

// approve-replacement at EOS: a pause cuts the call short and it is made
// again on PLAYING; a stop cuts it short too, and finish_approval() makes it
// as the sink stops. Returns false when it failed (said so) or was stopped.
bool approve_through_pauses(GstKalturaSink* self, Run& run, const std::string& entry_id, Replacement replacement) {
  Private* priv = self->priv;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    priv->state.approval_pending = true;
  }
  try {
    through_pauses(self, [&] {
      run.approval_calls->run([&] {
        approve_replacement(run, entry_id, replacement);
        return true;
      });
    });
    std::lock_guard<std::mutex> lock(priv->state_lock);
    priv->state.approval_pending = false;
    return true;
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::Cancelled) return false;
    {
      std::lock_guard<std::mutex> lock(priv->state_lock);
      priv->state.approval_pending = false;
    }
    post_error(self, error, "Approving the new content (approve-replacement)", false);
    return false;
  }
}

// EOS: the rest of the stream, the final chunk, then what wait-for asks.
bool finish_upload(GstKalturaSink* self) {
  Private* priv = self->priv;
  Run& run = *priv->run;
  try {
    // Known before the last chunks go: their acknowledgements report it.
    const uint64_t total = run.assembler->size();
    int64_t source_size = -1;
    {
      std::lock_guard<std::mutex> lock(priv->state_lock);
      priv->state.total = static_cast<int64_t>(total);
      source_size = priv->state.source_size;
    }
    if (!accept_end_of_stream(self, run, total, source_size) || !accept_stream_length(self, run, total)) return false;
    for (auto& chunk : run.assembler->finish())
      if (!submit_chunk(self, std::move(chunk))) return false;
    GST_INFO_OBJECT(self, "EOS after %" G_GUINT64_FORMAT " bytes: finishing the upload", total);
    through_pauses(self, [&] { run.session->finish(total); });
    std::string entry_id, token_id, asset_id;
    Replacement replacement;
    {
      std::lock_guard<std::mutex> lock(priv->state_lock);
      priv->state.complete = true;
      priv->state.ended = std::chrono::steady_clock::now();
      entry_id = priv->state.entry_id;
      token_id = priv->state.token_id;
      asset_id = priv->state.asset_id;
      replacement = replacement_so_far(run.settings, priv->state);
    }
    if (run.state_file) run.state_file->remove();
    gst_element_post_message(element_of(self), messages::upload_complete(element_of(self), token_id, entry_id, total));
    gst_element_post_message(element_of(self), messages::upload_finished(element_of(self), total, entry_id));
    // No entry: a token continued with upload-token-id that is attached to
    // nothing, which has no replacement to approve either.
    if (run.settings.approve_replacement && !entry_id.empty() &&
        !approve_through_pauses(self, run, entry_id, replacement))
      return false;

    if (run.settings.wait_for == KalturaWaitFor::None || entry_id.empty()) return true;
    // With wait-for=all-flavors, every flavor must make it; the flavor
    // uploaded must in any case.
    const bool all_flavors = run.settings.wait_for == KalturaWaitFor::AllFlavors;
    const std::string uploaded_flavor = run.settings.flavor_params_id >= 0 ? asset_id : "";
    auto callbacks = kaltura_following_callbacks(
        element_of(self), [self](GstMessage* message) { gst_element_post_message(element_of(self), message); },
        [all_flavors, uploaded_flavor](const kaltura::FlavorAsset& flavor) {
          return all_flavors || flavor.id == uploaded_flavor;
        });
    auto watcher = std::make_shared<kaltura::upload::EntryWatcher>(*run.client, entry_id, callbacks);
    {
      std::lock_guard<std::mutex> lock(priv->state_lock);
      watcher->set_flavors_before(priv->state.flavors_before);
      watcher->set_uploaded_flavor(uploaded_flavor);
      watcher->set_entry_known_to_exist();
      priv->state.watcher = watcher;
      if (priv->state.unlocked && priv->state.pausing) watcher->interrupt();
      if (priv->state.unlocked && !priv->state.pausing) watcher->cancel();
    }
    const auto goal = all_flavors ? kaltura::upload::WaitGoal::AllFlavors : kaltura::upload::WaitGoal::EntryReady;
    kaltura::Entry entry;
    through_pauses(self, [&] {
      entry = kaltura_wait_for_entry(*watcher, *run.client, entry_id, goal,
                                     std::chrono::seconds(run.settings.wait_timeout_seconds));
    });
    gst_element_post_message(element_of(self), messages::entry_ready(element_of(self), entry));
    return true;
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::Cancelled) return false;
    post_step_error(self, error);
  } catch (const std::exception& error) {
    post_settings_error(self, error.what());
  }
  return false;
}

// Checks what can be checked without the network.
bool validate_settings(GstKalturaSink* self, const KalturaSinkSettings& settings) {
  if (settings.chunk_size < kKalturaMinChunkSize || settings.chunk_size > kKalturaMaxChunkSize) {
    post_settings_error(self, "chunk-size " + std::to_string(settings.chunk_size) + " is out of range: use " +
                                  std::to_string(kKalturaMinChunkSize) + " to " + std::to_string(kKalturaMaxChunkSize) +
                                  " bytes (default " + std::to_string(KalturaSinkSettings().chunk_size) + ")");
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
  // Kaltura takes UTF-8 text; other bytes (a kaltura:// URI may percent-encode
  // anything) would be refused or mangled, after the entry was made. The
  // value itself is not quoted: it is no text to show.
  const std::pair<const char*, const std::string*> texts[] = {{"entry-name", &settings.entry_name},
                                                              {"description", &settings.description},
                                                              {"tags", &settings.tags},
                                                              {"reference-id", &settings.reference_id},
                                                              {"categories", &settings.categories},
                                                              {"entry-user-id", &settings.entry_user_id},
                                                              {"file-name", &settings.file_name},
                                                              {"attachment-title", &settings.attachment_title},
                                                              {"entry-id", &settings.entry_id},
                                                              {"upload-token-id", &settings.upload_token_id}};
  for (const auto& [name, text] : texts) {
    if (!g_utf8_validate(text->data(), static_cast<gssize>(text->size()), nullptr)) {
      post_settings_error(self, std::string(name) +
                                    " is not valid UTF-8 text, which Kaltura takes (in a kaltura:// URI, "
                                    "percent-encode each character's UTF-8 bytes)");
      return false;
    }
    if (const std::optional<gunichar> refused = kaltura_text::first_refused_char(*text)) {
      g_autofree char* code_point = g_strdup_printf("U+%04X", *refused);
      post_settings_error(self, std::string(name) + " holds the control character " + code_point +
                                    ", which Kaltura refuses in text (INVALID_PARAMETER_CHAR)");
      return false;
    }
  }
  return true;
}

// GObject / GstBaseSink vfuncs.

void set_property(GObject* object, guint property_id, const GValue* value, GParamSpec* pspec) {
  if (!kaltura_property_may_change(GST_ELEMENT(object), pspec)) return;
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
    kalturasink::UploadFigures figures;
    double seconds = 0;
    {
      std::lock_guard<std::mutex> lock(priv->state_lock);
      const auto until = priv->state.ended.value_or(std::chrono::steady_clock::now());
      if (priv->state.started) seconds = std::chrono::duration<double>(until - *priv->state.started).count();
      figures = priv->run && priv->run->session ? kalturasink::figures_of(*priv->run) : priv->state.final_figures;
    }
    const kaltura::upload::UploadSessionStats& stats = figures.session;
    const uint64_t retries = figures.retries;
    GstStructure* upload_stats = gst_structure_new(
        "kaltura-upload-stats", "bytes-sent", G_TYPE_UINT64, static_cast<guint64>(stats.bytes_sent),
        "bytes-acknowledged", G_TYPE_UINT64, static_cast<guint64>(stats.bytes_acknowledged), "chunks", G_TYPE_UINT64,
        static_cast<guint64>(stats.chunks), "retries", G_TYPE_UINT64, static_cast<guint64>(retries), "throughput",
        G_TYPE_DOUBLE, seconds > 0 ? stats.bytes_sent / seconds : 0.0, nullptr);
    // The property takes the place of GstBaseSink's own "stats": code that
    // reads any sink's still finds its fields (average-rate, dropped, rendered).
    GstStructure* base_stats = gst_base_sink_get_stats(GST_BASE_SINK(self));
    gst_structure_foreach(
        base_stats,
        [](GQuark field, const GValue* field_value, gpointer into) -> gboolean {
          gst_structure_id_set_value(static_cast<GstStructure*>(into), field, field_value);
          return TRUE;
        },
        upload_stats);
    gst_structure_free(base_stats);
    g_value_take_boxed(value, upload_stats);
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

// The allocator keeps the blocks the upload window holds at the chunk size in
// use: a resumed upload goes on at its recorded size, and a long one grows it
// (chunk_assembler.h).
void fit_allocator_to_window(Run& run, uint64_t chunk_size) {
  if (chunk_size == run.allocator_chunk_size) return;
  run.allocator_chunk_size = chunk_size;
  kaltura_block_allocator_set_keep_bytes(run.allocator.get(), chunk_size * (run.settings.max_parallel_chunks + 2));
}

gboolean sink_start(GstBaseSink* base) {
  auto* self = GST_KALTURA_SINK(base);
  Private* priv = self->priv;
  {
    std::unique_lock<std::mutex> lock(priv->state_lock);
    priv->run_ended.wait(lock, [priv] { return !priv->run_ending; });
  }
  auto run = std::make_unique<Run>();
  {
    std::lock_guard<std::mutex> lock(priv->settings_lock);
    run->settings = priv->settings;
  }
  bool previous_ids_dropped = false;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    // The ids of the upload before read back until now.
    previous_ids_dropped = (!priv->state.entry_id.empty() && priv->state.entry_id != run->settings.entry_id) ||
                           (!priv->state.token_id.empty() && priv->state.token_id != run->settings.upload_token_id);
    priv->state = RunState();
    priv->state.entry_id = run->settings.entry_id;  // known at once for existing-entry targets (errors name it)
  }
  if (previous_ids_dropped) notify_upload_ids(self);
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
    current.client = std::make_unique<kaltura::Client>(
        settings.connection.client_config_posting_retries(element_of(self), current.secrets), credentials);
    current.approval_calls = std::make_unique<kaltura::upload::PausableCalls>(*current.client);
  } catch (const Error& error) {
    post_error(self, error, "Setting up the Kaltura client", true);
    return FALSE;
  }
  if (!settings.state_file.empty()) {
    current.state_file = std::make_unique<kaltura::upload::UploadStateFile>(settings.state_file);
    try {
      if (!current.state_file->claim()) {
        post_settings_error(self, "The state file " + settings.state_file +
                                      " is in use by another upload: each upload needs a state file of its own "
                                      "(with splitmuxsink, leave state-file unset)");
        return FALSE;
      }
    } catch (const std::exception& error) {
      post_settings_error(self, error.what());
      return FALSE;
    }
  }
  current.allocator.reset(kaltura_block_allocator_new(0));
  fit_allocator_to_window(current, settings.chunk_size);
  return TRUE;
}

// Opens the upload when the stream begins (first buffer or EOS): a token to
// resume is looked up (with the session that needs), then the chunking and
// the upload session are made, whose worker starts the session of a new
// upload and creates its entry and token (open_token) while the stream goes
// on. Not in start(): there a server that does not answer would hold the
// state change through every retry, and nothing, not even Ctrl-C in
// gst-launch, could end the wait. On the streaming thread, unlock() cancels
// the lookup.
// GST_FLOW_FLUSHING when cancelled (tried again after a flush), and
// GST_FLOW_ERROR, for good, once an error is posted.
GstFlowReturn open_upload(GstKalturaSink* self) {
  Private* priv = self->priv;
  Run& current = *priv->run;
  if (current.opening == UploadOpening::Open) return GST_FLOW_OK;
  if (current.opening == UploadOpening::Failed) return GST_FLOW_ERROR;
  const KalturaSinkSettings& settings = current.settings;
  uint64_t chunk_size = settings.chunk_size;
  uint64_t head_size = 0;
  RunState resumed;
  bool resume_prepared = false;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    if (!priv->state.started) priv->state.started = std::chrono::steady_clock::now();
    head_size = held_head_size(settings, priv->state.format);
  }
  // Refused before anything is made on the server: the upload would have a
  // hole where the stream's first bytes should be.
  if (current.first_segment_start > 0) {
    kaltura_post_message(element_of(self), GST_MESSAGE_ERROR, GST_RESOURCE_ERROR_SEEK,
                         "The stream begins at byte " + std::to_string(current.first_segment_start) +
                             " instead of 0 (upstream was seeked before the upload began): kalturasink uploads a "
                             "stream from its first byte",
                         "", error_context(self));
    current.opening = UploadOpening::Failed;
    return GST_FLOW_ERROR;
  }
  try {
    {
      std::lock_guard<std::mutex> lock(priv->state_lock);
      resumed = priv->state;  // caps, tags and file names so far name a resumed upload
    }
    resume_prepared = prepare_resume(self, current, resumed, chunk_size, head_size);
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::Cancelled) return GST_FLOW_FLUSHING;
    post_error(self, error, "Starting a Kaltura session", true);
  }
  if (!resume_prepared) {
    current.opening = UploadOpening::Failed;
    return GST_FLOW_ERROR;
  }

  auto assembler = std::make_unique<kaltura::upload::ChunkAssembler>(chunk_size, head_size);
  kaltura::upload::UploadSessionOptions options;
  options.max_parallel = static_cast<int>(settings.max_parallel_chunks);
  options.already_acknowledged = resumed.skip.acknowledged_bytes();
  options.chunk_digests = current.state_file != nullptr;
  options.final_timeout = final_chunk_timeout(settings);
  kaltura::upload::UploadSessionCallbacks callbacks;
  // The session is a member of current and is destroyed before it.
  callbacks.open_token = [self, &current] { return open_token(self, current); };
  callbacks.on_acknowledged = [self, &current](uint64_t offset, uint64_t length, uint64_t acknowledged,
                                               const std::string& digest, bool idle) {
    chunk_acknowledged(self, current, offset, length, acknowledged, digest, idle);
  };
  {
    // unlock() and the stats read the session from the application thread.
    std::lock_guard<std::mutex> lock(priv->state_lock);
    RunState& state = priv->state;
    // unlock() came during the calls above and may have cancelled the client
    // since: the opening is made again once the pipeline plays (or not at
    // all when it stops), rather than a session starting on a cancelled one.
    if (state.unlocked) return GST_FLOW_FLUSHING;
    state.entry_id = resumed.entry_id;
    state.token_id = resumed.token_id;
    state.asset_id = resumed.asset_id;
    state.resume = resumed.resume;
    state.skip = resumed.skip;
    state.record = resumed.record;
    // Known here, on the streaming thread, which goes on using the assembler
    // while a worker makes the token and records the upload (open_token).
    state.record.chunk_size = chunk_size;
    state.record.head_size = head_size;
    current.assembler = std::move(assembler);
    current.session = std::make_unique<kaltura::upload::UploadSession>(*current.client, options, callbacks);
  }
  if (resumed.resume) notify_upload_ids(self);
  current.opening = UploadOpening::Open;
  current.session->open_token();
  GST_INFO_OBJECT(self,
                  "upload open: chunk size %" G_GUINT64_FORMAT ", rewritable head %" G_GUINT64_FORMAT
                  " bytes, %u chunks in parallel",
                  chunk_size, head_size, settings.max_parallel_chunks);
  return GST_FLOW_OK;
}

// The lookup of a token to resume runs on the streaming thread, and a pause
// cancels it (sink_unlock): the sink then waits for PLAYING and opens again,
// as GstBaseSink asks of a render that unlock() interrupts. (A new upload's
// session, entry and token are made by a session worker, which a pause does
// not stop.)
GstFlowReturn open_upload_through_pauses(GstKalturaSink* self) {
  for (;;) {
    const GstFlowReturn opened = open_upload(self);
    if (opened != GST_FLOW_FLUSHING) return opened;
    const GstFlowReturn resumed = gst_base_sink_wait_preroll(GST_BASE_SINK(self));
    if (resumed != GST_FLOW_OK) return resumed;
  }
}

// Upstream that asks (filesrc and other GstBaseSrc) gets its buffers from
// the block allocator, so that memory stays at what the window holds.
gboolean sink_propose_allocation(GstBaseSink* base, GstQuery* query) {
  Private* priv = GST_KALTURA_SINK(base)->priv;
  std::lock_guard<std::mutex> lock(priv->state_lock);
  if (priv->run && priv->run->allocator) gst_query_add_allocation_param(query, priv->run->allocator.get(), nullptr);
  return TRUE;
}

// on-error=finalize keeps what the server holds from the start on: a chunk
// still travelling when the pipeline stops is let land (stop() waits for it,
// up to one request's timeout), so that a later chunk already acknowledged
// is not cut off behind a gap.
bool finalizes_partial_uploads(const Run& run) { return run.settings.on_error == KalturaOnError::Finalize; }

// The progress the upload started ends with it: in ERROR when the sink
// failed, CANCELED when the pipeline stopped it (COMPLETE was posted if it
// completed).
void end_announced_progress(GstKalturaSink* self, const Run& run) {
  bool complete = false, failed = false;
  {
    std::lock_guard<std::mutex> lock(self->priv->state_lock);
    complete = self->priv->state.complete;
    failed = self->priv->state.error_posted;
  }
  if (run.upload_announced && !complete)
    gst_element_post_message(element_of(self), messages::upload_ended_early(element_of(self), failed));
}

void end_run(GstKalturaSink* self) {
  Private* priv = self->priv;
  // The Run stays in place while its chunks drain (the stats read meanwhile
  // are live), then is taken out under the lock, so that stats and error
  // texts never see a Run being destroyed. Nothing else removes it.
  Run* current = nullptr;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    current = priv->run.get();
  }
  if (!current) return;
  if (current->session) {
    // Whatever still runs stops now; the client is needed again afterwards.
    current->session->cancel();
    if (finalizes_partial_uploads(*current))
      current->session->drain(std::chrono::seconds(current->settings.connection.request_timeout_seconds));
    current->client->cancel_all();
  }
  std::unique_ptr<Run> run;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    run = std::move(priv->run);
    if (run->session) {
      priv->state.final_figures = kalturasink::figures_of(*run);
      if (!priv->state.ended) priv->state.ended = std::chrono::steady_clock::now();
    }
  }
  if (!run->session) {
    end_announced_progress(self, *run);
    return;
  }
  const std::optional<kaltura::UploadToken> final_answer = run->session->final_answer();
  run->session.reset();
  run->client->reset_cancel();
  bool complete = false;
  std::string entry_id, token_id;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    // The final chunk landed in a pause, before the streaming thread could
    // take its answer: the upload is complete, whatever on-error says.
    if (final_answer && !priv->state.complete) {
      priv->state.complete = true;
      entry_id = priv->state.entry_id;
      token_id = priv->state.token_id;
    }
    complete = priv->state.complete;
    priv->state.watcher.reset();
  }
  if (!token_id.empty()) {
    if (run->state_file) run->state_file->remove();
    const uint64_t size = static_cast<uint64_t>(std::max<int64_t>(final_answer->uploaded_file_size.value_or(0), 0));
    gst_element_post_message(element_of(self), messages::upload_complete(element_of(self), token_id, entry_id, size));
  }
  end_announced_progress(self, *run);  // after the last chunk's progress
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    priv->run = std::move(run);  // error_context() reads the secrets from it
  }
  if (complete)
    finish_approval(self, *priv->run);
  else
    abandon_upload(self, *priv->run);
  std::lock_guard<std::mutex> lock(priv->state_lock);
  run = std::move(priv->run);
}

enum class RunEnd { Here, ElsewhereAlready, OnAThreadOfItsOwn };

// A handler of one of the upload's messages (a bus sync handler) may stop
// the pipeline on one of the upload's threads, which ending the run waits
// for: the run then ends on a thread of its own.
RunEnd where_the_run_ends(GstKalturaSink* self) {
  std::lock_guard<std::mutex> lock(self->priv->state_lock);
  if (self->priv->run_ending) return RunEnd::ElsewhereAlready;
  const Run* run = self->priv->run.get();
  if (!run || !run->session || !run->session->on_worker_thread()) return RunEnd::Here;
  self->priv->run_ending = true;
  return RunEnd::OnAThreadOfItsOwn;
}

gboolean sink_stop(GstBaseSink* base) {
  auto* self = GST_KALTURA_SINK(base);
  switch (where_the_run_ends(self)) {
    case RunEnd::Here:
      end_run(self);
      return TRUE;
    case RunEnd::ElsewhereAlready:
      return TRUE;
    case RunEnd::OnAThreadOfItsOwn:
      break;
  }
  // GStreamer's own thread for such work holds the element, ends the run
  // as the handler returns (the next start waits for it), and is waited
  // for by gst_deinit(), so that an application exiting right after the
  // stop does not cut the ending short.
  gst_element_call_async(
      GST_ELEMENT(self),
      [](GstElement* element, gpointer) {
        auto* sink = GST_KALTURA_SINK(element);
        end_run(sink);
        {
          std::lock_guard<std::mutex> lock(sink->priv->state_lock);
          sink->priv->run_ending = false;
        }
        sink->priv->run_ended.notify_all();
      },
      nullptr, nullptr);
  return TRUE;
}

// Every error the sink posts passes here: an upload that stops after one
// ended in failure, not because the application stopped it.
gboolean post_message(GstElement* element, GstMessage* message) {
  if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) {
    Private* priv = GST_KALTURA_SINK(element)->priv;
    std::lock_guard<std::mutex> lock(priv->state_lock);
    priv->state.error_posted = true;
  }
  return GST_ELEMENT_CLASS(gst_kaltura_sink_parent_class)->post_message(element, message);
}

// GstBaseSink starts and stops its subclass between NULL and READY, and an
// upload belongs to one pass through PAUSED: it is made afresh from the
// properties as they are on the way up (so that settings changed in READY
// count, and a pipeline taken back to READY and started again makes a new
// upload), and ended on the way down to READY, where an application that
// stops there still reads the warning on-error=keep posts (a pipeline
// going to NULL flushes its bus). So the sink leaves GstBaseSink's start()
// unset: made at NULL to READY, it would wipe the last upload's ids and
// stats before any new upload begins.
GstStateChangeReturn change_state(GstElement* element, GstStateChange transition) {
  auto* base = GST_BASE_SINK(element);
  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED) {
    sink_stop(base);
    if (!sink_start(base)) return GST_STATE_CHANGE_FAILURE;
  }
  const GstStateChangeReturn result =
      GST_ELEMENT_CLASS(gst_kaltura_sink_parent_class)->change_state(element, transition);
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY) sink_stop(base);
  return result;
}

// GstBaseSink unlocks when the pipeline pauses (PLAYING to PAUSED), flushes
// or stops. A pause only interrupts the waits of the streaming thread and
// cancels the calls it makes itself (the opening's, the approval's, the
// entry's polls: each is made again, or recognised as done), which then
// waits for PLAYING (through_pauses, open_upload_through_pauses) while the
// chunks in flight land, and the final chunk too: a session worker sends it
// and the pause leaves it alone (UploadSession::interrupt() says why). A
// flush or a stop ends the upload, cancelling the final; setting a pipeline
// to NULL from PLAYING passes through such a pause first, so a stop never
// waits for a long final call either.
gboolean sink_unlock(GstBaseSink* base) {
  auto* self = GST_KALTURA_SINK(base);
  Private* priv = self->priv;
  GST_OBJECT_LOCK(self);
  const bool pausing = GST_STATE(self) == GST_STATE_PLAYING && GST_STATE_NEXT(self) == GST_STATE_PAUSED;
  GST_OBJECT_UNLOCK(self);
  // All under the lock: stop() takes the Run away under it, and the
  // streaming thread makes the session and the watcher under it, so each
  // either exists here or is made seeing `unlocked`.
  std::lock_guard<std::mutex> lock(priv->state_lock);
  Run* run = priv->run.get();
  if (!run || !run->client) return TRUE;
  RunState& state = priv->state;
  state.unlocked = true;
  state.pausing = pausing;
  kaltura::upload::UploadSession* session = run->session.get();
  if (pausing) {
    if (session) session->interrupt();                      // the final chunk, if under way, goes on
    if (run->approval_calls) run->approval_calls->pause();  // cancels approving a replacement
    if (state.watcher) state.watcher->interrupt();  // cancels a poll in progress
    // Without a session yet the streaming thread may be opening the upload.
    if (!session) run->client->cancel_all();
    return TRUE;
  }
  if (session) session->cancel();
  // Without a session yet the streaming thread may be opening the upload;
  // with one, its worker may still be starting the Kaltura session or making
  // the entry and token: without a token there is nothing finalize could keep.
  if (!session || !finalizes_partial_uploads(*run) || state.token_id.empty()) run->client->cancel_all();
  if (state.watcher) state.watcher->cancel();
  return TRUE;
}

gboolean sink_unlock_stop(GstBaseSink* base) {
  Private* priv = GST_KALTURA_SINK(base)->priv;
  std::lock_guard<std::mutex> lock(priv->state_lock);
  Run* run = priv->run.get();
  if (!run || !run->client) return TRUE;
  run->client->reset_cancel();
  priv->state.unlocked = false;
  priv->state.pausing = false;
  if (run->session) run->session->clear_interrupt();
  if (run->approval_calls) run->approval_calls->resume();
  if (priv->state.watcher) priv->state.watcher->clear_interrupt();
  return TRUE;
}

gboolean sink_set_caps(GstBaseSink* base, GstCaps* caps) {
  auto* self = GST_KALTURA_SINK(base);
  if (refuse_bare_stream(self, caps)) return FALSE;
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

// Sources that read a file or a URL answer the URI query (filesrc,
// souphttpsrc, giosrc; parsers and muxers pass it on): its file name names
// the entry and the upload when no property does, as a person uploading
// talk.mp4 expects. Only the name is kept; the URI may carry credentials.
void remember_upstream_file_name(GstKalturaSink* self) {
  g_autoptr(GstQuery) query = gst_query_new_uri();
  if (!gst_pad_peer_query(GST_BASE_SINK_PAD(self), query)) return;
  g_autofree char* uri = nullptr;
  gst_query_parse_uri(query, &uri);
  const std::string name = kalturasink::file_name_in_uri(uri ? uri : "");
  if (name.empty()) return;
  GST_DEBUG_OBJECT(self, "upstream reads a file named %s", name.c_str());
  std::lock_guard<std::mutex> lock(self->priv->state_lock);
  self->priv->state.upstream_file_name = name;
}

// The first bytes tell the format, as typefind would, when nothing else does:
// the extension, without caps that name a format nor a file name (fdsrc,
// kalturasrc, appsrc without caps); the media type of a new media entry,
// when neither the caps, the muxer's inputs nor an extension tell it (a file
// read upstream whose name says nothing). Only then: the first typefinding
// loads GStreamer's typefinders, some 30 ms.
void typefind_first_buffer(GstKalturaSink* self, GstBuffer* buffer) {
  {
    const KalturaSinkSettings& settings = self->priv->run->settings;
    std::lock_guard<std::mutex> lock(self->priv->state_lock);
    const RunState& state = self->priv->state;
    const bool extension_unknown = !state.format.known() && state.upstream_file_name.empty() &&
                                   settings.file_name.empty() && settings.location.empty();
    const bool media_type_unknown = settings.entry_id.empty() && settings.entry_kind == KalturaEntryKind::Media &&
                                    kalturasink::media_type_known_so_far(settings, state) == 0;
    if (!extension_unknown && !media_type_unknown) return;
  }
  GstMapInfo map;
  if (!gst_buffer_map(buffer, &map, GST_MAP_READ)) return;
  g_autoptr(GstCaps) caps = kaltura_typefind_first_bytes(map.data, map.size);
  ContainerFormat format;
  if (caps) {
    format = container_format_from_caps(caps);
    if (format.media_type == 0) format.media_type = media_type_of_container_start(caps, map.data, map.size);
  }
  gst_buffer_unmap(buffer, &map);
  if (!caps) return;
  GST_DEBUG_OBJECT(self, "the first bytes look like %" GST_PTR_FORMAT ": extension %s, media type %d", caps,
                   format.extension.c_str(), format.media_type);
  std::lock_guard<std::mutex> lock(self->priv->state_lock);
  self->priv->state.typefound = format;
}

// What the stream tells about itself when it starts: the file upstream
// reads and its size, what the muxer upstream takes in and, if there is a
// first buffer, what its bytes look like.
void learn_about_the_stream(GstKalturaSink* self, GstBuffer* first_buffer) {
  remember_upstream_file_name(self);
  const UpstreamFacts upstream = what_upstream_tells(GST_BASE_SINK_PAD(self));
  {
    std::lock_guard<std::mutex> lock(self->priv->state_lock);
    self->priv->state.upstream_media_type = upstream.media_type;
    self->priv->state.source_size = upstream.source_size;
  }
  if (first_buffer) typefind_first_buffer(self, first_buffer);
}

// The progress message that starts the upload waits until the pipeline is
// headed for PLAYING. gst-launch-1.0 keeps a pipeline in PAUSED while a
// progress that started before the preroll is unfinished (as when rtspsrc
// connects), and an upload finishes only after EOS, in PLAYING. GstBaseSink
// renders a buffer whose times fall outside the segment before the preroll
// (the first of mpegtsmux, of a bare x264enc): posting the start then left
// gst-launch waiting for ever. At EOS the upload completes at once, so the
// start may come first whatever the state (an empty file ends in PAUSED).
void announce_upload_started(GstKalturaSink* self, Run& run, bool at_eos = false) {
  if (run.upload_announced) return;
  GST_OBJECT_LOCK(self);
  const bool playing = GST_STATE_TARGET(self) == GST_STATE_PLAYING;
  GST_OBJECT_UNLOCK(self);
  if (!playing && !at_eos) return;
  run.upload_announced = true;
  gst_element_post_message(element_of(self), messages::upload_started(element_of(self)));
}

// A flush (a flushing seek) in the middle of the upload: what was sent
// cannot be taken back, and the stream after it would not continue the file,
// so the upload ends with an error and on-error applies when the pipeline
// stops. Before the stream begins, and once the upload is complete, a flush
// changes nothing.
void end_upload_on_flush(GstKalturaSink* self) {
  Private* priv = self->priv;
  {
    // Under the lock: a stop on another thread may take the Run away.
    std::lock_guard<std::mutex> lock(priv->state_lock);
    if (!priv->run || !priv->run->session || priv->state.complete || priv->state.flushed) return;
    priv->state.flushed = true;
    priv->run->session->cancel();
  }
  kaltura_post_message(element_of(self), GST_MESSAGE_ERROR, GST_RESOURCE_ERROR_SEEK,
                       "The pipeline was flushed (a flushing seek) during the upload: what was sent cannot be taken "
                       "back, so the upload stops here, and on-error applies when the pipeline stops",
                       "", error_context(self));
}

bool upload_failed(GstKalturaSink* self) {
  std::lock_guard<std::mutex> lock(self->priv->state_lock);
  return self->priv->state.error_posted;
}

gboolean sink_event(GstBaseSink* base, GstEvent* event) {
  auto* self = GST_KALTURA_SINK(base);
  Private* priv = self->priv;
  switch (GST_EVENT_TYPE(event)) {
    case GST_EVENT_SEGMENT: {
      const GstSegment* segment = nullptr;
      gst_event_parse_segment(event, &segment);
      if (segment->format == GST_FORMAT_BYTES && priv->run) {
        GST_DEBUG_OBJECT(self, "writing at byte %" G_GUINT64_FORMAT, segment->start);
        priv->run->segment_stop = segment->stop == static_cast<guint64>(-1) ? -1 : static_cast<int64_t>(segment->stop);
        if (priv->run->assembler)
          priv->run->assembler->seek(segment->start);
        else
          priv->run->first_segment_start = segment->start;
      }
      break;
    }
    case GST_EVENT_FLUSH_START:
      end_upload_on_flush(self);
      break;
    case GST_EVENT_TAG: {
      GstTagList* tags = nullptr;
      gst_event_parse_tag(event, &tags);
      remember_tags(self, tags);
      break;
    }
    case GST_EVENT_EOS:
      if (upload_failed(self)) {
        // A source ends its stream with EOS after a flow error; the upload
        // failed already (on-error applies when the pipeline stops).
        gst_event_unref(event);
        return FALSE;
      }
      if (priv->run && priv->run->first_buffer) learn_about_the_stream(self, nullptr);
      if (priv->run) announce_upload_started(self, *priv->run, true);
      if (!priv->run || open_upload_through_pauses(self) != GST_FLOW_OK || !finish_upload(self)) {
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
      std::lock_guard<std::mutex> settings_lock(self->priv->settings_lock);
      std::lock_guard<std::mutex> state_lock(self->priv->state_lock);
      rewritable = held_head_size(self->priv->settings, self->priv->state.format) > 0;
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
    learn_about_the_stream(self, buffer);
  }
  announce_upload_started(self, run);
  const GstFlowReturn opened = open_upload_through_pauses(self);
  if (opened != GST_FLOW_OK) return opened;
  try {
    run.session->throw_if_failed();  // a failed opening shows now, not a chunk later
    for (const BytesRef& piece : buffer_bytes(buffer))
      for (auto& chunk : run.assembler->write(piece))
        if (!submit_chunk(self, std::move(chunk))) return GST_FLOW_ERROR;
    fit_allocator_to_window(run, run.assembler->chunk_size());
  } catch (const kaltura::upload::RewriteError& error) {
    kaltura_post_message(element_of(self), GST_MESSAGE_ERROR, GST_RESOURCE_ERROR_SEEK,
                         std::string("Upstream seeked back into data that is already uploaded: ") + error.what() +
                             ". Use fragmented or streamable muxing (mp4mux fragment-duration=1000, "
                             "matroskamux streamable=true), a larger rewrite-window (for the start of the "
                             "stream) or a larger chunk-size (the sink holds back up to 4 chunks at the end)",
                         "position " + std::to_string(error.position()), error_context(self));
    return GST_FLOW_ERROR;
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::Cancelled) return GST_FLOW_FLUSHING;
    post_step_error(self, error);
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

// GstURIHandler: kaltura:// URIs (kalturasink_uri.h).

GstURIType uri_get_type(GType) { return GST_URI_SINK; }

gchar* uri_get_uri(GstURIHandler* handler) {
  Private* priv = GST_KALTURA_SINK(handler)->priv;
  std::string entry_id;
  {
    std::lock_guard<std::mutex> lock(priv->settings_lock);
    entry_id = priv->settings.entry_id;
  }
  return kalturasink_uri_of(G_OBJECT(handler), entry_id);
}

gboolean uri_set_uri(GstURIHandler* handler, const gchar* uri, GError** error) {
  return kaltura_uri_may_change(GST_ELEMENT(handler), error) && kalturasink_apply_uri(G_OBJECT(handler), uri, error);
}

}  // namespace

static void uri_handler_init(gpointer iface, gpointer) {
  auto* handler = static_cast<GstURIHandlerInterface*>(iface);
  handler->get_type = uri_get_type;
  handler->get_protocols = kaltura_uri_protocols;
  handler->get_uri = uri_get_uri;
  handler->set_uri = uri_set_uri;
}

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

  element_class->change_state = change_state;
  element_class->post_message = post_message;
  base_class->stop = sink_stop;
  base_class->unlock = sink_unlock;
  base_class->unlock_stop = sink_unlock_stop;
  base_class->set_caps = sink_set_caps;
  base_class->event = sink_event;
  base_class->query = sink_query;
  base_class->render = sink_render;
  base_class->propose_allocation = sink_propose_allocation;
}

static void gst_kaltura_sink_init(GstKalturaSink* self) {
  self->priv = new Private();
  gst_base_sink_set_sync(GST_BASE_SINK(self), FALSE);
  // The last sample would keep a buffer (and its memory) alive for nothing.
  gst_base_sink_set_last_sample_enabled(GST_BASE_SINK(self), FALSE);
}
