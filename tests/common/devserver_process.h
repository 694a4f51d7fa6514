// Runs a real kaltura-devserver for a test: a child process on loopback with
// its own data directory, stopped (and the directory removed) at the end.
// The binary comes from $KALTURA_DEVSERVER (set by meson for every test).
//
// Entries get the "Source only" conversion profile by default, so that they
// reach READY without transcoding; a test that wants renditions passes
// {"--default-conversion-profile", ...} or sets the entry's conversionProfileId.
#pragma once

#include <glib.h>

#include <string>
#include <vector>

namespace testing_support {

constexpr int kPartnerId = 100;
constexpr const char* kAdminSecret = "test-admin-secret";
constexpr const char* kUserSecret = "test-user-secret";

// kaltura-devserver's conversion profiles (docs/devserver-content.md).
constexpr int kDefaultProfileId = 1;     // source + H.264 360p/480p/720p + AAC audio
constexpr int kSourceOnlyProfileId = 2;  // the tests' default
constexpr int kFastProfileId = 3;        // source + 160x90, 320x180 ultrafast + AAC audio

// How the server gets kAdminSecret and kUserSecret.
enum class SecretsVia { CommandLine, Environment };

class DevServerProcess {
 public:
  // extra_args are appended to the command line (e.g. {"--fault-rate", "0.3"}).
  explicit DevServerProcess(std::vector<std::string> extra_args = {}, SecretsVia secrets = SecretsVia::CommandLine);
  ~DevServerProcess();
  DevServerProcess(const DevServerProcess&) = delete;
  DevServerProcess& operator=(const DevServerProcess&) = delete;

  // "http://127.0.0.1:PORT": the service URL (clients append /api_v3).
  const std::string& url() const { return url_; }
  std::string api_base() const { return url_ + "/api_v3"; }
  const std::string& data_dir() const { return data_dir_; }
  int port() const { return port_; }
  GPid pid() const { return pid_; }
  bool running() const { return pid_ > 0; }

  void stop();  // SIGTERM and wait
  void kill();  // SIGKILL and wait: a crash
  // SIGSTOP and SIGCONT: a server that holds its connections open and does
  // not answer (hung, or behind a network that drops everything).
  void freeze();
  void thaw();
  // Starts again on the same port and data dir, with these extra args
  // (the original ones when empty).
  void restart(std::vector<std::string> extra_args = {});
  // Request log lines the server printed so far (stdout after the URL line).
  std::string log() const;

 private:
  void start(int port);
  std::vector<std::string> args_;
  SecretsVia secrets_;
  std::string data_dir_;
  std::string url_;
  std::string log_path_;
  int port_ = 0;
  GPid pid_ = 0;
};

}  // namespace testing_support
