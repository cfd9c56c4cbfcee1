# server.sh: the HTTP API and its defences, black-box with curl: health; login, a wrong password,
# the lock after five; no session, no data; no CSRF token, no change; a township caseworker sees
# their township's households and is refused another's, by URL and by search; hostile queries,
# oversized and malformed bodies, path tricks; a verification run through the API; the audit
# log proven unaltered, then caught after one row is edited; a graceful stop on SIGTERM; answers
# from memory gated and audited like the rest; another process holding the write lock (reads
# answered, their audit entries spilled to a file and chained after).
. "$(dirname "$0")/lib.bash"

county "$TMP" 430181 2000 3 0

# two townships' caseworkers, an auditor for the county, a policy officer
truth="$TMP/county/truth/households.tsv"
mine=$(awk -F'\t' 'NR > 1 { print $1; exit }' "$truth")
town=${mine:0:9}
theirs=$(awk -F'\t' -v t="$town" 'NR > 1 && substr($1, 1, 9) != t { print $1; exit }' "$truth")
[ -n "$theirs" ] || fail "the county has one township only"
echo "caseworker-pass" | "$SN" user add --data "$TMP/data" cw --role caseworker --region "$town" >/dev/null
echo "caseworker-pass" | "$SN" user add --data "$TMP/data" other --role caseworker --region "${theirs:0:9}" >/dev/null
echo "auditor-pass" | "$SN" user add --data "$TMP/data" aud --role auditor --region 430181 >/dev/null
echo "policy-pass1" | "$SN" user add --data "$TMP/data" pol --role policy --region 43 >/dev/null
echo "data-officer-pass" | "$SN" user add --data "$TMP/data" dat --role data-officer --region 43 >/dev/null
echo "admin-pass-1" | "$SN" user add --data "$TMP/data" adm --role admin --region 430181 >/dev/null
run bash -c "echo short | '$SN' user add --data '$TMP/data' x --role caseworker --region 430181"
expect_contains "a short password is refused" "$err" "8 to 128 characters"
run bash -c "echo long-enough | '$SN' user add --data '$TMP/data' y --role boss --region 430181"
expect_contains "an unknown role is refused" "$err" "the role must be"

mkdir -p "$TMP/data/incoming" && echo "half an upload" >"$TMP/data/incoming/upload-stray"
serve "$TMP/data"
expect_eq "an upload left by a stopped server is cleared" "$(ls "$TMP/data/incoming")" ""
login() { status POST /api/v1/login -c "$TMP/$1.jar" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}"; }

expect_eq "health" "$(status GET /healthz)" "200"
expect_eq "nothing waits, no batch runs" "$(python3 -c "import json; d = json.load(open('$TMP/body')); print(d['audit_waiting'], d['batch_running'])")" "False False"
expect_eq "no session, no data" "$(status GET "/api/v1/households/$mine")" "401"
expect_eq "no session, no search" "$(status GET "/api/v1/households?q=$town")" "401"
expect_eq "a wrong password" "$(login cw wrong-password)" "401"
expect_eq "an unknown user looks the same" "$(json "['message']")" "$(login nobody wrong-password >/dev/null; json "['message']")"
expect_eq "login" "$(login cw caseworker-pass)" "200"
csrf=$(json "['csrf']")
expect_eq "the session cookie is HttpOnly and SameSite" "$(grep -c 'HttpOnly.*sid' "$TMP/cw.jar")" "1"
C=(-b "$TMP/cw.jar")

