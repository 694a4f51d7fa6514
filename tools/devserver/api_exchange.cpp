#include "api_exchange.h"

#include <glib.h>

#include <functional>

#include "call_dispatcher.h"
#include "lenient_value.h"
#include "multirequest.h"
#include "request_log.h"
#include "response_writer.h"
#include "response_xml.h"

namespace devserver {

namespace {

double elapsed_ms(gint64 since) { return static_cast<double>(g_get_monotonic_time() - since) / 1000.0; }

enum class Format { Json, Xml, Unsupported };

// The top-level format (§1.2): 1 JSON, 2 XML, and XML when absent (or null,
// which Kaltura's isset() does not see either); text is the value sent.
Format response_format(JsonObject* root, std::string& text) {
  JsonNode* node = json_object_has_member(root, "format") ? json_object_get_member(root, "format") : nullptr;
  if (!node || JSON_NODE_HOLDS_NULL(node)) return Format::Xml;
  text = lenient_text(node, "");
  if (text == "1") return Format::Json;
  if (text == "2") return Format::Xml;
  return Format::Unsupported;
}

// The body of a result (or a multirequest's array of results) in the format asked.
void set_body(ApiReply& reply, JsonNode* result, Format format, gint64 started) {
  if (format == Format::Xml) {
    reply.body = write_response_xml(result, elapsed_ms(started) / 1000.0);
    reply.content_type = kXmlContentType;
  } else {
    reply.body = write_response_json(result);
  }
}

// An error that ends the request before any call runs.
ApiReply request_error(const ApiError& error, bool fatal, Format format, gint64 started) {
  ApiReply reply;
  JsonNodePtr node(error.to_json());
  set_body(reply, node.get(), format, started);
  if (fatal) {
    reply.headers.emplace_back("X-Kaltura", "error-" + error.code());
    reply.headers.emplace_back("X-Kaltura-App", "exiting on error " + error.code() + " - " + error.message());
  }
  return reply;
}

std::string lowercase(const std::string& text) {
  g_autofree char* lower = g_ascii_strdown(text.c_str(), -1);
  return lower;
}

std::vector<std::string> call_names(JsonObject* root, bool multirequest) {
  if (!multirequest) return {call_name(root)};
  std::vector<std::string> names = {"multirequest"};
  g_autoptr(GList) members = json_object_get_members(root);
  for (GList* item = members; item; item = item->next) {
    JsonNode* member = json_object_get_member(root, static_cast<const char*>(item->data));
    if (JSON_NODE_HOLDS_OBJECT(member)) names.push_back(call_name(json_node_get_object(member)));
  }
  return names;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ",") + name;
  return out;
}

}  // namespace

ApiReply handle_api_request(ServerContext& server, FaultInjector& faults, const RequestInput& input) {
  const gint64 started = g_get_monotonic_time();
  ParsedRequest parsed;
  read_request(input, parsed);
  JsonObject* root = json_node_get_object(parsed.params.get());
  ActionCall view;
  view.params = root;

  std::string format_text;
  const Format format = response_format(root, format_text);
  if (!parsed.error_code.empty()) {
    // The format the body may have held is unknown: JSON unless the query or path asked for XML.
    const bool xml = format == Format::Xml && json_object_has_member(root, "format");
    log_line("request -> " + parsed.error_code + " (unusable body)");
    return request_error(ApiError(parsed.error_code), false, xml ? Format::Xml : Format::Json, started);
  }
  // JSON and XML are produced (docs/devserver.md); PHP and JSONP are refused, in JSON.
  if (format == Format::Unsupported) {
    log_line("request format=" + printable(format_text.substr(0, 16)) + " -> UNSUPPORTED_FORMAT");
    return request_error(ApiError("UNSUPPORTED_FORMAT", {{"FORMAT", format_text.substr(0, 16)}}), true, Format::Json,
                         started);
  }

  const bool multirequest = lowercase(view.string_param("service")) == "multirequest";
  const std::vector<std::string> names = call_names(root, multirequest);
  const FaultKind fault = faults.draw(names);
  if (fault != FaultKind::None) log_line(std::string("fault ") + FaultInjector::name(fault) + " on " + join(names));
  ApiReply reply;
  switch (fault) {
    case FaultKind::Http500:
      reply.status = 500;
      reply.body = "";
      return reply;
    case FaultKind::Reset:
      reply.delivery = ApiReply::Delivery::Drop;
      return reply;
    case FaultKind::Timeout:
      reply.delivery = ApiReply::Delivery::HoldThenDrop;
      return reply;
    case FaultKind::ApiError:
      return request_error(ApiError("INTERNAL_SERVERL_ERROR"), false, format, started);
    case FaultKind::CallError:
      if (!multirequest) return request_error(ApiError("INTERNAL_SERVERL_ERROR"), false, format, started);
      break;
    case FaultKind::ApplyThenDrop:
    case FaultKind::None:
      break;
  }

  CallDispatcher dispatcher(
      server,
      RequestOrigin{input.remote_address, "/api_v3" + input.path + (input.query.empty() ? "" : "?" + input.query)});
  if (multirequest) {
    std::function<bool(const std::string&)> failing;
    if (fault == FaultKind::CallError)
      failing = [&faults](const std::string& call) { return faults.targets_call(call); };
    std::vector<CallOutcome> outcomes = run_multirequest(dispatcher, root, parsed.received.files, failing);
    JsonArray* results = json_array_new();
    for (auto& outcome : outcomes) json_array_add_element(results, outcome.result.release());
    JsonNodePtr array(json_node_init_array(json_node_alloc(), results));
    json_array_unref(results);
    set_body(reply, array.get(), format, started);
    log_line("multirequest calls=" + std::to_string(outcomes.size()) + " " +
             std::to_string(static_cast<int>(elapsed_ms(started))) + "ms");
  } else {
    CallOutcome outcome = dispatcher.run(root, parsed.received.files);
    log_call("", root, parsed.received.files, outcome);
    set_body(reply, outcome.result.get(), format, started);
    if (outcome.error && outcome.error->code() == "SERVICE_FORBIDDEN") {
      reply.headers.emplace_back("X-Kaltura", "error-SERVICE_FORBIDDEN");
      reply.headers.emplace_back("X-Kaltura-App", "exiting on error SERVICE_FORBIDDEN - " + outcome.error->message());
    }
  }
  if (fault == FaultKind::ApplyThenDrop) reply.delivery = ApiReply::Delivery::Drop;
  return reply;
}

}  // namespace devserver
