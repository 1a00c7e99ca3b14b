#!/usr/bin/env bash
# CTest fixture: brings a local stack up for the integration tests. If the stack was already
# up (scripts/test or a developer started it), it is left running afterwards.
#   usage: fixture.sh up|down STATE_DIR [PORT_BASE] [-- UP_ARGS...]
#   (saga-sim from $SAGADECK_SIM_BIN if set; UP_ARGS go to `stack/stack up`, e.g. --kafka-brokers 3)
set -euo pipefail
cmd=$1
dir=$2
shift 2
base=""
if [[ $# -gt 0 && "$1" != "--" ]]; then
  base=$1
  shift
fi
[[ $# -gt 0 && "$1" == "--" ]] && shift
up_args=("$@")
stack="$(cd "$(dirname "$0")/../.." && pwd)/stack/stack"
ports=()
[[ -n "$base" ]] && ports=(--port-base "$base")
marker="$dir/.started-by-ctest"
case "$cmd" in
  up)
    if "$stack" --dir "$dir" "${ports[@]}" status >/dev/null 2>&1; then
      echo "stack in $dir is already up; it will be left running"
      rm -f "$marker"
    else
      "$stack" --dir "$dir" "${ports[@]}" up "${up_args[@]}"
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
  *) echo "usage: $0 up|down STATE_DIR [PORT_BASE] [-- UP_ARGS...]" >&2; exit 2 ;;
esac
