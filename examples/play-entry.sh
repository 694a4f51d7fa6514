#!/bin/sh
# Plays an entry with playbin through kalturasrc's URI handler:
#   examples/play-entry.sh ENTRY_ID [FLAVOR_PARAMS_ID]
# The URI carries the entry, the flavor and the service URL; credentials
# come from the environment and never from the URI.
# Runs against kaltura-devserver out of the box
# (build/tools/devserver/kaltura-devserver --port 8080 &);
# for a real account set KALTURA_SERVICE_URL, KALTURA_PARTNER_ID and
# KALTURA_SECRET (or KALTURA_KS, or the app token's
# KALTURA_APP_TOKEN_ID and KALTURA_APP_TOKEN) first.
set -eu
. "$(dirname "$0")/require-plugin.sh"
. "$(dirname "$0")/account.sh"

if [ $# -lt 1 ]; then
  echo "usage: $0 ENTRY_ID [FLAVOR_PARAMS_ID]" >&2
  exit 2
fi

service_url=$(printf '%s' "$KALTURA_SERVICE_URL" | sed 's/%/%25/g; s/:/%3A/g; s/\//%2F/g')
uri="kaltura://$1?flavor-params-id=${2:-0}&service-url=$service_url"
echo "Playing $uri"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  gst-launch-1.0 playbin uri="$uri"
else
  # No display: decode to the end without showing anything.
  gst-launch-1.0 playbin uri="$uri" video-sink="fakesink sync=false" audio-sink="fakesink sync=false"
fi
