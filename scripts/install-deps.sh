#!/usr/bin/env bash
# Installs the Debian 12 packages gst-kaltura needs to build, test and run its
# examples. Run as root (or through sudo).
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  exec sudo "$0" "$@"
fi

packages=(
  # build
  meson ninja-build pkg-config g++
  # libraries
  libglib2.0-dev libsoup-3.0-dev libjson-glib-dev libsqlite3-dev nettle-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
  # GStreamer elements used by the examples, the devserver's processing and the tests
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly
  # the devserver's transcoding: H.264 and AAC decoders, the AAC and H.263+ encoders (x264enc is in ugly)
  gstreamer1.0-libav
  # examples (Python) and the benchmark's reference client
  python3 python3-gi gir1.2-gstreamer-1.0 gir1.2-gst-plugins-base-1.0 curl time ca-certificates
)
# The official Node.js client test needs node and npm; keep a newer node if one is there.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}"
