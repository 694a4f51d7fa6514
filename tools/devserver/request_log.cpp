#include "request_log.h"

#include <cstdio>
#include <mutex>

namespace devserver {

namespace {

std::mutex& output_mutex() {
  static std::mutex mutex;
  return mutex;
}

// Parameters worth seeing in a log line; nothing secret is on this list.
constexpr const char* kLoggedParams[] = {
    "entryId", "id",        "uploadTokenId", "resume",   "resumeAt", "finalChunk", "type",
    "userId",  "partnerId", "expiry",        "widgetId", "assetId",  "flavorAssetId"};

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
  std::lock_guard<std::mutex> lock(output_mutex());
  std::fputs(text.c_str(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
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