expect_eq "own township's household" "$(status GET "/api/v1/households/$mine" "${C[@]}")" "200"
expect_eq "its members are there" "$(json "['members'][0]['relation'] != ''")" "True"
expect_eq "another township's household by URL" "$(status GET "/api/v1/households/$theirs" "${C[@]}")" "403"
expect_contains "refusal says why" "$(cat "$TMP/body")" "outside your region"
expect_eq "another township by search" "$(status GET "/api/v1/households?q=${theirs:0:12}" "${C[@]}")" "403"
expect_eq "leaks nothing" "$(json ".get('results')")" "None"
expect_eq "the county by search is the own township" "$(status GET "/api/v1/households?q=430181" "${C[@]}")" "200"
expect_eq "only its households" "$(python3 -c "import json; print(sorted({r['household'][:9] for r in json.load(open('$TMP/body'))['results']}))")" "['$town']"
expect_eq "own township by search" "$(status GET "/api/v1/households?q=${mine:0:12}" "${C[@]}")" "200"
expect_eq "finds its households" "$(json "['results'][0]['household'][:12]")" "${mine:0:12}"
expect_eq "SQL in a search" "$(status GET /api/v1/households "${C[@]}" -G --data-urlencode "q=x' OR '1'='1")" "200"
expect_eq "finds nothing" "$(json "['results']")" "[]"
expect_eq "a very long search" "$(status GET /api/v1/households "${C[@]}" -G --data-urlencode "q=$(printf 'a%.0s' $(seq 5000))")" "400"
expect_eq "a bad household number" "$(status GET "/api/v1/households/..%2F..%2Fetc" "${C[@]}")" "404"
expect_eq "a path trick" "$(status GET "/api/v1/../../etc/passwd" --path-as-is "${C[@]}")" "404"

V="/api/v1/households/$mine/verifications"
expect_eq "a change without CSRF" "$(status POST "$V" "${C[@]}" -d '{"date":"2025-12-10"}')" "403"
expect_eq "a change with a wrong CSRF" "$(status POST "$V" "${C[@]}" -H "X-CSRF-Token: $(printf '0%.0s' $(seq 64))" -d '{}')" "403"
H=(-H "X-CSRF-Token: $csrf")
expect_eq "a POST to the API's root" "$(status POST /api/v1/ "${C[@]}" "${H[@]}" -d x)" "404"
expect_eq "a POST to a short path" "$(status POST /api/v1/x "${C[@]}" "${H[@]}" -d x)" "404"
expect_eq "malformed JSON" "$(status POST "$V" "${C[@]}" "${H[@]}" -d '{"date":')" "400"
expect_eq "a bad date" "$(status POST "$V" "${C[@]}" "${H[@]}" -d '{"date":"2025-02-30"}')" "400"
expect_eq "the field is named" "$(json "['field']")" "date"
head -c 100000 /dev/zero | tr '\0' 'a' >"$TMP/big"
expect_eq "an oversized body" "$(status POST "$V" "${C[@]}" "${H[@]}" --data-binary @"$TMP/big")" "413"
expect_eq "no authorisation" "$(status POST "$V" "${C[@]}" "${H[@]}" -d '{"date":"2025-12-10"}')" "409"
expect_eq "the answer kept in the cache" "$(status GET "/api/v1/households/$mine" "${C[@]}"; json "['authorised']")" "200False"
"$SN" authorise --data "$TMP/data" "$mine" --signed-by 户主 --signed-on 2025-01-01 >/dev/null
sleep 0.2 # another process's change is served within 0.1 s
expect_eq "is dropped when a command changes the data" "$(status GET "/api/v1/households/$mine" "${C[@]}"; json "['authorised']")" "200True"
expect_eq "a verification" "$(status POST "$V" "${C[@]}" "${H[@]}" -d '{"date":"2025-12-10"}')" "201"
want=$(awk -F'\t' -v h="$mine" '$1 "" == h "" && $2 == "2025-12" { print $30 }' "$truth")
expect_eq "its decision is the truth's" "$(json "['decision']")" "$want"
expect_eq "it has reasons" "$(json "['reasons'][0]['rule'] != ''")" "True"
expect_eq "history" "$(status GET "/api/v1/households/$mine" "${C[@]}")" "200"
expect_eq "the verification is in its history" "$(json "['verifications'][0]['decision']")" "$want"
expect_eq "another township's verification" "$(status POST "/api/v1/households/$theirs/verifications" "${C[@]}" "${H[@]}" -d '{}')" "403"

# answers from memory (a cached detail, served without the database's lock) pass the gate and are
# audited like any other: a burst of reads on one connection by the household's own township's
# caseworker, then by another township's, who gets the refusal and nothing of the cached answer
expect_eq "the other township's caseworker logs in" "$(login other caseworker-pass)" "200"
reads() { sqlite3 "$TMP/data/safetynet.db" "SELECT count(*) FROM audit_log WHERE subject = '$mine' AND action = '$1'"; }
r0=$(reads read) f0=$(reads read-refused)
burst() { curl -s -w ' %{http_code}\n' -b "$TMP/$1.jar" $(printf "$B/api/v1/households/$mine %.0s" $(seq 8)); }
expect_eq "eight reads answered" "$(burst cw | grep -c ' 200$')" "8"
burst other >"$TMP/burst"
expect_eq "eight reads refused" "$(grep -c ' 403$' "$TMP/burst")" "8"
expect_eq "none shows a member" "$(grep -c members "$TMP/burst")" "0"
expect_eq "each read audited" "$(($(reads read) - r0))" "8"
expect_eq "each refusal audited" "$(($(reads read-refused) - f0))" "8"

