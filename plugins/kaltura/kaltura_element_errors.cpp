#include "kaltura_element_errors.h"

namespace {

bool code_in(const std::string& code, std::initializer_list<const char*> codes) {
  for (const char* candidate : codes)
    if (code == candidate) return true;
  return false;
}

// What to do about a KS that decoded but is not valid now (INVALID_KS's
// reason word, protocol §6.7).
std::string session_advice(const std::string& reason) {
  if (reason == "EXPIRED")
    return "the KS has expired: give a new ks, or partner-id with secret (or app-token-id with app-token) so that "
           "sessions are started and renewed as needed";
  if (reason == "LOGOUT") return "the KS was ended (session.end): give a new ks";
  if (reason == "EXCEEDED_ACTIONS_LIMIT")
    return "the KS allows a limited number of calls (its actionslimit privilege) and they are used up: give a KS "
           "without that limit or with a larger one (an upload makes about one call per chunk, so a larger "
           "chunk-size makes fewer)";
  if (reason == "EXCEEDED_RESTRICTED_IP")
    return "the KS may be used only from other IP addresses (its iprestrict privilege)";
  if (reason == "EXCEEDED_RESTRICTED_URI")
    return "the KS may be used only for other API calls (its urirestrict privilege)";
  return "check ks, or partner-id with secret or app-token";
}

std::string describe(const kaltura::Error& error) {
  // Not the session itself: a USER session acting on what its user does not own.
  if (error.is_api("INVALID_KS") && error.arg("ERR_DESC") == "INVALID_TYPE")
    return "Kaltura refused the call for this session's user (INVALID_KS, INVALID_TYPE): a USER session may act "
           "only on the entries and tokens its user owns: set user-id to the entry's owner, or use an ADMIN session "
           "(session-type=admin with the admin secret)";
  if (error.is_api("INVALID_KS")) {
    // The first form of INVALID_KS quotes the KS itself: only a reason word is kept.
    const std::string reason = error.arg("KSID");
    const bool reason_is_word =
        !reason.empty() && reason.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ_") == std::string::npos;
    return "Kaltura refused the session (INVALID_KS" + (reason_is_word ? ", " + reason : std::string()) +
           "): " + session_advice(reason_is_word ? reason : "");
  }
  // What Kaltura (PHP) answers for a file part over its upload limit.
  if (error.is_api("UPLOAD_ERROR"))
    return "Kaltura could not take the uploaded file part (UPLOAD_ERROR): most often a part over the server's size "
           "limit; with a large chunk-size, lower it (" +
           error.message() + ")";
  // The token's hashType decides how its hash is made; nothing in the answer tells it.
  if (error.is_api("INVALID_APP_TOKEN_HASH"))
    return "Kaltura refused the app token's hash (INVALID_APP_TOKEN_HASH): check app-token, and that "
           "KALTURA_APP_TOKEN_HASH_TYPE names the token's hashType when it is not SHA1 (SHA256, SHA512, MD5) (" +
           error.message() + ")";
  if (error.is_api("START_SESSION_ERROR"))
    return "Kaltura refused to start a session: check partner-id and secret (" + error.message() + ")";
  // A download's host is the CDN's or the storage's that Kaltura sends the file from.
  if (error.kind() == kaltura::ErrorKind::Transport && !error.arg("DOWNLOAD_HOST").empty())
    return "Cannot download the file from " + error.arg("DOWNLOAD_HOST") +
           ", where Kaltura sends it from: check the network, and a proxy or firewall on the way there (" +
           error.message() + ")";
  if (error.kind() == kaltura::ErrorKind::Transport)
    return "Cannot reach the Kaltura server: check service-url and the network (" + error.message() + ")";
  if (kaltura_is_wait_timeout(error)) return error.message();
  if (error.kind() == kaltura::ErrorKind::Timeout)
    return "The Kaltura server did not answer in time: " + error.message();
  if (error.kind() == kaltura::ErrorKind::Http) return error.message();
  return error.message() + " (" + error.code() + ")";
}

// The code when bytes go either way; OPEN and TRANSFER are the direction's
// own OPEN_WRITE/WRITE or OPEN_READ/READ.
GstResourceError classify(const kaltura::Error& error, bool starting, GstResourceError open,
                          GstResourceError transfer) {
  const std::string& code = error.code();
  if (code_in(code, {"ENTRY_PROCESSING_FAILED", "FLAVOR_PROCESSING_FAILED"}) || kaltura_is_wait_timeout(error))
    return GST_RESOURCE_ERROR_FAILED;
  switch (error.kind()) {
    case kaltura::ErrorKind::Config:
      return GST_RESOURCE_ERROR_SETTINGS;
    case kaltura::ErrorKind::Transport:
    case kaltura::ErrorKind::Timeout:
      return starting ? open : transfer;
    case kaltura::ErrorKind::Http:
      // 407: the proxy on the way refused its credentials.
      if (error.http_status() == 401 || error.http_status() == 403 || error.http_status() == 407)
        return GST_RESOURCE_ERROR_NOT_AUTHORIZED;
      // A file URL the server does not know, while reading, is a read
      // failure; an API object it does not know is NOT_FOUND (below).
      if (error.http_status() == 404 && transfer == GST_RESOURCE_ERROR_WRITE) return GST_RESOURCE_ERROR_NOT_FOUND;
      return starting ? open : transfer;
    default:
      break;
  }
  if (code_in(code, {"INVALID_KS", "START_SESSION_ERROR", "SERVICE_FORBIDDEN", "APP_TOKEN_ID_NOT_FOUND",
                     "APP_TOKEN_NOT_ACTIVE", "APP_TOKEN_EXPIRED", "INVALID_APP_TOKEN_HASH", "INVALID_WIDGET_ID"}))
    return GST_RESOURCE_ERROR_NOT_AUTHORIZED;
  if (code_in(code, {"ENTRY_ID_NOT_FOUND", "UPLOAD_TOKEN_NOT_FOUND", "FLAVOR_ASSET_ID_NOT_FOUND",
                     "FLAVOR_PARAMS_ID_NOT_FOUND", "ATTACHMENT_ASSET_ID_NOT_FOUND", "CONVERSION_PROFILE_ID_NOT_FOUND",
                     "INVALID_OBJECT_ID", "UPLOADED_FILE_NOT_FOUND_BY_TOKEN", "FLAVOR_NOT_FOUND"}))
    return GST_RESOURCE_ERROR_NOT_FOUND;
  if (code_in(code, {"MISSING_MANDATORY_PARAMETER", "INVALID_ENUM_VALUE", "INVALID_PARAMETER_CHAR",
                     "PROPERTY_VALIDATION_CANNOT_BE_NULL", "PROPERTY_VALIDATION_NOT_UPDATABLE",
                     "PROPERTY_VALIDATION_MIN_LENGTH", "PROPERTY_VALIDATION_MAX_LENGTH", "INVALID_OBJECT_TYPE",
                     "OBJECT_TYPE_ABSTRACT", "INVALID_ENTRY_TYPE", "ENTRY_TYPE_NOT_SUPPORTED",
                     "FEATURE_FORBIDDEN", "FLAVOR_ASSET_ALREADY_EXISTS"}))
    return GST_RESOURCE_ERROR_SETTINGS;
  return starting ? open : transfer;
}

// The ids come from the server's answers too, so they are scrubbed as texts are.
GstStructure* details_of(const std::string& code, int http_status, const KalturaErrorContext& context) {
  const std::string entry_id = kaltura_scrub(context.entry_id, context.secrets);
  const std::string token_id = kaltura_scrub(context.upload_token_id, context.secrets);
  const std::string flavor_asset_id = kaltura_scrub(context.flavor_asset_id, context.secrets);
  GstStructure* details =
      gst_structure_new("details", "kaltura-code", G_TYPE_STRING, code.c_str(), "http-status", G_TYPE_INT, http_status,
                        "entry-id", G_TYPE_STRING, entry_id.c_str(), "upload-token-id", G_TYPE_STRING, token_id.c_str(),
                        "flavor-asset-id", G_TYPE_STRING, flavor_asset_id.c_str(), nullptr);
  // The field souphttpsrc gives, which handlers of HTTP errors look for:
  // only for an HTTP failure, not for a Kaltura error in a 200 answer.
  if (http_status >= 400)
    gst_structure_set(details, "http-status-code", G_TYPE_UINT, static_cast<guint>(http_status), nullptr);
  return details;
}

// The context, completed with the flavor the error names (a failed flavor).
KalturaErrorContext with_error_facts(KalturaErrorContext context, const kaltura::Error& error) {
  if (context.flavor_asset_id.empty()) context.flavor_asset_id = error.arg("FLAVOR_ASSET_ID");
  if (context.entry_id.empty()) context.entry_id = error.arg("ENTRY_ID");
  return context;
}

}  // namespace

