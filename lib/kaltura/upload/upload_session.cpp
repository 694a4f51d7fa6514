#include "kaltura/upload/upload_session.h"

#include <algorithm>

#include "kaltura/backoff.h"
#include "kaltura/operations.h"
#include "kaltura/upload/chunk_digest.h"

namespace kaltura::upload {

namespace {

// A failure after which the server may or may not have applied the call.
bool outcome_unknown(const Error& error) {
  switch (error.kind()) {
    case ErrorKind::Http:
    case ErrorKind::Transport:
    case ErrorKind::Timeout:
      return true;
    default:
      return error.transient();
  }
}

bool token_finished(const UploadToken& token) {
  return token.status == static_cast<int>(UploadTokenStatus::FullUpload) ||
         token.status == static_cast<int>(UploadTokenStatus::Closed);
}

}  // namespace

UploadSession::UploadSession(Client& client, UploadSessionOptions options, UploadSessionCallbacks callbacks)
    : client_(client),
      options_(std::move(options)),
      callbacks_(std::move(callbacks)),
      acknowledged_(options_.already_acknowledged) {
  stats_.bytes_acknowledged = options_.already_acknowledged;
  const int workers = options_.max_parallel < 1 ? 1 : options_.max_parallel;
  for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { worker_loop(); });
}

UploadSession::~UploadSession() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (auto& worker : workers_) worker.join();
}

std::optional<UploadToken> UploadSession::final_answer() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return final_token_;
}

bool UploadSession::on_worker_thread() const {
  // workers_ does not change after the constructor.
  for (const std::thread& worker : workers_)
    if (worker.get_id() == std::this_thread::get_id()) return true;
  return false;
}

void UploadSession::throw_if_stopped_locked() const {
  if (failure_) throw *failure_;
  if (cancelled_) throw Error(ErrorKind::Cancelled, "CANCELLED", "The upload was cancelled");
}

void UploadSession::fail_locked(Error error) {
  if (!failure_) failure_ = std::move(error);
  failed_ = true;
  changed_.notify_all();
}

void UploadSession::open_token() {
  std::lock_guard<std::mutex> lock(mutex_);
  open_asked_ = true;
  changed_.notify_all();
}

void UploadSession::throw_if_failed() const {
  if (!failed_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  throw *failure_;
}

void UploadSession::submit(Chunk chunk) {
  queue(std::move(chunk));
  wait_for_room();
}

// Queued before the caller waits for room: the worker that finishes a chunk
// takes this one straight away instead of waiting for the caller's thread to
// be woken. Memory is the same as holding it there: the caller fills no
// other chunk until this one fits the window.
void UploadSession::queue(Chunk chunk) {
  std::lock_guard<std::mutex> lock(mutex_);
  throw_if_stopped_locked();
  queue_.push_back(std::move(chunk));
  changed_.notify_all();
}

void UploadSession::wait_for_room() {
  std::unique_lock<std::mutex> lock(mutex_);
  const size_t window = static_cast<size_t>(options_.max_parallel < 1 ? 1 : options_.max_parallel);
  auto room = [&] { return queue_.size() + static_cast<size_t>(in_flight_) <= window; };
  changed_.wait(lock, [&] { return failure_ || cancelled_ || interrupted_ || room(); });
  throw_if_stopped_locked();
  if (!room()) throw Error::interruption();
}

UploadToken UploadSession::finish(uint64_t total) {
  std::unique_lock<std::mutex> lock(mutex_);
  finishing_ = true;
  final_total_ = total;
  changed_.notify_all();
  changed_.wait(lock, [&] { return final_token_ || failure_ || cancelled_ || interrupted_; });
  if (final_token_) return *final_token_;
  throw_if_stopped_locked();
  throw Error::interruption();
}

// A pause interrupts waits, not calls. GstBaseSink unlocks on PLAYING to
// PAUSED so that a streaming thread blocked in render or an event returns and
// the state change can take the preroll lock: it needs the thread back, not
// the network work given up. So the final chunk travels on a worker, as the
// chunks do, and a pause leaves it alone; when it was cancelled instead, its
// answer was lost even when the server had joined the file, and a pipeline
// paused more often than the final takes never finished. A stop still
// cancels it (cancel() and the client's cancel_all()).
void UploadSession::interrupt() {
  std::lock_guard<std::mutex> lock(mutex_);
  interrupted_ = true;
  changed_.notify_all();
}

void UploadSession::clear_interrupt() {
  std::lock_guard<std::mutex> lock(mutex_);
  interrupted_ = false;
}

void UploadSession::cancel() {
  std::lock_guard<std::mutex> lock(mutex_);
  cancelled_ = true;
  changed_.notify_all();
}

bool UploadSession::drain(std::chrono::milliseconds limit) {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, limit, [&] { return in_flight_ == 0 && !gate_busy_; });
}

