# progress.sh: long commands say how far they are on a terminal (one line redrawn with \r: done,
# total where known, rate) and say nothing of it when stderr is not a terminal or with --quiet.
# SAFETYNET_PROGRESS=1 stands in for the terminal.
. "$(dirname "$0")/lib.bash"

# gen: persons written out of those asked for
SAFETYNET_PROGRESS=1 run "$SN" gen --out "$TMP/county" --region 430181 --persons 3000 --months 12 --seed 5
expect_eq "gen: $err" "$rc" "0"
expect_contains "gen counts persons" "$err" "persons ("
"$SN" init "$TMP/data" >/dev/null
"$SN" catalog import --data "$TMP/data" "$TMP/county/catalog.json" >/dev/null
for f in "$TMP"/county/resources/43GA001*; do "$SN" ingest --no-link --data "$TMP/data" 43GA001 "$f" >/dev/null; done
wages=$(ls "$TMP"/county/resources/43SW001*)

# ingest: rows read, then the new batch's records linked
SAFETYNET_PROGRESS=1 run "$SN" ingest --data "$TMP/data" 43SW001 "$wages"
expect_eq "ingest on a terminal: $err" "$rc" "0"
expect_contains "ingest redraws its line" "$err" $'\r'
expect_contains "ingest counts rows with their rate" "$err" "rows"
expect_contains "the rate" "$err" "/s"
case "$out" in *$'\r'*) fail "the progress line went to stdout" ;; esac

# link run: records read, then records decided out of a known total
SAFETYNET_PROGRESS=1 run "$SN" link run --data "$TMP/data"
expect_eq "link run: $err" "$rc" "0"
expect_contains "link run counts the records it decides" "$err" "records decided"
expect_contains "with the total and the share" "$err" "%)"
SAFETYNET_PROGRESS=1 run "$SN" link run --data "$TMP/data" --quiet
expect_eq "--quiet: no progress" "$err" ""
run "$SN" link run --data "$TMP/data"
expect_eq "not a terminal: no progress" "$err" ""

# recheck --all: households out of the total, time left
SAFETYNET_PROGRESS=1 run "$SN" recheck --data "$TMP/data" --date 2025-12-15 --all
expect_eq "recheck: $err" "$rc" "0"
expect_contains "recheck counts households" "$err" "households"
expect_contains "and the time left" "$err" "left"
run "$SN" recheck --data "$TMP/data" --date 2025-12-15 --all
expect_eq "recheck not on a terminal: no progress" "$err" ""

# monitor run: households scored
SAFETYNET_PROGRESS=1 run "$SN" monitor run --data "$TMP/data" --date 2025-12-15 --full
expect_eq "monitor run: $err" "$rc" "0"
expect_contains "monitor run counts households" "$err" "households ("
SAFETYNET_PROGRESS=1 run "$SN" monitor run --data "$TMP/data" --date 2025-12-15 --full --quiet
expect_eq "monitor run --quiet" "$err" ""

# in Chinese too
SAFETYNET_LANG=zh SAFETYNET_PROGRESS=1 run "$SN" recheck --data "$TMP/data" --date 2025-12-15 --all --quiet
expect_eq "--quiet in Chinese" "$err" ""
SAFETYNET_LANG=zh SAFETYNET_PROGRESS=1 run "$SN" recheck --data "$TMP/data" --date 2025-12-15 --all
expect_contains "户 and 剩余 in Chinese" "$err" "剩余"
done_ok
