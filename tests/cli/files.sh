# files.sh: nothing in a data folder is readable by the group or others, whatever the umask it was
# made under: the folder, the database and its WAL, rejects, the upload folder, the audit spill
# file, the access log; a folder made loose (by hand or an older safetynet) is tightened on open, with a warning.
. "$(dirname "$0")/lib.bash"

umask 022
"$SN" gen --out "$TMP/county" --region 430181 --persons 300 --months 2 --seed 5 >/dev/null
"$SN" init "$TMP/data" >/dev/null
"$SN" catalog import --data "$TMP/data" "$TMP/county/catalog.json" >/dev/null
{ head -3 "$TMP/county/resources/43CL001.csv"; echo "430181X,not a row of this resource"; } >"$TMP/bad.csv"
"$SN" ingest --no-link --data "$TMP/data" 43CL001 "$TMP/bad.csv" >/dev/null || true
ls "$TMP/data/rejects/"*.tsv >/dev/null 2>&1 || fail "the bad row made no rejects file"
serve "$TMP/data"
expect_eq "the server answers" "$(status GET /healthz)" "200"
kill -TERM "$pid"
wait "$pid" || true

modes() { find "$1" -printf '%m %P\n' | sort -k2; }
expect_eq "the data folder is its owner's" "$(stat -c %a "$TMP/data")" "700"
expect_eq "the database is its owner's" "$(stat -c %a "$TMP/data/safetynet.db")" "600"
expect_eq "the rejects folder is its owner's" "$(stat -c %a "$TMP/data/rejects")" "700"
expect_eq "the rejects file is its owner's" "$(stat -c %a "$TMP/data/rejects/"*.tsv | sort -u)" "600"
expect_eq "the audit spill file is its owner's" "$(stat -c %a "$TMP/data/audit-spill")" "600"
expect_eq "the access log is its owner's" "$(stat -c %a "$TMP/data/access.log")" "600"
expect_eq "nothing in the folder is the group's or others'" "$(find "$TMP/data" -perm /077 | wc -l)" "0"

# a folder made loose is tightened when it is opened, and says so
chmod 755 "$TMP/data" "$TMP/data/rejects"
chmod 644 "$TMP/data/safetynet.db" "$TMP/data/rejects/"*.tsv
run "$SN" catalog list --data "$TMP/data"
expect_eq "a loose folder still opens" "$rc" "0"
expect_contains "with a warning" "$err" "the group or others could read"
expect_eq "and is its owner's again" "$(find "$TMP/data" -perm /077 | wc -l)" "0"
run "$SN" catalog list --data "$TMP/data"
expect_eq "once tightened, no warning" "$err" ""
done_ok
