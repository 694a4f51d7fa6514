// The client library (lib/kaltura) logs through GLib, in the "kaltura"
// domain (G_MESSAGES_DEBUG=kaltura). In a GStreamer process those lines also
// go to the kalturaclient debug category, so that GST_DEBUG=kalturaclient:5
// (or GST_DEBUG_FILE) shows each API call beside the elements' own lines.
#pragma once

// Installs the forwarding (from plugin_init); GLib's log still gets every line.
void kaltura_forward_library_log();
