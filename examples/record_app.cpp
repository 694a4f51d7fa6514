// An application embedding kalturasink: records the camera (or a test
// pattern) to a new Kaltura entry, shows the upload's progress, stops
// cleanly on Ctrl-C (EOS, so the recording is finished and kept) and exits
// once the entry is READY.
//
//   kaltura-record-example [--test] [--name NAME]
//
// Credentials come from the environment: KALTURA_SERVICE_URL,
// KALTURA_PARTNER_ID, KALTURA_SECRET (or KALTURA_KS, or KALTURA_APP_TOKEN_ID
// with KALTURA_APP_TOKEN).
#include <glib-unix.h>
#include <gst/gst.h>

#include <string>

namespace {

struct App {
  GMainLoop* loop = nullptr;
  GstElement* pipeline = nullptr;
  int status = 0;
};

gboolean on_interrupt(gpointer data) {
  auto* app = static_cast<App*>(data);
  g_print("Stopping: finishing the upload...\n");
  gst_element_send_event(app->pipeline, gst_event_new_eos());
  return G_SOURCE_REMOVE;
}

void on_kaltura_message(const GstStructure* s) {
  if (gst_structure_has_name(s, "kaltura-entry-created")) {
    g_print("Entry %s created\n", gst_structure_get_string(s, "entry-id"));
  } else if (gst_structure_has_name(s, "kaltura-upload-progress")) {
    guint64 acknowledged = 0;
    gst_structure_get_uint64(s, "bytes-acknowledged", &acknowledged);
    g_print("\r%" G_GUINT64_FORMAT " KiB uploaded", acknowledged / 1024);
  } else if (gst_structure_has_name(s, "kaltura-upload-complete")) {
    guint64 size = 0;
    gst_structure_get_uint64(s, "size", &size);
    g_print("\nUpload complete: %" G_GUINT64_FORMAT " bytes\n", size);
  } else if (gst_structure_has_name(s, "kaltura-entry-status")) {
    g_print("Entry status: %s\n", gst_structure_get_string(s, "status-name"));
  } else if (gst_structure_has_name(s, "kaltura-entry-ready")) {
    int duration = 0;
    gst_structure_get_int(s, "duration", &duration);
    g_print("Entry %s is READY (%d s)\n", gst_structure_get_string(s, "entry-id"), duration);
  }
}

gboolean on_bus_message(GstBus*, GstMessage* message, gpointer data) {
  auto* app = static_cast<App*>(data);
  switch (GST_MESSAGE_TYPE(message)) {
    case GST_MESSAGE_ELEMENT:
      if (const GstStructure* s = gst_message_get_structure(message))
        if (g_str_has_prefix(gst_structure_get_name(s), "kaltura-")) on_kaltura_message(s);
      break;
    case GST_MESSAGE_ERROR: {
      g_autoptr(GError) error = nullptr;
      gst_message_parse_error(message, &error, nullptr);
      const GstStructure* details = nullptr;
      gst_message_parse_error_details(message, &details);
      const char* code = details ? gst_structure_get_string(details, "kaltura-code") : nullptr;
      g_printerr("\nError: %s%s%s\n", error->message, code ? " | kaltura-code " : "", code ? code : "");
      app->status = 1;
      g_main_loop_quit(app->loop);
      break;
    }
    case GST_MESSAGE_WARNING: {
      g_autoptr(GError) warning = nullptr;
      gst_message_parse_warning(message, &warning, nullptr);
      g_printerr("Warning: %s\n", warning->message);
      break;
    }
    case GST_MESSAGE_EOS:
      g_main_loop_quit(app->loop);
      break;
    default:
      break;
  }
  return G_SOURCE_CONTINUE;
}

}  // namespace

int main(int argc, char** argv) {
  gboolean test_source = FALSE;
  g_autofree char* name = nullptr;
  GOptionEntry options[] = {
      {"test", 0, 0, G_OPTION_ARG_NONE, &test_source, "Record a test pattern instead of the camera", nullptr},
      {"name", 0, 0, G_OPTION_ARG_STRING, &name, "Name of the entry", "NAME"},
      {nullptr, 0, 0, G_OPTION_ARG_NONE, nullptr, nullptr, nullptr},
  };
  g_autoptr(GOptionContext) context = g_option_context_new("- record to a new Kaltura entry");
  g_option_context_add_main_entries(context, options, nullptr);
  g_option_context_add_group(context, gst_init_get_option_group());
  g_autoptr(GError) error = nullptr;
  if (!g_option_context_parse(context, &argc, &argv, &error)) {
    g_printerr("%s\n", error->message);
    return 2;
  }

  // Fragmented MP4 suits a recording that may stop at any moment: each
  // fragment is playable on its own. The sink holds the file's first chunk
  // back until EOS (rewrite-window's default), where mp4mux writes the
  // recording's duration; every later chunk goes as soon as it is full.
  const std::string source = test_source ? "videotestsrc is-live=true" : "autovideosrc";
  const std::string description =
      source + " ! videoconvert ! videoscale ! video/x-raw,width=1280,height=720 ! x264enc tune=zerolatency ! "
               "mp4mux fragment-duration=2000 ! kalturasink name=sink wait-for=entry-ready";
  App app;
  app.pipeline = gst_parse_launch(description.c_str(), &error);
  if (!app.pipeline) {
    g_printerr("Cannot build the pipeline: %s\n", error->message);
    return 1;
  }
  g_autoptr(GstElement) sink = gst_bin_get_by_name(GST_BIN(app.pipeline), "sink");
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  g_autofree char* entry_name = name ? g_strdup(name) : g_date_time_format(now, "Recording %F %T");
  g_object_set(sink, "entry-name", entry_name, nullptr);

  app.loop = g_main_loop_new(nullptr, FALSE);
  g_autoptr(GstBus) bus = gst_element_get_bus(app.pipeline);
  gst_bus_add_watch(bus, on_bus_message, &app);
  g_unix_signal_add(SIGINT, on_interrupt, &app);

  g_print("Recording \"%s\"; Ctrl-C to stop\n", entry_name);
  gst_element_set_state(app.pipeline, GST_STATE_PLAYING);
  g_main_loop_run(app.loop);
  gst_element_set_state(app.pipeline, GST_STATE_NULL);
  gst_bus_remove_watch(bus);
  gst_object_unref(app.pipeline);
  g_main_loop_unref(app.loop);
  return app.status;
}
