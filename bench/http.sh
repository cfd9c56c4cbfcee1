#!/usr/bin/env bash
# http.sh: the server under load: wrk with 64 connections on GET household detail
# (authenticated, through the access gate, which audits every read) beside nginx serving the same
# JSON as a static file, the ceiling on this machine. Three runs of 10 s each, medians.
# Usage: bench/http.sh SAFETYNET_BINARY WORK_DIR
set -euo pipefail
sn=$1 work=$2
data="$work/http-data"
if [ ! -f "$data/ready" ]; then
  rm -rf "$data" "$work/http-county"
  "$sn" gen --out "$work/http-county" --region 430181 --persons 20000 --months 12 --noise 0 >/dev/null
  "$sn" init "$data" >/dev/null
  "$sn" catalog import --data "$data" "$work/http-county/catalog.json" >/dev/null
  for f in "$work"/http-county/resources/*; do
    c=$(basename "$f"); "$sn" ingest --no-link --data "$data" "${c%.*}" "$f" >/dev/null
  done
  "$sn" link run --data "$data" >/dev/null
  echo "bench-password" | "$sn" user add --data "$data" bench --role reviewer --region 430181 >/dev/null
  touch "$data/ready"
fi
hh=$(awk -F'\t' 'NR > 1 { print $1; exit }' "$work/http-county/truth/households.tsv")
port=18191 nport=18192
"$sn" serve --data "$data" --listen 127.0.0.1:$port >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
sleep 1
jar="$work/http-cookies"
curl -s -c "$jar" -H 'Content-Type: application/json' -d '{"username":"bench","password":"bench-password"}' \
  "http://127.0.0.1:$port/api/v1/login" >/dev/null
sid=$(awk '$6 == "sid" { print $7 }' "$jar")
url="http://127.0.0.1:$port/api/v1/households/$hh"
mkdir -p "$work/nginx/www"
curl -s -b "$jar" "$url" >"$work/nginx/www/household.json"
cat >"$work/nginx/nginx.conf" <<EOT
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http { access_log off; server { listen 127.0.0.1:$nport; root $work/nginx/www; default_type application/json; } }
EOT
# median of three wrk runs: requests/s and p99 latency
measure() {
  for _ in 1 2 3; do
    wrk -t2 -c64 -d10s --latency "$@" | awk '/Requests\/sec/ { r = $2 } / 99%/ { p = $2 } END { print r, p }'
  done | sort -n | sed -n 2p
}
read -r rps p99 < <(measure -H "Cookie: sid=$sid" "$url")
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" 2>/dev/null
sleep 0.5
read -r nrps np99 < <(measure "http://127.0.0.1:$nport/household.json")
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -s stop 2>/dev/null || true
bytes=$(wc -c <"$work/nginx/www/household.json")
printf 'GET household detail (%s bytes), 64 connections\tsafetynet %s req/s, p99 %s\tnginx static %s req/s, p99 %s\t(goal: 20,000 req/s, p99 10 ms)\n' \
  "$bytes" "$rps" "$p99" "$nrps" "$np99"
