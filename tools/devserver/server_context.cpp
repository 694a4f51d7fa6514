// ServerContext: configuration, storage layout, the action registry, file
// routes and background jobs.
#include "server_context.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <sys/random.h>

#include <condition_variable>
#include <deque>
#include <thread>

namespace devserver {

// A small fixed set of threads running jobs queued by run_in_background.
class BackgroundWorkers {
 public:
  explicit BackgroundWorkers(int count) {
    for (int i = 0; i < count; ++i) threads_.emplace_back([this] { work(); });
  }
  ~BackgroundWorkers() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto& thread : threads_) thread.join();
  }
  void push(std::function<void()> job) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        // Stopping abandons queued jobs: their state is in the database and
        // modules resume unfinished work at their next start.
        if (stopping_) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      try {
        job();
      } catch (const std::exception& error) {
        g_printerr("kaltura-devserver: background job failed: %s\n", error.what());
      }
    }
  }
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  bool stopping_ = false;
};

namespace {

void make_dir(const std::string& path) {
  if (g_mkdir_with_parents(path.c_str(), 0700) != 0)
    g_printerr("kaltura-devserver: cannot create %s\n", path.c_str());
}

// Leftovers of an interrupted request are never used again.
void empty_dir(const std::string& path) {
  g_autoptr(GDir) dir = g_dir_open(path.c_str(), 0, nullptr);
  if (!dir) return;
  while (const char* name = g_dir_read_name(dir)) g_unlink((path + "/" + name).c_str());
}

std::string lowercase(const std::string& text) {
  g_autofree char* lower = g_ascii_strdown(text.c_str(), -1);
  return lower;
}

std::string random_chars(const char* alphabet, size_t alphabet_size, size_t count) {
  std::vector<unsigned char> bytes(count);
  size_t filled = 0;
  while (filled < count) {
    ssize_t got = getrandom(bytes.data() + filled, count - filled, 0);
    if (got > 0) filled += static_cast<size_t>(got);
  }
  std::string out;
  for (unsigned char byte : bytes) out += alphabet[byte % alphabet_size];
  return out;
}

}  // namespace

ServerContext::ServerContext(ServerConfig cfg) : config(std::move(cfg)) {
  make_dir(config.data_dir);
  make_dir(content_dir());
  make_dir(tmp_dir());
  empty_dir(tmp_dir());
  db_ = std::make_unique<Database>(config.data_dir + "/devserver.sqlite");
  background_ = std::make_unique<BackgroundWorkers>(2);
  conversions_ = std::make_unique<BackgroundWorkers>(config.conversion_workers);
}

ServerContext::~ServerContext() {
  stopping_ = true;
  // Background jobs may queue conversions: they stop first.
  background_.reset();
  conversions_.reset();
}

std::string ServerContext::content_dir() const { return config.data_dir + "/content"; }

std::string ServerContext::tmp_dir() const { return config.data_dir + "/tmp"; }

int64_t ServerContext::now() const { return g_get_real_time() / G_USEC_PER_SEC; }

void ServerContext::add_action(const std::string& service, const std::string& action, ActionSpec spec) {
  actions_[lowercase(service)][lowercase(action)] = std::move(spec);
}

const ActionSpec* ServerContext::find_action(const std::string& service, const std::string& action) const {
  auto found_service = actions_.find(lowercase(service));
  if (found_service == actions_.end()) return nullptr;
  auto found = found_service->second.find(lowercase(action));
  return found == found_service->second.end() ? nullptr : &found->second;
}

bool ServerContext::service_exists(const std::string& service) const {
  return actions_.count(lowercase(service)) != 0;
}

void ServerContext::add_file_route(const std::string& prefix, FileRoute route) {
  file_routes_.emplace_back(prefix, std::move(route));
}

const FileRoute* ServerContext::find_file_route(const std::string& path) const {
  for (const auto& [prefix, route] : file_routes_)
    if (path.compare(0, prefix.size(), prefix) == 0) return &route;
  return nullptr;
}

void ServerContext::run_in_background(std::function<void()> job) { background_->push(std::move(job)); }

void ServerContext::run_conversion(std::function<void()> job) { conversions_->push(std::move(job)); }

std::string make_object_id(int dc) {
  static const char kAlphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  return std::to_string(dc) + "_" + random_chars(kAlphabet, 36, 8);
}

std::string make_upload_token_id(int dc) {
  static const char kHex[] = "0123456789abcdef";
  return std::to_string(dc) + "_" + random_chars(kHex, 16, 32);
}

}  // namespace devserver
