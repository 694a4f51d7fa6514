#!/usr/bin/env bash
# Records ~5 s of test video and audio straight to a local kaltura-devserver
# with kalturasink, shows the sink's bus messages up to the entry and each of
# its flavors (the source and the renditions the devserver transcodes) being
# READY, prints the entry and its flavors as the API returns them, and stops
# the server.
# Usage: scripts/demo.sh            (BUILD_DIR=build by default)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}

if [ ! -d "$build_dir" ]; then
  meson setup "$build_dir"
fi
# Only what the demo runs: the tests build with scripts/test.sh.
ninja -C "$build_dir" plugins/kaltura/libgstkaltura.so tools/devserver/kaltura-devserver

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
KALTURA_DEVSERVER_ADMIN_SECRET="$admin_secret" KALTURA_DEVSERVER_USER_SECRET=demo-user-secret \
  "$build_dir/tools/devserver/kaltura-devserver" --port 0 --data-dir "$work/data" --processing-delay-ms 50 \
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
# produced, and (wait-for=all-flavors) follows the entry until it and every
# flavor of its conversion profile are done before the pipeline ends. The
# devserver's default profile transcodes H.264/AAC renditions at 360p, 480p and
# 720p and an audio-only one. -m shows the sink's kaltura-* bus messages.
echo "Recording 5 s of 720p test video and audio straight to the devserver with kalturasink..."
export GST_PLUGIN_PATH="$(realpath "$build_dir")/plugins/kaltura${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
# Credentials go through the environment: GStreamer's debug log prints a
# gst-launch-1.0 command line whole.
KALTURA_PARTNER_ID=100 KALTURA_SECRET="$admin_secret" gst-launch-1.0 -m -e videotestsrc num-buffers=150 ! video/x-raw,width=1280,height=720,framerate=30/1 \
  ! x264enc tune=zerolatency speed-preset=veryfast ! mux. \
  audiotestsrc num-buffers=216 ! audioconvert ! avenc_aac ! mux. \
  mp4mux name=mux \
  ! kalturasink service-url="$url" \
      entry-name="gst-kaltura demo" tags=demo wait-for=all-flavors \
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
echo "Its flavors:"
curl -sS --fail "$url/api_v3/service/flavorAsset/action/list" -d format=1 -d ks="$ks" \
    -d 'filter[entryIdEqual]'="$entry" |
  python3 -c '
import json, sys
names = {-1: "ERROR", 0: "QUEUED", 1: "CONVERTING", 2: "READY", 4: "NOT_APPLICABLE"}
for f in sorted(json.load(sys.stdin)["objects"], key=lambda f: f["flavorParamsId"]):
    print("  params %-3s %-14s %4sx%-4s %5s kbps  %s" % (f["flavorParamsId"], names.get(f["status"], f["status"]),
          f.get("width", 0), f.get("height", 0), f.get("bitrate", 0), f.get("description") or ""))'
echo "Entry $entry is READY."
