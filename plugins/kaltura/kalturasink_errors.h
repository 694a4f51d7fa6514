// How kalturasink reports failures: the GST_RESOURCE_ERROR code for each
// kind of Kaltura error, a text a person understands, and details with
// kaltura-code, http-status, upload-token-id and entry-id. Every text is
// scrubbed of the secrets the element knows.
#pragma once

#include <gst/gst.h>

#include <string>
#include <vector>

#include "kaltura/error.h"

struct KalturaErrorContext {
  std::string token_id;
  std::string entry_id;
  std::vector<std::string> secrets;  // KS, secret, app token: removed from any text
};

// NOT_AUTHORIZED for session problems, NOT_FOUND for missing objects,
// SETTINGS for bad parameters, OPEN_WRITE for an unreachable server while
// starting, WRITE for everything else.
GstResourceError kaltura_error_resource_code(const kaltura::Error& error, bool starting);

// Posts an element error. doing says what failed, e.g. "Uploading a chunk".
void kaltura_sink_post_error(GstElement* sink, const kaltura::Error& error, const std::string& doing,
                             const KalturaErrorContext& context, bool starting);
// Posts an element error or warning of our own (no Kaltura call involved).
void kaltura_sink_post_message(GstElement* sink, GstMessageType type, GstResourceError code,
                               const std::string& text, const std::string& debug,
                               const KalturaErrorContext& context);

// text with every secret replaced by "***".
std::string kaltura_scrub(std::string text, const std::vector<std::string>& secrets);
