#!/usr/bin/env bash
# Installs the Debian packages a make target needs, and only those that are missing.
# Usage: scripts/deps.sh GROUP...   (groups: build test fuzz bench ui)
# Silent when nothing is missing; calls apt-get update at most once per run.
set -euo pipefail

declare -A group
group[build]="gcc make cmake pkg-config libsqlite3-dev libjson-c-dev libsodium-dev libopencc-dev libmicrohttpd-dev"
group[test]="libcmocka-dev clang-format sqlite3 python3 curl chromium openssl"
group[ui]="nodejs npm"
group[fuzz]="clang libclang-rt-14-dev"
group[bench]="sqlite3 libcjson-dev wrk nginx-light curl"

wanted=()
for g in "$@"; do
  [ -n "${group[$g]+x}" ] || { echo "deps.sh: unknown group '$g' (known: ${!group[*]})" >&2; exit 2; }
  for p in ${group[$g]}; do wanted+=("$p"); done
done

missing=()
for p in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "deps.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "Installing missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
