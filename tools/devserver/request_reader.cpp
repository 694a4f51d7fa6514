#include "request_reader.h"

#include <libsoup/soup.h>

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

// The plain fields go into the tree, the files to out; an unusable body
// sets out.error_code instead.
void read_multipart(MultipartForm& form, ParsedRequest& out, ParamTree& tree) {
  if (!form.error_code.empty()) {
    out.error_code = form.error_code;
    return;
  }
  out.received.files = std::move(form.received.files);
  form.received.files.clear();
  // With a json field (the last, if several), the other plain fields are ignored (§2.1).
  for (auto field = form.fields.rbegin(); field != form.fields.rend(); ++field) {
    if (field->first != "json") continue;
    if (JsonNodePtr json = parse_json_object(field->second.data(), field->second.size()))
      tree.merge_object(json_node_get_object(json.get()));
    return;
  }
  for (const auto& [name, value] : form.fields) tree.set_flat(name, value);
}

}  // namespace

void read_request(const RequestInput& input, ParsedRequest& out) {
  ParamTree tree;
  gsize size = 0;
  const char* data = input.body ? static_cast<const char*>(g_bytes_get_data(input.body, &size)) : nullptr;
  // Lowest precedence first: body, (files are kept aside), query, path.
  if (input.form) {
    // An unusable body still leaves the query and the path (their format
    // picks the error's).
    read_multipart(*input.form, out, tree);
  } else if (size > 0) {
    std::string type = media_type(input.content_type);
    if (lowercase(input.content_type) == "application/json") {
      // Exactly this header; anything else (a charset suffix too) ignores the JSON.
      if (JsonNodePtr body = parse_json_object(data, size)) tree.merge_object(json_node_get_object(body.get()));
    } else if (type == "application/x-www-form-urlencoded" || type.empty()) {
      add_form_fields(tree, std::string(data, size));
    }
  }
  add_form_fields(tree, input.query);
  add_path_pairs(tree, input.path);
  out.params = tree.finish();
}

}  // namespace devserver
