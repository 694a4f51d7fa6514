// What kalturasink's source files share: the instance structure, the state
// of the running upload (see the thread and lock notes at the top of
// gstkalturasink.cpp) and how errors are posted. Internal to the plugin.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "container_format.h"
#include "gstkalturasink.h"
#include "kaltura/client.h"
#include "kaltura/upload/chunk_assembler.h"
#include "kaltura/upload/entry_watcher.h"
#include "kaltura/upload/pausable_calls.h"
#include "kaltura/upload/upload_session.h"
#include "kaltura/upload/upload_state_file.h"
#include "kaltura_element_errors.h"
#include "kalturasink_settings.h"

GST_DEBUG_CATEGORY_EXTERN(kaltura_sink_debug);

namespace kalturasink {

using kaltura::upload::UploadState;

// Facts of the running upload; guarded by state_lock.
// What the stats property reports of an upload's calls.
struct UploadFigures {
  kaltura::upload::UploadSessionStats session;
  uint64_t retries = 0;  // the client's retries and the session's resends
};

struct RunState {
  std::string entry_id, token_id;
  std::string asset_id;  // the flavor or attachment asset, once known
  bool entry_created = false;
  bool asset_created = false;  // the flavor or attachment asset is this upload's, not one that existed
  bool replacing = false;  // the content goes into a replacement of the entry's
  bool document = false;   // the existing entry is a document
  // The Kaltura session is started: by the opening worker for a new upload
  // (open_token), on the streaming thread for a resume (prepare_resume).
  bool session_started = false;
  bool complete = false;
  bool approval_pending = false;             // complete, and approve-replacement's call not yet answered
  ContainerFormat format;                    // from the caps
  ContainerFormat typefound;                 // from the first bytes, when nothing else tells the format
  int upstream_media_type = 0;               // of the streams the muxer upstream takes in (upstream_streams.h)
  std::string title, description, keywords;  // from upstream tags
  std::string upstream_file_name;            // of the file upstream reads (its URI), if any
  int64_t total = -1;                        // stream size, at EOS
  int64_t source_size = -1;                  // what the source upstream tells, if it does (upstream_streams.h)
  uint64_t acknowledged = 0;
  int percent_posted = -1;  // in the last GST_MESSAGE_PROGRESS
  // Resuming: the token to continue and the ranges the server already holds.
  std::optional<kaltura::upload::TokenStart> resume;
  UploadState skip;
  uint64_t skipped = 0;             // of the stream's bytes skip covers, gone through so far
  int skipped_percent_posted = -1;  // in the last kaltura-resume-progress
  UploadState record;  // what the state file says, or will once saved
  // The state file is rewritten at most once per kStateFileInterval as
  // chunks are acknowledged (each save rewrites every range and digest), when
  // the window drains (no chunk travelling or waiting), and when the upload
  // stops; a crash may lose the records of the chunks acknowledged since the
  // last save, which a resume sends again.
  std::chrono::steady_clock::time_point record_saved_at;
  bool record_unsaved = false;
  // When the upload began opening (the first buffer or EOS), not when the
  // element started: a pipeline may wait in PAUSED before any data comes.
  std::optional<std::chrono::steady_clock::time_point> started;
  std::optional<std::chrono::steady_clock::time_point> ended;  // the upload completed or stopped
  // The session's figures, kept when it goes (stats stay readable after the run).
  UploadFigures final_figures;
  bool error_posted = false;  // the sink posted an error: the upload failed
  bool flushed = false;       // a flush ended the upload
  // The stream is not the one the resumed token holds (refuse_stream): the
  // upload stays as it was, whatever on-error says.
  bool stream_refused = false;
  // From unlock() to unlock_stop(): what the streaming thread begins meanwhile
  // is interrupted (a pause) or cancelled (a flush, a stop).
  bool unlocked = false;
  bool pausing = false;  // that unlock() is for a pause
  std::shared_ptr<kaltura::upload::EntryWatcher> watcher;
  // With wait-for and entry-id: the entry's flavors before the upload (note_flavors_before).
  std::vector<kaltura::FlavorAsset> flavors_before;
};

// Whether the upload is open: a token to resume looked up (with the Kaltura
// session that needs), the assembler and the upload session made (on the
// streaming thread, when the stream begins); the session's worker then
// starts a new upload's Kaltura session and makes its entry and token.
enum class UploadOpening { NotYet, Open, Failed };

// What exists from start() to stop(). The client and the allocator come
// with start(); the assembler and the session once the upload is open.
struct Run {
  KalturaSinkSettings settings;
  std::vector<std::string> secrets;
  std::unique_ptr<kaltura::Client> client;
  std::unique_ptr<kaltura::upload::ChunkAssembler> assembler;
  std::unique_ptr<kaltura::upload::UploadStateFile> state_file;
  std::unique_ptr<kaltura::upload::UploadSession> session;
  // Approving a replacement: a pause cuts the call short (sink_unlock).
  std::unique_ptr<kaltura::upload::PausableCalls> approval_calls;
  // Offered upstream for its buffers (block_allocator.h).
  std::unique_ptr<GstAllocator, decltype(&gst_object_unref)> allocator{nullptr, gst_object_unref};
  uint64_t allocator_chunk_size = 0;  // the chunk size the allocator's keep is fitted to
  bool first_buffer = true;
  bool upload_announced = false;  // the progress message that starts the upload is posted
  bool bare_stream_refused = false;  // the error about a stream without a container is posted
  UploadOpening opening = UploadOpening::NotYet;
  uint64_t first_segment_start = 0;  // where a byte segment before the opening said writing begins: 0, or refused
  int64_t segment_stop = -1;         // where the last byte segment said the stream ends (a seek's stop), or -1
};

struct Private {
  std::mutex settings_lock;
  KalturaSinkSettings settings;
  std::mutex state_lock;
  RunState state;
  std::unique_ptr<Run> run;
  // A run stopped from one of its own threads ends on a thread of its own
  // (sink_stop); the next start waits for it. Under state_lock.
  bool run_ending = false;
  std::condition_variable run_ended;
};

GstElement* element_of(GstKalturaSink* self);
// The ids of the running upload and the secrets to keep out of error texts.
KalturaErrorContext error_context(GstKalturaSink* self);
void post_error(GstKalturaSink* self, const kaltura::Error& error, const std::string& doing, bool starting,
                KalturaCallSite site = KalturaCallSite::here());
void post_settings_error(GstKalturaSink* self, const std::string& text, KalturaCallSite site = KalturaCallSite::here());
constexpr std::chrono::seconds kStateFileInterval{1};
// The figures of a Run that has a session, as they are now.
UploadFigures figures_of(const Run& run);

// The final chunk joins everything the server stored aside: give it time.
std::chrono::seconds final_chunk_timeout(const KalturaSinkSettings& settings);

}  // namespace kalturasink

struct _GstKalturaSink {
  GstBaseSink parent;
  kalturasink::Private* priv;
};
