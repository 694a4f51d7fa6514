#include "kalturasrc_errors.h"

#include "kalturasink_errors.h"

namespace {

std::string describe(const kaltura::Error& error) {
  if (error.is_api("INVALID_KS")) {
    // The first form of INVALID_KS quotes the KS: only a reason word is kept.
    const std::string reason = error.arg("KSID");
    const bool reason_is_word =
        !reason.empty() && reason.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ_") == std::string::npos;
    return "Kaltura refused the session (INVALID_KS" + (reason_is_word ? ", " + reason : std::string()) +
           "): check ks, or partner-id with secret or app-token";
  }
  if (error.is_api("START_SESSION_ERROR"))
    return "Kaltura refused to start a session: check partner-id and secret (" + error.message() + ")";
  if (error.kind() == kaltura::ErrorKind::Transport)
    return "Cannot reach the server: check service-url and the network (" + error.message() + ")";
  if (error.kind() == kaltura::ErrorKind::Http)
    return "The server answered HTTP " + std::to_string(error.http_status()) + ": " + error.message();
  return error.message() + " (" + error.code() + ")";
}

GstStructure* details_of(const std::string& code, int http_status, const KalturaReadContext& context) {
  return gst_structure_new("details", "kaltura-code", G_TYPE_STRING, code.c_str(), "http-status", G_TYPE_INT,
                           http_status, "entry-id", G_TYPE_STRING, context.entry_id.c_str(), "flavor-asset-id",
                           G_TYPE_STRING, context.flavor_asset_id.c_str(), nullptr);
}

}  // namespace

bool kaltura_is_wait_timeout(const kaltura::Error& error) {
  return error.kind() == kaltura::ErrorKind::Timeout && error.http_status() == 0 &&
         error.message().rfind("Entry \"", 0) == 0;
}

GstResourceError kaltura_read_error_code(const kaltura::Error& error, bool starting) {
  if (error.is_api("ENTRY_PROCESSING_FAILED") || error.is_api("FLAVOR_PROCESSING_FAILED") ||
      kaltura_is_wait_timeout(error))
    return GST_RESOURCE_ERROR_FAILED;
  if (error.is_api("FLAVOR_NOT_FOUND")) return GST_RESOURCE_ERROR_NOT_FOUND;
  switch (kaltura_error_resource_code(error, starting)) {
    case GST_RESOURCE_ERROR_OPEN_WRITE: return GST_RESOURCE_ERROR_OPEN_READ;
    case GST_RESOURCE_ERROR_WRITE: return starting ? GST_RESOURCE_ERROR_OPEN_READ : GST_RESOURCE_ERROR_READ;
    case GST_RESOURCE_ERROR_NOT_FOUND:
      // A download URL the server does not know is a read failure; an
      // object the API does not know is NOT_FOUND.
      return error.kind() == kaltura::ErrorKind::Http ? GST_RESOURCE_ERROR_READ : GST_RESOURCE_ERROR_NOT_FOUND;
    default: return kaltura_error_resource_code(error, starting);
  }
}

void kaltura_read_post_error(GstElement* element, const kaltura::Error& error, const std::string& doing,
                             const KalturaReadContext& context, bool starting) {
  const std::string text = doing + " failed: " + describe(error);
  std::string debug = "kaltura-code " + error.code() + ", HTTP status " + std::to_string(error.http_status());
  if (!context.entry_id.empty()) debug += ", entry " + context.entry_id;
  if (!context.flavor_asset_id.empty()) debug += ", flavor asset " + context.flavor_asset_id;
  // What GST_ELEMENT_ERROR_WITH_DETAILS expands to, with a code chosen at run time.
  gst_element_message_full_with_details(element, GST_MESSAGE_ERROR, GST_RESOURCE_ERROR,
                                        kaltura_read_error_code(error, starting),
                                        g_strdup(kaltura_scrub(text, context.secrets).c_str()),
                                        g_strdup(kaltura_scrub(debug, context.secrets).c_str()), __FILE__,
                                        GST_FUNCTION, __LINE__, details_of(error.code(), error.http_status(), context));
}

void kaltura_read_post_message(GstElement* element, GstResourceError code, const std::string& text,
                               const KalturaReadContext& context) {
  gst_element_message_full_with_details(element, GST_MESSAGE_ERROR, GST_RESOURCE_ERROR, code,
                                        g_strdup(kaltura_scrub(text, context.secrets).c_str()), nullptr, __FILE__,
                                        GST_FUNCTION, __LINE__, details_of("", 0, context));
}
