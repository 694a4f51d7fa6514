#!/bin/sh
# Records ten seconds of test video into a new Kaltura entry and waits until
# the entry is READY. Runs against kaltura-devserver out of the box:
#   build/tools/devserver/kaltura-devserver --port 8080 &   then   examples/record.sh
# For a real account set KALTURA_SERVICE_URL, KALTURA_PARTNER_ID and
# KALTURA_SECRET (or KALTURA_KS) first.
set -eu
. "$(dirname "$0")/require-plugin.sh"

: "${KALTURA_SERVICE_URL:=http://127.0.0.1:8080}"
: "${KALTURA_PARTNER_ID:=100}"
if [ -z "${KALTURA_KS:-}" ]; then : "${KALTURA_SECRET:=devserver-admin-secret}"; fi
export KALTURA_SERVICE_URL KALTURA_PARTNER_ID KALTURA_SECRET

# gst-launch-1.0's output goes through grep, which keeps the lines worth
# reading; the script ends with gst-launch-1.0's exit status, not grep's
# (a POSIX sh has no pipefail).
status=$(mktemp)
trap 'rm -f "$status"' EXIT

# mp4mux in its default mode seeks back at EOS to patch its header:
# kalturasink keeps the head unsent until then, so this just works.
{
  gst-launch-1.0 -m -e videotestsrc num-buffers=300 ! video/x-raw,width=640,height=360,framerate=30/1 ! \
    x264enc tune=zerolatency ! mp4mux ! \
    kalturasink entry-name="Test recording" tags="example,gst-kaltura" wait-for=entry-ready 2>&1 ||
    echo "$?" > "$status"
} | { grep -E 'kaltura-(entry-created|upload-complete|entry-status|entry-ready)|ERROR' || true; }
[ ! -s "$status" ] || exit "$(cat "$status")"
