#include "request_reader.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sys/random.h>

#include <cstdio>

namespace devserver {

namespace {

std::string lowercase(const std::string& text) {
  g_autofree char* lower = g_ascii_strdown(text.c_str(), -1);
  return lower;
}

// The media type without parameters, lowercased.
std::string media_type(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  g_autofree char* stripped = g_strstrip(g_strdup(type.c_str()));
  return lowercase(stripped);
}

void add_form_fields(ParamTree& tree, const std::string& encoded) {
  if (encoded.empty()) return;
  g_autoptr(GHashTable) fields = soup_form_decode(encoded.c_str());
  if (!fields) return;
  GHashTableIter iter;
  gpointer key;
  gpointer value;
  g_hash_table_iter_init(&iter, fields);
  while (g_hash_table_iter_next(&iter, &key, &value))
    tree.set_flat(static_cast<const char*>(key), static_cast<const char*>(value));
}

// "/service/media/action/get/entryId/0_abc" (optionally after index.php).
void add_path_pairs(ParamTree& tree, const std::string& path) {
  g_auto(GStrv) segments = g_strsplit(path.c_str(), "/", -1);
  std::vector<std::string> parts;
  for (char** segment = segments; *segment; ++segment) {
    if (!**segment) continue;
    g_autofree char* decoded = g_uri_unescape_string(*segment, nullptr);
    if (!decoded) continue;
    if (parts.empty() && g_ascii_strcasecmp(decoded, "index.php") == 0) continue;
    parts.emplace_back(decoded);
  }
  for (size_t i = 0; i + 1 < parts.size(); i += 2) tree.set_flat(parts[i], parts[i + 1]);
}

// A JSON text that must be one object; nullptr otherwise.
JsonNodePtr parse_json_object(const char* data, gsize size) {
  g_autofree char* text = g_strndup(data, size);
  g_strstrip(text);
  size_t length = strlen(text);
  if (length < 2 || text[0] != '{' || text[length - 1] != '}') return nullptr;
  g_autoptr(JsonParser) parser = json_parser_new();
  if (!json_parser_load_from_data(parser, text, -1, nullptr)) return nullptr;
  JsonNode* root = json_parser_get_root(parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT(root)) return nullptr;
  return JsonNodePtr(json_node_copy(root));
}

std::string temp_file_name(const std::string& dir) {
  unsigned char random[12];
  size_t filled = 0;
  while (filled < sizeof random) {
    ssize_t got = getrandom(random + filled, sizeof random - filled, 0);
    if (got > 0) filled += static_cast<size_t>(got);
  }
  std::string name = dir + "/part-";
  char hex[3];
  for (unsigned char byte : random) {
    std::snprintf(hex, sizeof hex, "%02x", byte);
    name += hex;
  }
  return name;
}

bool store_part(const std::string& path, GBytes* bytes) {
  gsize size = 0;
  const char* data = static_cast<const char*>(g_bytes_get_data(bytes, &size));
  return g_file_set_contents_full(path.c_str(), data ? data : "", static_cast<gssize>(size),
                                  G_FILE_SET_CONTENTS_NONE, 0600, nullptr);
}

// Returns false when the body is unusable (error_code set).
bool read_multipart(const RequestInput& input, ParsedRequest& out, ParamTree& tree) {
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new(SOUP_MESSAGE_HEADERS_MULTIPART);
  soup_message_headers_replace(headers, "Content-Type", input.content_type.c_str());
  // libsoup wants a line break after the closing boundary; some clients (the
  // official Node.js one) end the body right after its "--".
  g_autoptr(GBytes) body = g_bytes_ref(input.body);
  gsize size = 0;
  const char* data = static_cast<const char*>(g_bytes_get_data(body, &size));
  if (size >= 2 && !(data[size - 2] == '\r' && data[size - 1] == '\n')) {
    GByteArray* completed = g_byte_array_sized_new(static_cast<guint>(size + 2));
    g_byte_array_append(completed, reinterpret_cast<const guint8*>(data), static_cast<guint>(size));
    g_byte_array_append(completed, reinterpret_cast<const guint8*>("\r\n"), 2);
    g_bytes_unref(body);
    body = g_byte_array_free_to_bytes(completed);
  }
  g_autoptr(SoupMultipart) multipart = soup_multipart_new_from_message(headers, body);
  if (!multipart) {
    out.error_code = "UPLOAD_ERROR";
    return false;
  }
  std::vector<std::pair<std::string, std::string>> fields;
  JsonNodePtr json_field;
  bool has_json_field = false;
  for (int i = 0; i < soup_multipart_get_length(multipart); ++i) {
    SoupMessageHeaders* part_headers = nullptr;
    GBytes* part_body = nullptr;
    if (!soup_multipart_get_part(multipart, i, &part_headers, &part_body)) continue;
    g_autofree char* disposition = nullptr;
    g_autoptr(GHashTable) disposition_params = nullptr;
    if (!soup_message_headers_get_content_disposition(part_headers, &disposition, &disposition_params)) continue;
    const char* name = static_cast<const char*>(g_hash_table_lookup(disposition_params, "name"));
    if (!name) continue;
    if (g_hash_table_contains(disposition_params, "filename")) {
      const char* filename = static_cast<const char*>(g_hash_table_lookup(disposition_params, "filename"));
      gsize size = g_bytes_get_size(part_body);
      if (static_cast<int64_t>(size) > input.max_part_bytes) {
        out.error_code = "UPLOAD_ERROR";
        return false;
      }
      UploadedFile file;
      file.param = name;
      file.filename = filename ? filename : "";
      file.path = temp_file_name(input.tmp_dir);
      file.size = static_cast<int64_t>(size);
      if (!store_part(file.path, part_body)) {
        out.error_code = "UPLOAD_ERROR";
        return false;
      }
      out.received.files.push_back(std::move(file));
      continue;
    }
    gsize part_size = 0;
    const char* part_data = static_cast<const char*>(g_bytes_get_data(part_body, &part_size));
    if (g_strcmp0(name, "json") == 0) {
      has_json_field = true;
      json_field = parse_json_object(part_data ? part_data : "", part_size);
    } else {
      fields.emplace_back(name, std::string(part_data ? part_data : "", part_size));
    }
  }
  // With a json field, the other plain fields are ignored (§2.1).
  if (has_json_field) {
    if (json_field) tree.merge_object(json_node_get_object(json_field.get()));
  } else {
    for (const auto& [name, value] : fields) tree.set_flat(name, value);
  }
  return true;
}

}  // namespace

ReceivedFiles::~ReceivedFiles() {
  for (const auto& file : files) g_unlink(file.path.c_str());  // no-op once a module moved it
}

void read_request(const RequestInput& input, ParsedRequest& out) {
  ParamTree tree;
  gsize size = 0;
  const char* data = input.body ? static_cast<const char*>(g_bytes_get_data(input.body, &size)) : nullptr;
  // Lowest precedence first: body, (files are kept aside), query, path.
  if (size > 0) {
    std::string type = media_type(input.content_type);
    if (lowercase(input.content_type) == "application/json") {
      // Exactly this header; anything else (a charset suffix too) ignores the JSON.
      if (JsonNodePtr body = parse_json_object(data, size)) tree.merge_object(json_node_get_object(body.get()));
    } else if (type == "multipart/form-data") {
      if (!read_multipart(input, out, tree)) {
        out.params = tree.finish();
        return;
      }
    } else if (type == "application/x-www-form-urlencoded" || type.empty()) {
      add_form_fields(tree, std::string(data, size));
    }
  }
  add_form_fields(tree, input.query);
  add_path_pairs(tree, input.path);
  out.params = tree.finish();
}

}  // namespace devserver
