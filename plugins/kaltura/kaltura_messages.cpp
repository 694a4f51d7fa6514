#include "kaltura_messages.h"

namespace kaltura_messages {

namespace {

GstMessage* element_message(GstElement* sink, GstStructure* structure) {
  return gst_message_new_element(GST_OBJECT(sink), structure);
}

}  // namespace

GstMessage* entry_created(GstElement* sink, const std::string& entry_id) {
  return element_message(sink, gst_structure_new("kaltura-entry-created", "entry-id", G_TYPE_STRING,
                                                 entry_id.c_str(), nullptr));
}

GstMessage* upload_token_created(GstElement* sink, const std::string& token_id, const std::string& entry_id,
                                 const std::string& asset_id, bool resumed) {
  return element_message(sink, gst_structure_new("kaltura-upload-token-created", "token-id", G_TYPE_STRING,
                                                 token_id.c_str(), "entry-id", G_TYPE_STRING, entry_id.c_str(),
                                                 "asset-id", G_TYPE_STRING, asset_id.c_str(), "resumed",
                                                 G_TYPE_BOOLEAN, resumed, nullptr));
}

GstMessage* resume_progress(GstElement* sink, uint64_t checked, uint64_t held) {
  return element_message(
      sink, gst_structure_new("kaltura-resume-progress", "bytes-checked", G_TYPE_UINT64, static_cast<guint64>(checked),
                              "bytes-held", G_TYPE_UINT64, static_cast<guint64>(held), nullptr));
}

GstMessage* upload_progress(GstElement* sink, uint64_t acknowledged, int64_t total) {
  return element_message(sink, gst_structure_new("kaltura-upload-progress", "bytes-acknowledged", G_TYPE_UINT64,
                                                 static_cast<guint64>(acknowledged), "bytes-total", G_TYPE_INT64,
                                                 static_cast<gint64>(total), nullptr));
}

GstMessage* upload_complete(GstElement* sink, const std::string& token_id, const std::string& entry_id,
                            uint64_t size) {
  return element_message(sink, gst_structure_new("kaltura-upload-complete", "token-id", G_TYPE_STRING,
                                                 token_id.c_str(), "entry-id", G_TYPE_STRING, entry_id.c_str(),
                                                 "size", G_TYPE_UINT64, static_cast<guint64>(size), nullptr));
}

GstMessage* entry_status(GstElement* sink, const kaltura::Entry& entry) {
  return element_message(sink, gst_structure_new("kaltura-entry-status", "entry-id", G_TYPE_STRING,
                                                 entry.id.c_str(), "status", G_TYPE_INT, entry.status,
                                                 "status-name", G_TYPE_STRING,
                                                 kaltura::entry_status_name(entry.status), nullptr));
}

GstMessage* entry_ready(GstElement* sink, const kaltura::Entry& entry) {
  return element_message(sink, gst_structure_new("kaltura-entry-ready", "entry-id", G_TYPE_STRING,
                                                 entry.id.c_str(), "duration", G_TYPE_INT, entry.duration,
                                                 "width", G_TYPE_INT, entry.width, "height", G_TYPE_INT,
                                                 entry.height, nullptr));
}

GstMessage* flavor_status(GstElement* sink, const kaltura::FlavorAsset& flavor, bool ready) {
  const uint64_t size = flavor.size_bytes > 0 ? flavor.size_bytes : flavor.size_kb * 1024;
  return element_message(
      sink, gst_structure_new(ready ? "kaltura-flavor-ready" : "kaltura-flavor-status", "entry-id", G_TYPE_STRING,
                              flavor.entry_id.c_str(), "flavor-asset-id", G_TYPE_STRING, flavor.id.c_str(),
                              "flavor-params-id", G_TYPE_INT, flavor.flavor_params_id, "status", G_TYPE_INT,
                              flavor.status, "status-name", G_TYPE_STRING,
                              kaltura::flavor_status_name(flavor.status), "width", G_TYPE_INT, flavor.width,
                              "height", G_TYPE_INT, flavor.height, "bitrate", G_TYPE_INT, flavor.bitrate, "size",
                              G_TYPE_UINT64, static_cast<guint64>(size), nullptr));
}

GstMessage* upload_started(GstElement* sink) {
  return gst_message_new_progress(GST_OBJECT(sink), GST_PROGRESS_TYPE_START, "upload", "Upload started");
}

GstMessage* progress(GstElement* sink, uint64_t acknowledged, int64_t total) {
  const int percent = total > 0 ? static_cast<int>(acknowledged * 100 / static_cast<uint64_t>(total)) : 100;
  g_autofree char* text = g_strdup_printf("%d%% uploaded", percent);
  GstMessage* message = gst_message_new_progress(GST_OBJECT(sink), GST_PROGRESS_TYPE_CONTINUE, "upload", text);
  gst_structure_set(gst_message_writable_structure(message), "percent", G_TYPE_INT, percent, nullptr);
  return message;
}

GstMessage* retrying(GstElement* element, const std::string& call, int attempt, uint64_t delay_ms,
                     const std::string& code, int http_status, const std::string& text) {
  return gst_message_new_element(
      GST_OBJECT(element),
      gst_structure_new("kaltura-retrying", "call", G_TYPE_STRING, call.c_str(), "attempt", G_TYPE_INT, attempt,
                        "delay-ms", G_TYPE_UINT64, static_cast<guint64>(delay_ms), "kaltura-code", G_TYPE_STRING,
                        code.c_str(), "http-status", G_TYPE_INT, http_status, "message", G_TYPE_STRING, text.c_str(),
                        nullptr));
}

GstMessage* upload_finished(GstElement* sink, uint64_t total, const std::string& entry_id) {
  const std::string entry = entry_id.empty() ? "" : ", entry " + entry_id;
  g_autofree char* text =
      g_strdup_printf("Upload complete (%" G_GUINT64_FORMAT " bytes%s)", static_cast<guint64>(total), entry.c_str());
  GstMessage* message = gst_message_new_progress(GST_OBJECT(sink), GST_PROGRESS_TYPE_COMPLETE, "upload", text);
  gst_structure_set(gst_message_writable_structure(message), "percent", G_TYPE_INT, 100, nullptr);
  return message;
}

GstMessage* upload_ended_early(GstElement* sink, bool failed) {
  return gst_message_new_progress(GST_OBJECT(sink), failed ? GST_PROGRESS_TYPE_ERROR : GST_PROGRESS_TYPE_CANCELED,
                                  "upload", failed ? "Upload failed" : "Upload stopped before its end");
}

}  // namespace kaltura_messages
