#!/usr/bin/env bash
# Times `saga-sim seed --sagas N` (default 1,000,000) against the local stack's Postgres and
# appends the result, with the exact command and the machine, to docs/benchmarks.md.
#   bench/seed_benchmark.sh [N]       (stack dir: $SAGADECK_STACK_DIR or <repo>/.stack)
# The stack must be up (stack/stack up) and saga-sim built (scripts/build).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
sagas="${1:-1000000}"
stack_dir="${SAGADECK_STACK_DIR:-$repo/.stack}"
sim="${SAGADECK_SIM_BIN:-$repo/build/dev/bin/saga-sim}"
doc="$repo/docs/benchmarks.md"

[[ -x "$sim" ]] || { echo "seed_benchmark: $sim not found: build first (scripts/build)" >&2; exit 1; }
[[ -f "$stack_dir/stack.json" ]] || { echo "seed_benchmark: no $stack_dir/stack.json: run stack/stack up" >&2; exit 1; }
conninfo="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["postgres"]["sim_conninfo"])' "$stack_dir/stack.json")"
build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$(dirname "$(dirname "$sim")")/CMakeCache.txt" 2>/dev/null || true)"

before="$(psql -X -qAt "$conninfo" -c 'SELECT count(*) FROM saga_instances' 2>/dev/null || echo '?')"
start=$(date +%s.%N)
out="$("$sim" seed --pg "$conninfo" --sagas "$sagas" 2>&1)" || { echo "$out" >&2; exit 1; }
end=$(date +%s.%N)
after="$(psql -X -qAt "$conninfo" -c 'SELECT count(*) FROM saga_instances' 2>/dev/null || echo '?')"
steps="$(psql -X -qAt "$conninfo" -c 'SELECT count(*) FROM saga_steps' 2>/dev/null || echo '?')"
secs=$(python3 -c "print(f'{$end - $start:.1f}')")
echo "$out" | tail -1
echo "wall time ${secs}s; saga_instances ${before} -> ${after}; saga_steps now ${steps}"

if [[ ! -f "$doc" ]]; then
  printf '# Benchmarks\n\nMeasured numbers, newest last. Each entry says how to reproduce it.\n' > "$doc"
fi
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
mem="$(free -h | awk '/^Mem:/ {print $2}')"
cat >> "$doc" <<EOT

## saga-sim seed: ${sagas} sagas ($(date -u +%Y-%m-%d))

- Command: \`bench/seed_benchmark.sh ${sagas}\`, i.e. \`saga-sim seed --pg "\$(sim_conninfo)" --sagas ${sagas}\`
  (COPY over two connections, batches of 50,000 sagas per transaction; ${build_type:-unknown} build)
- Result: **${secs} s** wall time for ${sagas} sagas ($(python3 -c "print(f'{$sagas / ($end - $start):,.0f}')") sagas/s);
  saga_instances ${before} -> ${after} rows, saga_steps ${steps} rows after the run
- Machine: nproc $(nproc), memory ${mem}, CPU ${cpu}
- Postgres 15 of the local stack (fsync off, synchronous_commit off), tables with the contract's
  indexes and the saga_changed trigger in place, a live saga-sim running at its configured rate
EOT
echo "appended to $doc"