# roles: an auditor reads with ID numbers masked and may not verify; a policy officer sees no one
expect_eq "auditor login" "$(login aud auditor-pass)" "200"
A=(-b "$TMP/aud.jar" -H "X-CSRF-Token: $(json "['csrf']")")
expect_eq "auditor reads" "$(status GET "/api/v1/households/$mine" "${A[@]}")" "200"
expect_contains "with ID numbers masked" "$(json "['members'][0]['id']")" "********"
expect_eq "auditor may not verify" "$(status POST "$V" "${A[@]}" -d '{}')" "403"
expect_eq "policy login" "$(login pol policy-pass1)" "200"
expect_eq "a policy officer sees no household" "$(status GET "/api/v1/households/$mine" -b "$TMP/pol.jar")" "403"

# the hub's pages: a data officer sees them, a caseworker does not
expect_eq "a caseworker and the catalogue" "$(status GET /api/v1/catalog "${C[@]}")" "403"
expect_eq "data officer login" "$(login dat data-officer-pass)" "200"
D=(-b "$TMP/dat.jar")
expect_eq "the catalogue" "$(status GET /api/v1/catalog "${D[@]}")" "200"
expect_eq "with every resource" "$(json "['resources'].__len__()")" "48"
expect_eq "the batches" "$(status GET /api/v1/batches "${D[@]}")" "200"
batch=$(json "['batches'][0]['id']")
expect_eq "a batch's rejects" "$(status GET "/api/v1/batches/$batch/rejects" "${D[@]}")" "200"
expect_eq "a bad batch" "$(status GET "/api/v1/batches/x/rejects" "${D[@]}")" "404"
expect_eq "the sharing tasks" "$(status GET /api/v1/share/tasks "${D[@]}")" "200"
"$SN" share add --data "$TMP/data" --consumer 农业农村厅 --resource 43SW001 --fields '*' >/dev/null
"$SN" share approve --data "$TMP/data" 1 收入额 --by 省民政厅 --ref 湘民函〔2025〕7号 >/dev/null
"$SN" share pull --data "$TMP/data" 1 --limit 10 --out "$TMP/d1.jsonl" >/dev/null
sleep 0.2
expect_eq "a task's deliveries" "$(status GET /api/v1/share/tasks/1/deliveries "${D[@]}")" "200"
expect_eq "one of 10 records with its checksum" "$(python3 -c "import json; d = json.load(open('$TMP/body'))['deliveries']; print(len(d), d[0]['records'], len(d[0]['sha256']))")" "1 10 64"
expect_eq "a bad task number" "$(status GET /api/v1/share/tasks/x/deliveries "${D[@]}")" "404"
expect_eq "a data officer sees no household" "$(status GET "/api/v1/households/$mine" "${D[@]}")" "403"

