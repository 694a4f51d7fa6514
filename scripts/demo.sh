#!/usr/bin/env bash
# Publishes ~5 s of test video to a local kaltura-devserver through the
# Kaltura API with curl: session.start, uploadToken.add, two chunked
# uploadToken.upload calls, media.add, media.addContent, then media.get until
# the entry is READY. Prints the entry and stops the server.
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

echo "Recording 5 s of test video..."
gst-launch-1.0 -q videotestsrc num-buffers=150 ! video/x-raw,width=640,height=360,framerate=30/1 \
  ! x264enc ! mp4mux ! filesink location="$work/demo.mp4"
size=$(stat -c %s "$work/demo.mp4")
half=$((size / 2))
head -c "$half" "$work/demo.mp4" >"$work/chunk1"
tail -c +"$((half + 1))" "$work/demo.mp4" >"$work/chunk2"

# api SERVICE ACTION [curl arguments...]: one call, its JSON on stdout.
api() {
  local service=$1 action=$2
  shift 2
  curl -sS --fail "$url/api_v3/service/$service/action/$action" "$@"
}
# field NAME: one field of the JSON on stdin; an API error stops the demo.
field() {
  python3 -c '
import json, sys
value = json.load(sys.stdin)
if isinstance(value, dict) and value.get("objectType") == "KalturaAPIException":
    sys.exit("Kaltura error %s: %s" % (value["code"], value["message"]))
print(value if sys.argv[1] == "." else value[sys.argv[1]])' "$1"
}

ks=$(api session start -d format=1 -d secret="$admin_secret" -d type=2 -d userId=demo | field .)
token=$(api uploadToken add -d format=1 -d ks="$ks" -d 'uploadToken[objectType]=KalturaUploadToken' \
  -d 'uploadToken[fileName]=demo.mp4' | field id)
echo "Upload token $token: uploading $size bytes in two chunks"
api uploadToken upload -F format=1 -F ks="$ks" -F uploadTokenId="$token" -F resume=false -F finalChunk=false \
  -F resumeAt=0 -F "fileData=@$work/chunk1;filename=demo.mp4" | field uploadedFileSize >/dev/null
api uploadToken upload -F format=1 -F ks="$ks" -F uploadTokenId="$token" -F resume=true -F finalChunk=true \
  -F resumeAt="$half" -F "fileData=@$work/chunk2;filename=demo.mp4" | field uploadedFileSize >/dev/null

entry=$(api media add -d format=1 -d ks="$ks" -d 'entry[objectType]=KalturaMediaEntry' -d 'entry[mediaType]=1' \
  -d 'entry[name]=gst-kaltura demo' | field id)
api media addContent -d format=1 -d ks="$ks" -d entryId="$entry" \
  -d 'resource[objectType]=KalturaUploadedFileTokenResource' -d "resource[token]=$token" | field id >/dev/null
echo "Entry $entry created; waiting for READY..."

status=
for _ in $(seq 120); do
  status=$(api media get -d format=1 -d ks="$ks" -d entryId="$entry" | field status)
  [ "$status" = 2 ] || [ "$status" = -1 ] && break
  sleep 0.5
done
api media get -d format=1 -d ks="$ks" -d entryId="$entry" | python3 -m json.tool
if [ "$status" != 2 ]; then
  echo "The entry did not become READY (status $status)" >&2
  exit 1
fi
echo "Entry $entry is READY."
