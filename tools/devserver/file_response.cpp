#include "file_response.h"

#include <cstdlib>

#include "request_log.h"

namespace devserver {

namespace {

void set_text(FileReply& reply, int status, const std::string& text) {
  reply.status = status;
  reply.content_type = "text/plain";
  if (reply.body) g_bytes_unref(reply.body);
  reply.body = g_bytes_new(text.data(), text.size());
}

// A single "bytes=a-b", "bytes=a-" or "bytes=-n" range of a file of size
// total. Returns false when the header is absent or not a single range
// (the whole file is served); sets unsatisfiable for a range past the end.
bool parse_range(const std::string& header, int64_t total, int64_t& first, int64_t& last, bool& unsatisfiable) {
  unsatisfiable = false;
  const std::string unit = "bytes=";
  if (header.compare(0, unit.size(), unit) != 0) return false;
  std::string spec = header.substr(unit.size());
  if (spec.find(',') != std::string::npos) return false;
  auto dash = spec.find('-');
  if (dash == std::string::npos) return false;
  std::string from = spec.substr(0, dash);
  std::string to = spec.substr(dash + 1);
  auto is_number = [](const std::string& text) {
    if (text.empty()) return false;
    for (char c : text)
      if (!g_ascii_isdigit(c)) return false;
    return true;
  };
  if (from.empty()) {
    if (!is_number(to)) return false;
    int64_t suffix = std::strtoll(to.c_str(), nullptr, 10);
    if (suffix == 0 || total == 0) {
      unsatisfiable = true;
      return true;
    }
    first = suffix >= total ? 0 : total - suffix;
    last = total - 1;
    return true;
  }
  if (!is_number(from) || (!to.empty() && !is_number(to))) return false;
  first = std::strtoll(from.c_str(), nullptr, 10);
  last = to.empty() ? total - 1 : std::min<int64_t>(std::strtoll(to.c_str(), nullptr, 10), total - 1);
  if (!to.empty() && std::strtoll(to.c_str(), nullptr, 10) < first) return false;  // invalid: ignored
  if (first >= total) unsatisfiable = true;
  return true;
}

// With --cdn-redirect a file URL answers 302 to the same file under this
// prefix, which stands for a CDN: Kaltura's download URLs are often
// redirected, and clients must follow them with their Range intact.
constexpr char kCdnPrefix[] = "/cdn";

std::string query_text(const std::map<std::string, std::string>& query) {
  std::string text;
  for (const auto& [name, value] : query) {
    g_autofree char* escaped_name = g_uri_escape_string(name.c_str(), nullptr, FALSE);
    g_autofree char* escaped_value = g_uri_escape_string(value.c_str(), nullptr, FALSE);
    text += (text.empty() ? "?" : "&") + std::string(escaped_name) + "=" + escaped_value;
  }
  return text;
}

// A requested path, with the /cdn prefix a --cdn-redirect answer adds taken off.
struct RequestedPath {
  std::string path;  // what the file routes know: /p/{partnerId}/...
  bool through_cdn = false;
};

RequestedPath route_path_of(const std::string& requested) {
  const std::string cdn = std::string(kCdnPrefix) + "/";
  if (requested.compare(0, cdn.size(), cdn) != 0) return {requested, false};
  return {requested.substr(cdn.size() - 1), true};
}

void answer(ServerContext& server, const RequestedPath& requested, const std::map<std::string, std::string>& query,
            const std::string& range, FileReply& reply) {
  const std::string& route_path = requested.path;
  FileRouteResult target;
  {
    std::lock_guard<std::mutex> lock(server.state_mutex);
    const FileRoute* route = server.find_file_route(route_path);
    if (route) {
      try {
        target = (*route)(route_path, query);
      } catch (const std::exception& error) {
        g_printerr("kaltura-devserver: file route %s failed: %s\n", route_path.c_str(), error.what());
      }
    }
  }
  if (target.kind == FileRouteResult::Kind::Redirect) {
    set_text(reply, 302, "");
    reply.headers.emplace_back("Location", target.redirect_url);
    return;
  }
  if (target.kind != FileRouteResult::Kind::File) {
    set_text(reply, 404, "Not found\n");
    return;
  }
  if (server.config.cdn_redirect && !requested.through_cdn) {
    set_text(reply, 302, "");
    reply.headers.emplace_back("Location", server.base_url() + kCdnPrefix + route_path + query_text(query));
    return;
  }
  g_autoptr(GError) error = nullptr;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new(target.file_path.c_str(), FALSE, &error);
  if (!mapped) {
    set_text(reply, 404, "Not found\n");
    return;
  }
  g_autoptr(GBytes) whole = g_mapped_file_get_bytes(mapped);
  const int64_t total = static_cast<int64_t>(g_bytes_get_size(whole));
  reply.content_type = target.content_type;
  reply.headers.emplace_back("Accept-Ranges", "bytes");
  if (!target.download_name.empty())
    reply.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + target.download_name + "\"");

  int64_t first = 0;
  int64_t last = 0;
  bool unsatisfiable = false;
  if (!range.empty() && parse_range(range, total, first, last, unsatisfiable)) {
    if (unsatisfiable) {
      set_text(reply, 416, "");
      reply.headers.emplace_back("Content-Range", "bytes */" + std::to_string(total));
      return;
    }
    reply.status = 206;
    reply.body = g_bytes_new_from_bytes(whole, static_cast<gsize>(first), static_cast<gsize>(last - first + 1));
    reply.headers.emplace_back("Content-Range", "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" +
                                                    std::to_string(total));
    return;
  }
  reply.status = 200;
  reply.body = g_bytes_ref(whole);
}

}  // namespace

FileReply::~FileReply() {
  if (body) g_bytes_unref(body);
}

void serve_file_route(ServerContext& server, const std::string& path, const std::map<std::string, std::string>& query,
                      const std::string& range, FileReply& reply) {
  const RequestedPath requested = route_path_of(path);
  answer(server, requested, query, range, reply);
  log_file_request(requested.path, range, reply.status, requested.through_cdn);
}

}  // namespace devserver
