// How kalturasrc and kalturastatus report failures: the GST_RESOURCE_ERROR
// code for each kind of Kaltura error (as kalturasink does, with READ in
// place of WRITE), a text a person understands, and details with
// kaltura-code, http-status, entry-id and flavor-asset-id. Every text is
// scrubbed of the secrets the element knows; an INVALID_KS message, which
// may quote the KS itself, is never repeated.
#pragma once

#include <gst/gst.h>

#include <string>
#include <vector>

#include "kaltura/error.h"

struct KalturaReadContext {
  std::string entry_id;
  std::string flavor_asset_id;
  std::vector<std::string> secrets;  // KS, secret, app token: removed from any text
};

// NOT_AUTHORIZED for session problems, NOT_FOUND for missing objects,
// SETTINGS for bad parameters, FAILED for failed processing and waits that
// timed out, OPEN_READ for other failures while starting, READ afterwards.
GstResourceError kaltura_read_error_code(const kaltura::Error& error, bool starting);

// EntryWatcher's own timeout (its text names the entry), as opposed to
// one request that timed out.
bool kaltura_is_wait_timeout(const kaltura::Error& error);

// Posts an element error. doing says what failed, e.g. "Reading the flavor".
void kaltura_read_post_error(GstElement* element, const kaltura::Error& error, const std::string& doing,
                             const KalturaReadContext& context, bool starting);
// Posts an element error of our own (no Kaltura call involved).
void kaltura_read_post_message(GstElement* element, GstResourceError code, const std::string& text,
                               const KalturaReadContext& context);
