#!/bin/sh
# An encoder publishing its own renditions: one source, two encodings, each
# uploaded by its own kalturasink as a flavor of an existing entry.
#   examples/upload-renditions.sh ENTRY_ID
# The flavor params ids (here 3 and 5) come from the account's flavor params.
# A flavor the entry has with those params already (e.g. one its conversion
# profile made: kaltura-devserver's default profile makes 2, 4, 5 and 9) gets
# the new content in place of its own (the server answers
# FLAVOR_ASSET_ALREADY_EXISTS and the sink sets that flavor's content); a
# missing one is added. An error in one sink stops the pipeline and so the
# other renditions too (set on-error=delete on each to leave none half made;
# an application stops the pipeline at once on the error, as gst-launch-1.0
# does, or another sink may finish its rendition short: see flavor-params-id
# in docs/kalturasink.md).
# Same environment as record.sh.
set -eu
. "$(dirname "$0")/require-plugin.sh"
. "$(dirname "$0")/account.sh"
. "$(dirname "$0")/filtered-run.sh"
entry_id=${1:?usage: $0 ENTRY_ID}

# As in record.sh, only the lines worth reading are shown and the script
# ends with gst-launch-1.0's exit status.
run_filtered 'kaltura-(upload-token-created|upload-complete|flavor-ready)|ERROR' \
  gst-launch-1.0 -m -e videotestsrc num-buffers=300 ! video/x-raw,width=1280,height=720,framerate=30/1 ! tee name=t \
    t. ! queue ! videoscale ! video/x-raw,width=640,height=360 ! x264enc bitrate=600 ! mp4mux ! \
         kalturasink entry-id="$entry_id" flavor-params-id=3 wait-for=entry-ready \
    t. ! queue ! x264enc bitrate=2500 ! mp4mux ! \
         kalturasink entry-id="$entry_id" flavor-params-id=5 wait-for=entry-ready