std::vector<std::string> kaltura_run_secrets(const std::vector<std::string>& given, const kaltura::Client* client) {
  std::vector<std::string> secrets = given;
  if (client)
    for (std::string& ks : client->secrets()) secrets.push_back(std::move(ks));
  return secrets;
}

std::string kaltura_scrub(std::string text, const std::vector<std::string>& secrets) {
  return kaltura::redact_secrets(std::move(text), secrets, "***");
}

bool kaltura_is_wait_timeout(const kaltura::Error& error) { return error.code() == "WAIT_TIMEOUT"; }

GstResourceError kaltura_error_code(const kaltura::Error& error, KalturaTransfer transfer, bool starting) {
  return transfer == KalturaTransfer::Upload
             ? classify(error, starting, GST_RESOURCE_ERROR_OPEN_WRITE, GST_RESOURCE_ERROR_WRITE)
             : classify(error, starting, GST_RESOURCE_ERROR_OPEN_READ, GST_RESOURCE_ERROR_READ);
}

void kaltura_post_message_in(GstElement* element, GstMessageType type, GQuark domain, gint code,
                             const std::string& text, const std::string& debug, const KalturaErrorContext& context,
                             KalturaCallSite site) {
  // What GST_ELEMENT_ERROR_WITH_DETAILS expands to, with a code chosen at run time.
  char* debug_text = debug.empty() ? nullptr : g_strdup(kaltura_scrub(debug, context.secrets).c_str());
  gst_element_message_full_with_details(element, type, domain, code,
                                        g_strdup(kaltura_scrub(text, context.secrets).c_str()), debug_text, site.file,
                                        site.function, site.line, details_of("", 0, context));
}

