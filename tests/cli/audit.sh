# audit.sh: the audit trail from the command line (issue 17): a change and its audit entry commit
# in one transaction (an entry that cannot be written takes the change back with it: a batch, an
# account), and a refused change is audited as refused; the chain is anchored outside the
# database (a key and checkpoints beside the data folder): the newest entries cut, or an entry
# edited and the hashes after it recomputed, are caught and named; a folder whose entries predate
# the key verifies, reported unanchored.
. "$(dirname "$0")/lib.bash"

"$SN" gen --out "$TMP/county" --region 430102 --persons 300 --months 2 --seed 3 >/dev/null
D="$TMP/data"
"$SN" init "$D" >/dev/null
"$SN" catalog import --data "$D" "$TMP/county/catalog.json" >/dev/null
db="$D/safetynet.db"
q() { sqlite3 "$db" "$1"; }
file=$(ls "$TMP"/county/resources/43SW001*)

# ---- a change and its entry commit together, or neither does ----
q "CREATE TRIGGER no_entry BEFORE INSERT ON audit_log WHEN NEW.action IN ('ingest-batch', 'user-add') BEGIN SELECT RAISE(ABORT, 'disk full'); END"
run "$SN" ingest --data "$D" 43SW001 "$file"
expect_eq "a batch whose entry cannot be written fails" "$rc" 1
expect_eq "and is not kept" "$(q 'SELECT count(*) FROM batches')" "0"
expect_eq "the attempt is audited as refused" "$(q "SELECT count(*) FROM audit_log WHERE action = 'ingest-batch-refused' AND subject = '43SW001' AND detail LIKE '%why=%disk full%'")" "1"
run "$SN" user add --data "$D" cw --role caseworker --region 430102 <<<"password-123"
expect_eq "an account whose entry cannot be written fails" "$rc" 1
expect_eq "and is not kept" "$(q "SELECT count(*) FROM users WHERE name = 'cw'")" "0"
run "$SN" audit list --data "$D" --last 1
expect_contains "a refusal is listed as one" "$out" "$(printf '\tingest-batch-refused\t43SW001\tmode=incremental why=')"
q "DROP TRIGGER no_entry"
run "$SN" ingest --data "$D" 43SW001 "$file"
expect_eq "then the batch goes in" "$rc" 0
expect_eq "with its entry" "$(q "SELECT count(*) FROM audit_log WHERE action = 'ingest-batch' AND subject = '43SW001'")" "1"
run "$SN" ingest --data "$D" 43SW001 "$file"
expect_eq "the same file again changes nothing, and is not audited as a batch" "$(q "SELECT count(*) FROM audit_log WHERE action = 'ingest-batch'")" "1"
run "$SN" user add --data "$D" cw --role caseworker --region 430102 <<<"password-123"
expect_eq "the account is added" "$rc" 0
expect_eq "with its entry" "$(q "SELECT count(*) FROM audit_log WHERE action = 'user-add' AND subject = 'cw'")" "1"
run "$SN" share add --data "$D" --consumer 农业农村厅 --resource 43SW001 --fields '*'
run "$SN" share approve --data "$D" 1 收入额 --by 省民政厅 --ref 湘民函〔2025〕7号
run "$SN" share pull --data "$D" 1 --limit 10 --out "$TMP/d1.jsonl"
run "$SN" share ack --data "$D" 1 1
expect_eq "sharing from the command line is audited, each step with its change" \
	"$(q "SELECT group_concat(action || ' ' || subject) FROM audit_log WHERE action LIKE 'share-%'")" \
	"share-add 43SW001,share-approve task:1,share-pull task:1,share-ack task:1"
run "$SN" share pull --data "$D" 9 --out "$TMP/d9.jsonl"
expect_eq "a pull refused is not audited as done" "$(q "SELECT count(*) FROM audit_log WHERE action = 'share-pull' AND subject = 'task:9'")" "0"
expect_eq "but as refused, with why" "$(q "SELECT count(*) FROM audit_log WHERE action = 'share-pull-refused' AND subject = 'task:9' AND detail LIKE 'why=%'")" "1"
expect_eq "and it wrote no file" "$([ -e "$TMP/d9.jsonl" ] && echo yes || echo no)" "no"
expect_eq "a delivery goes out whole after its commit" "$(wc -l <"$TMP/d1.jsonl")" "10"

