#!/usr/bin/env bash
# The style checks `make test` runs: clang-format's verdict on every C file, a purpose comment
# at the top of each file, and SQL libraries used only inside src/store/.
# Usage: scripts/check-style.sh FILE...
set -uo pipefail
status=0
if ! clang-format --dry-run --Werror "$@" 2>/tmp/safetynet-fmt.$$; then
  head -40 /tmp/safetynet-fmt.$$ >&2
  echo "style: run 'make fmt' to reformat" >&2
  status=1
fi
rm -f /tmp/safetynet-fmt.$$
for f in "$@"; do
  case "$(head -c 3 "$f")" in
    "/* "|"// ") ;;
    *) echo "style: $f must start with a comment saying what the file is for" >&2; status=1 ;;
  esac
  case "$f" in
    src/store/*) ;;
    src/*) if grep -qE '#include <(sqlite3|libpq-fe)\.h>' "$f" && [ "$f" != src/cmd/version.c ]; then
             echo "style: $f: database libraries belong in src/store/ only" >&2; status=1
           fi ;;
  esac
done
exit $status
