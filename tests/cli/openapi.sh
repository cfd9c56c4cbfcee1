# openapi.sh: docs/openapi.json is a valid OpenAPI 3.0 document by a standard validator (npm's
# swagger-parser, as generated clients read it) and describes exactly the endpoints docs/API.md
# lists (method and path, placeholders aside), so the two cannot drift apart unnoticed. The
# answers the other black-box tests receive are checked against its schemas (lib.bash).
. "$(dirname "$0")/lib.bash"
DOCS="$(dirname "$0")/../../docs"
run python3 - "$DOCS/API.md" "$DOCS/openapi.json" <<'PY'
import json, re, sys
api, spec = open(sys.argv[1], encoding="utf-8").read(), json.load(open(sys.argv[2], encoding="utf-8"))
norm = lambda p: re.sub(r"\{[^}]*\}|(?<=/)[A-Z]+(?=/|$)", "{x}", p.split("?")[0])
documented = set()
for m in re.finditer(r"^\| `(GET|POST) (/[^` ]*)`(?:, `\.\.\./(\w+)`)?", api, re.M):
    documented.add((m[1], norm(m[2])))
    if m[3]:
        documented.add((m[1], norm(m[2].rsplit("/", 1)[0] + "/" + m[3])))
described = {(meth.upper(), norm(p)) for p, ops in spec["paths"].items() for meth in ops}
missing, extra = sorted(documented - described), sorted(described - documented)
print(len(documented), "documented; missing:", missing, "extra:", extra)
sys.exit(1 if missing or extra or spec.get("openapi", "")[:2] != "3." else 0)
PY
expect_eq "docs/openapi.json matches docs/API.md: $out" "$rc" "0"
expect_contains "every endpoint is counted" "$out" "44 documented"
run node "$(dirname "$0")/../openapi/check.js" "$DOCS/openapi.json"
expect_eq "a standard validator accepts docs/openapi.json: $out" "$rc" "0"
# the validator itself: an empty `required` list (16 of them made the document invalid once)
python3 -c "import json; d = json.load(open('$DOCS/openapi.json')); d['components']['schemas']['User']['required'] = []; json.dump(d, open('$TMP/bad.json', 'w'))"
run node "$(dirname "$0")/../openapi/check.js" "$TMP/bad.json"
expect_eq "the validator refuses an empty required list" "$rc" "1"
expect_contains "and says where" "$out" "User/required"
done_ok
