#include "test_upload_token_api.h"

#include <glib.h>


namespace upload_token_test {

namespace {

std::string action_url(const DevServerProcess& server, const std::string& service, const std::string& action) {
  return server.api_base() + "/service/" + service + "/action/" + action;
}

JsonNode* member(JsonObject* object, const char* name) {
  return object && json_object_has_member(object, name) ? json_object_get_member(object, name) : nullptr;
}

std::string node_text(JsonNode* node) {
  if (!node || JSON_NODE_TYPE(node) != JSON_NODE_VALUE) return "";
  switch (json_node_get_value_type(node)) {
    case G_TYPE_STRING:
      return json_node_get_string(node);
    case G_TYPE_INT64:
      return std::to_string(json_node_get_int(node));
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean(node) ? "true" : "false";
    case G_TYPE_DOUBLE:
      return std::to_string(json_node_get_double(node));
    default:
      return "";
  }
}

}  // namespace

Reply::Reply(std::string body) : body_(std::move(body)) {
  g_autoptr(JsonParser) parser = json_parser_new();
  if (!json_parser_load_from_data(parser, body_.c_str(), static_cast<gssize>(body_.size()), nullptr))
    g_error("the server did not answer JSON: %s", body_.c_str());
  root_.reset(json_node_copy(json_parser_get_root(parser)), json_node_unref);
}

JsonObject* Reply::object() const {
  return JSON_NODE_HOLDS_OBJECT(root_.get()) ? json_node_get_object(root_.get()) : nullptr;
}

std::string Reply::code() const { return text("objectType") == "KalturaAPIException" ? text("code") : ""; }

std::string Reply::error_arg(const char* name) const {
  JsonNode* args = member(object(), "args");
  return args && JSON_NODE_HOLDS_OBJECT(args) ? node_text(member(json_node_get_object(args), name)) : "";
}

bool Reply::has(const char* name) const { return member(object(), name) != nullptr; }

std::string Reply::text(const char* name) const { return node_text(member(object(), name)); }

int64_t Reply::number(const char* name) const { return g_ascii_strtoll(text(name).c_str(), nullptr, 10); }

GType Reply::value_type(const char* name) const {
  JsonNode* node = member(object(), name);
  return node && JSON_NODE_TYPE(node) == JSON_NODE_VALUE ? json_node_get_value_type(node) : G_TYPE_INVALID;
}

std::string start_session(const DevServerProcess& server, int type, const std::string& user_id,
                          const std::string& privileges) {
  auto response = testing_support::post_form(
      action_url(server, "session", "start"),
      {{"format", "1"}, {"secret", testing_support::kAdminSecret}, {"partnerId", std::to_string(testing_support::kPartnerId)},
       {"type", std::to_string(type)}, {"userId", user_id}, {"privileges", privileges}});
  Reply reply(response.body);
  if (!JSON_NODE_HOLDS_VALUE(reply.root())) g_error("session.start failed: %s", response.body.c_str());
  return json_node_get_string(reply.root());
}

std::string start_widget_session(const DevServerProcess& server) {
  auto response = testing_support::post_form(action_url(server, "session", "startWidgetSession"),
                                             {{"format", "1"}, {"widgetId", "_" + std::to_string(testing_support::kPartnerId)}});
  Reply reply(response.body);
  if (reply.text("ks").empty()) g_error("session.startWidgetSession failed: %s", response.body.c_str());
  return reply.text("ks");
}

Reply TokenApi::call(const std::string& service, const std::string& action, Fields fields) const {
  fields.emplace_back("format", "1");
  fields.emplace_back("ks", ks_);
  auto response = testing_support::post_form(action_url(server_, service, action), fields);
  if (response.status != 200) g_error("%s.%s: HTTP %d %s", service.c_str(), action.c_str(), response.status,
                                      response.transport_error.c_str());
  return Reply(response.body);
}

Reply TokenApi::add(const Fields& token_fields) const {
  Fields fields = {{"uploadToken[objectType]", "KalturaUploadToken"}};
  for (const auto& [name, value] : token_fields) fields.emplace_back("uploadToken[" + name + "]", value);
  return call("uploadtoken", "add", fields);
}

Reply TokenApi::get(const std::string& token_id) const { return call("uploadtoken", "get", {{"uploadTokenId", token_id}}); }

Reply TokenApi::upload(const std::string& token_id, const std::string& data, bool resume, bool final_chunk,
                       int64_t resume_at, const std::string& filename) const {
  Fields fields = {{"format", "1"},
                   {"ks", ks_},
                   {"uploadTokenId", token_id},
                   {"resume", resume ? "true" : "false"},
                   {"finalChunk", final_chunk ? "true" : "false"},
                   {"resumeAt", std::to_string(resume_at)}};
  auto response = testing_support::post_multipart(action_url(server_, "uploadtoken", "upload"), fields,
                                                  {{"fileData", filename, data}});
  if (response.status != 200) g_error("uploadToken.upload: HTTP %d %s", response.status, response.transport_error.c_str());
  return Reply(response.body);
}

std::string pattern_bytes(size_t size, unsigned seed) {
  std::string data(size, '\0');
  uint32_t state = seed * 2654435761u + 1;
  for (size_t i = 0; i < size; ++i) {
    state = state * 1664525u + 1013904223u;  // a linear congruential sequence
    data[i] = static_cast<char>(state >> 24);
  }
  return data;
}

std::string sha256(const std::string& data) {
  g_autoptr(GChecksum) checksum = g_checksum_new(G_CHECKSUM_SHA256);
  g_checksum_update(checksum, reinterpret_cast<const guchar*>(data.data()), static_cast<gssize>(data.size()));
  return g_checksum_get_string(checksum);
}

std::string uploaded_bytes(const DevServerProcess& server, const std::string& token_id) {
  TokenApi admin(server, start_session(server, 2));
  Reply entry = admin.call("media", "add", {{"entry[objectType]", "KalturaMediaEntry"}, {"entry[mediaType]", "1"}});
  Reply asset = admin.call("attachment_attachmentasset", "add",
                           {{"entryId", entry.text("id")}, {"attachmentAsset[objectType]", "KalturaAttachmentAsset"}});
  Reply attached = admin.call("attachment_attachmentasset", "setContent",
                              {{"id", asset.text("id")},
                               {"contentResource[objectType]", "KalturaUploadedFileTokenResource"},
                               {"contentResource[token]", token_id}});
  if (attached.number("status") != 2) return "<not attached: " + attached.body() + ">";
  Reply url = admin.call("attachment_attachmentasset", "getUrl", {{"id", asset.text("id")}});
  if (!JSON_NODE_HOLDS_VALUE(url.root())) return "<no URL: " + url.body() + ">";
  auto response = testing_support::http_request("GET", json_node_get_string(url.root()));
  if (response.status != 200) return "<download failed: HTTP " + std::to_string(response.status) + ">";
  return response.body;
}

}  // namespace upload_token_test