UploadSessionStats UploadSession::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

bool UploadSession::next_job_locked(Job& job) {
  if (failure_ || cancelled_ || gate_busy_) return false;
  if (!token_known_) {
    if (queue_.empty() && !finishing_ && !open_asked_) return false;
    job.kind = JobKind::OpenToken;
    gate_busy_ = true;
    return true;
  }
  if (queue_.empty()) {
    if (!finishing_ || final_started_ || in_flight_ > 0) return false;
    job.kind = JobKind::Final;
    job.final_total = final_total_;
    final_started_ = true;
    return true;
  }
  if (!opened_) {
    // The token's first upload travels alone, with resume=false at offset 0.
    if (in_flight_ > 0) return false;
    job.kind = JobKind::Opener;
    if (queue_.front().offset == 0) {
      job.chunk = std::move(queue_.front());
      queue_.pop_front();
      ++in_flight_;
    }
    gate_busy_ = true;
    return true;
  }
  job.kind = JobKind::Chunk;
  job.chunk = std::move(queue_.front());
  queue_.pop_front();
  ++in_flight_;
  return true;
}

void UploadSession::worker_loop() {
  for (;;) {
    Job job;
    bool have_job = false;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [&] {
        if (stopping_) return true;
        have_job = next_job_locked(job);
        return have_job;
      });
      if (!have_job) return;
    }
    run_job(job);
  }
}

void UploadSession::run_job(Job& job) {
  const bool carries_chunk = job.kind == JobKind::Chunk || !job.chunk.data.empty();
  try {
    switch (job.kind) {
      case JobKind::OpenToken: {
        TokenStart start = callbacks_.open_token();
        std::lock_guard<std::mutex> lock(mutex_);
        token_id_ = start.token_id;
        file_name_ = start.file_name;
        attach_with_final_ = std::move(start.attach_with_final);
        opened_ = start.has_file;
        token_known_ = true;
        break;
      }
      case JobKind::Opener: {
        const uint64_t length = job.chunk.data.size();
        const std::string digest = digest_of(job.chunk);
        upload_chunk(job.chunk, true);
        {
          std::lock_guard<std::mutex> lock(mutex_);
          opened_ = true;
        }
        if (length > 0) acknowledge(job.chunk.offset, length, digest);
        break;
      }
      case JobKind::Chunk: {
        const uint64_t length = job.chunk.data.size();
        const std::string digest = digest_of(job.chunk);
        upload_chunk(job.chunk, false);
        acknowledge(job.chunk.offset, length, digest);
        break;
      }
      case JobKind::Final: {
        UploadToken token = send_final(job.final_total);
        std::lock_guard<std::mutex> lock(mutex_);
        final_token_ = std::move(token);
        break;
      }
    }
  } catch (const Error& error) {
    std::lock_guard<std::mutex> lock(mutex_);
    fail_locked(error);
  } catch (const std::exception& error) {
    std::lock_guard<std::mutex> lock(mutex_);
    fail_locked(Error(ErrorKind::Protocol, "BAD_RESPONSE", error.what()));
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (job.kind == JobKind::OpenToken || job.kind == JobKind::Opener) gate_busy_ = false;
  if (carries_chunk) --in_flight_;
  changed_.notify_all();
}

void UploadSession::upload_chunk(Chunk& chunk, bool first_upload) {
  std::string token, file_name;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    token = token_id_;
    file_name = file_name_;
  }
  // The part sends the chunk's slices as they are: no copy. It holds them
  // from here on, so the chunk lets go of its own references.
  const FilePart part("fileData", file_name, chunk.data.new_refs());
  const uint64_t chunk_end = chunk.offset + part.size();
  chunk.data = SliceList();
  for (int round = 0;; ++round) {
    Request request = first_upload ? ops::upload_token_upload(token, part, false, false, 0)
                                   : ops::upload_token_upload(token, part, true, false,
                                                              static_cast<int64_t>(chunk.offset));
    request.on_attempt = [this, size = part.size()] {
      std::lock_guard<std::mutex> lock(mutex_);
      stats_.bytes_sent += size;
    };
    try {
      client_.call(request);
      return;
    } catch (const Error& error) {
      if (error.kind() == ErrorKind::Cancelled || !outcome_unknown(error) || round >= options_.resync_rounds)
        throw;
    }
    // The client gave up on this chunk without knowing whether it landed:
    // ask the token what it holds and send again only if needed.
    UploadToken held = UploadToken::from_json(client_.call(ops::upload_token_get(token)));
    if (!first_upload && held.uploaded_file_size && static_cast<uint64_t>(*held.uploaded_file_size) >= chunk_end)
      return;
    std::lock_guard<std::mutex> lock(mutex_);
    ++stats_.resends;
  }
}

