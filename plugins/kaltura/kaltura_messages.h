// The element messages the kaltura elements post on the bus (documented in
// docs/kalturasink.md; kalturasrc and kalturastatus post the entry and flavor
// ones too). Each returns a new message for gst_element_post_message.
#pragma once

#include <gst/gst.h>

#include <cstdint>
#include <string>

#include "kaltura/objects.h"

namespace kaltura_messages {

// kaltura-retrying: call (string, "uploadtoken.upload"...), attempt (gint,
// the one that failed, from 1), delay-ms (guint64, before the next),
// kaltura-code (string), http-status (gint, 0 when no answer came), message
// (string, scrubbed of secrets). The server did not answer, or answered with
// a passing fault: the element sends the request again.
GstMessage* retrying(GstElement* element, const std::string& call, int attempt, uint64_t delay_ms,
                     const std::string& code, int http_status, const std::string& text);
// kaltura-entry-created: entry-id (string).
GstMessage* entry_created(GstElement* sink, const std::string& entry_id);
// kaltura-upload-token-created: token-id (string), entry-id (string), asset-id (string: the flavor or
// attachment asset, "" for an entry's content), resumed (boolean).
GstMessage* upload_token_created(GstElement* sink, const std::string& token_id, const std::string& entry_id,
                                 const std::string& asset_id, bool resumed);
// kaltura-upload-progress: bytes-acknowledged (guint64), bytes-total (gint64, -1 while unknown).
GstMessage* upload_progress(GstElement* sink, uint64_t acknowledged, int64_t total);
// kaltura-resume-progress: bytes-checked, bytes-held (guint64): a resumed
// upload going through the stream's part the server holds (nothing sent;
// checked against the state file's digests when there is one).
GstMessage* resume_progress(GstElement* sink, uint64_t checked, uint64_t held);
// kaltura-upload-complete: token-id (string), entry-id (string), size (guint64).
GstMessage* upload_complete(GstElement* sink, const std::string& token_id, const std::string& entry_id,
                            uint64_t size);
// kaltura-entry-status: entry-id, status (gint), status-name (string).
GstMessage* entry_status(GstElement* sink, const kaltura::Entry& entry);
// kaltura-entry-ready: entry-id, duration (gint, seconds), width, height (gint).
GstMessage* entry_ready(GstElement* sink, const kaltura::Entry& entry);
// kaltura-flavor-status / kaltura-flavor-ready: entry-id, flavor-asset-id, flavor-params-id, status,
// status-name, width, height, bitrate (kbps), size (guint64 bytes).
GstMessage* flavor_status(GstElement* sink, const kaltura::FlavorAsset& flavor, bool ready);
// GST_MESSAGE_PROGRESS START, code "upload", when the first bytes arrive.
GstMessage* upload_started(GstElement* sink);
// GST_MESSAGE_PROGRESS CONTINUE, once the total is known: code "upload",
// text "<percent>% uploaded", percent field.
GstMessage* progress(GstElement* sink, uint64_t acknowledged, int64_t total);
// GST_MESSAGE_PROGRESS COMPLETE: code "upload", text "Upload complete
// (<total> bytes, entry <entry id>)", percent 100: gst-launch-1.0 prints it
// without -m, so the entry id shows there.
GstMessage* upload_finished(GstElement* sink, uint64_t total, const std::string& entry_id);
// GST_MESSAGE_PROGRESS ERROR ("Upload failed") or CANCELED ("Upload stopped
// before its end"): an upload that started and will not complete.
GstMessage* upload_ended_early(GstElement* sink, bool failed);

}  // namespace kaltura_messages
