# ingest.sh: the data hub from the command line: catalogue import, list and show; ingest with
# its report; the same file again; kill -9 during a batch, then again: counts as a clean run.
. "$(dirname "$0")/lib.bash"

"$SN" gen --out "$TMP/county" --region 430102 --persons 12000 --months 6 --seed 8 >/dev/null
"$SN" init "$TMP/data" >/dev/null
"$SN" init "$TMP/clean" >/dev/null

run "$SN" catalog import --data "$TMP/data" "$TMP/county/catalog.json"
expect_eq "catalog import" "$rc" 0
expect_contains "catalog import says" "$out" "48 resources, 48 new"
run "$SN" catalog import --data "$TMP/data" "$TMP/county/catalog.json"
expect_contains "catalog import again" "$out" "48 unchanged"
run "$SN" catalog show --data "$TMP/data" 43SW001
expect_contains "catalog show key" "$out" "$(printf 'key\t纳税人识别号,所属期')"
expect_contains "catalog show version" "$out" "  v1"
run "$SN" catalog show --data "$TMP/data" 43NOPE
expect_eq "unknown resource" "$rc" 1
expect_contains "unknown resource says" "$err" "import the catalogue first"
printf '{"resources":[{"code":"43X","format":"csv","fields":[{"name":"a","type":"colour"}],"key_fields":["a"]}]}' >"$TMP/bad.json"
run "$SN" catalog import --data "$TMP/data" "$TMP/bad.json"
expect_eq "bad catalogue" "$rc" 1
expect_contains "bad catalogue says" "$err" "unknown field type: colour"

file="$TMP/county/resources/43SW001.csv"
run "$SN" ingest --data "$TMP/data" 43SW001 "$file"
expect_eq "ingest" "$rc" 0
expect_contains "ingest report" "$out" "batch 1: read"
run "$SN" ingest --data "$TMP/data" 43SW001 "$file"
expect_contains "ingest again" "$out" "ingested before as batch 1; nothing changed"
run "$SN" batch list --data "$TMP/data"
expect_contains "batch list" "$out" "$(printf '1\t43SW001\tincremental\tdone\t')"
run "$SN" batch show --data "$TMP/data" 1 --rejects 3
expect_contains "batch show" "$out" "$(printf 'resource\t43SW001')"
expect_eq "batch show rejects" "$(echo "$out" | sed -n '/^rejects/,$p' | tail -n +2 | wc -l)" 3
run "$SN" batch show --data "$TMP/data" 99
expect_eq "no such batch" "$rc" 1
run "$SN" ingest --data "$TMP/data" 43SW001 "$TMP/county/resources/43RS001.csv"
expect_eq "another resource's file" "$rc" 1
expect_contains "another resource's file says" "$err" "a file of another resource?"

# kill -9 in the middle of a batch, then ingest again: the same as a clean run
"$SN" catalog import --data "$TMP/clean" "$TMP/county/catalog.json" >/dev/null
"$SN" ingest --data "$TMP/clean" 43RS001 "$TMP/county/resources/43RS001.csv" >/dev/null
clean=$("$SN" catalog list --data "$TMP/clean" | awk -F'\t' '$1 == "43RS001" {print $5}')
"$SN" ingest --data "$TMP/data" 43RS001 "$TMP/county/resources/43RS001.csv" >/dev/null &
pid=$!
sleep 0.3
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
after_kill=$("$SN" catalog list --data "$TMP/data" | awk -F'\t' '$1 == "43RS001" {print $5}')
case "$after_kill" in 0|"$clean") ;; *) fail "after kill -9: $after_kill records, neither none nor all ($clean)";; esac
checks=$((checks + 1))
run "$SN" ingest --data "$TMP/data" 43RS001 "$TMP/county/resources/43RS001.csv"
expect_eq "ingest after kill" "$rc" 0
expect_eq "records as a clean run" "$("$SN" catalog list --data "$TMP/data" | awk -F'\t' '$1 == "43RS001" {print $5}')" "$clean"
[ "$clean" -gt 10000 ] || fail "the clean run holds only $clean records"
checks=$((checks + 1))
# sharing from the command line: add, pull (data on stdout, the delivery on stderr), ack, list
run "$SN" share add --data "$TMP/data" --consumer 农业农村厅 --resource 43SW001 --fields '*'
expect_eq "share add" "$rc" 0
expect_contains "share add says" "$out" "created sharing task 1; 4 conditional fields wait"
run "$SN" share pull --data "$TMP/data" 1
expect_eq "nothing may flow yet" "$rc" 1
expect_contains "nothing may flow yet says" "$err" "wait for approval"
run "$SN" share approve --data "$TMP/data" 1 收入额 --by 省民政厅 --ref 湘民函〔2025〕7号
expect_eq "approve" "$rc" 0
run "$SN" share pull --data "$TMP/data" 1 --limit 10 --out "$TMP/d1.jsonl"
expect_contains "pull says" "$err" "delivery 1: 10 records"
expect_eq "delivered lines" "$(wc -l < "$TMP/d1.jsonl")" 10
expect_eq "only the approved field" "$(grep -c 纳税人识别号 "$TMP/d1.jsonl" || true)" 0
# money goes out as the catalogue declares it (yuan, two decimals), as the department sent it
expect_contains "the catalogue declares yuan" "$(grep -o '"name":"收入额"[^}]*' "$TMP/county/catalog.json" | head -1)" '"type":"money"'
amounts=$(python3 -c "import json; [print(json.loads(l)['收入额']) for l in open('$TMP/d1.jsonl')]")
expect_eq "amounts in yuan with two decimals" "$(echo "$amounts" | grep -cvE '^[0-9]+\.[0-9]{2}$' || true)" 0
first=$(echo "$amounts" | sed -n 1p)
expect_eq "the first amount is one the department sent" "$(grep -cF ",$first," "$TMP/county/resources/43SW001.csv" | sed 's/^0$/none/;s/^[1-9][0-9]*$/found/')" "found"
run "$SN" share ack --data "$TMP/data" 1 1
expect_contains "ack" "$out" "delivery 1 acknowledged"
run "$SN" share list --data "$TMP/data"
expect_contains "list reconciles" "$out" "$(printf '\t收入额\t1\t10\t10\t')"
run "$SN" hub stats --data "$TMP/data"
expect_contains "stats resources" "$out" "$(printf 'resources\t48')"
expect_contains "stats exchanged" "$out" "records exchanged"
expect_contains "freshness" "$out" "never ingested"
done_ok
