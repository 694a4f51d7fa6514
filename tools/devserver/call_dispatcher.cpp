#include "call_dispatcher.h"

#include <glib.h>

#include "language_code.h"
#include "param_characters.h"

namespace devserver {

namespace {

std::string lowercase(const std::string& text) {
  g_autofree char* lower = g_ascii_strdown(text.c_str(), -1);
  return lower;
}

std::string string_member(JsonObject* params, const char* name) {
  ActionCall view;
  view.params = params;
  return view.string_param(name);
}

ApiError forbidden(const std::string& service, const std::string& action) {
  return ApiError("SERVICE_FORBIDDEN", {{"SERVICE", service + "->" + action}});
}

}  // namespace

std::string call_name(JsonObject* params) {
  return lowercase(string_member(params, "service")) + "." + lowercase(string_member(params, "action"));
}

CallOutcome CallDispatcher::run(JsonObject* params, std::vector<UploadedFile> files) {
  const gint64 started = g_get_monotonic_time();
  CallOutcome outcome;
  outcome.name = call_name(params);
  try {
    const std::string service = string_member(params, "service");
    const std::string action = string_member(params, "action");
    if (service.empty()) throw ApiError("SERVICE_NOT_SPECIFIED");
    if (!server_.service_exists(service)) throw ApiError("SERVICE_DOES_NOT_EXISTS", {{"SRV_NAME", service}});
    const ActionSpec* spec = server_.find_action(service, action);
    if (!spec) throw ApiError("ACTION_DOES_NOT_EXISTS", {{"ACTION_NAME", action}, {"SERVICE_NAME", service}});
    check_language_param(params);  // before the KS, as on Kaltura

    std::unique_lock<std::mutex> lock(server_.state_mutex);
    ActionCall call;
    call.service = lowercase(service);
    call.action = action;
    call.params = params;
    call.files = std::move(files);
    call.server = &server_;
    call.state_lock = &lock;

    // Kaltura's order: the KS is verified, then the parameters are read,
    // then the caller's permission for the action is checked.
    const std::string ks = call.string_param("ks");
    if (spec->access == Access::NoKs) {
      // Actions that need no KS ignore a stale one rather than fail on it.
      if (!ks.empty()) {
        try {
          call.caller = authenticate_ks(server_, ks, origin_);
        } catch (const ApiError&) {
          call.caller = Caller();
        }
      }
      if (!call.caller.has_ks)
        call.caller.partner_id = static_cast<int>(call.int_param("partnerId", server_.config.partner_id));
    } else if (!ks.empty()) {
      call.caller = authenticate_ks(server_, ks, origin_);
    }
    reject_non_xml_text(params);
    if (spec->access != Access::NoKs) {
      if (ks.empty()) throw forbidden(call.service, action);
      if (spec->access == Access::NonWidgetKs && call.caller.is_widget()) throw forbidden(call.service, action);
      if (spec->access == Access::AdminKs && !call.caller.is_admin()) throw forbidden(call.service, action);
    }
    // A fileData that arrived as a plain field is not a file (§2.1).
    if (call.has("fileData") && !call.file("fileData")) throw ApiError("UPLOAD_ERROR");

    outcome.result.reset(spec->handler(call));
    if (!outcome.result) outcome.result.reset(json_node_new(JSON_NODE_NULL));
  } catch (const ApiError& error) {
    outcome.error = error;
    outcome.result.reset(error.to_json());
  } catch (const std::exception& error) {
    g_printerr("kaltura-devserver: %s failed: %s\n", outcome.name.c_str(), error.what());
    ApiError internal("INTERNAL_SERVERL_ERROR");
    outcome.error = internal;
    outcome.result.reset(internal.to_json());
  }
  outcome.milliseconds = static_cast<double>(g_get_monotonic_time() - started) / 1000.0;
  return outcome;
}

}  // namespace devserver
