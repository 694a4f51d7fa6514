# Sourced by the example scripts: run_filtered PATTERN COMMAND... runs
# COMMAND with its output (standard output and error) kept to the lines
# matching the extended regular expression PATTERN, and returns COMMAND's
# exit status (a POSIX sh has no pipefail to give it).
#
# Ctrl-C reaches every process of the pipe. It is gst-launch-1.0's to handle
# (with -e: EOS, and the upload is finished); the script and the filter keep
# going until gst-launch-1.0 is done, or its last messages would be lost and
# it would die of a broken pipe mid-upload.
run_filtered() {
  run_filtered_pattern=$1
  shift
  run_filtered_status=$(mktemp)
  trap ':' INT
  {
    trap ':' INT
    "$@" 2>&1 || echo "$?" >"$run_filtered_status"
  } | {
    trap '' INT
    grep -E "$run_filtered_pattern" || true
  }
  trap - INT
  set -- "$(cat "$run_filtered_status")"
  rm -f "$run_filtered_status"
  return "${1:-0}"
}