void kaltura_post_message(GstElement* element, GstMessageType type, GstResourceError code, const std::string& text,
                          const std::string& debug, const KalturaErrorContext& context, KalturaCallSite site) {
  kaltura_post_message_in(element, type, GST_RESOURCE_ERROR, code, text, debug, context, site);
}

void kaltura_post_error(GstElement* element, const kaltura::Error& error, const std::string& doing,
                        const KalturaErrorContext& known, KalturaTransfer transfer, bool starting, GstMessageType type,
                        KalturaCallSite site) {
  const KalturaErrorContext context = with_error_facts(known, error);
  const std::string text = doing + " failed: " + describe(error);
  std::string debug = "kaltura-code " + error.code() + ", HTTP status " + std::to_string(error.http_status());
  if (!context.entry_id.empty()) debug += ", entry " + context.entry_id;
  if (!context.upload_token_id.empty()) debug += ", upload token " + context.upload_token_id;
  if (!context.flavor_asset_id.empty()) debug += ", flavor asset " + context.flavor_asset_id;
  if (error.ks_expired()) debug += ". A new KS can be made only with a secret or an app token";
  gst_element_message_full_with_details(
      element, type, GST_RESOURCE_ERROR, kaltura_error_code(error, transfer, starting),
      g_strdup(kaltura_scrub(text, context.secrets).c_str()), g_strdup(kaltura_scrub(debug, context.secrets).c_str()),
      site.file, site.function, site.line, details_of(error.code(), error.http_status(), context));
}
