#!/usr/bin/env bash
# Installs the web UI's npm packages (ui/package-lock.json: ECharts, embedded in the binary, and
# playwright-core for the browser tests) when they are missing or the lock file changed. Node.js
# and npm come from Debian when the machine has none.
# Usage: scripts/ui-deps.sh
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
command -v npm >/dev/null || "$top/scripts/deps.sh" ui
stamp="$top/ui/node_modules/.installed-lock"
if [ -f "$stamp" ] && cmp -s "$stamp" "$top/ui/package-lock.json"; then
  exit 0
fi
echo "Installing the web UI's npm packages"
(cd "$top/ui" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
cp "$top/ui/package-lock.json" "$stamp"
