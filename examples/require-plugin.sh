# Sourced by the example scripts: stops with a hint when GStreamer does not
# find the kaltura plugin (gst-launch-1.0 would only say "no element", and
# the scripts keep just the lines worth reading of its output).
if ! gst-inspect-1.0 kalturasink >/dev/null 2>&1; then
  echo "GStreamer does not find the kaltura plugin (kalturasink). Install it, or, from the" >&2
  echo "top of the source tree after building it:  export GST_PLUGIN_PATH=\$PWD/build/plugins/kaltura" >&2
  exit 1
fi
