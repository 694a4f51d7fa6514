#!/usr/bin/env bash
# Records ~5 s of test video straight to a local kaltura-devserver with
# kalturasink, shows the sink's bus messages up to the entry being READY, prints
# the entry as the API returns it, and stops the server.
# Usage: scripts/demo.sh            (BUILD_DIR=build by default)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}

if [ ! -d "$build_dir" ]; then
  meson setup "$build_dir"
fi
ninja -C "$build_dir"

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Development secrets for this throw-away server.
admin_secret=demo-admin-secret
"$build_dir/tools/devserver/kaltura-devserver" --port 0 --data-dir "$work/data" \
  --admin-secret "$admin_secret" --user-secret demo-user-secret --processing-delay-ms 50 \
  >"$work/server.log" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 100); do
  [ -s "$work/server.log" ] && break
  sleep 0.1
done
url=$(head -n 1 "$work/server.log")
[ -n "$url" ] || { cat "$work/server.err" >&2; echo "kaltura-devserver did not start" >&2; exit 1; }
echo "kaltura-devserver is at $url (API: $url/api_v3)"

# kalturasink creates the entry, streams the recording to it in chunks as it is
# produced, and (wait-for=entry-ready) follows the entry until it is READY
# before the pipeline ends. -m shows its kaltura-* bus messages.
echo "Recording 5 s of test video straight to the devserver with kalturasink..."
export GST_PLUGIN_PATH="$PWD/$build_dir/plugins/kaltura${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
gst-launch-1.0 -m -e videotestsrc num-buffers=150 ! video/x-raw,width=640,height=360,framerate=30/1 \
  ! x264enc tune=zerolatency ! mp4mux \
  ! kalturasink service-url="$url" partner-id=100 secret="$admin_secret" \
      entry-name="gst-kaltura demo" tags=demo wait-for=entry-ready \
  >"$work/pipeline.log" 2>&1 || { cat "$work/pipeline.log" >&2; exit 1; }
grep -oE 'kaltura-(entry-created|upload-complete|entry-status|flavor-ready|entry-ready)[^;]*' \
  "$work/pipeline.log" | sed 's/^/  /'
grep -q 'kaltura-entry-ready' "$work/pipeline.log" || { cat "$work/pipeline.log" >&2; exit 1; }
entry=$(grep -oE 'kaltura-entry-created, entry-id=\(string\)[0-9a-z_]+' "$work/pipeline.log" | sed 's/.*)//')
[ -n "$entry" ] || { cat "$work/pipeline.log" >&2; echo "The entry did not become READY" >&2; exit 1; }

# Look at the result through the API, as any Kaltura client would.
ks=$(curl -sS --fail "$url/api_v3/service/session/action/start" -d format=1 -d secret="$admin_secret" -d type=2 |
  python3 -c 'import json, sys; print(json.load(sys.stdin))')
curl -sS --fail "$url/api_v3/service/media/action/get" -d format=1 -d ks="$ks" -d entryId="$entry" |
  python3 -c '
import json, sys
e = json.load(sys.stdin)
for key in ("id", "name", "status", "mediaType", "duration", "width", "height", "tags", "downloadUrl"):
    print("  %-12s %s" % (key, e.get(key)))'
echo "Entry $entry is READY."
