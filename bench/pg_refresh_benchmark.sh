#!/usr/bin/env bash
# Database cost of one Postgres refresh of one console at a large saga_instances table: the
# queries of the summary and the poll BEFORE issue 17 (a GROUP BY over the whole table, the
# plain keyset cursor) and AFTER (live statuses through the status index, finished ones over
# an hour, the planner's estimate, the late-commit-safe cursor). Seeds SAGAS rows (default
# 10,000,000) with one INSERT ... SELECT as the sim's role when the table holds fewer, runs
# every query RUNS times as the console's role with EXPLAIN (ANALYZE, BUFFERS), and appends the
# mean execution + planning times and one plan of each to docs/benchmarks.md.
#   bench/pg_refresh_benchmark.sh [SAGAS] [RUNS]   (stack dir: $SAGADECK_STACK_DIR or <repo>/.stack)
# Not run by CI. Afterwards drop the rows (or recreate the stack) so the tests see a normal table.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
sagas="${1:-10000000}"
runs="${2:-10}"
stack_dir="${SAGADECK_STACK_DIR:-$repo/.stack}"
doc="${SAGADECK_BENCH_DOC:-$repo/docs/benchmarks.md}"
[[ -f "$stack_dir/stack.json" ]] || { echo "pg_refresh_benchmark: no $stack_dir/stack.json: run stack/stack up" >&2; exit 1; }
pg() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["postgres"][sys.argv[2]])' "$stack_dir/stack.json" "$1"; }
sim="$(pg sim_conninfo)"
console="$(pg console_conninfo)"

have="$(psql -X -qAt "$sim" -c 'SELECT count(*) FROM saga_instances')"
if ((have < sagas)); then
  echo "seeding $((sagas - have)) sagas ..."
  seed_start=$(date +%s.%N)
  # Most finished long ago, a few thousand live; updated_at spread over 30 days.
  psql -X -q -v ON_ERROR_STOP=1 "$sim" <<SQL
INSERT INTO saga_instances (id, saga_type, status, current_step, attempt, created_at, updated_at)
SELECT gen_random_uuid(),
       (ARRAY['order-fulfillment','payment-refund','inventory-restock','shipment','account-closure'])[1 + g % 5],
       CASE WHEN g % 3000 = 0 THEN (ARRAY['STARTED','IN_PROGRESS','COMPENSATING'])[1 + (g / 3000) % 3]
            WHEN g % 100 < 4 THEN 'FAILED'
            WHEN g % 100 < 10 THEN 'COMPENSATED'
            ELSE 'COMPLETED' END,
       'step-' || g % 7, 1, u - interval '3 minutes', u
FROM (SELECT g, now() - random() * interval '30 days' AS u
      FROM generate_series(1, $((sagas - have))) g) s;
SQL
  psql -X -q "$sim" -c 'ANALYZE saga_instances'
  seed_end=$(date +%s.%N)
  echo "seeded in $(python3 -c "print(f'{$seed_end - $seed_start:.0f}')") s"
fi
rows="$(psql -X -qAt "$sim" -c 'SELECT count(*) FROM saga_instances')"
mix="$(psql -X -qAt "$sim" -c "SELECT string_agg(status || ' ' || n, ', ' ORDER BY n DESC) FROM (SELECT status, count(*) n FROM saga_instances GROUP BY status) c")"

micros() { echo "(extract(epoch from $1) * 1000000)::bigint"; }
cols="id::text AS saga_id, saga_type, status, coalesce(current_step, ''), attempt, coalesce(last_error, ''), $(micros created_at), $(micros updated_at)"
ts() { echo "'epoch'::timestamptz + ($1) * interval '1 microsecond'"; }
poll_from="$(psql -X -qAt "$sim" -c "SELECT $(micros "now() - interval '2 seconds'")")"
horizon="$(psql -X -qAt "$sim" -c "SELECT $(micros "now() - interval '61 seconds'")")"

