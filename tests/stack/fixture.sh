#!/usr/bin/env bash
# CTest fixture: brings the local stack up for the integration tests. If the stack was already
# up (scripts/test or a developer started it), it is left running afterwards.
set -euo pipefail
cmd=$1
dir=$2
stack="$(cd "$(dirname "$0")/../.." && pwd)/stack/stack"
marker="$dir/.started-by-ctest"
case "$cmd" in
  up)
    if "$stack" --dir "$dir" status >/dev/null 2>&1; then
      echo "stack in $dir is already up; it will be left running"
      rm -f "$marker"
    else
      "$stack" --dir "$dir" up
      touch "$marker"
    fi
    "$stack" --dir "$dir" status
    ;;
  down)
    if [[ -f "$marker" ]]; then
      "$stack" --dir "$dir" down
      rm -f "$marker"
    else
      echo "stack in $dir was up before the tests; leaving it running"
    fi
    ;;
  *) echo "usage: $0 up|down STATE_DIR" >&2; exit 2 ;;
esac
