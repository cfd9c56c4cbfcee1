# init_help.sh: `safetynet init`, `help`, `version` and errors for what does not exist.
. "$(dirname "$0")/lib.bash"

run "$SN" init "$TMP/data/county"
expect_eq "init exit" "$rc" 0
expect_contains "init says" "$out" "created the data folder"
[ -f "$TMP/data/county/safetynet.db" ] || fail "no database file"

run "$SN" init "$TMP/data/county"
expect_contains "second init" "$out" "is up to date"

touch "$TMP/file"
run "$SN" init "$TMP/file"
expect_eq "init on a file" "$rc" 1
expect_contains "init on a file says" "$err" "is not a folder"

run "$SN" init
expect_eq "init without a folder" "$rc" 2

cd "$TMP"
run "$SN" init --help
expect_eq "init --help" "$rc" 2
[ ! -e "$TMP/--help" ] || fail "init --help created a folder named --help"
cd - >/dev/null

run "$SN" help
expect_eq "help exit" "$rc" 0
for c in init region id version help; do expect_contains "help lists $c" "$out" "  $c"; done

run "$SN" help region
expect_contains "help for one command" "$out" "safetynet region show CODE | find NAME"

run "$SN" version
expect_contains "version" "$out" "safetynet 0."

run "$SN" frobnicate
expect_eq "unknown command" "$rc" 2
expect_contains "unknown command says" "$err" "'safetynet help' lists them"

run "$SN" --bogus
expect_eq "unknown option" "$rc" 2

run "$SN"
expect_eq "no command" "$rc" 2
done_ok
