// kaltura-devserver: a Kaltura-compatible api_v3 server for development,
// examples and tests. See docs/devserver.md.
#include <glib-unix.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include <csignal>
#include <cstdio>
#include <memory>

#include "command_line.h"
#include "http_frontend.h"
#include "server_context.h"

namespace {

void remove_tree(const std::string& path) {
  if (g_file_test(path.c_str(), G_FILE_TEST_IS_DIR) && !g_file_test(path.c_str(), G_FILE_TEST_IS_SYMLINK)) {
    if (g_autoptr(GDir) dir = g_dir_open(path.c_str(), 0, nullptr))
      while (const char* name = g_dir_read_name(dir)) remove_tree(path + "/" + name);
    g_rmdir(path.c_str());
  } else {
    g_unlink(path.c_str());
  }
}

gboolean quit_loop(gpointer loop) {
  g_main_loop_quit(static_cast<GMainLoop*>(loop));
  return G_SOURCE_CONTINUE;
}

void register_modules(devserver::ServerContext& server) {
  devserver::register_session_services(server);
  devserver::register_upload_token_service(server);
  devserver::register_entry_services(server);
  devserver::register_asset_services(server);
  devserver::register_delivery_routes(server);
}

}  // namespace

int main(int argc, char** argv) {
  // A client that goes away mid-answer must not kill the server.
  std::signal(SIGPIPE, SIG_IGN);

  devserver::CommandLine command_line;
  std::string error;
  if (!devserver::parse_command_line(argc, argv, command_line, error)) {
    g_printerr("kaltura-devserver: %s (see --help)\n", error.c_str());
    return 2;
  }
  devserver::ServerConfig& config = command_line.config;
  // Before any thread exists: GStreamer initialised lazily by two processing
  // threads at once can come up without its plugins.
  gst_init(nullptr, nullptr);

  std::string temporary_dir;
  if (config.data_dir.empty()) {
    g_autoptr(GError) dir_error = nullptr;
    g_autofree char* dir = g_dir_make_tmp("kaltura-devserver-XXXXXX", &dir_error);
    if (!dir) {
      g_printerr("kaltura-devserver: cannot create a temporary data directory: %s\n", dir_error->message);
      return 1;
    }
    temporary_dir = config.data_dir = dir;
    g_printerr("kaltura-devserver: no --data-dir given: using the temporary directory %s (removed at exit)\n", dir);
  }

  int status = 0;
  {
    std::unique_ptr<devserver::ServerContext> server;
    try {
      server = std::make_unique<devserver::ServerContext>(config);
      register_modules(*server);
    } catch (const std::exception& failure) {
      g_printerr("kaltura-devserver: cannot open the data directory %s (%s)\n", config.data_dir.c_str(),
                 failure.what());
      return 1;
    }
    devserver::HttpFrontend frontend(*server);
    g_autoptr(GError) listen_error = nullptr;
    std::string url = frontend.listen(&listen_error);
    if (url.empty()) {
      g_printerr("kaltura-devserver: cannot listen on %s:%d: %s\n", config.host.c_str(), config.port,
                 listen_error ? listen_error->message : "unknown error");
      status = 1;
    } else {
      server->set_base_url(url);
      std::printf("%s\n", url.c_str());
      std::fflush(stdout);
      g_printerr("kaltura-devserver: partner %d, API at %s/api_v3, data in %s\n", config.partner_id, url.c_str(),
                 config.data_dir.c_str());
      // Development defaults are shown so that a newcomer can start a session.
      if (!command_line.admin_secret_given)
        g_printerr("kaltura-devserver: admin secret (development default): %s\n", config.admin_secret.c_str());
      if (!command_line.user_secret_given)
        g_printerr("kaltura-devserver: user secret (development default): %s\n", config.user_secret.c_str());
      // Where a secret came from when it is not shown: a variable left
      // exported from another session is otherwise hard to suspect.
      if (command_line.admin_secret_from_environment)
        g_printerr("kaltura-devserver: admin secret from $KALTURA_DEVSERVER_ADMIN_SECRET\n");
      if (command_line.user_secret_from_environment)
        g_printerr("kaltura-devserver: user secret from $KALTURA_DEVSERVER_USER_SECRET\n");

      g_autoptr(GMainLoop) loop = g_main_loop_new(nullptr, FALSE);
      guint term = g_unix_signal_add(SIGTERM, quit_loop, loop);
      guint interrupt = g_unix_signal_add(SIGINT, quit_loop, loop);
      g_main_loop_run(loop);
      g_source_remove(term);
      g_source_remove(interrupt);
      g_printerr("kaltura-devserver: stopping\n");
    }
  }
  if (!temporary_dir.empty()) remove_tree(temporary_dir);
  return status;
}
