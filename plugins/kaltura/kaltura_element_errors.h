// How the kaltura elements report failures: the GST_RESOURCE_ERROR code for
// each kind of Kaltura error, a text a person understands, and details with
// kaltura-code, http-status, entry-id, upload-token-id and flavor-asset-id.
// Every text is scrubbed of the secrets the element knows; an INVALID_KS
// message, which may quote the KS itself, is never repeated.
#pragma once

#include <gst/gst.h>

#include <string>
#include <vector>

#include "kaltura/client.h"
#include "kaltura/error.h"

// Which way the element moves bytes: it picks WRITE or READ codes.
enum class KalturaTransfer { Upload, Download };

struct KalturaErrorContext {
  std::string entry_id;
  std::string upload_token_id;
  std::string flavor_asset_id;
  std::vector<std::string> secrets;  // KS, secret, app token: removed from any text
};

// What an element's texts must not show: the secrets its settings hold
// (given) and every KS its client used, such as the session it started,
// which a server's text or a download URL may quote.
std::vector<std::string> kaltura_run_secrets(const std::vector<std::string>& given, const kaltura::Client* client);

// NOT_AUTHORIZED for session problems, NOT_FOUND for missing objects,
// SETTINGS for bad parameters, FAILED for failed processing and waits that
// timed out, OPEN_WRITE / OPEN_READ for other failures while starting,
// WRITE / READ afterwards.
GstResourceError kaltura_error_code(const kaltura::Error& error, KalturaTransfer transfer, bool starting);

// EntryWatcher's own timeout (its text names the entry), as opposed to
// one request that timed out.
bool kaltura_is_wait_timeout(const kaltura::Error& error);

// Where a message is posted from: the file, function and line that
// GST_ELEMENT_ERROR records and gst-launch-1.0 prints with the debug text.
// As a default argument, here() is the caller's place, so that the helpers
// below (and the elements' own wrappers, passing it on) name the code that
// failed rather than themselves.
struct KalturaCallSite {
  const char* file;
  const char* function;
  int line;
  static KalturaCallSite here(const char* file = __builtin_FILE(), const char* function = __builtin_FUNCTION(),
                              int line = __builtin_LINE()) {
    return {file, function, line};
  }
};

// Posts an element error (or, with type GST_MESSAGE_WARNING, a warning).
// doing says what failed, e.g. "Uploading a chunk".
void kaltura_post_error(GstElement* element, const kaltura::Error& error, const std::string& doing,
                        const KalturaErrorContext& context, KalturaTransfer transfer, bool starting,
                        GstMessageType type = GST_MESSAGE_ERROR, KalturaCallSite site = KalturaCallSite::here());
// Posts an element error or warning of our own (no Kaltura call involved).
void kaltura_post_message(GstElement* element, GstMessageType type, GstResourceError code, const std::string& text,
                          const std::string& debug, const KalturaErrorContext& context,
                          KalturaCallSite site = KalturaCallSite::here());
// The same in another error domain (GST_STREAM_ERROR for what upstream sends).
void kaltura_post_message_in(GstElement* element, GstMessageType type, GQuark domain, gint code,
                             const std::string& text, const std::string& debug, const KalturaErrorContext& context,
                             KalturaCallSite site = KalturaCallSite::here());

// text with every secret, as it is and percent-encoded, replaced by "***"
// (kaltura::redact_secrets).
std::string kaltura_scrub(std::string text, const std::vector<std::string>& secrets);
