# link.sh: person linkage from the command line: ingest links each new batch once the register
# is in; link run links everything and estimates the model; review lists the uncertain with
# their evidence; explain prints one record's comparison; accept and reject are recorded and
# refuse what they cannot do; evaluate scores the links against the generator's truth.
. "$(dirname "$0")/lib.bash"

"$SN" gen --out "$TMP/county" --region 430102 --persons 4000 --months 4 --seed 11 --noise 0.03 >/dev/null
"$SN" init "$TMP/data" >/dev/null
"$SN" catalog import --data "$TMP/data" "$TMP/county/catalog.json" >/dev/null

run "$SN" ingest --data "$TMP/data" 43SW001 "$TMP/county/resources/43SW001.csv"
expect_eq "ingest before the register" "$rc" 0
case "$out" in *linkage:*) fail "a batch before the register was linked";; esac
run "$SN" ingest --data "$TMP/data" 43GA001 "$TMP/county/resources/43GA001.csv"
expect_contains "the register's batch links everything" "$out" "linkage: exact"
run "$SN" ingest --data "$TMP/data" 43DW001 "$TMP/county/resources/43DW001.csv"
expect_contains "a batch after the register is linked" "$out" "linkage: exact"
run "$SN" ingest --data "$TMP/data" --no-link 43RS002 "$TMP/county/resources/43RS002.csv"
case "$out" in *linkage:*) fail "--no-link linked";; esac

run "$SN" link run --data "$TMP/data"
expect_eq "link run" "$rc" 0
expect_contains "link run report" "$out" "linked automatically"
expect_contains "link run model" "$out" "model version 1"
run "$SN" link stats --data "$TMP/data"
expect_contains "link stats" "$out" "$(printf 'auto\t')"

run "$SN" link evaluate --data "$TMP/data" --truth "$TMP/county"
expect_eq "evaluate" "$rc" 0
precision=$(echo "$out" | sed -n 's/^precision \([0-9.]*\),.*/\1/p')
recall=$(echo "$out" | sed -n 's/.*recall \([0-9.]*\) .*/\1/p')
awk -v p="$precision" -v r="$recall" 'BEGIN { exit !(p >= 0.995 && r >= 0.97) }' ||
  fail "precision $precision / recall $recall below what linkage must reach"

run "$SN" link list --data "$TMP/data" --outcome auto --limit 1
expect_contains "list the automatic links" "$out" "$(printf '\tauto\t')"
record=$(echo "$out" | sed -n 2p | cut -f1)
run "$SN" link explain --data "$TMP/data" "$record"
expect_contains "explain names the fields" "$out" "id      one-slip"
expect_contains "explain shows the data" "$out" "record data:"

run "$SN" link reject --data "$TMP/data" "$record"
expect_eq "reject without a reviewer" "$rc" 1
expect_contains "reject says who is missing" "$err" "the reviewer must be named (--by)"
run "$SN" link reject --data "$TMP/data" "$record" --by "审核员甲" --note "不是同一人"
expect_eq "reject" "$rc" 0
expect_contains "reject says" "$out" "rejected"
run "$SN" link run --data "$TMP/data" --keep-model
expect_contains "a decision is kept" "$out" "model version 1"
run "$SN" link explain --data "$TMP/data" "$record"
expect_contains "still rejected after a run" "$out" "rejected"
run "$SN" link accept --data "$TMP/data" "$record" --by "审核员乙"
expect_eq "accept" "$rc" 0
run "$SN" link accept --data "$TMP/data" 987654321 --by x
expect_eq "accept an unknown record" "$rc" 1
expect_contains "unknown record says" "$err" "has no link to decide"
run "$SN" link accept --data "$TMP/data" abc --by x
expect_eq "accept a word" "$rc" 2
run "$SN" link review --data "$TMP/data" --limit 0
expect_eq "bad limit" "$rc" 2
run "$SN" link evaluate --data "$TMP/data"
expect_eq "evaluate without truth" "$rc" 2
SAFETYNET_LANG=zh run "$SN" link frobnicate --data "$TMP/data"
expect_contains "unknown subcommand, in Chinese" "$err" "需要子命令"
done_ok
