#!/bin/sh
# Follows an entry until it is READY with kalturastatus, keeping a JSON-lines
# log of every status change, as a process separate from the one that
# uploaded it would:
#   examples/follow-entry.sh ENTRY_ID [log.jsonl]
# Without ENTRY_ID it first starts an upload of its own (kalturasink, in the
# background) and follows the entry that upload creates; an upload that fails
# deletes its entry (on-error=delete), which ends the follow, and the script
# shows the upload's error.
# Runs against kaltura-devserver out of the box
# (build/tools/devserver/kaltura-devserver --port 8080 &);
# for a real account set KALTURA_SERVICE_URL, KALTURA_PARTNER_ID and
# KALTURA_SECRET (or KALTURA_KS, or the app token's
# KALTURA_APP_TOKEN_ID and KALTURA_APP_TOKEN) first.
set -eu
. "$(dirname "$0")/require-plugin.sh"
. "$(dirname "$0")/account.sh"

entry_id=${1:-}
log=${2:-entry-status.jsonl}

if [ -z "$entry_id" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  if gst-inspect-1.0 x264enc >/dev/null 2>&1; then
    encode="x264enc ! mp4mux"; name=clip.mp4
  else
    encode="jpegenc ! qtmux"; name=clip.mov
  fi
  : >"$work/record.log"
  gst-launch-1.0 -m videotestsrc num-buffers=150 ! video/x-raw,width=640,height=360,framerate=30/1 ! \
    $encode ! kalturasink file-name="$name" entry-name="follow-entry example" on-error=delete \
    >"$work/record.log" 2>&1 &
  upload=$!
  # The entry exists as soon as the upload starts: wait for its id.
  for _ in $(seq 1 100); do
    entry_id=$(sed -n 's/.*kaltura-entry-created, entry-id=(string)\([0-9a-z_]*\).*/\1/p' "$work/record.log" | head -n 1)
    [ -n "$entry_id" ] && break
    sleep 0.1
  done
  if [ -z "$entry_id" ]; then
    cat "$work/record.log" >&2
    exit 1
  fi
  echo "Uploading to entry $entry_id in the background"
fi

echo "Following $entry_id (log: $log) ..."
status=0
if gst-launch-1.0 -q kalturastatus entry-id="$entry_id" wait-for=all-flavors wait-timeout=600 ! \
     filesink location="$log" buffer-mode=unbuffered; then
  echo "Done: the entry and all its flavors are READY."
else
  echo "The entry did not get READY; see the error above." >&2
  status=1
fi
cat "$log"
if [ -n "${upload:-}" ] && ! wait "$upload"; then
  echo "The upload failed:" >&2
  grep -E 'ERROR|Additional debug info' -A 1 "$work/record.log" >&2 || cat "$work/record.log" >&2
  status=1
fi
exit "$status"
