#!/bin/sh
# Records ten seconds of test video into a new Kaltura entry and waits until
# the entry is READY. Runs against kaltura-devserver out of the box:
#   build/tools/devserver/kaltura-devserver --port 8080 &   then   examples/record.sh
# For a real account set KALTURA_SERVICE_URL, KALTURA_PARTNER_ID and
# KALTURA_SECRET (or KALTURA_KS, or the app token's
# KALTURA_APP_TOKEN_ID and KALTURA_APP_TOKEN) first.
set -eu
. "$(dirname "$0")/require-plugin.sh"
. "$(dirname "$0")/account.sh"
. "$(dirname "$0")/filtered-run.sh"

# Of gst-launch-1.0's output only the lines worth reading are shown; the
# script ends with its exit status. Ctrl-C stops the recording early: -e
# turns it into EOS, and what was recorded is published all the same.
# mp4mux in its default mode seeks back at EOS to patch its header:
# kalturasink keeps the head unsent until then, so this just works.
run_filtered 'kaltura-(entry-created|upload-complete|entry-status|entry-ready)|ERROR' \
  gst-launch-1.0 -m -e videotestsrc num-buffers=300 ! video/x-raw,width=640,height=360,framerate=30/1 ! \
    x264enc tune=zerolatency ! mp4mux ! \
    kalturasink entry-name="Test recording" tags="example,gst-kaltura" wait-for=entry-ready
