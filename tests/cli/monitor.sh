# monitor.sh: `safetynet monitor` (issue 19) on a small generated county: the indicators' cases;
# a bad --date and an indicator file that does not compile refused; a full run raising warnings
# with their evidence, once per episode; an incremental run after a new batch giving what a full
# run gives; a warning ended when its condition ends; a household on the programme not warned for
# it; a county's own layer; the list by level and region, through the access gate.
. "$(dirname "$0")/lib.bash"
top=$(cd "$(dirname "$0")/../.." && pwd)
db() { sqlite3 "$1/safetynet.db" "$2"; }

run "$SN" policy test "$top/policy/monitor"
expect_eq "the indicators' cases pass: $out" "$rc" 0
expect_contains "all of them" "$out" "failed 0"

county "$TMP" 430181 800 5 0
D="$TMP/data"

# ---- bad input ----
run "$SN" monitor run --data "$D" --date 2025-02-30
expect_eq "a date that does not exist" "$rc" 2
expect_contains "the field is named" "$err" "--date"
run "$SN" monitor list --data "$D" --level purple
expect_eq "an unknown level" "$rc" 2
expect_contains "the field is named" "$err" "--level"
mkdir -p "$TMP/pol/monitor"
cp "$top"/policy/*.rules "$TMP/pol/"
cp "$top/policy/monitor/indicators.rules" "$TMP/pol/monitor/"
printf 'rule broken\n  when 监测月 + 1元 > 监测月 zh "x" en "x"\n' >>"$TMP/pol/monitor/indicators.rules"
line=$(wc -l <"$TMP/pol/monitor/indicators.rules")
SAFETYNET_POLICY_DIR="$TMP/pol" run "$SN" monitor run --data "$D" --date 2025-06-15
expect_eq "an indicator file that does not compile" "$rc" 1
expect_contains "refused at its file, line and column" "$err" "indicators.rules:$line:12:"
expect_eq "nothing was run" "$(db "$D" 'SELECT count(*) FROM monitor_runs')" 0

# ---- a full run: warnings with the indicators that fired and their evidence ----
run "$SN" monitor run --data "$D" --date 2025-06-15
expect_eq "a full run: $err" "$rc" 0
expect_contains "the first run is full" "$out" "full"
raised=$(db "$D" "SELECT raised FROM monitor_runs WHERE id = 1")
[ "$raised" -gt 0 ] || fail "the first run raised no warning"
expect_eq "every household scored" "$(db "$D" 'SELECT count(*) FROM monitor_scores')" \
  "$(db "$D" "SELECT count(DISTINCT json_extract(data, '\$.户号')) FROM records WHERE resource = '43GA001' AND to_batch IS NULL")"
ev=$(db "$D" "SELECT json_extract(j.value, '\$.evidence[0].resource') || ':' || json_extract(j.value, '\$.evidence[0].batch') || ':' || json_extract(j.value, '\$.evidence[0].line') FROM monitor_warnings w, json_each(w.indicators) j WHERE json_array_length(json_extract(j.value, '\$.evidence')) > 0 LIMIT 1")
case "$ev" in 43*:[0-9]*:[0-9]*) ;; *) fail "evidence names resource, batch and line: [$ev]";; esac
expect_eq "audited as a run, with no personal data" "$(db "$D" "SELECT count(*) FROM audit_log WHERE action = 'monitor-run' AND subject = ''")" 1

# the same condition on another day of the month: the same episode, nothing raised again
run "$SN" monitor run --data "$D" --date 2025-06-20 --full
expect_eq "run again" "$rc" 0
expect_eq "nothing raised or changed" "$(db "$D" 'SELECT raised || updated || ended FROM monitor_runs WHERE id = 2')" "000"
run "$SN" monitor run --data "$D" --date 2025-06-25
expect_contains "incremental when nothing asks for a full run" "$out" "incremental"
expect_eq "no batch since: no household re-scored" "$(db "$D" 'SELECT households FROM monitor_runs WHERE id = 3')" 0

# ---- incremental after a new batch = full ----
# the earner who earns least: a death is a lead only within reach of support (mon_watch_income_mult)
read -r earner hh < <(db "$D" "SELECT r.person, json_extract(g.data, '\$.户号') FROM records r JOIN records g ON g.person = r.person AND g.resource = '43GA001' AND g.to_batch IS NULL WHERE r.resource = '43SW001' AND json_extract(r.data, '\$.所属期') = '2025-06' AND json_extract(g.data, '\$.户号') NOT IN (SELECT household FROM monitor_warnings) ORDER BY CAST(json_extract(r.data, '\$.收入额') AS REAL) LIMIT 1" | tr '|' ' ')
[ -n "$hh" ] || fail "no earner found in a household without a warning"
cp -r "$D" "$TMP/data2"
[ -d "$D.audit" ] && cp -r "$D.audit" "$TMP/data2.audit"
printf '死者身份证号,死亡日期,死亡原因分类\n%s,2025-06-10,意外\n' "$earner" >"$TMP/death.csv"
for d in "$D" "$TMP/data2"; do "$SN" ingest --data "$d" 43WJ002 "$TMP/death.csv" >/dev/null; done
run "$SN" monitor run --data "$D" --date 2025-06-26
expect_contains "incremental" "$out" "incremental"
expect_eq "only the household whose facts changed" "$(db "$D" 'SELECT households FROM monitor_runs WHERE id = 4')" 1
expect_contains "a warning for the death of an earner" "$(db "$D" "SELECT indicators FROM monitor_warnings WHERE household = '$hh' AND status = 'new'")" "d1_earner_died"
run "$SN" monitor run --data "$TMP/data2" --date 2025-06-26 --full
q="SELECT household, score, level, indicators FROM monitor_scores ORDER BY household"
expect_eq "incremental and full score alike" "$(db "$D" "$q" | md5sum)" "$(db "$TMP/data2" "$q" | md5sum)"
q="SELECT household, status, level, score, indicators, raised_day FROM monitor_warnings ORDER BY household, id"
expect_eq "incremental and full warn alike" "$(db "$D" "$q" | md5sum)" "$(db "$TMP/data2" "$q" | md5sum)"

# ---- a later month: warnings whose condition ended are closed as such ----
run "$SN" monitor run --data "$D" --date 2025-09-15
expect_contains "a new month is scored in full" "$out" "full"
ended=$(db "$D" "SELECT count(*) FROM monitor_warnings WHERE status = 'ended' AND closed_day = '2025-09-15'")
[ "$ended" -gt 0 ] || fail "no warning ended"
expect_eq "an ended warning's household scores none now" "$(db "$D" "SELECT count(*) FROM monitor_warnings w JOIN monitor_scores s USING (household) WHERE w.status = 'ended' AND w.closed_day = '2025-09-15' AND s.level > 0")" 0
expect_eq "every open warning's household still scores" "$(db "$D" "SELECT count(*) FROM monitor_warnings w JOIN monitor_scores s USING (household) WHERE w.status = 'new' AND s.level = 0")" 0
expect_eq "one warning per episode" "$(db "$D" "SELECT max(c) FROM (SELECT count(*) AS c FROM monitor_warnings GROUP BY household)")" 1

# ---- a household on the programme is not warned for it ----
hh=$(db "$D" "SELECT household FROM monitor_scores WHERE indicators LIKE '%verification finds dibao%' LIMIT 1")
[ -n "$hh" ] || fail "no household screened as dibao"
db "$D" "INSERT INTO cases (scheme, kind, household, region, applicant, name, reason, cause, documents, relative, state, state_day, due, opened_day, requested_fen, amount_fen, decision, verified_fen, urban, notice_from, next_review, exit_until, objections, review_months, reasons, created_by, created_at, updated_at) VALUES ('dibao', '', '$hh', substr('$hh', 1, 12), '', '', '', '', '', '', 'active', '2025-09-01', '', '2025-08-01', 0, 0, 'dibao', 0, 0, '', '', '', 0, 12, '', 'test', '', '')"
run "$SN" monitor run --data "$D" --date 2025-09-16 --full
ind=$(db "$D" "SELECT indicators FROM monitor_scores WHERE household = '$hh'")
case "$ind" in *d2_screening_eligible* | *d2_below_standard*) fail "warned for dibao while on dibao: $ind";; esac

# ---- a county's own layer: an indicator switched off, one added with its parameters ----
mkdir -p "$D/monitor"
cat >"$D/monitor/430181.rules" <<'RULES'
exception d2_no_income_working_age for 430181 "测试：本县不用此指标" when false zh "不适用" en "not used"
rule c430181_large_household when 人数 >= 4 zh "四人以上家庭" en "a household of four or more"
RULES
printf 'mon_weight_c430181_large_household\t430181\t2021-01-01\t5\tint\toverride\t测试\t[test]\nmon_level_c430181_large_household\t430181\t2021-01-01\t0\tint\toverride\t测试\t[test]\n' >"$D/monitor/params.tsv"
run "$SN" monitor run --data "$D" --date 2025-09-17 --full
expect_eq "with the county's layer: $err" "$rc" 0
expect_eq "the switched-off indicator is gone" "$(db "$D" "SELECT count(*) FROM monitor_scores WHERE indicators LIKE '%d2_no_income_working_age%'")" 0
n=$(db "$D" "SELECT count(*) FROM monitor_scores WHERE indicators LIKE '%c430181_large_household%'")
[ "$n" -gt 0 ] || fail "the county's own indicator never fired"
rm -r "$D/monitor"

# ---- the list: newest and reddest first, by level and region, through the access gate ----
run "$SN" monitor list --data "$D" --level red
expect_eq "list" "$rc" 0
[ -z "$out" ] || expect_eq "only red" "$(printf '%s\n' "$out" | cut -f2 | sort -u)" "red"
town=$(db "$D" "SELECT substr(household, 1, 9) FROM monitor_warnings WHERE status = 'new' LIMIT 1")
other=$(db "$D" "SELECT substr(household, 1, 9) FROM monitor_scores WHERE substr(household, 1, 9) != '$town' LIMIT 1")
echo "password-123" | "$SN" user add --data "$D" cw --role caseworker --region "$town" >/dev/null
echo "password-123" | "$SN" user add --data "$D" far --role caseworker --region "$other" >/dev/null
run "$SN" monitor list --data "$D" --as cw
expect_eq "a township caseworker lists its own" "$rc" 0
expect_eq "only its township's" "$(printf '%s\n' "$out" | cut -f4 | cut -c1-9 | sort -u)" "$town"
run "$SN" monitor list --data "$D" --as far --region "$town"
expect_eq "another township's caseworker is refused" "$rc" 1
expect_contains "outside the region" "$err" "outside your region"
expect_eq "the refusal is audited" "$(db "$D" "SELECT count(*) FROM audit_log WHERE actor = 'far' AND action LIKE '%-refused'")" 1
done_ok
