#!/usr/bin/env bash
# Builds gst-kaltura and runs the whole test suite against kaltura-devserver.
# Usage: scripts/test.sh [extra meson setup options]   (BUILD_DIR=build by default)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}

# The official Node.js client, for the interoperability test.
if command -v npm >/dev/null && [ -f tests/node/package-lock.json ]; then
  (cd tests/node && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ -d "$build_dir" ]; then
  meson setup --reconfigure "$build_dir" "$@" >/dev/null
else
  meson setup "$build_dir" "$@"
fi
ninja -C "$build_dir"

status=0
meson test -C "$build_dir" --print-errorlogs --num-processes 2 || status=$?

# One closing line that any reader understands.
python3 - "$build_dir/meson-logs/testlog.json" <<'PY'
import json, sys
passed = failed = skipped = 0
for line in open(sys.argv[1]):
    result = json.loads(line).get("result")
    if result in ("OK", "EXPECTEDFAIL"):
        passed += 1
    elif result == "SKIP":
        skipped += 1
    else:
        failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
