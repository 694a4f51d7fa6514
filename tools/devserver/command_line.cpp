#include "command_line.h"

#include <glib.h>

#include <cstring>
#include <sstream>

#include "fault_injector.h"
#include "services/conversion_profile_catalogue.h"
#include "services/flavor_params_catalogue.h"

namespace devserver {

namespace {

std::vector<std::string> comma_list(const char* text) {
  std::vector<std::string> items;
  if (!text) return items;
  std::stringstream list(text);
  std::string item;
  while (std::getline(list, item, ',')) {
    g_autofree char* trimmed = g_strstrip(g_ascii_strdown(item.c_str(), -1));
    if (*trimmed) items.emplace_back(trimmed);
  }
  return items;
}

// "2,101" -> {2, 101}; false when an item is not a known flavor params id.
bool parse_flavor_params_ids(const char* text, std::vector<int64_t>& ids, std::string& error) {
  for (const auto& item : comma_list(text)) {
    char* end = nullptr;
    const int64_t id = g_ascii_strtoll(item.c_str(), &end, 10);
    if (*end != '\0' || !find_flavor_params(id)) {
      error = "--fault-conversion-params: \"" + item + "\" is not a flavor params id (see flavorParams.list)";
      return false;
    }
    ids.push_back(id);
  }
  return true;
}

// The option's value when given, else the environment variable's ("" if neither).
std::string option_or_environment(const char* option, const char* variable) {
  if (option && *option) return option;
  const char* value = g_getenv(variable);
  return value ? value : "";
}

}  // namespace

bool parse_command_line(int argc, char** argv, CommandLine& out, std::string& error) {
  ServerConfig& config = out.config;
  g_autofree char* host = nullptr;
  g_autofree char* data_dir = nullptr;
  g_autofree char* admin_secret = nullptr;
  g_autofree char* user_secret = nullptr;
  g_autofree char* fault_actions = nullptr;
  g_autofree char* fault_kinds = nullptr;
  g_autofree char* fault_conversion_params = nullptr;
  g_autofree char* proxy_credentials = nullptr;
  int port = config.port;
  int partner_id = config.partner_id;
  gint64 max_part = config.max_part_bytes;
  int ks_expiry = config.max_ks_expiry;
  double fault_rate = 0;
  gint64 fault_seed = -1;
  int fault_timeout = config.fault_timeout_ms;
  int latency = 0;
  int processing_delay = config.processing_delay_ms;
  gint64 default_profile = config.default_conversion_profile_id;
  int conversion_workers = config.conversion_workers;
  gboolean no_deferred_attach = FALSE;
  gboolean virus_scan = FALSE;
  gboolean cdn_redirect = FALSE;

  GOptionEntry entries[] = {
      {"host", 0, 0, G_OPTION_ARG_STRING, &host, "IP address to listen on (default 127.0.0.1, loopback only)", "ADDR"},
      {"port", 0, 0, G_OPTION_ARG_INT, &port, "TCP port (default 8080; 0 picks a free port)", "N"},
      {"data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
       "Directory of the database and content (default: a fresh temporary directory, removed at exit)", "DIR"},
      {"partner-id", 0, 0, G_OPTION_ARG_INT, &partner_id, "The partner id (default 100)", "ID"},
      {"admin-secret", 0, 0, G_OPTION_ARG_STRING, &admin_secret,
       "The partner's admin secret (default: $KALTURA_DEVSERVER_ADMIN_SECRET, else a dev default)", "S"},
      {"user-secret", 0, 0, G_OPTION_ARG_STRING, &user_secret,
       "The partner's user secret (default: $KALTURA_DEVSERVER_USER_SECRET, else a dev default)", "S"},
      {"max-part-size", 0, 0, G_OPTION_ARG_INT64, &max_part,
       "Largest file part accepted, in bytes (default 268435456); larger parts fail with UPLOAD_ERROR, larger "
       "bodies with HTTP 413",
       "BYTES"},
      {"ks-expiry", 0, 0, G_OPTION_ARG_INT, &ks_expiry, "Longest session lifetime in seconds (default 86400)",
       "SECONDS"},
      {"fault-rate", 0, 0, G_OPTION_ARG_DOUBLE, &fault_rate,
       "Probability (0..1) that an API request gets an injected fault (default 0)", "P"},
      {"fault-actions", 0, 0, G_OPTION_ARG_STRING, &fault_actions,
       "Comma list of service.action (lowercase) that faults apply to (default: all)", "LIST"},
      {"fault-kinds", 0, 0, G_OPTION_ARG_STRING, &fault_kinds,
       "Comma list of http500, reset, timeout, api-error, apply-then-drop (default: these five), call-error", "LIST"},
      {"fault-seed", 0, 0, G_OPTION_ARG_INT64, &fault_seed, "Seed of the fault sequence, for reproducible runs", "N"},
      {"fault-timeout-ms", 0, 0, G_OPTION_ARG_INT, &fault_timeout,
       "How long a timeout fault holds a request before closing it (default 30000)", "MS"},
      {"latency-ms", 0, 0, G_OPTION_ARG_INT, &latency, "Delay added before every API request (default 0)", "MS"},
      {"processing-delay-ms", 0, 0, G_OPTION_ARG_INT, &processing_delay,
       "Pause between the processing statuses of new content (default 200)", "MS"},
      {"default-conversion-profile", 0, 0, G_OPTION_ARG_INT64, &default_profile,
       "Conversion profile of entries that name none: 1 Default (renditions), 2 Source only, 3 Fast (default 1)", "ID"},
      {"conversion-workers", 0, 0, G_OPTION_ARG_INT, &conversion_workers,
       "How many renditions are transcoded at once (default 2)", "N"},
      {"fault-conversion-params", 0, 0, G_OPTION_ARG_STRING, &fault_conversion_params,
       "Comma list of flavor params ids whose conversions fail (default: none)", "LIST"},
      {"no-deferred-attach", 0, 0, G_OPTION_ARG_NONE, &no_deferred_attach,
       "Attach only complete upload tokens (UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY otherwise), like Kaltura "
       "servers that predate deferred attachment",
       nullptr},
      {"virus-scan", 0, 0, G_OPTION_ARG_NONE, &virus_scan,
       "Scan each entry's source as Kaltura's virus scan plugin does: a source that is the EICAR test file leaves "
       "the entry in status virusScan.Infected",
       nullptr},
      {"cdn-redirect", 0, 0, G_OPTION_ARG_NONE, &cdn_redirect,
       "Answer every file URL (serveFlavor, raw, serveAttachment) with a redirect to the same file under /cdn, as "
       "Kaltura's download URLs often redirect to a CDN",
       nullptr},
      {"proxy-credentials", 0, 0, G_OPTION_ARG_STRING, &proxy_credentials,
       "Answer proxy-form requests (an absolute URI as the target, as sent to a proxy) with 407 unless they carry "
       "these credentials as Basic Proxy-Authorization, as a proxy that asks for a password does",
       "USER:PASSWORD"},
      {nullptr, 0, 0, G_OPTION_ARG_NONE, nullptr, nullptr, nullptr},
  };
  g_autoptr(GOptionContext) context = g_option_context_new("- a Kaltura-compatible api_v3 server for development");
  g_option_context_set_summary(context,
                               "Serves the Kaltura API (sessions, app tokens, upload tokens, entries, flavors,\n"
                               "attachments) on one machine. The first line on stdout is the service URL;\n"
                               "clients append /api_v3. Then one line per API call.");
  g_option_context_set_description(context, "Documentation: docs/devserver.md");
  g_option_context_add_main_entries(context, entries, nullptr);
  g_autoptr(GError) parse_error = nullptr;
  if (!g_option_context_parse(context, &argc, &argv, &parse_error)) {
    error = parse_error->message;
    return false;
  }
  if (argc > 1) {
    error = std::string("unexpected argument \"") + argv[1] + "\"";
    return false;
  }
  if (port < 0 || port > 65535) {
    error = "--port must be between 0 and 65535";
    return false;
  }
  if (partner_id <= 0) {
    error = "--partner-id must be positive";
    return false;
  }
  if (max_part <= 0) {
    error = "--max-part-size must be positive";
    return false;
  }
  if (ks_expiry <= 0) {
    error = "--ks-expiry must be positive";
    return false;
  }
  if (!(fault_rate >= 0 && fault_rate <= 1)) {
    error = "--fault-rate must be between 0 and 1";
    return false;
  }
  if (fault_timeout < 0 || latency < 0 || processing_delay < 0) {
    error = "--fault-timeout-ms, --latency-ms and --processing-delay-ms cannot be negative";
    return false;
  }
  if (!find_conversion_profile(default_profile)) {
    error = "--default-conversion-profile: no conversion profile " + std::to_string(default_profile) +
            " (use 1, 2 or 3)";
    return false;
  }
  if (conversion_workers < 1) {
    error = "--conversion-workers must be at least 1";
    return false;
  }
  if (proxy_credentials && !strchr(proxy_credentials, ':')) {
    error = "--proxy-credentials takes USER:PASSWORD";
    return false;
  }
  if (!parse_flavor_params_ids(fault_conversion_params, config.fault_conversion_params, error)) return false;
  config.fault_kinds = comma_list(fault_kinds);
  for (const auto& kind : config.fault_kinds) {
    if (FaultInjector::parse(kind) == FaultKind::None) {
      error = "unknown fault kind \"" + kind + "\" (use http500, reset, timeout, api-error, apply-then-drop)";
      return false;
    }
  }
  if (host) config.host = host;
  if (data_dir) config.data_dir = data_dir;
  // A secret on the command line is visible to every local user (ps), so
  // each may come from the environment instead; the option wins when both are set.
  const std::string admin = option_or_environment(admin_secret, "KALTURA_DEVSERVER_ADMIN_SECRET");
  const std::string user = option_or_environment(user_secret, "KALTURA_DEVSERVER_USER_SECRET");
  out.admin_secret_given = !admin.empty();
  out.user_secret_given = !user.empty();
  out.admin_secret_from_environment = out.admin_secret_given && !(admin_secret && *admin_secret);
  out.user_secret_from_environment = out.user_secret_given && !(user_secret && *user_secret);
  if (out.admin_secret_given) config.admin_secret = admin;
  if (out.user_secret_given) config.user_secret = user;
  if (config.admin_secret == config.user_secret) {
    error = "the admin and user secrets must differ";
    return false;
  }
  config.port = port;
  config.partner_id = partner_id;
  config.max_part_bytes = max_part;
  config.max_ks_expiry = ks_expiry;
  config.fault_rate = fault_rate;
  config.fault_actions = comma_list(fault_actions);
  config.fault_seed = fault_seed;
  config.fault_timeout_ms = fault_timeout;
  config.latency_ms = latency;
  config.processing_delay_ms = processing_delay;
  config.default_conversion_profile_id = default_profile;
  config.conversion_workers = conversion_workers;
  config.deferred_attach = !no_deferred_attach;
  config.cdn_redirect = cdn_redirect;
  config.virus_scan = virus_scan;
  if (proxy_credentials) config.proxy_credentials = proxy_credentials;
  return true;
}

}  // namespace devserver