# ---- the chain anchored outside the database ----
expect_eq "init made the key beside the folder, not in it" "$(stat -c %a "$D.audit/key")" "600"
for u in a b c; do "$SN" user add --data "$D" "$u" --role caseworker --region 430102 <<<"password-123" >/dev/null; done
run "$SN" audit verify --data "$D"
expect_eq "untouched, the log verifies" "$rc" "0"
expect_contains "anchored from the first entry" "$out" "from entry 1 on each carries the MAC"
expect_contains "checkpoints match" "$out" "recorded entry $(q 'SELECT max(id) FROM audit_log')"
cp "$db" "$TMP/whole.db"
last=$(q 'SELECT max(id) FROM audit_log')
q "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id > $((last - 2))"
run "$SN" audit verify --data "$D"
expect_eq "the newest entries cut" "$rc" "1"
expect_contains "are caught, saying where" "$err" "it ends at entry $((last - 2)), but the checkpoint of"
expect_contains "and from which entry" "$err" "the entries from $((last - 1)) on were removed"

# whoever can write the database edits entry 3 and recomputes every hash after it
rechain() {
  python3 - "$db" "$1" "$2" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1]); k = int(sys.argv[2]); strip = sys.argv[3] == "strip"
db.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
db.execute("UPDATE audit_log SET detail = 'nothing happened' WHERE id = ?", (k,))
prev = ""
for row in db.execute("SELECT id, at, actor, action, subject, detail, mac FROM audit_log ORDER BY id").fetchall():
    h = hashlib.sha256(b"".join(p.encode() + b"\0" for p in [prev] + list(row[1:6]))).hexdigest()
    db.execute("UPDATE audit_log SET prev = ?, hash = ?, mac = ? WHERE id = ?",
               (prev, h, "" if strip and row[0] >= k else row[6], row[0]))
    prev = h
db.commit()
PY
}
cp "$TMP/whole.db" "$db"
rechain 3 keep
run "$SN" audit verify --data "$D"
expect_eq "a re-chained log" "$rc" "1"
expect_contains "is caught at the entry edited" "$err" "entry 3 does not carry the key's MAC"
cp "$TMP/whole.db" "$db"
rechain 3 strip
run "$SN" audit verify --data "$D"
expect_eq "re-chained with the MACs taken off" "$rc" "1"
expect_contains "is caught there too" "$err" "entry 3 has no MAC"
cp "$TMP/whole.db" "$db"
rechain 1 strip
run "$SN" audit verify --data "$D"
expect_eq "every MAC taken off" "$rc" "1"
expect_contains "is caught by the checkpoints" "$err" "entry 1's hash is not the one a checkpoint recorded"
cp "$TMP/whole.db" "$db"
run "$SN" audit verify --data "$D"
expect_eq "the copy put back verifies" "$rc" "0"
mv "$D.audit/key" "$TMP/key"
run "$SN" audit verify --data "$D"
expect_eq "without the key nothing is proved" "$rc" "1"
expect_contains "and it says where the key was looked for" "$err" "$D.audit/key"
run env SAFETYNET_AUDIT_KEY="$TMP/key" "$SN" audit verify --data "$D"
expect_eq "the key found where SAFETYNET_AUDIT_KEY says" "$rc" "0"
mv "$TMP/key" "$D.audit/key"

# ---- a folder from before the key: its entries verify, reported unanchored ----
O="$TMP/old"
"$SN" init "$O" >/dev/null
"$SN" user add --data "$O" x --role caseworker --region 430102 <<<"password-123" >/dev/null
sqlite3 "$O/safetynet.db" "ALTER TABLE audit_log DROP COLUMN mac; ALTER TABLE case_events DROP COLUMN detail; DROP TABLE monitor_warnings; DROP TABLE monitor_scores; DROP TABLE monitor_runs; DELETE FROM schema_migrations WHERE version >= 9" # as schema 8 left it
rm -r "$O.audit"
run "$SN" user add --data "$O" y --role caseworker --region 430102 <<<"password-123"
expect_contains "the key is made on first use, and said so" "$err" "created the audit key $O.audit/key"
run "$SN" audit verify --data "$O"
expect_eq "an old folder verifies" "$rc" "0"
expect_contains "its old entry unanchored" "$out" "1 entries were written before the key existed"
expect_contains "the new one anchored" "$out" "from entry 2 on"

done_ok
