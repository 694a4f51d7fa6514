#include "kaltura/download/range_reader.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

#include "kaltura/backoff.h"
#include "kaltura/error.h"
#include "kaltura/http/proxy_setting.h"

namespace kaltura::download {

namespace {

// A forward jump up to this far reads on through the open response instead
// of sending a new request (demuxers skip small gaps often).
constexpr uint64_t kSkipWindow = 256 * 1024;

gboolean accept_any_certificate(SoupMessage*, GTlsCertificate*, GTlsCertificateFlags, gpointer) { return TRUE; }

// The host the message went to last: where a redirect (to a CDN, a storage
// host) led, not the URL's path, which may carry the KS.
std::string host_of(SoupMessage* message) {
  const char* host = g_uri_get_host(soup_message_get_uri(message));
  return host ? host : "";
}

// A failure of the download from host. The file may come from another host
// than the API (a CDN, a storage host), so a connection failure names it, in
// its text and in the DOWNLOAD_HOST arg.
Error failure_of(const GError* error, const std::string& host) {
  if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return Error(ErrorKind::Cancelled, "CANCELLED", "the download was cancelled");
  if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return Error(ErrorKind::Timeout, "TIMEOUT", std::string("the server stopped sending: ") + error->message, {}, 0,
                 true);
  const bool tls = error->domain == G_TLS_ERROR;
  // A rejected certificate stays rejected; network trouble may pass.
  return Error(ErrorKind::Transport, "CONNECTION_ERROR",
               std::string(tls ? "TLS failure" : "connection failure") + " with " + host + ": " + error->message,
               {{"DOWNLOAD_HOST", host}}, 0, !tls);
}

bool url_refused(const Error& error) {
  const int status = error.http_status();
  return error.kind() == ErrorKind::Http && (status == 403 || status == 404 || status == 410);
}

// The total of a 416 answer's Content-Range: "bytes */TOTAL", or, as
// Kaltura's serveFlavor sends it, "bytes 0-LAST/TOTAL"; -1 if absent.
int64_t unsatisfied_range_total(SoupMessageHeaders* headers) {
  const char* value = soup_message_headers_get_one(headers, "Content-Range");
  const char* slash = value && g_str_has_prefix(value, "bytes ") ? strchr(value, '/') : nullptr;
  if (!slash || slash[1] == '*' || slash[1] == '\0') return -1;
  return g_ascii_strtoll(slash + 1, nullptr, 10);
}

// The flavor's version in a Kaltura download URL (".../v/3/..."), "" when it
// names none. A replaced flavor gets a new version, and its old URL keeps
// serving the old file.
std::string version_in_url(const std::string& url) {
  const size_t at = url.find("/v/");
  if (at == std::string::npos) return "";
  const size_t start = at + 3;
  size_t end = start;
  while (end < url.size() && g_ascii_isdigit(url[end])) ++end;
  return url.substr(start, end - start);
}

// The response's version of the file: its strong ETag, else its
// Last-Modified, else "".
std::string validator_of(SoupMessageHeaders* headers) {
  const char* etag = soup_message_headers_get_one(headers, "ETag");
  if (etag && !g_str_has_prefix(etag, "W/")) return etag;
  const char* modified = soup_message_headers_get_one(headers, "Last-Modified");
  return modified ? modified : "";
}

Error content_changed(const std::string& what) {
  return Error(ErrorKind::Protocol, "CONTENT_CHANGED",
               "the file changed on the server while it was read (" + what +
                   "): the bytes read so far belong to the earlier file, so reading stops; read it again");
}

}  // namespace

// One response being read. Its GObjects are created, used and released on
// the download thread only.
struct RangeReader::Body {
  SoupMessage* message = nullptr;
  GInputStream* stream = nullptr;
  uint64_t position = 0;  // file offset of the next byte of the stream
  int64_t end = -1;       // file offset just past the last byte the response carries; -1 unknown
  bool at_end = false;    // the file has no bytes at position
  bool broken = false;    // a read failed after some bytes arrived: a new request continues

