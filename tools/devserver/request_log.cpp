#include "request_log.h"

#include <glib.h>

#include <cstdio>
#include <mutex>

namespace devserver {

namespace {

std::mutex& output_mutex() {
  static std::mutex mutex;
  return mutex;
}

// When the server started: every line says how long after it was written.
const gint64 kStarted = g_get_monotonic_time();

// Parameters worth seeing in a log line; nothing secret is on this list.
constexpr const char* kLoggedParams[] = {
    "entryId", "id",        "uploadTokenId", "resume",   "resumeAt", "finalChunk", "type",
    "userId",  "partnerId", "expiry",        "widgetId", "assetId",  "flavorAssetId"};

// Ids in the path of a file URL (.../serveFlavor/entryId/0_a/flavorId/0_b/...)
// worth seeing; a path may also carry a KS, which is never written.
constexpr const char* kLoggedPathKeys[] = {"entryId", "entry_id", "flavorId", "flavorParamIds", "attachmentAssetId"};

}  // namespace

std::string printable(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (out.size() >= 80) {
      out += "...";
      break;
    }
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  }
  return out;
}

void log_line(const std::string& text) {
  char written_at[32];
  std::snprintf(written_at, sizeof written_at, " at %.3fs",
                static_cast<double>(g_get_monotonic_time() - kStarted) / G_USEC_PER_SEC);
  std::lock_guard<std::mutex> lock(output_mutex());
  std::fputs(text.c_str(), stdout);
  std::fputs(written_at, stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

void log_file_request(const std::string& path, const std::string& range, int status, bool via_cdn) {
  // "/p/{partnerId}/sp/{sp}/{route}/{key}/{value}/..."
  g_auto(GStrv) segments = g_strsplit(path.c_str(), "/", -1);
  const guint count = g_strv_length(segments);
  const bool partner_route = count > 5 && g_strcmp0(segments[1], "p") == 0 && g_strcmp0(segments[3], "sp") == 0;
  std::string line = "file " + (partner_route ? printable(segments[5]) : std::string("(no route)"));
  if (partner_route)
    for (guint i = 6; i + 1 < count; ++i)
      for (const char* key : kLoggedPathKeys)
        if (g_strcmp0(segments[i], key) == 0) line += " " + std::string(key) + "=" + printable(segments[i + 1]);
  if (!range.empty()) line += " Range=" + printable(range);
  if (via_cdn) line += " via /cdn";
  log_line(line + " -> " + std::to_string(status));
}

void log_call(const std::string& prefix, JsonObject* params, const std::vector<UploadedFile>& files,
              const CallOutcome& outcome) {
  ActionCall view;
  view.params = params;
  std::string line = prefix + printable(outcome.name);
  for (const char* name : kLoggedParams)
    if (view.has(name) && json_node_get_node_type(json_object_get_member(params, name)) == JSON_NODE_VALUE)
      line += " " + std::string(name) + "=" + printable(view.string_param(name));
  for (const auto& file : files) line += " " + printable(file.param) + "=" + std::to_string(file.size) + "B";
  line += outcome.error ? " -> " + outcome.error->code() : " -> ok";
  char duration[32];
  std::snprintf(duration, sizeof duration, " %.1fms", outcome.milliseconds);
  log_line(line + duration);
}

}  // namespace devserver
