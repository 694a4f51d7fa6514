#!/usr/bin/env python3
"""Records a test pattern to a new Kaltura entry from Python (PyGObject) and
prints what kalturasink reports until the entry is READY.

    build/tools/devserver/kaltura-devserver --port 8080 &   then
    GST_PLUGIN_PATH=$PWD/build/plugins/kaltura examples/record.py

(GST_PLUGIN_PATH is where GStreamer finds the plugin of a build that is not
installed.)

Credentials come from the environment (KALTURA_SERVICE_URL,
KALTURA_PARTNER_ID, and KALTURA_SECRET, KALTURA_KS, or KALTURA_APP_TOKEN_ID
with KALTURA_APP_TOKEN); the defaults below fit kaltura-devserver.
"""
import os
import sys

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402

os.environ.setdefault("KALTURA_SERVICE_URL", "http://127.0.0.1:8080")
os.environ.setdefault("KALTURA_PARTNER_ID", "100")
# The devserver's secret, unless the environment names an account's credential.
if not any(os.environ.get(name) for name in ("KALTURA_KS", "KALTURA_SECRET", "KALTURA_APP_TOKEN_ID")):
    os.environ["KALTURA_SECRET"] = "devserver-admin-secret"

Gst.init(None)
pipeline = Gst.parse_launch(
    "videotestsrc num-buffers=150 ! video/x-raw,width=640,height=360 ! x264enc ! mp4mux ! "
    "kalturasink name=sink wait-for=entry-ready")
sink = pipeline.get_by_name("sink")
sink.set_property("entry-name", "Recorded from Python")

loop = GLib.MainLoop()
status = 0


def on_message(bus, message):
    global status
    if message.type == Gst.MessageType.ELEMENT:
        s = message.get_structure()
        if s.get_name() == "kaltura-entry-created":
            print("entry", s.get_string("entry-id"))
        elif s.get_name() == "kaltura-upload-progress":
            print("acknowledged", s.get_value("bytes-acknowledged"), "bytes")
        elif s.get_name() == "kaltura-entry-status":
            print("status", s.get_string("status-name"))
        elif s.get_name() == "kaltura-entry-ready":
            print("READY:", s.get_string("entry-id"), s.get_value("duration"), "s")
    elif message.type == Gst.MessageType.ERROR:
        error, _ = message.parse_error()
        print("error:", error.message, file=sys.stderr)
        status = 1
        loop.quit()
    elif message.type == Gst.MessageType.EOS:
        # The upload's figures as it finished (they stay readable after
        # the pipeline stops, until it starts again).
        print("stats:", sink.get_property("stats").to_string())
        loop.quit()


bus = pipeline.get_bus()
bus.add_signal_watch()
bus.connect("message", on_message)
pipeline.set_state(Gst.State.PLAYING)
loop.run()
pipeline.set_state(Gst.State.NULL)
sys.exit(status)
