#!/usr/bin/env bash
# Runs the benchmarks against an optimised build and prints one line per figure, with the
# ceiling each is measured against. Figures go into docs/PERFORMANCE.md with this command.
# Usage: bench/run.sh BUILD_DIR     (BENCH_CSV_MB sets the CSV size, default 1024; the other
# BENCH_* sizes are named where they are used)
set -euo pipefail
build=$1
mb=${BENCH_CSV_MB:-1024}
data="$build/bench-data"
mkdir -p "$data"
csv="$data/records-${mb}MB.csv"
[ -f "$csv" ] || { echo "generating $csv"; "$build/bench/bench_csv" gen "$csv" "$mb"; }
cat "$csv" >/dev/null  # warm the page cache so both readers start equal

"$build/bench/bench_csv" read "$csv" 3
times=()
for i in 1 2 3; do
  t0=$(date +%s.%N); wc -l "$csv" >/dev/null; t1=$(date +%s.%N)
  times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
done
med=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
bytes=$(stat -c %s "$csv")
awk -v b="$bytes" -v t="$med" 'BEGIN { printf "wc -l\t%.0f MB/s\t(ceiling: counts newlines only)\t%.3f s median of 3\n", b / 1e6 / t, t }' 

"$build/bench/bench_idno"

# JSON: json-c (chosen) beside cJSON on the same 128 MB of JSON lines
[ -x "$build/bench/bench_json" ] && "$build/bench/bench_json" "$data/records-128MB.jsonl" 128

# the generator: a city-sized sample (BENCH_GEN_PERSONS, default 1,000,000 persons of Changsha)
gen_out="$data/gen-$$"
rm -rf "$gen_out"
"$build/bench/bench_gen" 4301 "${BENCH_GEN_PERSONS:-1000000}" "$gen_out"
rm -rf "$gen_out"

# person linkage: a 10-million-person register (BENCH_LINK_PERSONS) and 1 million records that
# all carry a fault (BENCH_LINK_RECORDS), three runs
for i in 1 2 3; do
  "$build/bench/bench_link" "${BENCH_LINK_PERSONS:-10000000}" "${BENCH_LINK_RECORDS:-1000000}"
done

# the rule language: the dibao income rules over a million in-memory households, beside the same
# rule as one SQL query in SQLite (BENCH_RULES_HOUSEHOLDS)
"$build/bench/bench_rules" "$(dirname "$0")/../policy/dibao-members.rules" "${BENCH_RULES_HOUSEHOLDS:-1000000}" "$data/rules.db"

# the data hub: one resource file of about 10 million rows (43SW001 of 1.4 M persons of
# Changsha, BENCH_INGEST_PERSONS), then the same file through `sqlite3 .import` into a bare
# table: the floor a hand-rolled import gets
county="$data/ingest-county-${BENCH_INGEST_PERSONS:-1450000}"
[ -f "$county/catalog.json" ] || { rm -rf "$county"; "$build/safetynet" gen --region 4301 --persons "${BENCH_INGEST_PERSONS:-1450000}" --out "$county" >/dev/null; }
file="$county/resources/43SW001.csv"
rm -rf "$data/ingest-data"
"$build/bench/bench_ingest" "$data/ingest-data" "$county/catalog.json" 43SW001 "$file"
rm -f "$data/import.db"
t0=$(date +%s.%N)
sqlite3 "$data/import.db" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE t (id TEXT, month TEXT, income TEXT, tax TEXT);
.mode csv
.import --skip 1 $file t
SQL
t1=$(date +%s.%N)
rows=$(($(wc -l < "$file") - 1))
awk -v r="$rows" -v a="$t0" -v b="$t1" 'BEGIN { printf "sqlite3 .import (bare table, no checks)\t%.0f rows/s\t%d rows in %.1f s\n", r / (b - a), r, b - a }'
rm -rf "$data/ingest-data" "$data/import.db"

# verification: one household p99, and a re-screen of 3.5 million households on 2 threads
# beside the same calculation in SQLite (BENCH_VERIFY_HOUSEHOLDS, BENCH_VERIFY_SQL)
"$build/bench/bench_verify" "$(dirname "$0")/../policy" "${BENCH_VERIFY_HOUSEHOLDS:-3500000}" "${BENCH_VERIFY_SQL:-350000}"

# monitoring: a full run over a generated county of BENCH_MONITOR_PERSONS (default 1,000,000:
# issue 19's city), loaded once as docs/MONITORING.md "Figures" does and kept, on every core and
# on one, beside five of its indicators as one SQL query over the same facts (bench_monitor.c);
# BENCH_MONITOR_RUNS runs each (default 3, the median)
persons=${BENCH_MONITOR_PERSONS:-1000000}
mdata="$data/monitor-$persons"
if [ ! -f "$mdata/loaded" ]; then
  rm -rf "$mdata" "$mdata-gen"
  "$build/safetynet" gen --out "$mdata-gen" --region 430626 --persons "$persons" --months 12 --seed 23 --quiet >/dev/null
  "$build/safetynet" init "$mdata" >/dev/null
  "$build/safetynet" catalog import --data "$mdata" "$mdata-gen/catalog.json" >/dev/null
  for f in "$mdata-gen"/resources/*; do
    c=$(basename "$f")
    "$build/safetynet" ingest --quiet --data "$mdata" "${c%.*}" "$f" >/dev/null
  done
  "$build/safetynet" link run --quiet --data "$mdata" >/dev/null
  rm -rf "$mdata-gen"
  touch "$mdata/loaded"
fi
"$build/bench/bench_monitor" "$mdata" 2025-12-15 "${BENCH_MONITOR_RUNS:-3}"

# the server: household detail under wrk beside nginx serving the same JSON (bench/http.sh)
"$(dirname "$0")/http.sh" "$build/safetynet" "$data"

# payments: a payroll of 1.5 million active cases built, checked, approved and written (issue 20)
pay_dir="$data/pay-$$"
rm -rf "$pay_dir" "$pay_dir.audit"
"$build/bench/bench_pay" "${BENCH_PAY_CASES:-1500000}" "$pay_dir"
rm -rf "$pay_dir" "$pay_dir.audit"