  void release() {
    g_clear_object(&stream);
    g_clear_object(&message);
  }
};

RangeReader::RangeReader(const DownloadSettings& settings, RetryPolicy retry, UrlSource url_source,
                         RetryNotice on_retry)
    : thread_(settings), retry_(retry), url_source_(std::move(url_source)), on_retry_(std::move(on_retry)) {}

RangeReader::~RangeReader() {
  close_body();
  g_clear_object(&cancellable_);
}

void RangeReader::cancel() {
  std::lock_guard<std::mutex> lock(cancel_mutex_);
  cancelled_ = true;
  if (cancellable_) g_cancellable_cancel(cancellable_);
  cancel_changed_.notify_all();
}

void RangeReader::reset_cancel() {
  std::lock_guard<std::mutex> lock(cancel_mutex_);
  cancelled_ = false;
}

GCancellable* RangeReader::fresh_cancellable() {
  std::lock_guard<std::mutex> lock(cancel_mutex_);
  if (cancelled_) throw Error(ErrorKind::Cancelled, "CANCELLED", "the download was cancelled");
  g_clear_object(&cancellable_);
  cancellable_ = g_cancellable_new();
  return static_cast<GCancellable*>(g_object_ref(cancellable_));
}

void RangeReader::close_body() {
  if (!body_) return;
  Body* body = body_.get();
  thread_.run([body](SoupSession*) { body->release(); });
  body_.reset();
}

void RangeReader::open(uint64_t offset) {
  close_body();
  if (url_.empty()) url_ = url_source_();
  g_autoptr(GCancellable) cancellable = fresh_cancellable();
  auto body = std::make_unique<Body>();
  body->position = offset;
  ++requests_;
  const std::string url = url_;
  int64_t total = -1;     // the file's size this response tells, if it does
  std::string validator;  // and its version
  thread_.run([&](SoupSession* session) {
    g_autoptr(SoupMessage) message = soup_message_new("GET", url.c_str());
    if (!message) throw Error(ErrorKind::Config, "CONFIG_ERROR", "the download URL is not valid");
    SoupMessageHeaders* request_headers = soup_message_get_request_headers(message);
    soup_message_headers_set_range(request_headers, static_cast<goffset>(offset), -1);
    // A file that changed comes whole (200), not as the range of another version.
    if (!validator_.empty()) soup_message_headers_replace(request_headers, "If-Range", validator_.c_str());
    if (!thread_.ssl_strict())
      g_signal_connect(message, "accept-certificate", G_CALLBACK(accept_any_certificate), nullptr);
    g_autoptr(GError) error = nullptr;
    g_autoptr(GInputStream) stream = soup_session_send(session, message, cancellable, &error);
    if (!stream) throw failure_of(error, host_of(message));

    SoupMessageHeaders* headers = soup_message_get_response_headers(message);
    const int status = static_cast<int>(soup_message_get_status(message));
    validator = validator_of(headers);
    if (status == SOUP_STATUS_PARTIAL_CONTENT) {
      goffset start = 0, last = 0, range_total = -1;
      if (!soup_message_headers_get_content_range(headers, &start, &last, &range_total) ||
          start != static_cast<goffset>(offset))
        throw Error(ErrorKind::Protocol, "BAD_RESPONSE",
                    "the server answered a different range than bytes " + std::to_string(offset) + "-");
      body->end = last + 1;
      total = range_total;
    } else if (status == SOUP_STATUS_OK) {
      // The server ignores Range (or the file changed): the body is the whole file.
      if (soup_message_headers_get_encoding(headers) == SOUP_ENCODING_CONTENT_LENGTH) {
        body->end = soup_message_headers_get_content_length(headers);
        total = body->end;
      }
      for (uint64_t skipped = 0; skipped < offset;) {
        const gssize count = g_input_stream_skip(stream, offset - skipped, cancellable, &error);
        if (count < 0) throw failure_of(error, host_of(message));
        if (count == 0) break;  // the file is shorter than offset
        skipped += static_cast<uint64_t>(count);
      }
    } else if (status == SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE) {
      body->at_end = true;
      total = unsatisfied_range_total(headers);
    } else if (status == SOUP_STATUS_PROXY_AUTHENTICATION_REQUIRED) {
      throw proxy_credentials_refused();
    } else {
      const char* reason = soup_message_get_reason_phrase(message);
      const bool transient = status >= 500 || status == 429 || status == 408;
      throw Error(ErrorKind::Http, "HTTP_ERROR",
                  "The download answered HTTP " + std::to_string(status) + (reason ? std::string(" ") + reason : ""),
                  {}, status, transient);
    }
    body->message = static_cast<SoupMessage*>(g_steal_pointer(&message));
    body->stream = static_cast<GInputStream*>(g_steal_pointer(&stream));
  });
  if (size_known_) {
    const auto refuse = [&](const std::string& what) {
      Body* unread = body.get();
      thread_.run([unread](SoupSession*) { unread->release(); });
      throw content_changed(what);
    };
    if (total >= 0 && size_ >= 0 && total != size_)
      refuse(std::to_string(size_) + " bytes, now " + std::to_string(total));
    if (!validator_.empty() && !validator.empty() && validator != validator_)
      refuse("version " + validator_ + ", now " + validator);
  } else {
    validator_ = validator;
  }
  if (total >= 0) size_ = total;
  size_known_ = true;
  body_ = std::move(body);
}

size_t RangeReader::read_open_body(uint8_t* data, size_t max) {
  g_autoptr(GCancellable) cancellable = fresh_cancellable();
  Body* body = body_.get();
  gsize count = 0;
  std::optional<Error> failure;
  thread_.run([&](SoupSession*) {
    g_autoptr(GError) error = nullptr;
    if (!g_input_stream_read_all(body->stream, data, max, &count, cancellable, &error))
      failure = failure_of(error, host_of(body->message));
  });
  body->position += count;
  if (count > 0 && failure) {
    body->broken = true;  // the bytes that arrived count; the next call continues with a new request
    return count;
  }
  if (failure) throw *failure;
  if (count < max) {
    if (body->end >= 0 && body->position < static_cast<uint64_t>(body->end))
      throw Error(ErrorKind::Transport, "CONNECTION_ERROR",
                  "the connection closed at byte " + std::to_string(body->position) + " of " +
                      std::to_string(body->end),
                  {}, 0, true);
    body->at_end = true;
  }
  return count;
}

int64_t RangeReader::size() {
  if (!size_known_) {
    uint8_t none = 0;
    read_from_server(0, &none, 0);
  }
  return size_;
}

size_t RangeReader::read(uint64_t offset, uint8_t* data, size_t max) {
  constexpr uint64_t kBlock = BlockCache::kBlockSize;
  size_t got = 0;
  while (got < max) {
    const uint64_t at = offset + got;
    if (size_known_ && size_ >= 0 && at >= static_cast<uint64_t>(size_)) break;
    const uint64_t index = at / kBlock;
    const std::vector<uint8_t>* block = cache_.find(index);
    if (!block) {
      std::vector<uint8_t> bytes(kBlock);
      bytes.resize(read_from_server(index * kBlock, bytes.data(), kBlock));
      block = &cache_.insert(index, std::move(bytes));
    }
    const uint64_t within = at - index * kBlock;
    if (within >= block->size()) break;  // the file ends before at
    const size_t count = static_cast<size_t>(std::min<uint64_t>(max - got, block->size() - within));
    std::memcpy(data + got, block->data() + within, count);
    got += count;
    if (block->size() < kBlock && within + count == block->size()) break;  // the file's last block
  }
  return got;
}

void RangeReader::wait_before_retry(int attempt, const Error& error) {
  const auto delay = backoff_delay(retry_, attempt, error.retry_after());
  if (on_retry_) on_retry_("download", attempt + 1, delay, error);
  std::unique_lock<std::mutex> lock(cancel_mutex_);
  cancel_changed_.wait_for(lock, delay, [&] { return cancelled_; });
  if (cancelled_) throw Error(ErrorKind::Cancelled, "CANCELLED", "the download was cancelled");
}

size_t RangeReader::read_from_server(uint64_t offset, uint8_t* data, size_t max) {
  if (size_known_ && size_ >= 0 && offset >= static_cast<uint64_t>(size_)) return 0;
  size_t got = 0;
  int attempt = 0;
  bool asked_for_url = false;
  bool resuming = false;
  std::vector<uint8_t> skipped;
  for (;;) {
    const uint64_t at = offset + got;
    try {
      if (body_ && body_->broken) resuming = true;
      const bool reusable = body_ && !body_->broken && !body_->at_end && body_->position <= at &&
                            at - body_->position <= kSkipWindow;
      if (!reusable) {
        open(at);
        if (resuming) ++resumes_;
        resuming = false;
      }
      while (body_->position < at && !body_->at_end) {
        skipped.resize(std::min<uint64_t>(at - body_->position, 64 * 1024));
        read_open_body(skipped.data(), skipped.size());
      }
      if (body_->at_end || got == max) return got;
      const size_t count = read_open_body(data + got, max - got);
      got += count;
      if (count > 0) attempt = 0;  // progress renews the retry budget
      if (got == max || body_->at_end) return got;
    } catch (const Error& error) {
      close_body();
      if (error.kind() == ErrorKind::Cancelled) throw;
      resuming = true;
      if (url_refused(error) && !asked_for_url) {
        asked_for_url = true;
        const std::string before = version_in_url(url_);
        url_ = url_source_();
        const std::string now = version_in_url(url_);
        if (!before.empty() && !now.empty() && now != before)
          throw content_changed("version " + before + " of the flavor, now " + now);
        continue;
      }
      if (!error.transient() || attempt >= retry_.max_retries) throw;
      wait_before_retry(attempt++, error);
    }
  }
}

}  // namespace kaltura::download