# a data officer subscribes a consumer and approves a conditional field from the UI's API; a
# consumer receives only what is approved; nobody else may do either
T=/api/v1/share/tasks
expect_eq "data officer login again" "$(login dat data-officer-pass)" "200"
DH=(-H "X-CSRF-Token: $(json "['csrf']")")
sub='{"consumer":"人社厅","resource":"43SW001","fields":"收入额,所属期"}'
expect_eq "subscribing without CSRF" "$(status POST $T "${D[@]}" -d "$sub")" "403"
expect_eq "a caseworker may not subscribe" "$(status POST $T "${C[@]}" "${H[@]}" -d "$sub")" "403"
expect_eq "no consumer" "$(status POST $T "${D[@]}" "${DH[@]}" -d '{"resource":"43SW001","fields":"*"}')" "400"
expect_eq "names the field" "$(json "['field']")" "consumer"
expect_eq "an unknown resource" "$(status POST $T "${D[@]}" "${DH[@]}" -d '{"consumer":"x","resource":"NOPE","fields":"*"}')" "404"
expect_eq "names the resource" "$(json "['field']")" "resource"
expect_eq "a field never shared" "$(status POST $T "${D[@]}" "${DH[@]}" -d '{"consumer":"x","resource":"43SF001","fields":"刑期届满日期"}')" "400"
expect_contains "says so" "$(json "['message']")" "不予共享"
expect_eq "a bad region prefix" "$(status POST $T "${D[@]}" "${DH[@]}" -d '{"consumer":"x","resource":"43SW001","fields":"*","region_prefix":"43;"}')" "400"
expect_eq "subscribed" "$(status POST $T "${D[@]}" "${DH[@]}" -d "$sub")" "201"
task=$(json "['id']")
expect_eq "two fields wait for approval" "$(json "['pending']")" "2"
expect_eq "listed" "$(status GET $T "${D[@]}")" "200"
expect_eq "as waiting" "$(python3 -c "import json; print([t for t in json.load(open('$TMP/body'))['tasks'] if t['id'] == $task][0]['pending'])")" "['收入额', '所属期']"
expect_eq "an approval without its document" "$(status POST "$T/$task/approvals" "${D[@]}" "${DH[@]}" -d '{"field":"收入额"}')" "400"
expect_eq "names the reference" "$(json "['field']")" "reference"
expect_eq "a field not subscribed" "$(status POST "$T/$task/approvals" "${D[@]}" "${DH[@]}" -d '{"field":"已缴税额","reference":"湘民函〔2025〕9号"}')" "400"
expect_eq "names the field" "$(json "['field']")" "field"
expect_eq "an auditor may not approve" "$(status POST "$T/$task/approvals" "${A[@]}" -d '{"field":"收入额","reference":"x"}')" "403"
expect_eq "approved" "$(status POST "$T/$task/approvals" "${D[@]}" "${DH[@]}" -d '{"field":"收入额","reference":"湘民函〔2025〕9号"}')" "204"
expect_eq "listed again" "$(status GET $T "${D[@]}")" "200"
expect_eq "one field deliverable, one waiting" "$(python3 -c "import json; t = [t for t in json.load(open('$TMP/body'))['tasks'] if t['id'] == $task][0]; print(t['deliverable'], t['pending'])")" "收入额 ['所属期']"
"$SN" share pull --data "$TMP/data" "$task" --limit 5 --out "$TMP/d2.jsonl" >/dev/null
expect_eq "the consumer receives the approved field only" "$(python3 -c "import json; print(sorted({k for l in open('$TMP/d2.jsonl') for k in json.loads(l)} - {'_record'}))")" "['收入额']"
expect_eq "no such task" "$(status POST "$T/999/approvals" "${D[@]}" "${DH[@]}" -d '{"field":"收入额","reference":"x"}')" "404"

