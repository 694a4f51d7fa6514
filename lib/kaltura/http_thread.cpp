#define G_LOG_DOMAIN "kaltura"

#include "kaltura/http_thread.h"

#include <libsoup/soup.h>

#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "kaltura/http/direct_sender.h"
#include "kaltura/http/soup_proxy.h"

namespace kaltura {

namespace {

// Runs fn on the thread that iterates context.
void invoke_on(GMainContext* context, std::function<void()> fn) {
  g_main_context_invoke_full(
      context, G_PRIORITY_DEFAULT,
      [](gpointer data) -> gboolean {
        (*static_cast<std::function<void()>*>(data))();
        return G_SOURCE_REMOVE;
      },
      new std::function<void()>(std::move(fn)),
      [](gpointer data) { delete static_cast<std::function<void()>*>(data); });
}

gboolean accept_any_certificate(SoupMessage*, GTlsCertificate*, GTlsCertificateFlags, gpointer) { return TRUE; }

// A POST of body_stream, or nullptr when the URL is invalid.
SoupMessage* new_post(const std::string& url, GInputStream* body_stream, uint64_t body_size,
                      const std::string& content_type, bool ssl_strict) {
  SoupMessage* message = soup_message_new("POST", url.c_str());
  if (!message) return nullptr;
  // libsoup opens a new connection (and TLS session) for every POST unless
  // the message is marked idempotent; the mark lets calls share kept-alive
  // connections. It does not make libsoup send a POST again on its own (its
  // restarts go by the method), so failures still reach the client's retry
  // rules.
  soup_message_add_flags(message, SOUP_MESSAGE_IDEMPOTENT);
  soup_message_set_request_body(message, content_type.c_str(), body_stream, static_cast<gssize>(body_size));
  soup_message_headers_replace(soup_message_get_request_headers(message), "Accept", "application/json");
  if (!ssl_strict) g_signal_connect(message, "accept-certificate", G_CALLBACK(accept_any_certificate), nullptr);
  return message;
}

// What a finished exchange gives the caller: the response (body read whole)
// when bytes is set, otherwise the failure that error, or our own timer, made.
HttpOutcome outcome_of(SoupMessage* message, GBytes* bytes, const GError* error, bool timed_out, guint timeout_ms) {
  if (!bytes) {
    if (timed_out) return timed_out_outcome(timeout_ms);
    if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) return cancelled_outcome(true);
    return transport_failure_outcome(error, !error_before_sending(error));
  }
  HttpOutcome outcome;
  SoupMessageHeaders* headers = soup_message_get_response_headers(message);
  outcome.status = static_cast<int>(soup_message_get_status(message));
  const char* reason = soup_message_get_reason_phrase(message);
  outcome.reason = reason ? reason : "";
  const char* content_type = soup_message_headers_get_content_type(headers, nullptr);
  outcome.content_type = content_type ? content_type : "";
  outcome.retry_after = parse_retry_after(soup_message_headers_get_one(headers, "Retry-After"));
  gsize size = 0;
  const char* data = static_cast<const char*>(g_bytes_get_data(bytes, &size));
  outcome.body.assign(data ? data : "", size);
  return outcome;
}

}  // namespace

struct HttpThread::Exchange {
  // Set by the calling thread before the hand-over.
  std::string url;
  GInputStream* body_stream = nullptr;  // owned
  uint64_t body_size = 0;
  std::string content_type;
  guint timeout_ms = 0;

  // HTTP thread only.
  SoupMessage* message = nullptr;
  GCancellable* cancellable = nullptr;
  GSource* timer = nullptr;
  bool timed_out = false;

  // Handed back to the caller.
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  HttpOutcome outcome;

  ~Exchange() {
    if (timer) {
      g_source_destroy(timer);
      g_source_unref(timer);
    }
    g_clear_object(&body_stream);
    g_clear_object(&message);
    g_clear_object(&cancellable);
  }
};

struct HttpThread::Loop {
  HttpSettings settings;
  GMainContext* context = nullptr;
  GMainLoop* main_loop = nullptr;
  std::thread thread;
  const std::atomic<bool>* cancelled = nullptr;
  // Created and configured by the HTTP thread before any request.
  SoupSession* session = nullptr;
  std::unique_ptr<DirectSender> direct;
  // HTTP thread only.
  std::set<std::shared_ptr<Exchange>> in_flight;
  // The cancellables of direct sends in flight, for cancel_all().
  std::mutex direct_mutex;
  std::set<GCancellable*> direct_in_flight;

  ~Loop() {
    if (main_loop) g_main_loop_unref(main_loop);
    if (context) g_main_context_unref(context);
  }

