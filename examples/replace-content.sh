#!/bin/sh
# Replaces the content of an existing entry with a new recording; the entry
# id stays the same and the new content takes its place once processed.
#   examples/replace-content.sh ENTRY_ID
# Same environment as record.sh.
set -eu
. "$(dirname "$0")/require-plugin.sh"
. "$(dirname "$0")/account.sh"
entry_id=${1:?usage: $0 ENTRY_ID}
. "$(dirname "$0")/filtered-run.sh"

# As in record.sh, only the lines worth reading are shown and the script
# ends with gst-launch-1.0's exit status.
run_filtered 'kaltura-(upload-complete|entry-status|entry-ready)|ERROR' \
  gst-launch-1.0 -m -e videotestsrc pattern=ball num-buffers=150 ! video/x-raw,width=640,height=360 ! \
    x264enc ! mp4mux ! \
    kalturasink entry-id="$entry_id" approve-replacement=true wait-for=entry-ready