# a data officer takes a department's file in over the API: checked before any byte is kept, then
# taken in by a thread of its own while the server answers; the same file again changes nothing
U=/api/v1/batches/43CL001
{ head -6 "$TMP/county/resources/43CL001.csv"; echo "430181X,not a row of this resource"; } >"$TMP/upload.csv"
expect_eq "a caseworker may not upload" "$(status POST $U "${C[@]}" "${H[@]}" --data-binary @"$TMP/upload.csv")" "403"
expect_eq "an upload without CSRF" "$(status POST $U "${D[@]}" --data-binary @"$TMP/upload.csv")" "403"
expect_eq "an unknown resource" "$(status POST /api/v1/batches/43NOPE "${D[@]}" "${DH[@]}" -H 'Accept-Language: zh-CN' --data-binary @"$TMP/upload.csv")" "404"
expect_eq "is named" "$(json "['field']")" "resource"
expect_contains "in the request's language" "$(json "['message']")" "目录中没有资源"
expect_eq "a bad mode" "$(status POST "$U?mode=sideways" "${D[@]}" "${DH[@]}" --data-binary @"$TMP/upload.csv")" "400"
expect_eq "is named" "$(json "['field']")" "mode"
ingest() {
  [ "$(status POST "$U" "${D[@]}" "${DH[@]}" --data-binary @"$TMP/upload.csv")" = 202 ] || return 1
  local job; job=$(json "['job']")
  for _ in $(seq 100); do
    status GET "/api/v1/ingests/$job" "${D[@]}" >/dev/null
    [ "$(json "['state']")" = running ] || break
    sleep 0.2
  done
  json "['state']"
}
expect_eq "an upload is taken in" "$(ingest)" "done"
expect_eq "with its counts" "$(python3 -c "import json; d = json.load(open('$TMP/body')); print(d['read'], d['accepted'], d['rejected'])")" "6 5 1"
ub=$(json "['batch']")
expect_eq "its rejects" "$(status GET "/api/v1/batches/$ub/rejects" "${D[@]}")" "200"
expect_eq "name the bad line" "$(json "['rejects'][0]['line']")" "7"
expect_eq "the same file again" "$(ingest)" "done"
expect_eq "changes nothing" "$(json "['duplicate']")" "True"
expect_eq "no upload is left behind" "$(ls "$TMP/data/incoming" | wc -l)" "0"
expect_eq "each upload past the gate is audited (the bad mode too)" "$(sqlite3 "$TMP/data/safetynet.db" "SELECT count(*) FROM audit_log WHERE action = 'ingest' AND subject = '43CL001'")" "3"
expect_eq "an unknown upload" "$(status GET /api/v1/ingests/999 "${D[@]}")" "404"
# one file at a time: a second upload while one is arriving is refused; an upload whose client
# goes away leaves nothing behind and lets the next one in
big="$TMP/county/resources/43DW001.csv"
curl -s -o /dev/null --limit-rate 100k --max-time 2 "${D[@]}" "${DH[@]}" --data-binary @"$big" "$B/api/v1/batches/43DW001" &
slow=$!
for _ in $(seq 100); do [ -n "$(ls "$TMP/data/incoming")" ] && break; sleep 0.05; done # it is arriving
expect_eq "a second upload meanwhile" "$(status POST $U "${D[@]}" "${DH[@]}" --data-binary @"$TMP/upload.csv")" "409"
wait "$slow" || true
for _ in $(seq 100); do [ -z "$(ls "$TMP/data/incoming")" ] && break; sleep 0.05; done
expect_eq "the abandoned upload left nothing" "$(ls "$TMP/data/incoming" | wc -l)" "0"
expect_eq "and the next is taken in" "$(ingest)" "done"

# staff accounts: an administrator lists, adds, disables; an auditor lists; others do not
expect_eq "a caseworker and the user list" "$(status GET /api/v1/users "${C[@]}")" "403"
expect_eq "an auditor lists users" "$(status GET /api/v1/users "${A[@]}")" "200"
expect_eq "no password hash leaves" "$(grep -c pwhash "$TMP/body" || true)" "0"
expect_eq "an auditor may not add one" "$(status POST /api/v1/users "${A[@]}" -d '{"username":"x1","role":"caseworker","region":"430181","password":"long-enough"}')" "403"
expect_eq "admin login" "$(login adm admin-pass-1)" "200"
M=(-b "$TMP/adm.jar" -H "X-CSRF-Token: $(json "['csrf']")")
expect_eq "the administrator's list" "$(status GET /api/v1/users "${M[@]}")" "200"
expect_eq "holds the county's accounts" "$(python3 -c "import json; print(sorted(u['name'] for u in json.load(open('$TMP/body'))['users']))")" "['adm', 'aud', 'cw', 'other']"
expect_eq "a bad role" "$(status POST /api/v1/users "${M[@]}" -d '{"username":"new1","role":"boss","region":"430181","password":"long-enough"}')" "400"
expect_eq "names the field" "$(json "['field']")" "role"
expect_eq "outside the administrator's scope" "$(status POST /api/v1/users "${M[@]}" -d '{"username":"new1","role":"caseworker","region":"430102","password":"long-enough"}')" "403"
expect_eq "a user added" "$(status POST /api/v1/users "${M[@]}" -d "{\"username\":\"new1\",\"role\":\"caseworker\",\"region\":\"$town\",\"password\":\"long-enough\"}")" "201"
expect_eq "the same name again" "$(status POST /api/v1/users "${M[@]}" -d "{\"username\":\"new1\",\"role\":\"caseworker\",\"region\":\"$town\",\"password\":\"long-enough\"}")" "409"
expect_eq "the new user logs in" "$(login new1 long-enough)" "200"
expect_eq "disabled" "$(status POST /api/v1/users/new1/disable "${M[@]}")" "204"
expect_eq "whose session ends" "$(status GET /api/v1/me -b "$TMP/new1.jar")" "401"
expect_eq "and who cannot log in" "$(login new1 long-enough)" "401"
expect_eq "enabled again" "$(status POST /api/v1/users/new1/enable "${M[@]}")" "204"
expect_eq "logs in again" "$(login new1 long-enough)" "200"
expect_eq "an unknown user" "$(status POST /api/v1/users/nobody/disable "${M[@]}")" "404"

