#include "devserver_process.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace testing_support {

namespace {

std::string devserver_binary() {
  const char* path = g_getenv("KALTURA_DEVSERVER");
  if (!path || !*path) g_error("KALTURA_DEVSERVER is not set: run the tests through meson test");
  return path;
}

void remove_tree(const std::string& path) {
  GDir* dir = g_dir_open(path.c_str(), 0, nullptr);
  if (dir) {
    while (const char* name = g_dir_read_name(dir)) {
      std::string child = path + "/" + name;
      if (g_file_test(child.c_str(), G_FILE_TEST_IS_DIR) && !g_file_test(child.c_str(), G_FILE_TEST_IS_SYMLINK))
        remove_tree(child);
      else
        g_unlink(child.c_str());
    }
    g_dir_close(dir);
  }
  g_rmdir(path.c_str());
}

}  // namespace

DevServerProcess::DevServerProcess(std::vector<std::string> extra_args, SecretsVia secrets)
    : args_(std::move(extra_args)), secrets_(secrets) {
  g_autoptr(GError) error = nullptr;
  g_autofree char* dir = g_dir_make_tmp("kaltura-devserver-test-XXXXXX", &error);
  if (!dir) g_error("cannot make a temporary directory: %s", error->message);
  data_dir_ = dir;
  log_path_ = data_dir_ + ".log";
  start(0);
}

DevServerProcess::~DevServerProcess() {
  stop();
  remove_tree(data_dir_);
  g_unlink(log_path_.c_str());
}

void DevServerProcess::start(int port) {
  std::vector<std::string> argv = {devserver_binary(),        "--host",     "127.0.0.1", "--port",
                                   std::to_string(port),      "--data-dir", data_dir_,   "--partner-id",
                                   std::to_string(kPartnerId)};
  // The environment is made before fork(): the child only calls execve().
  g_auto(GStrv) environment = g_get_environ();
  if (secrets_ == SecretsVia::CommandLine) {
    argv.insert(argv.end(), {"--admin-secret", kAdminSecret, "--user-secret", kUserSecret});
  } else {
    environment = g_environ_setenv(environment, "KALTURA_DEVSERVER_ADMIN_SECRET", kAdminSecret, TRUE);
    environment = g_environ_setenv(environment, "KALTURA_DEVSERVER_USER_SECRET", kUserSecret, TRUE);
  }
  // Unless the test chooses a default profile, entries are not transcoded.
  if (std::find(args_.begin(), args_.end(), "--default-conversion-profile") == args_.end())
    argv.insert(argv.end(), {"--default-conversion-profile", std::to_string(kSourceOnlyProfileId)});
  argv.insert(argv.end(), args_.begin(), args_.end());
  std::vector<char*> c_argv;
  for (auto& arg : argv) c_argv.push_back(arg.data());
  c_argv.push_back(nullptr);

  // stdout goes to a log file; the first line is the URL.
  int log_fd = g_open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (log_fd < 0) g_error("cannot open %s", log_path_.c_str());
  off_t start_offset = lseek(log_fd, 0, SEEK_END);
  pid_t pid = fork();
  if (pid < 0) g_error("fork failed");
  if (pid == 0) {
    // A test that aborts must not leave its server running (holding the
    // test's stderr open, so the runner would wait for its timeout).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() == 1) _exit(127);
    dup2(log_fd, STDOUT_FILENO);
    execve(c_argv[0], c_argv.data(), environment);
    _exit(127);
  }
  close(log_fd);
  pid_ = pid;

  // Wait (up to 20 s) for the URL line.
  for (int i = 0; i < 400; ++i) {
    std::ifstream in(log_path_);
    in.seekg(start_offset);
    std::string line;
    if (std::getline(in, line) && !in.eof()) {
      url_ = line;
      auto colon = url_.rfind(':');
      port_ = std::atoi(url_.c_str() + colon + 1);
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = 0;
      g_error("kaltura-devserver exited before printing its URL (status %d)", status);
    }
    g_usleep(50000);
  }
  g_error("kaltura-devserver did not print its URL within 20 s");
}

void DevServerProcess::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 200; ++i) {  // 10 s, then force
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = 0;
      return;
    }
    g_usleep(50000);
  }
  this->kill();
}

void DevServerProcess::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = 0;
}

void DevServerProcess::freeze() {
  if (pid_ > 0) ::kill(pid_, SIGSTOP);
}

void DevServerProcess::thaw() {
  if (pid_ > 0) ::kill(pid_, SIGCONT);
}

void DevServerProcess::restart(std::vector<std::string> extra_args) {
  stop();
  if (!extra_args.empty()) args_ = std::move(extra_args);
  start(port_);
}

std::string DevServerProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace testing_support
