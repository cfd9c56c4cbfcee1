# browser.sh: the web UI in headless Chromium (ui/tests/browser.mjs): log in as a township
# caseworker, find and open a household, run a verification and see the decision and reasons;
# another township's caseworker is refused it; a data officer sees the hub's catalogue, subscribes
# a consumer, approves a field and takes a file in. Then case
# handling (ui/tests/cases.mjs): a dibao application from intake to approval, one refused with
# written reasons, an emergency paid from the reserve fund on one screen. Then the audit log is
# proven intact.
. "$(dirname "$0")/lib.bash"
UI="$(cd "$(dirname "$0")/../../ui" && pwd)"
command -v node >/dev/null || fail "node is missing: scripts/ui-deps.sh installs it"
[ -d "$UI/node_modules/playwright-core" ] || fail "playwright-core is missing: run scripts/ui-deps.sh"

county "$TMP" 430181 2000 3 0
"$SN" authorise --data "$TMP/data" --every-household --signed-by 户主 --signed-on 2025-01-01 >/dev/null
"$SN" recheck --data "$TMP/data" --date 2025-12-15 --all >/dev/null

truth="$TMP/county/truth/households.tsv"
# a dibao household of a township that also has a household no scheme covers
read -r mine benefit refused < <(awk -F'\t' '$2 == "2025-12" && $30 == "none" { none[substr($1, 1, 9)] = $1 }
  $2 == "2025-12" && $30 == "dibao" { d[$1] = $31 }
  END { for (h in d) if (substr(h, 1, 9) in none) { print h, d[h], none[substr(h, 1, 9)]; exit } }' "$truth")
decision=dibao
theirs=$(awk -F'\t' -v t="${mine:0:9}" 'NR > 1 && substr($1, 1, 9) != t { print $1; exit }' "$truth")
echo "caseworker-pass" | "$SN" user add --data "$TMP/data" cw --display 张经办 --role caseworker --region "${mine:0:9}" >/dev/null
echo "caseworker-pass" | "$SN" user add --data "$TMP/data" other --role caseworker --region "${theirs:0:9}" >/dev/null
echo "data-officer-pass" | "$SN" user add --data "$TMP/data" data --role data-officer --region 43 >/dev/null
echo "approver-pass" | "$SN" user add --data "$TMP/data" appr --role approver --region "${mine:0:6}" >/dev/null
echo "admin-pass-1" | "$SN" user add --data "$TMP/data" admin --role admin --region 43 >/dev/null

serve "$TMP/data"

{ head -4 "$TMP/county/resources/43CL001.csv"; echo "bad row"; } >"$TMP/upload.csv"
run env BASE="$B" HOUSEHOLD="$mine" DECISION="$decision" UPLOAD="$TMP/upload.csv" node "$UI/tests/browser.mjs"
expect_eq "the browser steps: $out $err" "$rc" "0"
run env BASE="$B" HOUSEHOLD="$mine" BENEFIT="$benefit" REFUSED="$refused" node "$UI/tests/cases.mjs"
expect_eq "case handling in the browser: $out $err" "$rc" "0"
kill -TERM "$pid"
wait "$pid" || true
run "$SN" audit verify --data "$TMP/data"
expect_eq "the audit log is intact after the browser run" "$rc" "0"
done_ok