std::string UploadSession::digest_of(const Chunk& chunk) const {
  return options_.chunk_digests && !chunk.data.empty() ? chunk_digest(chunk.data) : "";
}

void UploadSession::acknowledge(uint64_t offset, uint64_t length, const std::string& digest) {
  std::lock_guard<std::mutex> report(report_mutex_);
  acknowledged_ += length;
  bool idle = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.bytes_acknowledged = acknowledged_;
    ++stats_.chunks;
    idle = in_flight_ <= 1 && queue_.empty();  // this chunk's worker still counts it
  }
  if (callbacks_.on_acknowledged) callbacks_.on_acknowledged(offset, length, acknowledged_, digest, idle);
}

UploadToken UploadSession::send_final(uint64_t total) {
  std::string token, file_name;
  bool opened = false;
  std::optional<Request> attach;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    token = token_id_;
    file_name = file_name_;
    opened = opened_;
    attach = attach_with_final_;
  }
  // As many as any call gets (retries), and at least four: the server may
  // still be joining stored chunks when it is first asked.
  const int attempts = std::max(4, client_.config().retry.max_retries + 1);
  for (int attempt = 1;; ++attempt) {
    if (attempt > 1) wait_before_another_final(attempt - 2);
    // Zero-length: the data is all there; this call only joins it (a
    // verifying final, protocol §7.4) or, for an empty stream, makes the file.
    FilePart part("fileData", file_name, g_bytes_new_static("", 0));
    Request request = opened ? ops::upload_token_upload(token, std::move(part), true, true, static_cast<int64_t>(total))
                             : ops::upload_token_upload(token, std::move(part), false, true, 0);
    request.timeout = options_.final_timeout;
    request.retry_unknown_outcome = false;
    try {
      if (attach) return send_final_with_attach(std::move(request), *attach);
      return UploadToken::from_json(client_.call(request));
    } catch (const Error& error) {
      if (error.kind() == ErrorKind::Cancelled) throw;
      // The server still joins stored chunks: asking again is the documented way.
      const bool still_joining = error.is_api("UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE");
      // Whatever the failure, a final the server carried out shows in the
      // token: this attempt's with its answer lost, or an earlier one's (a
      // reset or a timeout after the server took it), which makes this one
      // fail with INVALID_STATUS_FOR_UPLOAD, CANNOT_RESUME or
      // CANNOT_MATCH_EXPECTED_SIZE. So the token is asked before anything
      // else is sent.
      UploadToken held;
      try {
        held = UploadToken::from_json(client_.call(ops::upload_token_get(token)));
      } catch (const Error& lookup) {
        if (lookup.kind() == ErrorKind::Cancelled) throw;
        throw error;  // the final's failure is the news
      }
      if (token_finished(held)) {
        if (held.uploaded_file_size && static_cast<uint64_t>(*held.uploaded_file_size) != total)
          throw Error(ErrorKind::Protocol, "UPLOAD_SIZE_MISMATCH",
                      "The server finished the upload with " + std::to_string(*held.uploaded_file_size) +
                          " bytes instead of " + std::to_string(total));
        // CLOSED: the attaching call went through too, only its answer was lost.
        if (attach && held.status == static_cast<int>(UploadTokenStatus::FullUpload)) client_.call(*attach);
        return held;
      }
      const bool worth_again = still_joining || outcome_unknown(error) || error.is_api("UPLOAD_TOKEN_CANNOT_RESUME");
      if (!worth_again || attempt >= attempts) throw;
    }
  }
}

// Backoff with jitter, as the client's retries; a cancel ends it, a pause does not.
void UploadSession::wait_before_another_final(int retry) {
  const auto delay = backoff_delay(client_.config().retry, retry, 0);
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_for(lock, delay, [&] { return cancelled_ || stopping_; });
  if (cancelled_ || stopping_) throw Error(ErrorKind::Cancelled, "CANCELLED", "The upload was cancelled");
}

UploadToken UploadSession::send_final_with_attach(Request final_chunk, const Request& attach) {
  MultiRequest batch;
  batch.add(std::move(final_chunk));
  batch.add(attach);
  std::vector<Outcome> outcomes = client_.call_multi(batch);
  if (outcomes.size() != 2)
    throw Error(ErrorKind::Protocol, "BAD_RESPONSE",
                "The final chunk's multirequest returned a wrong number of results");
  if (!outcomes[0].ok()) throw *outcomes[0].error;
  // The server checks each call of a batch on its own: an attaching call that
  // failed beside a good final chunk is made again alone, where the client's
  // retries apply (and its error, if any, is reported).
  if (!outcomes[1].ok()) client_.call(attach);
  return UploadToken::from_json(outcomes[0].value);
}

}  // namespace kaltura::upload
