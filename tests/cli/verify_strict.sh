# verify_strict.sh: `verify --household FILE` accepts no mistake silently (issue 17, item 4): a
# record about someone outside the household, a missing field a fact is read from, a typo in a
# value with allowed values, urban/rural the region's name does not tell are errors naming the
# field, its record and member; a member named twice in one object is an error; urban/rural
# read from a village's name is a warning in the report; the documented examples still give their figures.
. "$(dirname "$0")/lib.bash"

ex="$(dirname "$0")/../../docs/examples"
# household RECORDS [REGION] [URBAN]: a file of two members, the head with the records given
household() {
  local urban=""
  [ -z "${3:-}" ] || urban=", \"urban\": $3"
  cat >"$TMP/h.json" <<JSON
{"household": "43018100220400001", "region": "${2:-430181002204}"$urban,
 "authorisation": {"signed_by": "张伟", "signed_on": "2025-11-01"},
 "members": [{"id": "430181198001011239", "name": "张伟", "relation": "01", "records": {$1}},
             {"id": "430181198203052223", "name": "李娟", "relation": "02"}]}
JSON
  run "$SN" verify --household "$TMP/h.json" --date 2025-11-20
}
rs() { echo "\"43RS007\": [{\"身份证号\": \"$1\", \"申报年月\": \"2025-06\", \"月收入\": \"2500.00\", \"数据状态\": \"正常\"}]"; }

household "\"43RS007\": [{\"身份证号\": \"430181198001011239\", \"申报年月\": \"2025-06\", \"月收入\": \"2500.00\", \"月收入\": \"0.00\", \"数据状态\": \"正常\"}]" "" false
expect_eq "a member named twice in a record (json-c keeps the last: 2500 would read as 0)" "$rc" "1"
expect_contains "names it" "$err" "the household file: the member 月收入 is given twice"
household "$(rs 110101199003071233)" "" false
expect_eq "income of someone outside the household" "$rc" "1"
expect_contains "names the field, record and member" "$err" "members[1].records.43RS007[1].身份证号: is not the ID number of any member of the household"
household "$(rs 430181198203052223)" "" false
expect_eq "the spouse's income under the head" "$rc" "1"
expect_contains "says whose it is" "$err" "is the ID number of members[2], not of this member"
household '"43RS007": [{"身份证号": "430181198001011239", "申报年月": "2025-06", "数据状态": "正常"}]' "" false
expect_eq "a record without its amount" "$rc" "1"
expect_contains "names it" "$err" "members[1].records.43RS007[1].月收入: is missing"
household '"43JY001": [{"学生身份证号": "430181198001011239", "学籍状态": "再读"}]' "" false
expect_eq "a typo in 学籍状态" "$rc" "1"
expect_contains "with the allowed values" "$err" "学籍状态: \"再读\" is not an allowed value (在读/辍学)"
household '"43MZ006": [{"身份证号": "430181198001011239", "调查日期": "2025-03-01", "赡养能力": "无"}]' "" false
expect_eq "a typo in 赡养能力" "$rc" "1"
expect_contains "with the allowed values" "$err" "(有赡养能力人/无赡养能力人)"
household "$(rs 430181198001011239)" 430224500598
expect_eq "urban/rural the region's name does not tell" "$rc" "1"
expect_contains "names urban" "$err" "urban: is not given"
household "$(rs 430181198001011239)"
expect_eq "urban/rural from a village's name" "$rc" "0"
expect_eq "read as rural, with a warning" "$(python3 -c "import json,sys; j = json.loads(sys.argv[1]); print(j['urban'], j['warnings'])" "$out")" \
  "False ['urban is not given: read as rural from the name of the region, 道吾村']"
expect_eq "the income counted" "$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['income']['counted_fen'])" "$out")" "250000"

# the documented examples keep their figures
for f in dibao-urban-couple:dibao:131400 tekun-rural-elder:tekun:68000 none-car-owner:none:0; do
  IFS=: read -r name decision fen <<<"$f"
  run "$SN" verify --household "$ex/$name.json" --date 2025-11-20
  expect_eq "$name" "$(python3 -c "import json,sys; j = json.loads(sys.argv[1]); print(j['decision'], j['monthly_benefit_fen'], 'warnings' in j)" "$out")" "$decision $fen False"
done
done_ok