  void run(std::promise<std::optional<Error>>& started);
  std::optional<Error> create_session();
  void start(const std::shared_ptr<Exchange>& exchange);
  void complete(const std::shared_ptr<Exchange>& exchange);
  void finish(GAsyncResult* result, const std::shared_ptr<Exchange>& exchange);
  HttpOutcome send_direct(const std::string& url, const wire::Body& body, guint timeout_ms);
  void cancel_direct();
};

std::optional<Error> HttpThread::Loop::create_session() {
  session = soup_session_new_with_options("user-agent", settings.user_agent.c_str(), "max-conns",
                                          settings.max_connections, "max-conns-per-host", settings.max_connections,
                                          "timeout", 0, nullptr);
  g_autoptr(GTlsDatabase) database = nullptr;
  if (!settings.ssl_ca_file.empty()) {
    g_autoptr(GError) error = nullptr;
    // GTlsFileDatabase wants an absolute path.
    g_autofree char* path = g_canonicalize_filename(settings.ssl_ca_file.c_str(), nullptr);
    database = g_tls_file_database_new(path, &error);
    if (!database)
      return Error(ErrorKind::Config, "CONFIG_ERROR",
                   "cannot load the CA file " + settings.ssl_ca_file + ": " + error->message);
    soup_session_set_tls_database(session, database);
  }
  if (settings.proxy.empty())
    send_system_proxy_credentials(session);
  else if (std::optional<Error> unusable = use_proxy(session, settings.proxy))
    return unusable;
  direct = std::make_unique<DirectSender>(settings.user_agent, settings.ssl_strict, database, settings.proxy);
  return std::nullopt;
}

void HttpThread::Loop::run(std::promise<std::optional<Error>>& started) {
  g_main_context_push_thread_default(context);
  std::optional<Error> error = create_session();
  bool ok = !error;
  started.set_value(std::move(error));
  if (ok) g_main_loop_run(main_loop);
  // Shutting down: nothing may stay waiting.
  for (const auto& exchange : in_flight) g_cancellable_cancel(exchange->cancellable);
  while (!in_flight.empty()) g_main_context_iteration(context, TRUE);
  g_clear_object(&session);
  direct.reset();
  while (g_main_context_iteration(context, FALSE)) {
  }
  g_main_context_pop_thread_default(context);
}

void HttpThread::Loop::complete(const std::shared_ptr<Exchange>& exchange) {
  std::lock_guard<std::mutex> lock(exchange->mutex);
  exchange->done = true;
  exchange->done_cv.notify_all();
}

void HttpThread::Loop::start(const std::shared_ptr<Exchange>& exchange) {
  if (*cancelled) {
    exchange->outcome = cancelled_outcome(false);
    complete(exchange);
    return;
  }
  exchange->message = new_post(exchange->url, exchange->body_stream, exchange->body_size, exchange->content_type,
                               settings.ssl_strict);
  if (!exchange->message) {
    exchange->outcome = invalid_url_outcome(exchange->url);
    complete(exchange);
    return;
  }
  exchange->cancellable = g_cancellable_new();
  exchange->timer = g_timeout_source_new(exchange->timeout_ms);
  g_source_set_callback(
      exchange->timer,
      [](gpointer data) -> gboolean {
        auto* timed = static_cast<Exchange*>(data);
        timed->timed_out = true;
        g_cancellable_cancel(timed->cancellable);
        return G_SOURCE_REMOVE;
      },
      exchange.get(), nullptr);
  g_source_attach(exchange->timer, context);
  in_flight.insert(exchange);

  struct Pending {
    Loop* loop;
    std::shared_ptr<Exchange> exchange;
  };
  soup_session_send_and_read_async(
      session, exchange->message, G_PRIORITY_DEFAULT, exchange->cancellable,
      [](GObject*, GAsyncResult* result, gpointer data) {
        std::unique_ptr<Pending> pending(static_cast<Pending*>(data));
        pending->loop->finish(result, pending->exchange);
      },
      new Pending{this, exchange});
}

void HttpThread::Loop::finish(GAsyncResult* result, const std::shared_ptr<Exchange>& exchange) {
  g_autoptr(GError) error = nullptr;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish(session, result, &error);
  g_source_destroy(exchange->timer);
  exchange->outcome = outcome_of(exchange->message, bytes, error, exchange->timed_out, exchange->timeout_ms);
  // Soup objects are released here, on their own thread. libsoup may hold
  // the message a while after the call completed: the body (an upload
  // chunk's memory) is dropped from it now, so it is not kept past the call.
  soup_message_set_request_body(exchange->message, nullptr, nullptr, 0);
  g_clear_object(&exchange->body_stream);
  g_clear_object(&exchange->message);
  g_clear_object(&exchange->cancellable);
  in_flight.erase(exchange);
  complete(exchange);
}

