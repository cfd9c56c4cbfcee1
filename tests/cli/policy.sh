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
run "$SN" policy show --region 999
expect_eq "unknown region" "$rc" 1
run "$SN" policy show
expect_eq "usage" "$rc" 2
done_ok
