// kaltura-devserver's command line (documented by --help and
// docs/devserver.md) into a ServerConfig.
#pragma once

#include <string>

#include "server_context.h"

namespace devserver {

struct CommandLine {
  ServerConfig config;
  bool admin_secret_given = false;
  bool user_secret_given = false;
  // Given through KALTURA_DEVSERVER_ADMIN_SECRET / _USER_SECRET, not an option.
  bool admin_secret_from_environment = false;
  bool user_secret_from_environment = false;
};

// Returns false (with a message in error) on invalid options.
bool parse_command_line(int argc, char** argv, CommandLine& out, std::string& error);

}  // namespace devserver
