# route_gate.sh: the route table's gate column is enforced: for every route that names an access
# action, a signed-in user whose role is never allowed that action is refused by the router with
# 403 before the handler runs, and the refusal is in the audit log (ACTION-refused, the path as
# its subject); a role that is allowed it is never refused for its role. The roles each route lets
# through come from the table itself (`safetynet serve --routes`).
. "$(dirname "$0")/lib.bash"

"$SN" init "$TMP/data" >/dev/null
roles="caseworker township-head reviewer approver supervisor policy data-officer auditor admin finance"
for r in $roles; do
  echo "password-123" | "$SN" user add --data "$TMP/data" "u-$r" --role "$r" --region 43 >/dev/null
done
"$SN" serve --routes >"$TMP/routes.jsonl"
serve "$TMP/data"
for r in $roles; do sign_in "u-$r"; done

# one line per gated route: method, path with sample placeholders, action, allowed roles
python3 - "$TMP/routes.jsonl" >"$TMP/gated.tsv" <<'PY'
import json, sys
sample = {"{household}": "43018100100100001", "{case}": "1", "{batch}": "1", "{task}": "1",
          "{job}": "1", "{warning}": "1", "{resource}": "43GA001", "{township}": "430181001", "{name}": "u-admin", "{payroll}": "1"}
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r["gate"] in ("none", "session"):
        continue
    path = r["path"]
    for k, v in sample.items():
        path = path.replace(k, v)
    print("\t".join([r["method"], path, r["gate"], " ".join(r["roles"])]))
PY
[ -s "$TMP/gated.tsv" ] || fail "no gated route in the table"
# every route with every role; what came back is judged after, in one pass
routes=0
while IFS=$'\t' read -r method path action allowed; do
  routes=$((routes + 1))
  for r in $roles; do
    if [ "$method" = GET ]; then code=$(as "u-$r" GET "$path"); else code=$(as "u-$r" "$method" "$path" '{}'); fi
    case " $allowed " in *" $r "*) let=1 ;; *) let=0 ;; esac
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "u-$r" "$method" "$path" "$action" "$let" "$code" \
      "$(wc -l <"$TMP/answers/index.tsv")" >>"$TMP/tried.tsv"
  done
done <"$TMP/gated.tsv"
expect_eq "every gated route was tried" "$routes" "$(wc -l <"$TMP/gated.tsv")"
run python3 - "$TMP/tried.tsv" "$TMP/answers" "$TMP/data/safetynet.db" <<'PY'
import collections, sqlite3, sys
tried = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
db = sqlite3.connect(sys.argv[3])
audited = collections.Counter(db.execute("SELECT actor, action, subject FROM audit_log"))
wanted = collections.Counter()
problems, refusals = [], 0
for user, method, path, action, let, code, n in tried:
    body = open("%s/%s" % (sys.argv[2], n), encoding="utf-8").read()
    by_role = "may not do this with personal data" in body or "无权进行此项个人数据操作" in body
    if let == "1" and by_role:
        problems.append("%s was refused %s %s for its role, which the table lets through" % (user, method, path))
    if let == "0":
        refusals += 1
        wanted[(user, action + "-refused", path[len("/api/v1/"):])] += 1
        if code != "403" or not by_role:
            problems.append("%s was not refused %s %s for its role: %s" % (user, method, path, code))
for k, v in wanted.items():
    if audited[k] < v:
        problems.append("%s: %d refusals audited, %d made" % (k, audited[k], v))
print("\n".join(problems) if problems else "%d tries, %d refusals, each audited" % (len(tried), refusals))
sys.exit(1 if problems or refusals < 20 else 0)
PY
expect_eq "every role the table refuses is refused by the router and audited; the others are let through: $out" "$rc" "0"
kill "$pid"; wait "$pid" 2>/dev/null || true
"$SN" audit verify --data "$TMP/data" >/dev/null || fail "the audit chain does not verify"
done_ok
