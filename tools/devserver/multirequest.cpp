#include "multirequest.h"

#include "request_log.h"

#include <glib.h>

#include <cstdlib>
#include <set>

namespace devserver {

namespace {

bool is_index(const char* name) {
  if (!*name) return false;
  for (const char* c = name; *c; ++c)
    if (!g_ascii_isdigit(*c)) return false;
  return true;
}

CallOutcome injected_failure(JsonObject* call_params) {
  CallOutcome outcome;
  outcome.name = call_name(call_params);
  outcome.error = ApiError("INTERNAL_SERVERL_ERROR");
  outcome.result.reset(outcome.error->to_json());
  return outcome;
}

std::string scalar_text(JsonNode* node) {
  if (!node || !JSON_NODE_HOLDS_VALUE(node)) return "";
  switch (json_node_get_value_type(node)) {
    case G_TYPE_STRING:
      return json_node_get_string(node);
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean(node) ? "1" : "";  // as PHP turns a bool into text
    case G_TYPE_DOUBLE: {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      return g_ascii_dtostr(buffer, sizeof buffer, json_node_get_double(node));
    }
    default:
      return std::to_string(json_node_get_int(node));
  }
}

// "objects:0:id" inside a result.
std::string follow_path(JsonNode* node, const std::string& path) {
  g_auto(GStrv) steps = g_strsplit(path.c_str(), ":", -1);
  for (char** step = steps; *step && node; ++step) {
    if (!**step) continue;
    if (JSON_NODE_HOLDS_OBJECT(node)) {
      JsonObject* object = json_node_get_object(node);
      node = json_object_has_member(object, *step) ? json_object_get_member(object, *step) : nullptr;
    } else if (JSON_NODE_HOLDS_ARRAY(node) && is_index(*step)) {
      JsonArray* array = json_node_get_array(node);
      guint index = static_cast<guint>(std::atoll(*step));
      node = index < json_array_get_length(array) ? json_array_get_element(array, index) : nullptr;
    } else {
      node = nullptr;
    }
  }
  return scalar_text(node);
}

void resolve_all(JsonNode* node, const std::vector<CallOutcome>& done) {
  if (JSON_NODE_HOLDS_OBJECT(node)) {
    JsonObject* object = json_node_get_object(node);
    g_autoptr(GList) members = json_object_get_members(object);
    for (GList* item = members; item; item = item->next)
      resolve_all(json_object_get_member(object, static_cast<const char*>(item->data)), done);
  } else if (JSON_NODE_HOLDS_ARRAY(node)) {
    JsonArray* array = json_node_get_array(node);
    for (guint i = 0; i < json_array_get_length(array); ++i) resolve_all(json_array_get_element(array, i), done);
  } else if (JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_STRING) {
    std::string text = json_node_get_string(node);
    std::string resolved = resolve_reference(text, done);
    if (resolved != text) json_node_set_string(node, resolved.c_str());
  }
}

}  // namespace

std::string resolve_reference(const std::string& text, const std::vector<CallOutcome>& done) {
  for (size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
    size_t close = text.find('}', open);
    if (close == std::string::npos) return text;
    std::string inner = text.substr(open + 1, close - open - 1);  // "k:result[:path]"
    size_t colon = inner.find(':');
    if (colon == std::string::npos || !is_index(inner.substr(0, colon).c_str())) continue;
    std::string rest = inner.substr(colon + 1);
    if (rest != "result" && rest.compare(0, 7, "result:") != 0) continue;
    long long position = std::atoll(inner.substr(0, colon).c_str());
    // Not executed yet: stays literal.
    if (position < 1 || position > static_cast<long long>(done.size())) return text;
    const CallOutcome& referenced = done[static_cast<size_t>(position - 1)];
    std::string value;
    if (!referenced.error) {
      value = rest == "result" ? scalar_text(referenced.result.get())
                               : follow_path(referenced.result.get(), rest.substr(7));
    }
    return text.substr(0, open) + value + text.substr(close + 1);
  }
  return text;
}

std::vector<CallOutcome> run_multirequest(CallDispatcher& dispatcher, JsonObject* params,
                                          const std::vector<UploadedFile>& files,
                                          const std::function<bool(const std::string&)>& failing) {
  std::set<long long> indices;
  g_autoptr(GList) members = json_object_get_members(params);
  for (GList* item = members; item; item = item->next) {
    const char* name = static_cast<const char*>(item->data);
    if (is_index(name) && JSON_NODE_HOLDS_OBJECT(json_object_get_member(params, name))) indices.insert(std::atoll(name));
  }
  std::vector<CallOutcome> done;
  if (indices.empty()) return done;
  for (long long index = *indices.begin();; ++index) {
    const std::string key = std::to_string(index);
    if (!json_object_has_member(params, key.c_str())) break;
    JsonNode* member = json_object_get_member(params, key.c_str());
    if (!JSON_NODE_HOLDS_OBJECT(member)) break;
    // Each sub-request's parameters are used once, so they are completed in place.
    JsonObject* call_params = json_node_get_object(member);
    if (!json_object_has_member(call_params, "service") || !json_object_has_member(call_params, "action")) break;

    for (const char* common : {"ks", "clientTag", "partnerId"})
      if (!json_object_has_member(call_params, common) && json_object_has_member(params, common))
        json_object_set_member(call_params, common, json_object_dup_member(params, common));
    resolve_all(member, done);

    const std::string prefix = key + ":";
    std::vector<UploadedFile> call_files;
    for (const auto& file : files) {
      if (file.param.compare(0, prefix.size(), prefix) != 0) continue;
      UploadedFile own = file;
      own.param = file.param.substr(prefix.size());
      call_files.push_back(std::move(own));
    }
    CallOutcome outcome = failing && failing(call_name(call_params)) ? injected_failure(call_params)
                                                                     : dispatcher.run(call_params, call_files);
    log_call("multirequest[" + std::to_string(done.size() + 1) + "] ", call_params, call_files, outcome);
    done.push_back(std::move(outcome));
  }
  return done;
}

}  // namespace devserver
