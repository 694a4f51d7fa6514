// The thread every libsoup call of a download runs on. libsoup 3 lets a
// SoupSession be configured and used only from the thread that created it
// (3.2 relaxes sending, but the I/O of a message stays on the thread that
// sent it), while GStreamer calls a source from several threads: the state
// change thread, the streaming task, a demuxer pulling from its own task.
// So the session is created on a thread of its own, and the callers hand
// it jobs (blocking libsoup calls, run one at a time) and wait for them.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <libsoup/soup.h>

namespace kaltura::download {

struct DownloadSettings {
  std::string user_agent;  // empty: "gst-kaltura/<version>"
  bool ssl_strict = true;
  std::string ssl_ca_file;  // empty: the system's CAs
  std::string proxy;        // empty: the system's proxy settings
  // Connecting, or waiting for the next bytes, longer than this fails.
  std::chrono::seconds timeout{60};
};

class DownloadThread {
 public:
  // Throws Error(Config) for an unusable CA file or proxy.
  explicit DownloadThread(const DownloadSettings& settings);
  ~DownloadThread();
  DownloadThread(const DownloadThread&) = delete;
  DownloadThread& operator=(const DownloadThread&) = delete;

  // Runs job on the thread, with the session, and waits for it; an
  // exception the job throws is rethrown here.
  void run(const std::function<void(SoupSession*)>& job);
  bool ssl_strict() const { return ssl_strict_; }

 private:
  struct Job;
  void loop(const DownloadSettings& settings, std::exception_ptr& startup_error, bool& started);

  const bool ssl_strict_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::shared_ptr<Job>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kaltura::download
