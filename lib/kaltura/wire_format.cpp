#include "kaltura/wire_format.h"

namespace kaltura::wire {

namespace {

std::string nested_name(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "[" + name + "]";
}

std::string scalar_text(JsonNode* node) {
  switch (json_node_get_value_type(node)) {
    case G_TYPE_STRING:
      return json_node_get_string(node);
    case G_TYPE_INT64:
      return std::to_string(json_node_get_int(node));
    case G_TYPE_DOUBLE: {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      return g_ascii_dtostr(buffer, sizeof buffer, json_node_get_double(node));
    }
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean(node) ? "true" : "false";
    default:
      return "";
  }
}

void flatten_node(JsonNode* node, const std::string& name, Fields& out) {
  if (JSON_NODE_HOLDS_OBJECT(node)) {
    flatten(json_node_get_object(node), name, out);
  } else if (JSON_NODE_HOLDS_ARRAY(node)) {
    JsonArray* array = json_node_get_array(node);
    guint length = json_array_get_length(array);
    if (length == 0) out.emplace_back(name + "[-]", "");
    for (guint i = 0; i < length; ++i)
      flatten_node(json_array_get_element(array, i), nested_name(name, std::to_string(i)), out);
  } else if (JSON_NODE_HOLDS_NULL(node)) {
    out.emplace_back(name + "__null", "");
  } else {
    out.emplace_back(name, scalar_text(node));
  }
}

void append_common(Fields& out, const std::string& ks, const std::string& client_tag) {
  out.emplace_back("format", "1");
  if (!ks.empty()) out.emplace_back("ks", ks);
  if (!client_tag.empty()) out.emplace_back("clientTag", client_tag);
}

// Form encoding: everything but unreserved characters is %-escaped.
void append_escaped(std::string& out, const std::string& text) {
  g_autofree char* escaped = g_uri_escape_string(text.c_str(), nullptr, FALSE);
  out += escaped;
}

// Header parameter values cannot hold quotes or line breaks.
std::string quoted_header_value(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"') out += "%22";
    else if (c == '\r' || c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

}  // namespace

void flatten(JsonObject* params, const std::string& prefix, Fields& out) {
  JsonObjectIter iter;
  const char* name;
  JsonNode* member;
  json_object_iter_init(&iter, params);
  while (json_object_iter_next(&iter, &name, &member)) flatten_node(member, nested_name(prefix, name), out);
}

Fields call_fields(const Request& request, const std::string& ks, const std::string& client_tag) {
  Fields out;
  append_common(out, ks, client_tag);
  flatten(request.params.json(), "", out);
  return out;
}

Fields multirequest_fields(const MultiRequest& batch, const std::string& ks, const std::string& client_tag) {
  Fields out;
  append_common(out, ks, client_tag);
  int position = 0;
  for (const Request& request : batch.requests()) {
    const std::string prefix = std::to_string(++position) + ":";
    out.emplace_back(prefix + "service", request.service);
    out.emplace_back(prefix + "action", request.action);
    Fields params;
    flatten(request.params.json(), "", params);
    for (auto& [name, value] : params) out.emplace_back(prefix + name, std::move(value));
  }
  return out;
}

std::vector<FilePart> multirequest_files(const MultiRequest& batch) {
  std::vector<FilePart> files;
  int position = 0;
  for (const Request& request : batch.requests()) {
    ++position;
    for (const FilePart& file : request.files) {
      FilePart renamed = file;
      renamed.param = std::to_string(position) + ":" + file.param;
      files.push_back(std::move(renamed));
    }
  }
  return files;
}

std::string call_path(const Request& request) {
  return "/service/" + request.service + "/action/" + request.action;
}

Body::Body(Body&& other) noexcept
    : content_type_(std::move(other.content_type_)), blocks_(std::move(other.blocks_)), size_(other.size_) {
  other.blocks_.clear();
  other.size_ = 0;
}

Body& Body::operator=(Body&& other) noexcept {
  if (this != &other) {
    std::swap(content_type_, other.content_type_);
    std::swap(blocks_, other.blocks_);
    std::swap(size_, other.size_);
  }
  return *this;
}

Body::~Body() {
  for (GBytes* block : blocks_) g_bytes_unref(block);
}

void Body::append(const std::string& text) {
  if (text.empty()) return;
  blocks_.push_back(g_bytes_new(text.data(), text.size()));
  size_ += text.size();
}

void Body::append(GBytes* bytes) {
  if (!bytes || g_bytes_get_size(bytes) == 0) return;
  blocks_.push_back(g_bytes_ref(bytes));
  size_ += g_bytes_get_size(bytes);
}

GInputStream* Body::new_stream() const {
  GInputStream* stream = g_memory_input_stream_new();
  for (GBytes* block : blocks_) g_memory_input_stream_add_bytes(G_MEMORY_INPUT_STREAM(stream), block);
  return stream;
}

std::string Body::to_string() const {
  std::string text;
  text.reserve(size_);
  for (GBytes* block : blocks_) {
    gsize size = 0;
    const char* data = static_cast<const char*>(g_bytes_get_data(block, &size));
    text.append(data, size);
  }
  return text;
}

Body Body::urlencoded(const Fields& fields) {
  Body body;
  body.content_type_ = "application/x-www-form-urlencoded";
  std::string text;
  for (const auto& [name, value] : fields) {
    if (!text.empty()) text += '&';
    append_escaped(text, name);
    text += '=';
    append_escaped(text, value);
  }
  body.append(text);
  return body;
}

Body Body::multipart(const Fields& fields, const std::vector<FilePart>& files, const std::string& boundary) {
  Body body;
  body.content_type_ = "multipart/form-data; boundary=" + boundary;
  std::string text;
  for (const auto& [name, value] : fields) {
    text += "--" + boundary + "\r\n";
    text += "Content-Disposition: form-data; name=\"" + quoted_header_value(name) + "\"\r\n\r\n";
    text += value + "\r\n";
  }
  for (const FilePart& file : files) {
    text += "--" + boundary + "\r\n";
    text += "Content-Disposition: form-data; name=\"" + quoted_header_value(file.param) + "\"; filename=\"" +
            quoted_header_value(file.filename.empty() ? "chunk" : file.filename) + "\"\r\n";
    text += "Content-Type: application/octet-stream\r\n\r\n";
    body.append(text);
    for (GBytes* block : file.blocks()) body.append(block);
    text = "\r\n";
  }
  text += "--" + boundary + "--\r\n";
  body.append(text);
  return body;
}

// A long run of one character and a short random part (64 bits, never met in
// a file by chance): servers find the delimiter with substring searches that
// skip ahead by the delimiter's length wherever a pair of the data's bytes
// does not occur in it, so fewer distinct pairs and a longer delimiter make
// them scan a chunk faster (glibc's memmem: 1.4 times, with the data in cache).
std::string random_boundary() {
  char text[72];
  g_snprintf(text, sizeof text, "--------------------------------gst-kaltura-%08x%08x", g_random_int(), g_random_int());
  return text;
}

}  // namespace kaltura::wire
