# browser_monitor.sh: monitoring's warnings in headless Chromium (ui/tests/monitor.mjs): the county
# reviewer sees the counts by township and level, sends two warnings and finds them on the overdue
# list; the township caseworker, on a phone-sized screen, sees only the township's warnings,
# opens one, records a field check (the server's refusal shown on the field it names, yuan taken
# as integer fen) and closes it with an outcome, and sees it on the household's page; another
# township's caseworker is refused it. Then the field check is in the data folder as fen and the
# audit log is proven intact.
. "$(dirname "$0")/lib.bash"
UI="$(cd "$(dirname "$0")/../../ui" && pwd)"
command -v node >/dev/null || fail "node is missing: scripts/ui-deps.sh installs it"
[ -d "$UI/node_modules/playwright-core" ] || fail "playwright-core is missing: run scripts/ui-deps.sh"
db() { sqlite3 "$D/safetynet.db" "$1"; }

county "$TMP" 430181 800 5 0
D="$TMP/data"
"$SN" monitor run --data "$D" --date 2025-06-15 >/dev/null
town=$(db "SELECT substr(household, 1, 9) FROM monitor_warnings GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
other=$(db "SELECT substr(household, 1, 9) FROM monitor_scores WHERE substr(household, 1, 9) != '$town' LIMIT 1")
for u in "cw caseworker $town" "rev reviewer 430181" "far caseworker $other"; do
  set -- $u
  echo "password-123" | "$SN" user add --data "$D" "$1" --role "$2" --region "$3" >/dev/null
done
mapfile -t ids < <(db "SELECT id FROM monitor_warnings WHERE substr(household, 1, 9) = '$town' ORDER BY id LIMIT 2")
hh=$(db "SELECT household FROM monitor_warnings WHERE id = ${ids[0]}")
live=$(db "SELECT count(*) FROM monitor_warnings WHERE status IN ('new', 'sent', 'checking')")
mine=$(db "SELECT count(*) FROM monitor_warnings WHERE substr(household, 1, 9) = '$town' AND status IN ('new', 'sent', 'checking')")

serve "$D"
run env BASE="$B" W1="${ids[0]}" W2="${ids[1]}" HOUSEHOLD="$hh" TOWN="$town" LIVE="$live" MINE="$mine" SHOTS="$TMP" \
  node "$UI/tests/monitor.mjs"
expect_eq "the warnings in the browser: $out $err" "$rc" "0"
expect_eq "the field check, its money in fen" \
  "$(db "SELECT staff1, staff2, income_fen, spending_fen FROM monitor_checks WHERE warning = ${ids[0]}")" "张三|李四|80050|120000"
expect_eq "closed with no need" "$(db "SELECT status, outcome FROM monitor_warnings WHERE id = ${ids[0]}")" "closed|no_need"
expect_eq "the other township's refusal audited" \
  "$(db "SELECT count(*) > 0 FROM audit_log WHERE actor = 'far' AND action LIKE '%refused%'")" 1
kill -TERM "$pid"
wait "$pid" || true
run "$SN" audit verify --data "$D"
expect_eq "the audit log is intact after the browser run" "$rc" "0"
done_ok
