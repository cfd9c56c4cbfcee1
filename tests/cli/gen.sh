# gen.sh: `safetynet gen` as a person runs it: files, catalogue, summary, and clear errors.
. "$(dirname "$0")/lib.bash"

run "$SN" gen --out "$TMP/county" --region 430102 --persons 2000 --months 2 --seed 4
expect_eq "gen exit" "$rc" 0
expect_contains "gen reports" "$out" "generated 20"
expect_eq "resource files" "$(ls "$TMP/county/resources" | wc -l)" 48
expect_eq "record truth files" "$(ls "$TMP/county/truth/records" | wc -l)" 48
for f in catalog.json truth/persons.tsv truth/households.tsv truth/shocks.tsv truth/lags.tsv truth/noise.tsv truth/summary.tsv; do
  [ -s "$TMP/county/$f" ] || fail "missing $f"
done
# a lag for each resource, and one for each shock
expect_eq "lags.tsv: a line per resource" "$(tail -n +2 "$TMP/county/truth/lags.tsv" | wc -l)" 48
expect_eq "shocks.tsv: a lag on every line" "$(awk -F'\t' 'NR > 1 && $6 !~ /^[0-9]+$/' "$TMP/county/truth/shocks.tsv" | wc -l)" 0
# the catalogue: 48 resources from at least 15 departments, each naming its file
expect_eq "catalogue resources" "$(grep -o '"code":"43[A-Z]*[0-9]*"' "$TMP/county/catalog.json" | wc -l)" 48
departments=$(grep -o '"provider_code":"[A-Z]*"' "$TMP/county/catalog.json" | sort -u | wc -l)
[ "$departments" -ge 15 ] || fail "only $departments departments"
checks=$((checks + 1))
# a GB18030 file is really GB18030, and a JSON-lines file holds one object per line
iconv -f GB18030 -t UTF-8 "$TMP/county/resources/43CL001.csv" >/dev/null || fail "43CL001.csv is not GB18030"
if iconv -f UTF-8 -t UTF-8 "$TMP/county/resources/43CL001.csv" >/dev/null 2>&1; then fail "43CL001.csv is plain UTF-8"; fi
expect_eq "jsonl lines start with {" "$(grep -vc '^{' "$TMP/county/resources/43YB001.csv" >/dev/null; grep -vc '^{' "$TMP/county/resources/43SC001.jsonl" || true)" 0
# every household of the truth lives in a village of the region
expect_eq "villages in the region" "$(tail -n +2 "$TMP/county/truth/households.tsv" | cut -f3 | grep -vc '^430102' || true)" 0
# every truth file's header names each column of its rows (records/ and summary.tsv have no
# header: their rows agree with each other)
for f in "$TMP"/county/truth/*.tsv "$TMP"/county/truth/records/*.tsv; do
  expect_eq "columns of ${f#"$TMP"/county/}" "$(awk -F'\t' 'NR == 1 { n = NF } NF != n { print FILENAME ": line " NR " has " NF " columns, the first " n; exit }' "$f")" ""
done
expect_eq "households.tsv: the columns named" "$(head -1 "$TMP/county/truth/households.tsv" | cut -f1,2,25-31)" \
  "$(printf 'household\tmonth\tcompany_role\trecent_home\tstandard\tdisposable_income\tper_capita_income\tclass\tmonthly_benefit')"
# records truth has one line per data row
data_rows=$(($(wc -l < "$TMP/county/resources/43GA001.csv") - 1))
expect_eq "records truth lines" "$(wc -l < "$TMP/county/truth/records/43GA001.tsv")" "$data_rows"

run "$SN" gen --out "$TMP/county" --persons 10
expect_eq "used folder refused" "$rc" 1
expect_contains "used folder message" "$err" "already holds generated data"

run "$SN" gen --out "$TMP/x" --region 999999
expect_eq "unknown region" "$rc" 1
expect_contains "unknown region message" "$err" "no region of Hunan has the code 999999"

run "$SN" gen --out "$TMP/y" --persons lots
expect_eq "bad persons" "$rc" 2
expect_contains "bad persons message" "$err" "--persons takes a whole number"

run "$SN" gen --persons 10
expect_eq "no --out" "$rc" 2

run env SAFETYNET_LANG=zh "$SN" gen --out "$TMP/z" --noise 2
expect_contains "Chinese message" "$err" "--noise 应为 0 到 0.5 之间的小数"

# --chronic: refused out of range; at 0 (the default) the same output as without it
run "$SN" gen --out "$TMP/c1" --chronic 0.9
expect_eq "bad chronic" "$rc" 2
run "$SN" gen --out "$TMP/c0" --region 430102 --persons 2000 --months 2 --seed 4 --chronic 0
expect_eq "chronic 0 is the default" "$(cd "$TMP/c0" && find . -type f -exec md5sum {} + | sort -k2 | md5sum)" \
  "$(cd "$TMP/county" && find . -type f -exec md5sum {} + | sort -k2 | md5sum)"
run "$SN" gen --out "$TMP/c2" --region 430102 --persons 2000 --months 2 --seed 4 --chronic 0.3
expect_contains "chronic illness in the shocks" "$(cat "$TMP/c2/truth/shocks.tsv")" "chronic, dialysis"
done_ok
