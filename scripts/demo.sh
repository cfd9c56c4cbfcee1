#!/usr/bin/env bash
# make demo: initialises a demo data folder and shows what safetynet can do today.
# Usage: scripts/demo.sh PATH_TO_SAFETYNET_BINARY
set -euo pipefail
sn=$1
top=$(cd "$(dirname "$0")/.." && pwd)
data="$top/demo-data"

say() { printf '\n\033[1m%s\033[0m\n$ %s\n' "$1" "$2"; }

say "1. 创建数据目录 / create a data folder" "safetynet init demo-data"
"$sn" init "$data"

say "2. 查看行政区划 / show a region" "safetynet region show 430102"
"$sn" region show 430102 | head -12

say "3. 按名称查找 / find a region by name" "safetynet region find 文艺路"
"$sn" region find 文艺路

say "4. 校验身份证号 / check ID numbers" "safetynet id check 430102199001011238 11010519491231002x 430102900101123 430102199001011239"
"$sn" id check 430102199001011238 11010519491231002x 430102900101123 430102199001011239 || true

cat <<EOT

safetynet $("$sn" version | head -1 | cut -d' ' -f2) 已就绪 / is ready: $sn
数据目录 / data folder: $data
运行 / run: $sn help
The web UI, demo accounts and the synthetic county arrive with the server and generator
issues; until then make demo shows the command line above.
EOT
