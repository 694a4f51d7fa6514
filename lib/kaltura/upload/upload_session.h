// Runs the chunks of one upload token (protocol §7.8): the token's first
// upload goes alone with resume=false (a zero-length one when the first chunk
// handed in is not at offset 0, as in the deferred-head recipe), then up to
// max_parallel chunks travel at once, out of order, on worker threads; finish()
// waits for them, then a worker sends the zero-length final chunk that joins
// the file.
//
// submit() queues the chunk at once and then blocks while the window is
// full: that is the caller's backpressure, and it bounds memory to
// max_parallel chunks plus the one waiting its turn.
//
// Faults: the client retries each call; when it gives up on a transient
// failure the session re-syncs with uploadToken.get and sends the chunk again
// unless the server already holds it. The final call is never retried
// blindly: its outcome is checked with uploadToken.get.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "kaltura/client.h"
#include "kaltura/error.h"
#include "kaltura/objects.h"
#include "kaltura/upload/chunk_assembler.h"

namespace kaltura::upload {

// What the token holds when the session starts.
struct TokenStart {
  std::string token_id;
  std::string file_name;  // filename of every file part: its extension matters
  bool has_file = false;  // a resume=false upload already happened (PARTIAL_UPLOAD)
  // A call to make in the same multirequest as the final chunk: the token's
  // attachment when the server takes complete tokens only (deferred_attach.h).
  std::optional<Request> attach_with_final;
};

struct UploadSessionOptions {
  int max_parallel = 4;
  uint64_t already_acknowledged = 0; // bytes a previous run got acknowledged (resume)
  std::chrono::seconds final_timeout{600};
  int resync_rounds = 3;             // re-sends of a chunk after the client gave up
  // on_acknowledged gets chunk_digest() of each chunk, taken on the worker
  // that sends it (for a state file that records what was uploaded).
  bool chunk_digests = false;
};

struct UploadSessionCallbacks {
  // Runs on a worker thread once the session knows its token; returns it.
  // Typically creates the token and attaches it (one multirequest).
  std::function<TokenStart()> open_token;
  // After each chunk the server took: its range, the running total of
  // acknowledged bytes, with chunk_digests the chunk's digest ("" else), and
  // whether no other chunk was travelling or waiting then (the window
  // drained). Calls are serialized and totals never decrease.
  std::function<void(uint64_t offset, uint64_t length, uint64_t acknowledged, const std::string& digest, bool idle)>
      on_acknowledged;
};

struct UploadSessionStats {
  uint64_t bytes_sent = 0;  // chunk bytes put on the wire: every attempt, retries and resends included
  uint64_t bytes_acknowledged = 0;
  uint64_t chunks = 0;              // chunks acknowledged
  uint64_t resends = 0;             // chunk resends decided by the session
};

class UploadSession {
 public:
  UploadSession(Client& client, UploadSessionOptions options, UploadSessionCallbacks callbacks);
  ~UploadSession();
  UploadSession(const UploadSession&) = delete;
  UploadSession& operator=(const UploadSession&) = delete;

  // Creates (or resumes) the token now, on a worker, rather than with the
  // first chunk: the entry is made and its id known as the stream begins.
  // A failure shows at the next submit(), finish() or throw_if_failed().
  void open_token();
  // Throws the session's first failure, if any, without waiting.
  void throw_if_failed() const;
  // queue() then wait_for_room().
  void submit(Chunk chunk);
  // Hands a chunk to the workers at once, without waiting.
  void queue(Chunk chunk);
  // Blocks while the window is full. Throws the session's first failure
  // (kaltura::Error), Error(Cancelled) after cancel(), or
  // Error::interruption() while interrupted with the window still full.
  void wait_for_room();
  // Once every chunk has landed, a worker finalizes the token at total
  // bytes; finish() waits for that and returns the token as the final call
  // left it. Interrupted as wait_for_room(), whether chunks or the final are
  // still travelling; called again, it waits for the same final, which is
  // sent once.
  UploadToken finish(uint64_t total);
  // For a pipeline that pauses: wakes the waits of wait_for_room() and
  // finish() with Error::interruption() until clear_interrupt(), while the
  // chunks already handed in, and the final chunk, go on travelling.
  void interrupt();
  void clear_interrupt();
  // Wakes every wait with Error(Cancelled) and starts no further chunk; the
  // caller also cancels the client, unless it drains first.
  void cancel();
  // Whether the calling thread is one of the session's workers: a handler of
  // a message posted from one (a bus sync handler) runs there, and the
  // session cannot be destroyed from it, since that waits for the workers.
  bool on_worker_thread() const;
  // The final chunk's answer, once it came: the token is complete on the
  // server, whether or not finish() was there to return it (a pause).
  std::optional<UploadToken> final_answer() const;
  // Waits up to limit for the chunks already travelling to end (landed or
  // failed); true when none is left. After cancel(), so that none starts.
  bool drain(std::chrono::milliseconds limit);

  UploadSessionStats stats() const;

 private:
  enum class JobKind { OpenToken, Opener, Chunk, Final };
  struct Job {
    JobKind kind = JobKind::Chunk;
    Chunk chunk;
    uint64_t final_total = 0;
  };

  void worker_loop();
  bool next_job_locked(Job& job);
  void run_job(Job& job);
  // Sends the chunk's slices as one file part, without copying them.
  void upload_chunk(Chunk& chunk, bool first_upload);
  std::string digest_of(const Chunk& chunk) const;  // "" without chunk_digests
  void acknowledge(uint64_t offset, uint64_t length, const std::string& digest);
  UploadToken send_final(uint64_t total);
  void wait_before_another_final(int retry);  // retry: 0 before the first
  // The final chunk and the attaching call in one multirequest.
  UploadToken send_final_with_attach(Request final_chunk, const Request& attach);
  void fail_locked(Error error);
  void throw_if_stopped_locked() const;

  Client& client_;
  const UploadSessionOptions options_;
  const UploadSessionCallbacks callbacks_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Chunk> queue_;
  int in_flight_ = 0;
  bool token_known_ = false;
  bool open_asked_ = false;   // open_token() was called
  bool opened_ = false;       // the token holds a file (resume=false done)
  bool gate_busy_ = false;    // the token or opener job is running: nothing else may
  bool finishing_ = false;
  uint64_t final_total_ = 0;
  bool final_started_ = false;
  std::optional<UploadToken> final_token_;  // the final call's answer
  bool cancelled_ = false;
  bool interrupted_ = false;
  bool stopping_ = false;
  std::optional<Error> failure_;
  std::atomic<bool> failed_{false};  // failure_ is set: throw_if_failed() checks it without the lock
  std::string token_id_;
  std::string file_name_;
  std::optional<Request> attach_with_final_;
  UploadSessionStats stats_;

  std::mutex report_mutex_;  // serializes on_acknowledged; taken after mutex_ is released
  uint64_t acknowledged_;

  std::vector<std::thread> workers_;
};

}  // namespace kaltura::upload
