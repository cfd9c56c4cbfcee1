# policy.sh: `safetynet policy show`: parameters in force with their sources, and bad input.
. "$(dirname "$0")/lib.bash"

run "$SN" policy show --region 430102 --date 2025-06-30
expect_eq "exit" "$rc" 0
expect_contains "region" "$out" "湖南省长沙市芙蓉区"
expect_contains "urban standard" "$out" "$(printf 'dibao_standard_urban\t740.00\tmoney\t43\t2025-01-01')"
expect_contains "multiplier" "$out" "$(printf 'tekun_multiplier\t1.3\tratio')"
run "$SN" policy show --region 430102 --date 2024-12-31
expect_contains "the standard before 2025" "$out" "$(printf 'dibao_standard_urban\t693.00')"
printf 'x\t43\t2025-01-01\t1\tint\toverride\tref\tnote\nx\t430102\t2025-01-01\t5\tint\toverride\tref\tcounty\n' >"$TMP/p.tsv"
run "$SN" policy show --region 430102001 --date 2025-02-01 --params "$TMP/p.tsv"
expect_contains "a county's own" "$out" "$(printf 'x\t5\tint\t430102')"
printf 'x\t43\t2025-13-01\t1\tint\toverride\tref\tnote\n' >"$TMP/bad.tsv"
run "$SN" policy show --region 43 --params "$TMP/bad.tsv"
expect_eq "bad file" "$rc" 1
expect_contains "bad file says" "$err" "line 1: the date it is valid from must be a real YYYY-MM-DD"
# the defaults hold real policy only: no row marked as an example, and 长沙县 (430121), where an
# example once paid add-ons, has the province's (none); made-up layers are test data
run "$SN" policy show --region 430121 --date 2025-06-30
expect_contains "no add-ons in 长沙县 by default" "$out" "$(printf 'dibao_addon_share\t0.0\tratio\t43\t')"
expect_eq "no default row is marked as an example or not real" \
  "$(grep -v '^#' "$(dirname "$0")/../../data/policy-params.tsv" | grep -ciE '示例|不是真实|测试|example|not real|\[test\]')" "0"
run "$SN" policy show --region 999
expect_eq "unknown region" "$rc" 1
run "$SN" policy show
expect_eq "usage" "$rc" 2
# rule files: check reports what a file declares, or its first error with line and column;
# eval runs it once and explains each rule with the parameters it read
rules="$(dirname "$0")/../../policy/dibao-income.rules"
run "$SN" policy check "$rules"
expect_eq "check a rule file" "$rc" 0
expect_contains "check lists the rules" "$out" "$(printf 'rule\t收入低于标准')"
expect_contains "check gives the cost bound" "$out" "cost bound (nodes)"
run "$SN" policy eval "$rules" --region 430181 --date 2025-06-30 城乡=城市 家庭人数=3 家庭月收入=1500
expect_eq "eval" "$rc" 0
expect_contains "eval explains" "$out" "$(printf '收入低于标准\tholds\tmonthly income per person 500.00 yuan is below the local standard 740.00 yuan')"
expect_contains "eval names its parameters" "$out" "parameter dibao_standard_urban = 740.00"
run "$SN" policy eval "$rules" --region 430181 城乡=城市 家庭人数=three 家庭月收入=1500
expect_eq "eval with a bad value" "$rc" 1
expect_contains "bad value says which" "$err" "input 家庭人数 takes int: three"
run "$SN" policy eval "$rules" --region 430181 城乡=城市
expect_contains "a missing input is named" "$err" "input 家庭人数 is missing"
printf 'input a : int\nrule r when a + 1元 > 0 zh "x" en "y"\n' >"$TMP/bad.rules"
run "$SN" policy check "$TMP/bad.rules"
expect_eq "a wrong rule file" "$rc" 1
expect_contains "the error says where and what" "$err" "bad.rules:2:15: cannot add or subtract int and money"
SAFETYNET_LANG=zh run "$SN" policy check "$TMP/bad.rules"
expect_contains "and in Chinese" "$err" "不能对 int 与 money 做加减"
# the policy in force never comes from the working folder: the shipped one is built into the
# binary, and a bogus ./policy where a command runs is not used
SRC="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$TMP/here/policy"
for f in dibao tekun marginal rigid temp-aid; do
  printf 'input x : int\n伪造的政策 bogus\n' >"$TMP/here/policy/$f.rules"
done
cd "$TMP/here"
run "$SN" verify --household "$SRC/docs/examples/dibao-urban-couple.json" --date 2025-11-20
cd - >/dev/null
expect_eq "verification beside a bogus ./policy" "$rc" 0
expect_contains "decides by the shipped policy" "$out" '"decision":"dibao"'
expect_contains "with the shipped amount" "$out" '"monthly_benefit_fen":'
# a data folder may hold its own policy/; the explicit SAFETYNET_POLICY_DIR (tests) comes first
"$SN" init "$TMP/data" >/dev/null
echo "password-123" | "$SN" user add --data "$TMP/data" cw --role caseworker --region 430181001 >/dev/null
cd "$TMP/here"
run "$SN" fund show --data "$TMP/data" --as cw 430181001
cd - >/dev/null
expect_eq "the fund beside a bogus ./policy" "$rc" 0
cp -r "$TMP/here/policy" "$TMP/data/policy"
run "$SN" fund show --data "$TMP/data" --as cw 430181001
expect_eq "the data folder's own policy is used" "$rc" 1
expect_contains "and named" "$err" "$TMP/data/policy/temp-aid.rules"
SAFETYNET_POLICY_DIR="$SRC/policy" run "$SN" fund show --data "$TMP/data" --as cw 430181001
expect_eq "an explicit policy folder comes first" "$rc" 0
# the case files are not built in: policy test names its folder; a wrong expectation is
# reported at its line
cd "$TMP"
run env -u SAFETYNET_POLICY_DIR "$SN" policy test
cd - >/dev/null
expect_eq "policy test without a folder" "$rc" 2
expect_contains "asks for it" "$err" "the folder of the case files"
run "$SN" policy test "$(dirname "$0")/../../policy"
expect_eq "the shipped cases" "$rc" 0
expect_contains "the shipped cases pass" "$out" "failed 0"
# the test layers (a county paying add-ons, a county's exception) with their own parameter file
run "$SN" policy test "$(dirname "$0")/../data/policy"
expect_eq "the test layers' cases" "$rc" 0
expect_contains "pass, all of them" "$out" "case files 2, cases 7, passed 7, failed 0"
mkdir -p "$TMP/cases"
cp "$(dirname "$0")/../../policy/dibao-income.rules" "$TMP/cases/"
cat >"$TMP/cases/wrong.cases" <<'CASES'
rules dibao-income.rules
region 430181
date 2025-06-30
case a wrong expectation
input {"城乡": "城市", "家庭人数": 3, "家庭月收入": "1500.00"}
expect 人均收入 = 600.00元
expect 没有这个 = true
CASES
run "$SN" policy test "$TMP/cases"
expect_eq "a failing case" "$rc" 1
expect_contains "says where and what" "$out" "wrong.cases:6: expected 600.00元, got 500.00"
expect_contains "names an unknown value" "$out" "wrong.cases:7: the rule file has no rule or value 没有这个"
expect_contains "counts" "$out" "cases 1, passed 0, failed 1"
printf 'bogus line\n' >"$TMP/cases/bad.cases"
run "$SN" policy test "$TMP/cases"
expect_eq "a case file that cannot be read" "$rc" 1
expect_contains "says the line" "$err" "bad.cases:1: a line not understood"
done_ok
