#include "kaltura/download/download_thread.h"

#include <gio/gio.h>

#include "kaltura/error.h"
#include "kaltura/http/soup_proxy.h"

namespace kaltura::download {

struct DownloadThread::Job {
  std::function<void(SoupSession*)> work;
  std::exception_ptr failure;
  bool done = false;
};

namespace {

struct SessionDeleter {
  void operator()(SoupSession* session) const { g_object_unref(session); }
};
using SessionPtr = std::unique_ptr<SoupSession, SessionDeleter>;

SessionPtr create_session(const DownloadSettings& settings) {
  const std::string user_agent =
      settings.user_agent.empty() ? std::string("gst-kaltura/") + GST_KALTURA_VERSION : settings.user_agent;
  SessionPtr session(soup_session_new_with_options("user-agent", user_agent.c_str(), "timeout",
                                                   static_cast<guint>(settings.timeout.count()), nullptr));
  // Byte offsets must be offsets in the file: no transparent decompression.
  soup_session_remove_feature_by_type(session.get(), SOUP_TYPE_CONTENT_DECODER);
  if (!settings.ssl_ca_file.empty()) {
    g_autoptr(GError) error = nullptr;
    g_autoptr(GTlsDatabase) database = g_tls_file_database_new(settings.ssl_ca_file.c_str(), &error);
    if (!database)
      throw Error(ErrorKind::Config, "CONFIG_ERROR",
                  "cannot load the CA file " + settings.ssl_ca_file + ": " + error->message);
    soup_session_set_tls_database(session.get(), database);
  }
  if (settings.proxy.empty())
    send_system_proxy_credentials(session.get());
  else if (std::optional<Error> unusable = use_proxy(session.get(), settings.proxy))
    throw *unusable;
  return session;
}

}  // namespace

DownloadThread::DownloadThread(const DownloadSettings& settings) : ssl_strict_(settings.ssl_strict) {
  std::exception_ptr startup_error;
  bool started = false;
  thread_ = std::thread([this, settings, &startup_error, &started] { loop(settings, startup_error, started); });
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return started; });
  if (startup_error) {
    lock.unlock();
    thread_.join();
    std::rethrow_exception(startup_error);
  }
}

DownloadThread::~DownloadThread() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void DownloadThread::loop(const DownloadSettings& settings, std::exception_ptr& startup_error, bool& started) {
  SessionPtr session;
  try {
    session = create_session(settings);
  } catch (...) {
    startup_error = std::current_exception();
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    started = true;
  }
  changed_.notify_all();
  if (!session) return;

  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) break;  // stopping, and nothing left to do
      job = jobs_.front();
      jobs_.pop_front();
    }
    try {
      job->work(session.get());
    } catch (...) {
      job->failure = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job->done = true;
    }
    changed_.notify_all();
  }
  // The session goes away on the thread that created it.
  session.reset();
}

void DownloadThread::run(const std::function<void(SoupSession*)>& work) {
  auto job = std::make_shared<Job>();
  job->work = work;
  std::unique_lock<std::mutex> lock(mutex_);
  jobs_.push_back(job);
  changed_.notify_all();
  changed_.wait(lock, [&] { return job->done; });
  if (job->failure) std::rethrow_exception(job->failure);
}

}  // namespace kaltura::download
