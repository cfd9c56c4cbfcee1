# id_check.sh: `safetynet id check` from arguments and from stdin, its output format and exit codes.
. "$(dirname "$0")/lib.bash"

run "$SN" id check 11010519491231002X 430102199001011238
expect_eq "exit when all valid" "$rc" 0
expect_eq "valid lines" "$out" "$(printf '11010519491231002X\tvalid\t11010519491231002X\t1949-12-31\tF\t110105\n430102199001011238\tvalid\t430102199001011238\t1990-01-01\tM\t430102')"

run "$SN" id check 430102199001011239
expect_eq "exit when one invalid" "$rc" 1
expect_eq "check character" "$out" "$(printf '430102199001011239\tinvalid\tcheck-character\tthe check character does not match (expected 8)')"

printf '430102900101123\n\n  11010519491231002x \r\n43010219900101123\n4301021990010112A8\n990102199001011238\n430102199002301238\n' >"$TMP/in"
run "$SN" id check <"$TMP/in"
expect_eq "exit from stdin" "$rc" 1
expect_eq "line count (blank lines skipped)" "$(echo "$out" | wc -l)" 6
expect_eq "legacy upgraded" "$(echo "$out" | sed -n 1p | cut -f2,3)" "$(printf 'valid\t430102199001011238')"
expect_eq "lower-case x normalised" "$(echo "$out" | sed -n 2p | cut -f3)" "11010519491231002X"
expect_eq "reasons" "$(echo "$out" | sed -n '3,$p' | cut -f3 | tr '\n' ' ')" "length character region birth-date "

# Chinese messages when asked
run env SAFETYNET_LANG=zh "$SN" id check 430102199001011239
expect_contains "Chinese reason" "$out" "校验码不符，应为 8"

# control characters cannot break the tab-separated output
run "$SN" id check "$(printf 'a\tb')"
expect_eq "sanitised echo" "$(echo "$out" | cut -f1)" "a?b"

# a thousand generated numbers through stdin agree with the unit-tested parser
for i in $(seq 1000 1999); do printf '43010219900101%04d\n' "$i"; done >"$TMP/many"
run "$SN" id check <"$TMP/many"
expect_eq "many lines" "$(echo "$out" | wc -l)" 1000
expect_eq "about one in eleven is valid" "$(echo "$out" | grep -c $'\tvalid\t')" "$(echo "$out" | awk -F'\t' '$2=="valid"' | wc -l)"

run "$SN" id
expect_eq "usage exit" "$rc" 2
expect_contains "usage text" "$err" "usage: safetynet id check"
done_ok