# another process holding the database's write lock (a command ingesting a batch) for longer than
# the 5 s busy timeout: a read is answered at once, its audit entry kept durable in the spill file
# and chained when the lock is let go; a change is refused with 503 and says why; the server
# carries on afterwards
r0=$(reads read)
python3 -c "import sqlite3, time; c = sqlite3.connect('$TMP/data/safetynet.db', isolation_level=None); c.execute('BEGIN IMMEDIATE'); open('$TMP/held', 'w').close(); time.sleep(10); c.execute('COMMIT')" &
holder=$!
for _ in $(seq 100); do [ -f "$TMP/held" ] && break; sleep 0.1; done # the lock is held from here
expect_eq "a read while another process writes" "$(status GET "/api/v1/households/$mine" "${C[@]}")" "200"
expect_eq "is answered before it is done" "$(kill -0 "$holder" && echo yes)" "yes"
expect_eq "its audit entry waits in the spill file" "$(($(stat -c %s "$TMP/data/audit-spill") > 0))" "1"
expect_eq "health says so" "$(status GET /healthz; json "['audit_waiting']")" "200True"
expect_eq "a change while another process writes" "$(login adm admin-pass-1)" "503"
expect_contains "says why" "$(json "['message']")" "another writer"
wait "$holder"
# the writer chains what waits in the spill file within 0.1 s of the lock's release
for _ in $(seq 100); do [ "$(stat -c %s "$TMP/data/audit-spill")" = 0 ] && break; sleep 0.1; done
expect_eq "then the entry is chained" "$(($(reads read) - r0))" "1"
expect_eq "and the spill file emptied" "$(stat -c %s "$TMP/data/audit-spill")" "0"
expect_eq "and the server carries on" "$(status GET "/api/v1/households/$mine" "${C[@]}")" "200"

# five wrong passwords lock the account, even against the right one
for _ in 1 2 3 4 5; do login other wrong-password >/dev/null; done
expect_eq "locked" "$(login other caseworker-pass)" "429"
expect_eq "logout" "$(status POST /api/v1/logout "${C[@]}" "${H[@]}")" "204"
expect_eq "the session is gone" "$(status GET "/api/v1/households/$mine" "${C[@]}")" "401"

# an audit log that cannot be written (here a trigger another process adds refuses every entry):
# reads are refused rather than served unaudited, and health says so for the monitors
sqlite3 "$TMP/data/safetynet.db" "CREATE TRIGGER audit_log_refuse BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END"
expect_eq "a read with the audit log failing" "$(status GET "/api/v1/households/$mine" -b "$TMP/new1.jar")" "500"
expect_eq "health fails" "$(status GET /healthz)" "503"
expect_eq "and says why" "$(json "['error']")" "audit-failing"
expect_eq "access log holds no query" "$(grep -v ' ERROR ' "$TMP/serve.err" | grep -c -e OR -e 'q=' || true)" "0"
kill -TERM "$pid"
wait "$pid"
expect_eq "a graceful stop" "$?" "0"

sqlite3 "$TMP/data/safetynet.db" "DROP TRIGGER audit_log_refuse"
run "$SN" audit verify --data "$TMP/data"
expect_eq "the audit log is intact" "$rc" "0"
db="$TMP/data/safetynet.db"
expect_contains "refusals are audited" "$(sqlite3 "$db" "SELECT group_concat(DISTINCT action) FROM audit_log")" "read-refused"
sqlite3 "$db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'nothing happened' WHERE id = 3"
run "$SN" audit verify --data "$TMP/data"
expect_eq "an edited entry is caught" "$rc" "1"
expect_contains "and named" "$err" "entry 3 does not fit"
done_ok
