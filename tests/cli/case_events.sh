# case_events.sh: a case's history in no one language (issue 17, item 19): events written before
# schema 10 kept the text of their writer's language in note; the migration moves the generated
# parts of every known form, Chinese or English, into language-neutral codes (detail) and leaves
# in note only what a user typed; the events stay append-only afterwards.
. "$(dirname "$0")/lib.bash"

D="$TMP/data"
"$SN" init "$D" >/dev/null
db="$D/safetynet.db"
latest=$(sqlite3 "$db" "SELECT MAX(version) FROM schema_migrations")
# the folder as schema 9 left it, with events of both languages
sqlite3 "$db" <<'SQL'
ALTER TABLE case_events DROP COLUMN detail;
DROP TABLE monitor_warnings; DROP TABLE monitor_scores; DROP TABLE monitor_runs;
DELETE FROM schema_migrations WHERE version >= 10;
INSERT INTO verifications (id, household, day, month, decision, benefit_fen, per_capita_fen, members,
  signals, report, operator, purpose, created_at)
  VALUES (7, '43018100100100746', '2025-11-21', '2025-11', 'dibao', 131400, 8333, '[]', '[]', '{}',
  'cw', 'case', '2025-11-21T08:00:00Z');
INSERT INTO case_events (case_id, day, at, actor, role, action, from_state, to_state, note, staff,
  documents, amount_fen) VALUES
  (1, '2025-11-20', 't', 'cw', 'caseworker', 'open', '', 'accepted', '近亲属备案：经办人之兄', '', '', NULL),
  (1, '2025-11-20', 't', 'cw', 'caseworker', 'open', '', 'accepted', 'near relative of staff: 经办人之母', '', '', NULL),
  (1, '2025-11-21', 't', 'cw', 'caseworker', 'verify', 'accepted', 'verified', '核对 7：低保，月救助金 1314.00；已入户', '', '', NULL),
  (1, '2026-05-20', 't', 'cw', 'caseworker', 'review', 'active', 'active', 'verification 7: dibao, monthly benefit 1314.00; no longer eligible: the county exits or ends it；typed in English', '', '', NULL),
  (1, '2026-05-21', 't', 'cw', 'caseworker', 'review', 'active', 'active', '核对 7：低保，月救助金 1314.00；不再符合条件，请县级办理渐退或终止', '', '', NULL),
  (1, '2025-06-10', 't', 'cw', 'caseworker', 'advance', 'accepted', 'advanced', '申请 25000.00 元超过上限 7400.00 元（10 个月标准），按上限核定', '', '', 740000),
  (1, '2025-06-10', 't', 'appr', 'approver', 'approve', 'verified', 'closed', 'the 25000.00 yuan asked exceed the cap of 7400.00 yuan (10 months of the standard)', '', '', 740000),
  (1, '2025-07-10', 't', 'cw', 'caseworker', 'advance', 'accepted', 'advanced', '一年内同因已救助（案件 3），因“邻居失火殃及”再次救助', '', '', 30000),
  (1, '2025-07-10', 't', 'appr', 'approver', 'approve', 'verified', 'closed', 'helped for the same cause within the year (case 3), again because: fire next door', '', '', 30000),
  (1, '2025-11-24', 't', 'cw', 'caseworker', 'visit', 'verified', 'visited', '核对了房屋', '张三,李四', '', NULL);
SQL
run "$SN" init "$D"
expect_eq "the folder upgrades" "$rc" 0
rows() { sqlite3 -separator ' | ' "$db" "SELECT action, note, detail FROM case_events ORDER BY id"; }
want=$(cat <<'ROWS'
open |  | [{"code":"relative","relation":"经办人之兄"}]
open |  | [{"code":"relative","relation":"经办人之母"}]
verify | 已入户 | [{"code":"verified","verification":7,"class":"dibao","benefit_fen":131400}]
review | typed in English | [{"code":"verified","verification":7,"class":"dibao","benefit_fen":131400},{"code":"not-eligible"}]
review |  | [{"code":"verified","verification":7,"class":"dibao","benefit_fen":131400},{"code":"not-eligible"}]
advance |  | [{"code":"temp-capped","requested_fen":2500000,"cap_fen":740000,"months":10}]
approve |  | [{"code":"temp-capped","requested_fen":2500000,"cap_fen":740000,"months":10}]
advance |  | [{"code":"temp-again","case":3,"because":"邻居失火殃及"}]
approve |  | [{"code":"temp-again","case":3,"because":"fire next door"}]
visit | 核对了房屋 | 
ROWS
)
expect_eq "every generated text became codes, what users typed stayed" "$(rows)" "$want"
expect_eq "the events stay append-only" "$(sqlite3 "$db" "UPDATE case_events SET note = 'x'" 2>&1 | grep -c 'only ever added')" "1"
expect_eq "the schema is the newest again" "$(sqlite3 "$db" "SELECT MAX(version) FROM schema_migrations")" "$latest"
done_ok