namespace {

// The timer of a direct send: it fires on the HTTP thread, which may be
// after the send returned, so it holds its own reference.
struct DirectSendWatch {
  GCancellable* cancellable = g_cancellable_new();
  std::atomic<bool> timed_out{false};
  ~DirectSendWatch() { g_object_unref(cancellable); }
};

}  // namespace

HttpOutcome HttpThread::Loop::send_direct(const std::string& url, const wire::Body& body, guint timeout_ms) {
  auto watch = std::make_shared<DirectSendWatch>();
  {
    std::lock_guard<std::mutex> lock(direct_mutex);
    direct_in_flight.insert(watch->cancellable);
  }
  auto forget = [&] {
    std::lock_guard<std::mutex> lock(direct_mutex);
    direct_in_flight.erase(watch->cancellable);
  };
  // Checked after registering, so that a cancel_all() in between still
  // reaches this send.
  if (*cancelled) {
    forget();
    return cancelled_outcome(false);
  }
  GSource* timer = g_timeout_source_new(timeout_ms);
  g_source_set_callback(
      timer,
      [](gpointer data) -> gboolean {
        const auto& timed = *static_cast<std::shared_ptr<DirectSendWatch>*>(data);
        timed->timed_out = true;
        g_cancellable_cancel(timed->cancellable);
        return G_SOURCE_REMOVE;
      },
      new std::shared_ptr<DirectSendWatch>(watch),
      [](gpointer data) { delete static_cast<std::shared_ptr<DirectSendWatch>*>(data); });
  g_source_attach(timer, context);
  HttpOutcome outcome = direct->post(url, body, watch->cancellable);
  g_source_destroy(timer);
  g_source_unref(timer);
  forget();
  if (outcome.failure && outcome.failure->kind() == ErrorKind::Cancelled && watch->timed_out)
    return timed_out_outcome(timeout_ms);
  return outcome;
}

void HttpThread::Loop::cancel_direct() {
  std::lock_guard<std::mutex> lock(direct_mutex);
  for (GCancellable* cancellable : direct_in_flight) g_cancellable_cancel(cancellable);
}

HttpThread::HttpThread(const HttpSettings& settings) : loop_(std::make_unique<Loop>()) {
  loop_->settings = settings;
  loop_->cancelled = &cancelled_;
  loop_->context = g_main_context_new();
  loop_->main_loop = g_main_loop_new(loop_->context, FALSE);
  std::promise<std::optional<Error>> started;
  std::future<std::optional<Error>> result = started.get_future();
  // The thread owns the promise: it may still be inside set_value() when this
  // constructor returns.
  loop_->thread = std::thread([loop = loop_.get(), promise = std::move(started)]() mutable { loop->run(promise); });
  std::optional<Error> error = result.get();
  if (error) {
    loop_->thread.join();
    throw *error;
  }
}

HttpThread::~HttpThread() {
  GMainLoop* main_loop = loop_->main_loop;
  invoke_on(loop_->context, [main_loop] { g_main_loop_quit(main_loop); });
  loop_->thread.join();
}

HttpOutcome HttpThread::post(const std::string& url, const wire::Body& body, std::chrono::milliseconds timeout) {
  const auto timeout_ms = static_cast<guint>(std::max<int64_t>(1, timeout.count()));
  if (body.size() >= kDirectBodySize) return loop_->send_direct(url, body, timeout_ms);
  auto exchange = std::make_shared<Exchange>();
  exchange->url = url;
  exchange->body_stream = body.new_stream();
  exchange->body_size = body.size();
  exchange->content_type = body.content_type();
  exchange->timeout_ms = timeout_ms;
  Loop* loop = loop_.get();
  invoke_on(loop->context, [loop, exchange] { loop->start(exchange); });
  std::unique_lock<std::mutex> lock(exchange->mutex);
  exchange->done_cv.wait(lock, [&] { return exchange->done; });
  return std::move(exchange->outcome);
}

void HttpThread::cancel_all() {
  cancelled_ = true;
  Loop* loop = loop_.get();
  invoke_on(loop->context, [loop] {
    for (const auto& exchange : loop->in_flight) g_cancellable_cancel(exchange->cancellable);
  });
  loop->cancel_direct();
}

void HttpThread::reset_cancel() { cancelled_ = false; }

}  // namespace kaltura
