// The session service (protocol §6.4, §6.5): session.start,
// session.startWidgetSession, session.end and session.get.
#include <glib.h>

#include <algorithm>

#include "app_token_service.h"
#include "server_context.h"
#include "session_auth.h"

namespace devserver {

namespace {

// Requested lifetimes are capped by --ks-expiry; 0 or less means the default.
int64_t capped_expiry(const ServerContext& server, int64_t requested) {
  if (requested <= 0) requested = 86400;
  return std::min<int64_t>(requested, server.config.max_ks_expiry);
}

int session_type(const ActionCall& call, const char* name) {
  std::string text = call.string_param(name, "0");
  int64_t type = call.int_param(name, 0);
  if (type != 0 && type != 2)
    throw ApiError("INVALID_ENUM_VALUE", {{"ENUM_VAL", text}, {"PARAM_NAME", name}, {"ENUM_TYPE", "KalturaSessionType"}});
  return static_cast<int>(type);
}

JsonNode* start(ActionCall& call) {
  std::string secret = call.required_string("secret");
  ServerContext& server = *call.server;
  std::string user_id = call.string_param("userId");
  int type = session_type(call, "type");
  std::string partner = call.string_param("partnerId", std::to_string(server.config.partner_id));
  int64_t expiry = call.int_param("expiry", 86400);

  const bool partner_known = partner == std::to_string(server.config.partner_id);
  const bool admin_secret = secret == server.config.admin_secret;
  const bool user_secret = secret == server.config.user_secret && type == 0;
  if (!partner_known || !(admin_secret || user_secret)) throw ApiError("START_SESSION_ERROR", {{"PID", partner}});

  KsFields fields;
  fields.partner_id = server.config.partner_id;
  fields.valid_until = server.now() + capped_expiry(server, expiry);
  fields.type = type;
  fields.user_id = user_id;
  fields.privileges = call.string_param("privileges");
  return json_node_init_string(json_node_alloc(), issue_ks(server, fields).c_str());
}

JsonNode* start_widget_session(ActionCall& call) {
  std::string widget_id = call.required_string("widgetId");
  ServerContext& server = *call.server;
  if (widget_id != "_" + std::to_string(server.config.partner_id))
    throw ApiError("INVALID_WIDGET_ID", {{"WIDGET_ID", widget_id}});
  KsFields fields;
  fields.partner_id = server.config.partner_id;
  fields.valid_until = server.now() + capped_expiry(server, call.int_param("expiry", 86400));
  fields.type = 0;
  fields.user_id = "0";
  fields.privileges = "view:*,widget:1";

  g_autoptr(JsonBuilder) builder = json_builder_new();
  json_builder_begin_object(builder);
  json_builder_set_member_name(builder, "partnerId");
  json_builder_add_int_value(builder, server.config.partner_id);
  json_builder_set_member_name(builder, "ks");
  json_builder_add_string_value(builder, issue_ks(server, fields).c_str());
  // Declared a string, emitted as the number 0 by the real service.
  json_builder_set_member_name(builder, "userId");
  json_builder_add_int_value(builder, 0);
  json_builder_set_member_name(builder, "objectType");
  json_builder_add_string_value(builder, "KalturaStartWidgetSessionResponse");
  json_builder_end_object(builder);
  return json_builder_get_root(builder);
}

JsonNode* end(ActionCall& call) {
  end_session(*call.server, call.caller, call.string_param("ks"));
  return json_node_new(JSON_NODE_NULL);
}

// session.get(session?): what a KS holds, the caller's own by default.
JsonNode* get(ActionCall& call) {
  std::string ks = call.string_param("session", call.string_param("ks"));
  Caller session = read_ks(*call.server, ks);
  g_autoptr(JsonBuilder) builder = json_builder_new();
  json_builder_begin_object(builder);
  json_builder_set_member_name(builder, "partnerId");
  json_builder_add_int_value(builder, session.partner_id);
  json_builder_set_member_name(builder, "userId");
  json_builder_add_string_value(builder, session.user_id.c_str());
  json_builder_set_member_name(builder, "expiry");
  json_builder_add_int_value(builder, session.valid_until);
  json_builder_set_member_name(builder, "privileges");
  json_builder_add_string_value(builder, session.privileges.c_str());
  json_builder_set_member_name(builder, "sessionType");
  json_builder_add_int_value(builder, session.type);
  json_builder_set_member_name(builder, "objectType");
  json_builder_add_string_value(builder, "KalturaSessionInfo");
  json_builder_end_object(builder);
  return json_builder_get_root(builder);
}

}  // namespace

void register_session_services(ServerContext& server) {
  create_session_tables(server);
  server.add_action("session", "start", {start, Access::NoKs});
  server.add_action("session", "startWidgetSession", {start_widget_session, Access::NoKs});
  server.add_action("session", "end", {end, Access::AnyKs});
  server.add_action("session", "get", {get, Access::AnyKs});
  register_app_token_service(server);
}

}  // namespace devserver
