#!/bin/sh
# Replaces the content of an existing entry with a new recording; the entry
# id stays the same and the new content takes its place once processed.
#   examples/replace-content.sh ENTRY_ID
# Same environment as record.sh.
set -eu
. "$(dirname "$0")/require-plugin.sh"
entry_id=${1:?usage: $0 ENTRY_ID}

: "${KALTURA_SERVICE_URL:=http://127.0.0.1:8080}"
: "${KALTURA_PARTNER_ID:=100}"
if [ -z "${KALTURA_KS:-}" ]; then : "${KALTURA_SECRET:=devserver-admin-secret}"; fi
export KALTURA_SERVICE_URL KALTURA_PARTNER_ID KALTURA_SECRET

# As in record.sh, grep keeps the lines worth reading and the script ends
# with gst-launch-1.0's exit status.
status=$(mktemp)
trap 'rm -f "$status"' EXIT

{
  gst-launch-1.0 -m -e videotestsrc pattern=ball num-buffers=150 ! video/x-raw,width=640,height=360 ! \
    x264enc ! mp4mux ! \
    kalturasink entry-id="$entry_id" approve-replacement=true wait-for=entry-ready 2>&1 ||
    echo "$?" > "$status"
} | { grep -E 'kaltura-(upload-complete|entry-status|entry-ready)|ERROR' || true; }
[ ! -s "$status" ] || exit "$(cat "$status")"
