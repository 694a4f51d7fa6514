// Reads one file over HTTP with Range requests: from any offset, as far as
// the caller wants, the way a seekable byte source needs it. A request
// that fails (connection refused or dropped, timeout, 5xx) is retried with
// backoff and continues at the byte that had been reached, not from the
// start. A URL the server stops accepting (403, 404, 410: an expired
// signed URL) is asked for anew once per failure.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "kaltura/client.h"
#include "kaltura/download/block_cache.h"
#include "kaltura/download/download_thread.h"

namespace kaltura::download {

class RangeReader {
 public:
  // Gives the URL to read; called on the caller's thread, at the first
  // request and again when the server refuses the URL it gave.
  using UrlSource = std::function<std::string()>;

  // on_retry is told of each request sent again after a failure, as
  // "download".
  RangeReader(const DownloadSettings& settings, RetryPolicy retry, UrlSource url_source, RetryNotice on_retry = {});
  ~RangeReader();
  RangeReader(const RangeReader&) = delete;
  RangeReader& operator=(const RangeReader&) = delete;

  // The size of the file in bytes, -1 when the server does not tell. The
  // first call sends the first request (at offset 0), so errors surface here.
  int64_t size();
  // Fills data with up to max bytes from offset. Returns fewer only at the
  // end of the file, 0 at or past it. Throws Error when the retries are
  // exhausted, on a failure that retrying cannot fix, or after cancel().
  // The last blocks read are kept (block_cache.h): reading them again sends
  // no request.
  size_t read(uint64_t offset, uint8_t* data, size_t max);

  // Makes the blocked call (request, read, backoff wait) and later ones
  // fail with Error(Cancelled), until reset_cancel().
  void cancel();
  void reset_cancel();

  uint64_t requests() const { return requests_; }  // HTTP requests sent
  uint64_t resumes() const { return resumes_; }    // requests that continued after a failure

 private:
  struct Body;
  // read() without the cache: from the open response, or a new request.
  size_t read_from_server(uint64_t offset, uint8_t* data, size_t max);
  void open(uint64_t offset);   // on the caller's thread: runs the request on the download thread
  size_t read_open_body(uint8_t* data, size_t max);
  void close_body();
  void wait_before_retry(int attempt, const Error& error);
  GCancellable* fresh_cancellable();

  DownloadThread thread_;
  const RetryPolicy retry_;
  const UrlSource url_source_;
  const RetryNotice on_retry_;
  std::string url_;
  std::unique_ptr<Body> body_;  // the response being read; its objects are touched on the download thread only
  int64_t size_ = -1;
  bool size_known_ = false;
  // What tells the file's version: the first response's strong ETag, else
  // its Last-Modified ("" when it sent neither). Sent as If-Range, and
  // compared with each later response's, with the size: a file replaced
  // while it is read must not go on from the new one's bytes.
  std::string validator_;
  BlockCache cache_{64};  // 4 MiB

  std::mutex cancel_mutex_;
  std::condition_variable cancel_changed_;
  bool cancelled_ = false;
  GCancellable* cancellable_ = nullptr;  // of the call in progress; guarded by cancel_mutex_

  std::atomic<uint64_t> requests_{0};
  std::atomic<uint64_t> resumes_{0};
};

}  // namespace kaltura::download