declare -A sql
names_before=(counts_by_status_and_type throughput stuck poll_keyset)
names_after=(live_counts finished_counts_1h total_estimate throughput stuck open_transactions poll_from_horizon)
sql[counts_by_status_and_type]="SELECT status, saga_type, count(*) FROM saga_instances GROUP BY status, saga_type"
sql[throughput]="SELECT count(*) FILTER (WHERE created_at >= t), count(*) FILTER (WHERE status = 'COMPLETED'), count(*) FILTER (WHERE status IN ('FAILED', 'COMPENSATED')) FROM saga_instances, (SELECT now() - 5 * interval '1 minute' AS t) w WHERE updated_at >= w.t"
sql[stuck]="SELECT $cols, count(*) OVER () FROM saga_instances WHERE status IN ('IN_PROGRESS', 'COMPENSATING') AND updated_at < now() - 300 * interval '1 second' ORDER BY updated_at LIMIT 200"
sql[poll_keyset]="SELECT $cols FROM saga_instances WHERE (updated_at, id) > ($(ts "$poll_from"), '00000000-0000-0000-0000-000000000000'::uuid) ORDER BY updated_at, id LIMIT 500"
sql[live_counts]="SELECT status, saga_type, count(*) FROM saga_instances WHERE status = ANY('{STARTED,IN_PROGRESS,COMPENSATING}'::text[]) GROUP BY status, saga_type"
sql[finished_counts_1h]="SELECT f.status, f.saga_type, f.n, $(micros w.t) FROM (SELECT date_trunc('milliseconds', now() - 60 * interval '1 minute') AS t) w LEFT JOIN LATERAL (SELECT status, saga_type, count(*) AS n FROM saga_instances WHERE status = ANY('{COMPLETED,FAILED,COMPENSATED}'::text[]) AND updated_at >= w.t GROUP BY status, saga_type) f ON true"
sql[total_estimate]="SELECT coalesce((SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass('\"saga_instances\"')), -1)"
sql[open_transactions]="SELECT $(micros "min(xact_start)"), count(*) FILTER (WHERE xact_start IS NULL AND (backend_xid IS NOT NULL OR backend_xmin IS NOT NULL)), $(micros "now()") FROM pg_stat_activity WHERE backend_type = 'client backend' AND datname = current_database() AND usename IS DISTINCT FROM current_user"
sql[poll_from_horizon]="SELECT $cols FROM saga_instances WHERE updated_at >= $(ts "$horizon") AND (updated_at, id) > ($(ts "$horizon"), '00000000-0000-0000-0000-000000000000'::uuid) ORDER BY updated_at, id LIMIT 500"

declare -A mean plan
measure() { # name -> mean (planning + execution) ms over $runs runs, and the last plan
  local name="$1" total=0 out t
  for ((i = 0; i < runs; i++)); do
    out="$(psql -X -qAt "$console" -c "EXPLAIN (ANALYZE, BUFFERS) ${sql[$name]}")"
    t="$(echo "$out" | awk '/Planning Time|Execution Time/ {s += $3} END {print s}')"
    total="$(python3 -c "print($total + $t)")"
  done
  mean[$name]="$(python3 -c "print(f'{$total / $runs:.2f}')")"
  plan[$name]="$out"
  echo "$name: ${mean[$name]} ms"
}
for n in "${names_before[@]}" "${names_after[@]}"; do measure "$n"; done
sum() { python3 -c "import sys; print(f'{sum(map(float, sys.argv[1:])):.2f}')" "$@"; }
before_ms="$(sum $(for n in "${names_before[@]}"; do echo "${mean[$n]}"; done))"
after_ms="$(sum $(for n in "${names_after[@]}"; do echo "${mean[$n]}"; done))"
seq_scans="$(for n in "${names_after[@]}"; do echo "${plan[$n]}"; done | grep -c 'Seq Scan on saga_instances' || true)"
echo "per refresh: before ${before_ms} ms, after ${after_ms} ms; Seq Scans on saga_instances after: ${seq_scans}"

{
  echo
  echo "## Issue 17: Postgres refresh cost at ${rows} sagas ($(date -u +%Y-%m-%d))"
  echo
  echo "- Command: \`SAGADECK_STACK_DIR=<stack dir> bench/pg_refresh_benchmark.sh ${sagas} ${runs}\` (seeds with one"
  echo "  INSERT ... SELECT FROM generate_series as the sim's role, then ANALYZE; each query ${runs} times as the"
  echo "  console's role with \`EXPLAIN (ANALYZE, BUFFERS)\`; time = planning + execution, mean)"
  echo "- Machine: Debian 12, 2 cores (shared with three other builds), 24 GiB; the stack's PostgreSQL $(psql -X -qAt "$sim" -c 'SHOW server_version')"
  echo "  with its defaults; status mix: ${mix}"
  echo "- **Database time per refresh per console: before ${before_ms} ms, after ${after_ms} ms**"
  echo "  (every 2 s from every open console; polling mode, the poll's window empty of changes)."
  echo "  Plans of the recurring queries after the change with a \`Seq Scan on saga_instances\`: ${seq_scans}."
  echo
  echo "| query | before (ms) | after (ms) |"
  echo "|---|---|---|"
  for n in counts_by_status_and_type live_counts finished_counts_1h total_estimate throughput stuck open_transactions poll_keyset poll_from_horizon; do
    b=""; a=""
    [[ " ${names_before[*]} " == *" $n "* ]] && b="${mean[$n]}"
    [[ " ${names_after[*]} " == *" $n "* ]] && a="${mean[$n]}"
    echo "| $n | ${b:-—} | ${a:-—} |"
  done
  for n in "${names_before[@]}" "${names_after[@]}"; do
    echo
    echo "\`$n\`:"
    echo '```'
    echo "${plan[$n]}"
    echo '```'
  done
} >> "$doc"
