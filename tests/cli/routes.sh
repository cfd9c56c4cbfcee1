# routes.sh: the server's route table (`safetynet serve --routes`, src/server/routes.c) and
# docs/openapi.json agree both ways: every route is an operation with the same method, path and
# request and response schema names, and every operation is a route; every change made in a
# session checks the CSRF token. A copy of the document with one thing changed fails. Then the
# router itself: 405 with Allow for a known path asked with another method, 404 for an unknown
# path or a placeholder not of its kind. And src/server/ leaves every role and region test to the
# access gate.
. "$(dirname "$0")/lib.bash"
DOCS="$(dirname "$0")/../../docs"
run "$SN" serve --routes
expect_eq "the table prints: $err" "$rc" "0"
cp "$TMP/out" "$TMP/routes.jsonl"
cat >"$TMP/check.py" <<'PY'
import json, sys
routes = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
spec = json.load(open(sys.argv[2], encoding="utf-8"))
ref = lambda s: (s or {}).get("$ref", "").rsplit("/", 1)[-1] or None
problems = []
def schemas(op):
    req = op.get("requestBody", {}).get("content", {})
    req = [ref(c.get("schema")) for c in req.values()]
    ok = [r for s, r in op["responses"].items() if s.startswith("2")]
    resp = [ref(c.get("schema")) for r in ok for c in r.get("content", {}).values()]
    return (req[0] if req else None), (resp[0] if resp else None)
seen = set()
for r in routes:
    key = (r["method"], r["path"])
    seen.add(key)
    op = spec["paths"].get(r["path"], {}).get(r["method"].lower())
    if op is None:
        problems.append("route %s %s is not in openapi.json" % key)
        continue
    req, resp = schemas(op)
    if (req, resp) != (r["request"], r["response"]):
        problems.append("%s %s: openapi.json has request %s, response %s; the table %s, %s"
                        % (key + (req, resp, r["request"], r["response"])))
    if r["csrf"] != (r["gate"] != "none" and r["method"] != "GET"):
        problems.append("%s %s: csrf should be on every change made in a session" % key)
for p, ops in spec["paths"].items():
    for m in ops:
        if (m.upper(), p) not in seen:
            problems.append("openapi.json's %s %s is no route" % (m.upper(), p))
for p in problems:
    print(p)
print(len(routes), "routes,", len(problems), "problems")
sys.exit(1 if problems else 0)
PY
run python3 "$TMP/check.py" "$TMP/routes.jsonl" "$DOCS/openapi.json"
expect_eq "the table and docs/openapi.json agree: $out" "$rc" "0"
expect_contains "every route is counted" "$out" "44 routes, 0 problems"
expect_contains "each with its gate" "$(grep '"/api/v1/households/{household}"' "$TMP/routes.jsonl")" '"gate":"read"'

# a copy with one thing changed each time fails, and says what
bad() { # NAME PYTHON: PYTHON edits d, the document
  python3 -c "import json; d = json.load(open('$DOCS/openapi.json')); $2; json.dump(d, open('$TMP/bad.json', 'w'))"
  run python3 "$TMP/check.py" "$TMP/routes.jsonl" "$TMP/bad.json"
  expect_eq "$1 fails" "$rc" "1"
}
bad "an operation missing" "del d['paths']['/api/v1/cases/{case}']['get']"
expect_contains "and names it" "$out" "route GET /api/v1/cases/{case} is not in openapi.json"
bad "an operation more" "d['paths']['/api/v1/me']['post'] = d['paths']['/api/v1/me']['get']"
expect_contains "and names it" "$out" "openapi.json's POST /api/v1/me is no route"
bad "a placeholder renamed" "d['paths']['/api/v1/funds/{id}'] = d['paths'].pop('/api/v1/funds/{township}')"
expect_contains "and names it" "$out" "route GET /api/v1/funds/{township} is not in openapi.json"
bad "another response schema" "d['paths']['/api/v1/cases/{case}']['get']['responses']['200']['content']['application/json']['schema'] = {'\$ref': '#/components/schemas/Fund'}"
expect_contains "and names it" "$out" "GET /api/v1/cases/{case}: openapi.json has request None, response Fund"
bad "a request schema inline" "d['paths']['/api/v1/cases']['post']['requestBody']['content']['application/json']['schema'] = {'type': 'object'}"
expect_contains "and names it" "$out" "POST /api/v1/cases: openapi.json has request None"

# every authorisation decision is the gate's (src/access/gate.c): src/server/ compares no role
# and no region itself
top=$(cd "$(dirname "$0")/../.." && pwd)
compare='CS_ROLE|->role *[!=]=|allowed\[|strncmp\([^)]*region'
expect_eq "src/server/ compares no role or region" "$(grep -nE "$compare" "$top"/src/server/*.c || true)" ""
for once in 'if (!(next[i]->roles & CS_ROLE(u->role)))' 'if (is_number && !strncmp(q, u->region, rl))' \
  'if (strncmp(r->region, l->scope, strlen(l->scope)))' 'if (u->role == SR_ADMIN)'; do
  expect_eq "the check sees [$once]" "$(printf '%s\n' "$once" | grep -cE "$compare")" "1"
done

# the router: 405 with Allow, 404 for what is no route or not of its kind (no session needed)
"$SN" init "$TMP/data" >/dev/null
serve "$TMP/data"
ask() { curl -s -o "$TMP/body" -D "$TMP/headers" -w '%{http_code}' -X "$1" "$B$2"; }
expect_eq "GET on the login" "$(ask GET /api/v1/login)" "405"
expect_contains "allows POST" "$(tr -d '\r' <"$TMP/headers")" "Allow: POST"
expect_eq "says so" "$(json "['error']") $(json "['message']")" "method use POST"
expect_eq "DELETE on the accounts" "$(ask DELETE /api/v1/users)" "405"
expect_contains "allows GET and POST" "$(tr -d '\r' <"$TMP/headers")" "Allow: GET, POST"
expect_eq "POST on the health" "$(ask POST /healthz)" "405"
expect_eq "an unknown path" "$(ask GET /api/v1/nothing)" "404"
expect_eq "no Allow" "$(grep -c '^Allow' "$TMP/headers" || true)" "0"
expect_eq "a case number that is not one" "$(ask GET /api/v1/cases/x1)" "404"
expect_eq "names the case" "$(json "['field']")" "case"
expect_eq "a household number too short" "$(ask GET /api/v1/households/4301/cases)" "404"
expect_contains "says so" "$(json "['message']")" "17 digits"
expect_eq "a known path still needs a session" "$(ask GET /api/v1/cases/1)" "401"
kill "$pid"
wait "$pid" || true
done_ok
