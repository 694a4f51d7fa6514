#!/bin/sh
# Records a short clip to Kaltura with kalturasink, keeping a local copy,
# then reads the entry back with kalturasrc and checks that the bytes are
# the same, and decodes one of the renditions Kaltura made of it (flavor
# params $RENDITION_PARAMS_ID, default 2: H.264 360p, which kaltura-devserver's
# default conversion profile makes). Runs against kaltura-devserver out of the box:
#   build/tools/devserver/kaltura-devserver --port 8080 &   then   examples/read-back.sh
# For a real account set KALTURA_SERVICE_URL, KALTURA_PARTNER_ID and
# KALTURA_SECRET (or KALTURA_KS, or the app token's
# KALTURA_APP_TOKEN_ID and KALTURA_APP_TOKEN) first.
set -eu
. "$(dirname "$0")/require-plugin.sh"
. "$(dirname "$0")/account.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# H.264 when this machine can encode and decode it, Motion JPEG otherwise.
if gst-inspect-1.0 x264enc >/dev/null 2>&1 &&
   { gst-inspect-1.0 avdec_h264 >/dev/null 2>&1 || gst-inspect-1.0 openh264dec >/dev/null 2>&1; }; then
  encode="x264enc ! mp4mux"; name=clip.mp4
else
  encode="jpegenc ! qtmux"; name=clip.mov
fi

echo "Recording 3 seconds of test video to $KALTURA_SERVICE_URL ..."
gst-launch-1.0 -m videotestsrc num-buffers=90 ! video/x-raw,width=640,height=360,framerate=30/1 ! \
  $encode ! tee name=t \
  t. ! queue ! filesink location="$work/local-$name" \
  t. ! queue ! kalturasink file-name="$name" entry-name="read-back example" wait-for=all-flavors \
  > "$work/record.log"
entry_id=$(sed -n 's/.*kaltura-entry-created, entry-id=(string)\([0-9a-z_]*\).*/\1/p' "$work/record.log" | head -n 1)
if [ -z "$entry_id" ]; then
  cat "$work/record.log" >&2
  exit 1
fi
echo "Entry $entry_id and its renditions are READY; reading its source flavor back ..."

gst-launch-1.0 -q kalturasrc entry-id="$entry_id" wait-ready=true ! filesink location="$work/read-$name"

local_sum=$(sha256sum < "$work/local-$name" | cut -d' ' -f1)
read_sum=$(sha256sum < "$work/read-$name" | cut -d' ' -f1)
echo "recorded: $local_sum"
echo "read:     $read_sum"
if [ "$local_sum" != "$read_sum" ]; then
  echo "The bytes differ" >&2
  exit 1
fi
echo "Same bytes. Decoding them back as well:"
gst-launch-1.0 -q kalturasrc entry-id="$entry_id" ! decodebin ! videoconvert ! fakesink sync=false
echo "decoded to the end"

rendition=${RENDITION_PARAMS_ID:-2}
echo "Reading the rendition with flavor params $rendition back and decoding it:"
caps=$(gst-launch-1.0 -v kalturasrc entry-id="$entry_id" flavor-params-id="$rendition" ! \
         decodebin ! videoconvert ! fakesink sync=false 2>&1 | grep -o 'fakesink0.GstPad:sink: caps = .*' | head -n 1)
size=$(printf '%s' "$caps" | sed -n 's/.*width=(int)\([0-9]*\).*height=(int)\([0-9]*\).*/\1x\2/p')
if [ -z "$size" ]; then
  echo "The rendition could not be read or decoded" >&2
  exit 1
fi
echo "decoded the rendition: $size pictures"
