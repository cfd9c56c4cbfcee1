#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each, starting from the committed seed corpus and
# keeping what it finds in fuzz/corpus-work/ (not committed). A crash stops with its input.
# Usage: fuzz/run.sh BUILD_DIR SECONDS
set -euo pipefail
build=$1 seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
export SAFETYNET_POLICY_DIR="$here/../policy"  # fuzz_household verifies under the shipped policy
for target in "$build"/fuzz/fuzz_*; do
  name=$(basename "$target")
  work="$here/corpus-work/$name"
  mkdir -p "$work"
  echo "== $name for ${seconds}s"
  "$target" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$work/" "$work" "$here/corpus/$name" 2>&1 | grep -E '^(#[0-9]+ *DONE|Done|==[0-9]+==ERROR|SUMMARY)' || true
  if [ -n "$(find "$work" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) -print -quit)" ]; then
    echo "$name found a failing input in $work" >&2
    exit 1
  fi
done
echo "fuzz: no failures"
