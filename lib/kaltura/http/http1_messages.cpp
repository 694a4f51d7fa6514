#include "kaltura/http/http1_messages.h"

#include <algorithm>
#include <cctype>

namespace kaltura::http1 {

namespace {

// Far beyond any api_v3 answer to an upload; a server sending more is broken.
constexpr uint64_t kMaxBodySize = 64 * 1024 * 1024;
constexpr size_t kMaxHeaderFields = 200;

bool malformed(GError** error, const std::string& what) {
  g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the server's HTTP response is malformed (%s)", what.c_str());
  return false;
}

bool ended_early(GError** error) {
  g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "the server closed the connection");
  return false;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// One line without its CR LF (a bare LF is accepted too).
bool read_line(GDataInputStream* in, std::string& line, GCancellable* cancellable, GError** error) {
  gsize length = 0;
  g_autofree char* text = g_data_input_stream_read_line(in, &length, cancellable, error);
  if (!text) return error && *error ? false : ended_early(error);
  line.assign(text, length);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

bool read_exactly(GDataInputStream* in, uint64_t size, std::string& out, GCancellable* cancellable, GError** error) {
  if (out.size() + size > kMaxBodySize) return malformed(error, "body too large");
  const size_t start = out.size();
  out.resize(start + size);
  gsize read = 0;
  if (!g_input_stream_read_all(G_INPUT_STREAM(in), out.data() + start, size, &read, cancellable, error)) return false;
  return read == size || ended_early(error);
}

bool read_to_end(GDataInputStream* in, std::string& out, GCancellable* cancellable, GError** error) {
  char buffer[16384];
  for (;;) {
    const gssize read = g_input_stream_read(G_INPUT_STREAM(in), buffer, sizeof buffer, cancellable, error);
    if (read < 0) return false;
    if (read == 0) return true;
    if (out.size() + read > kMaxBodySize) return malformed(error, "body too large");
    out.append(buffer, read);
  }
}

bool parse_hex(const std::string& text, uint64_t& value) {
  const std::string digits = trimmed(text.substr(0, text.find(';')));  // chunk extensions ignored
  if (digits.empty() || digits.size() > 15) return false;
  value = 0;
  for (char c : digits) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    value = value * 16 + static_cast<uint64_t>(g_ascii_xdigit_value(c));
  }
  return true;
}

bool read_chunked(GDataInputStream* in, std::string& out, GCancellable* cancellable, GError** error) {
  for (;;) {
    std::string line;
    uint64_t size = 0;
    if (!read_line(in, line, cancellable, error)) return false;
    if (!parse_hex(line, size)) return malformed(error, "chunk size");
    if (size == 0) break;
    if (!read_exactly(in, size, out, cancellable, error)) return false;
    if (!read_line(in, line, cancellable, error)) return false;
    if (!line.empty()) return malformed(error, "chunk end");
  }
  // Trailer fields, ignored, up to the empty line.
  for (std::string line;;) {
    if (!read_line(in, line, cancellable, error)) return false;
    if (line.empty()) return true;
  }
}

bool has_token(const std::string* list, const char* token) {
  if (!list) return false;
  gchar** parts = g_strsplit(list->c_str(), ",", -1);
  bool found = false;
  for (gchar** part = parts; *part && !found; ++part) found = lower(trimmed(*part)) == token;
  g_strfreev(parts);
  return found;
}

bool read_head(GDataInputStream* in, Response& response, bool& http11, GCancellable* cancellable, GError** error) {
  std::string line;
  if (!read_line(in, line, cancellable, error)) return false;
  // "HTTP/1.1 200 OK"; the reason may be empty or absent.
  if (line.size() < 12 || line.compare(0, 5, "HTTP/") != 0 || line[8] != ' ') return malformed(error, "status line");
  http11 = line.compare(5, 3, "1.1") == 0;
  const std::string code = line.substr(9, 3);
  if (!std::all_of(code.begin(), code.end(), [](unsigned char c) { return std::isdigit(c); }))
    return malformed(error, "status code");
  response.status = std::stoi(code);
  response.reason = line.size() > 13 ? line.substr(13) : "";
  response.fields.clear();
  for (;;) {
    if (!read_line(in, line, cancellable, error)) return false;
    if (line.empty()) return true;
    const size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0) return malformed(error, "header field");
    if (response.fields.size() == kMaxHeaderFields) return malformed(error, "too many header fields");
    response.fields.emplace_back(lower(line.substr(0, colon)), trimmed(line.substr(colon + 1)));
  }
}

}  // namespace

std::string request_head(const std::string& method, const std::string& target, const HeaderFields& fields) {
  std::string head = method + " " + target + " HTTP/1.1\r\n";
  for (const auto& [name, value] : fields) head += name + ": " + value + "\r\n";
  head += "\r\n";
  return head;
}

const std::string* Response::field(const std::string& name) const {
  for (const auto& [field_name, value] : fields)
    if (field_name == name) return &value;
  return nullptr;
}

bool read_response(GDataInputStream* in, bool body_expected, Response& response, GCancellable* cancellable,
                   GError** error) {
  bool http11 = false;
  do {
    if (!read_head(in, response, http11, cancellable, error)) return false;
  } while (response.status >= 100 && response.status < 200);
  const std::string* connection = response.field("connection");
  response.keep_alive = http11 ? !has_token(connection, "close") : has_token(connection, "keep-alive");
  response.body.clear();
  const bool no_body = !body_expected || response.status == 204 || response.status == 304;
  if (no_body) return true;
  if (has_token(response.field("transfer-encoding"), "chunked"))
    return read_chunked(in, response.body, cancellable, error);
  if (const std::string* length = response.field("content-length")) {
    char* end = nullptr;
    const guint64 size = g_ascii_strtoull(length->c_str(), &end, 10);
    if (length->empty() || *end != '\0') return malformed(error, "Content-Length");
    return read_exactly(in, size, response.body, cancellable, error);
  }
  // Framed by the connection's end: it cannot carry another request.
  response.keep_alive = false;
  return read_to_end(in, response.body, cancellable, error);
}

}  // namespace kaltura::http1
