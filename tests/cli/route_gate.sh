# route_gate.sh: the route table's gate column is enforced: for every route that names an access
# action, a signed-in user whose role is never allowed that action is refused by the router with
# 403 before the handler runs, and the refusal is in the audit log (ACTION-refused, the path as
# its subject); a role that is allowed it is never refused for its role. The roles each route lets
# through come from the table itself (`safetynet serve --routes`).
. "$(dirname "$0")/lib.bash"

"$SN" init "$TMP/data" >/dev/null
roles="caseworker township-head reviewer approver supervisor policy data-officer auditor admin"
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
          "{job}": "1", "{resource}": "43GA001", "{township}": "430181001", "{name}": "u-admin"}
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
refused_by_role() { python3 -c "
m = open('$TMP/body', encoding='utf-8').read()
print('yes' if 'may not do this with personal data' in m or '无权进行此项个人数据操作' in m else 'no')"; }
audited() { sqlite3 "$TMP/data/safetynet.db" "SELECT count(*) FROM audit_log WHERE actor = '$1' AND action = '$2-refused' AND subject = '$3'"; }

routes=0 refusals=0
while IFS=$'\t' read -r method path action allowed; do
  routes=$((routes + 1))
  sub=${path#/api/v1/}
  for r in $roles; do
    before=$(audited "u-$r" "$action" "$sub")
    if [ "$method" = GET ]; then code=$(as "u-$r" GET "$path"); else code=$(as "u-$r" "$method" "$path" '{}'); fi
    case " $allowed " in
      *" $r "*)
        expect_eq "$r is let through to $method $path" "$(refused_by_role)" "no" ;;
      *)
        refusals=$((refusals + 1))
        expect_eq "$r is refused $method $path ($action)" "$code" "403"
        expect_eq "$r: refused for the role on $method $path" "$(refused_by_role)" "yes"
        expect_eq "$r's refusal of $method $path is audited" "$(($(audited "u-$r" "$action" "$sub") - before))" "1" ;;
    esac
  done
done <"$TMP/gated.tsv"
expect_eq "every gated route was tried" "$routes" "$(wc -l <"$TMP/gated.tsv")"
[ "$refusals" -gt 20 ] || fail "only $refusals refusals tried"
kill "$pid"; wait "$pid" 2>/dev/null || true
"$SN" audit verify --data "$TMP/data" >/dev/null || fail "the audit chain does not verify"
done_ok
