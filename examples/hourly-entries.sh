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
: "${FRAGMENT_SECONDS:=3600}"

: "${KALTURA_SERVICE_URL:=http://127.0.0.1:8080}"
: "${KALTURA_PARTNER_ID:=100}"
if [ -z "${KALTURA_KS:-}" ]; then : "${KALTURA_SECRET:=devserver-admin-secret}"; fi
export KALTURA_SERVICE_URL KALTURA_PARTNER_ID KALTURA_SECRET

# As in record.sh, grep keeps the lines worth reading and the script ends
# with gst-launch-1.0's exit status.
status=$(mktemp)
trap 'rm -f "$status"' EXIT

# Ctrl-C reaches every process of the pipe below. It is gst-launch-1.0's to
# handle (-e: EOS, the last fragment is finished and uploaded); the script and
# the filter keep going until gst-launch-1.0 is done, or its last messages
# would be lost and it would die of a broken pipe mid-upload.
trap ':' INT
{
  trap ':' INT
  gst-launch-1.0 -m -e videotestsrc is-live=true ! video/x-raw,width=640,height=360,framerate=30/1 ! \
    x264enc tune=zerolatency key-int-max=60 ! \
    splitmuxsink max-size-time=$((FRAGMENT_SECONDS * 1000000000)) location=broadcast-%03d.mp4 \
      async-finalize=true muxer-factory=mp4mux sink-factory=kalturasink 2>&1 ||
    echo "$?" > "$status"
} | { trap '' INT; grep -E 'kaltura-(entry-created|upload-complete)|ERROR' || true; }
[ ! -s "$status" ] || exit "$(cat "$status")"
