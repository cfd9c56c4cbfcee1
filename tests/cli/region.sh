# region.sh: `safetynet region show` and `find`.
. "$(dirname "$0")/lib.bash"

run "$SN" region show 430102
expect_eq "exit" "$rc" 0
expect_contains "name" "$out" "$(printf 'name\t芙蓉区')"
expect_contains "full name" "$out" "湖南省长沙市芙蓉区"
expect_contains "parents" "$out" "43 湖南省 › 4301 长沙市"
expect_contains "a township below" "$out" "430102001"

run env SAFETYNET_LANG=zh "$SN" region show 430100
expect_contains "GB/T 2260 city code" "$out" "$(printf '名称\t长沙市')"

run "$SN" --lang zh region show 430000
expect_contains "province with its 14 cities" "$out" "$(printf '下级数\t14')"

run "$SN" region show 430102001001
expect_contains "village" "$out" "$(printf 'level\tvillage')"

run "$SN" region show 110101
expect_eq "unknown code exit" "$rc" 1
expect_contains "unknown code message" "$err" "no region of Hunan has the code 110101"

run "$SN" region find 芙蓉区
expect_eq "find exit" "$rc" 0
expect_eq "find" "$out" "$(printf '430102\tcounty\t湖南省长沙市芙蓉区')"

run "$SN" region find 社区
expect_contains "find caps its list" "$out" "more: give a longer name"

run "$SN" region find 不存在
expect_eq "nothing found" "$rc" 1

run "$SN" region list
expect_eq "bad subcommand" "$rc" 2
done_ok
