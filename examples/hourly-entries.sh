#!/bin/sh
# A long broadcast cut into one entry per hour: splitmuxsink starts a new
# file every hour and kalturasink uploads each one as its own entry, named
# after the fragment (broadcast-000, broadcast-001, ...). With async-finalize
# each hour gets a muxer and a kalturasink of its own, and the hour that ended
# finishes its upload while the next one streams. Stop with Ctrl-C: -e turns
# it into EOS, so the last hour is finished too.
# Same environment as record.sh; set FRAGMENT_SECONDS to try it quickly.
set -eu
. "$(dirname "$0")/require-plugin.sh"
. "$(dirname "$0")/account.sh"
. "$(dirname "$0")/filtered-run.sh"
: "${FRAGMENT_SECONDS:=3600}"

# As in record.sh, only the lines worth reading are shown and the script
# ends with gst-launch-1.0's exit status; Ctrl-C ends the broadcast (-e: EOS,
# the last fragment is finished and uploaded).
run_filtered 'kaltura-(entry-created|upload-complete)|ERROR' \
  gst-launch-1.0 -m -e videotestsrc is-live=true ! video/x-raw,width=640,height=360,framerate=30/1 ! \
    x264enc tune=zerolatency key-int-max=60 ! \
    splitmuxsink max-size-time=$((FRAGMENT_SECONDS * 1000000000)) location=broadcast-%03d.mp4 \
      async-finalize=true muxer-factory=mp4mux sink-factory=kalturasink
