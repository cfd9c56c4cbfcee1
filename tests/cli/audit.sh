# audit.sh: the audit trail from the command line (issue 17): a change and its audit entry commit
# in one transaction (an entry that cannot be written takes the change back with it: a batch, an
# account), and a refused change is audited as refused.
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
q "DROP TRIGGER no_entry"
run "$SN" ingest --data "$D" 43SW001 "$file"
expect_eq "then the batch goes in" "$rc" 0
expect_eq "with its entry" "$(q "SELECT count(*) FROM audit_log WHERE action = 'ingest-batch' AND subject = '43SW001'")" "1"
run "$SN" ingest --data "$D" 43SW001 "$file"
expect_eq "the same file again changes nothing, and is not audited as a batch" "$(q "SELECT count(*) FROM audit_log WHERE action = 'ingest-batch'")" "1"
run "$SN" user add --data "$D" cw --role caseworker --region 430102 <<<"password-123"
expect_eq "the account is added" "$rc" 0
expect_eq "with its entry" "$(q "SELECT count(*) FROM audit_log WHERE action = 'user-add' AND subject = 'cw'")" "1"

done_ok
