#!/usr/bin/env bash
# make demo: initialises a demo data folder and shows what safetynet can do today.
# Usage: scripts/demo.sh PATH_TO_SAFETYNET_BINARY
# DEMO_PORT (8080), DEMO_DATA (demo-data/ here) and DEMO_PERSONS (20000) change where and how
# much; tests/cli/demo.sh runs the whole script until its server answers.
set -euo pipefail
sn=$1
top=$(cd "$(dirname "$0")/.." && pwd)
data=${DEMO_DATA:-"$top/demo-data"}
persons=${DEMO_PERSONS:-20000}
# the audit log's key and checkpoints: an operator keeps them outside the data folder
# (docs/AUDIT.md); the demo keeps them inside its own folder so that it writes nowhere else
export SAFETYNET_AUDIT_KEY="$data/audit-anchor/key" SAFETYNET_AUDIT_CHECKPOINTS="$data/audit-anchor/checkpoints"

# first N: the first N lines of standard input. It reads its input to the end: `head` stops
# early, and under pipefail the writer's SIGPIPE (exit 141) would end the whole demo at random.
first() { sed -n "1,${1}p"; }

say() { printf '\n\033[1m%s\033[0m\n$ %s\n' "$1" "$2"; }

say "1. 创建数据目录 / create a data folder" "safetynet init demo-data"
rm -rf "$data"
"$sn" init "$data"

say "2. 生成合成县域数据 / generate a synthetic county (浏阳市, $persons persons)" "safetynet gen --out demo-data/county --region 430181 --persons $persons --months 12"
rm -rf "$data/county"
"$sn" gen --out "$data/county" --region 430181 --persons "$persons" --months 12
echo "   $(ls "$data/county/resources" | wc -l) resource files, catalogue: demo-data/county/catalog.json, truth: demo-data/county/truth/"

say "3. 导入数据共享平台 / load the county into the data hub" "safetynet catalog import …; safetynet ingest … (48 files)"
"$sn" catalog import --data "$data" "$data/county/catalog.json"
for f in "$data"/county/resources/*; do
  code=$(basename "$f"); code=${code%.*}
  "$sn" ingest --data "$data" "$code" "$f" | first 1 | sed "s/^/   $code  /"
done
"$sn" hub stats --data "$data" | first 8

say "4. 人员关联 / link every record to a registered person" "safetynet link run --data demo-data; safetynet link evaluate …"
"$sn" link run --data "$data"
"$sn" link evaluate --data "$data" --truth "$data/county"
"$sn" link review --data "$data" --limit 1 | first 12

say "5. 家庭经济状况核对 / verify households against the generator's truth, then one from a JSON file" "safetynet verify --data demo-data --truth demo-data/county; safetynet verify --household docs/examples/tekun-rural-elder.json --date 2025-11-20"
"$sn" verify --data "$data" --truth "$data/county" --show 3
"$sn" verify --household "$top/docs/examples/tekun-rural-elder.json" --date 2025-11-20 --html "$data/report.html" >"$data/report.json"
head -c 400 "$data/report.json"; echo " …"
echo "   printable report: demo-data/report.html"

say "5b. 查看政策参数 / policy parameters in force" "safetynet policy show --region 430181 --date 2025-06-30"
"$sn" policy show --region 430181 --date 2025-06-30 | first 8

say "6. 查看行政区划 / show a region" "safetynet region show 430102"
"$sn" region show 430102 | first 12

say "7. 按名称查找 / find a region by name" "safetynet region find 文艺路"
"$sn" region find 文艺路

say "8. 校验身份证号 / check ID numbers" "safetynet id check 430102199001011238 11010519491231002x 430102900101123 430102199001011239"
"$sn" id check 430102199001011238 11010519491231002x 430102900101123 430102199001011239 || true

say "9. 集中复核与演示账号 / re-verify every household, create the demo accounts" "safetynet authorise --every-household …; safetynet recheck --all …; safetynet user add …"
"$sn" authorise --data "$data" --every-household --signed-by "演示：全体户主" --signed-on 2025-01-01 --document "演示授权（合成数据）"
"$sn" recheck --data "$data" --date 2025-12-15 --all >"$data/recheck.txt"
head -2 "$data/recheck.txt"
town=$(awk -F'\t' 'NR > 1 && $2 == "2025-12" && $30 == "dibao" { print substr($1, 1, 9); exit }' "$data/county/truth/households.tsv")
password=safetynet-demo
accounts=(
  "caseworker caseworker $town 乡镇经办人"
  "head township-head $town 乡镇负责人"
  "reviewer reviewer 430181 县级审核人"
  "approver approver 430181 县级审批人"
  "supervisor supervisor 4301 市级监督人员"
  "policy policy 43 政策管理员"
  "data data-officer 43 数据管理员"
  "auditor auditor 430181 审计人员"
  "admin admin 43 系统管理员"
)
for a in "${accounts[@]}"; do
  set -- $a
  echo "$password" | "$sn" user add --data "$data" "$1" --role "$2" --region "$3" --display "$4" >/dev/null
done

say "9b. 动态监测预警 / dynamic monitoring: score every household, send a warning to its township" "safetynet monitor run --data demo-data --date 2025-12-15; safetynet monitor send …"
"$sn" monitor run --data "$data" --date 2025-12-15 --full --quiet
warning=$("$sn" monitor list --data "$data" --as reviewer --region "$town" --limit 1 | awk -F'\t' 'NR == 1 { print $1 }')
[ -z "$warning" ] || "$sn" monitor send "$warning" --data "$data" --as reviewer --date 2025-12-15 | first 2
echo "   乡镇经办人的预警队列 / the caseworker's warning queue: 预警 / Warnings"

say "10. 救助案件 / a dibao application up to the township's review, an emergency paid from the reserve fund" "safetynet case open …; safetynet case act …; safetynet fund topup …"
hh=$(awk -F'\t' -v t="$town" '$2 == "2025-12" && $30 == "dibao" && substr($1, 1, 9) == t { print $1; exit }' "$data/county/truth/households.tsv")
applicant=$(awk -F, -v h="$hh" '$5 "" == h "" { print $1; exit }' "$data"/county/resources/43GA001*)
"$sn" case open --data "$data" --as caseworker --scheme dibao --household "$hh" --applicant "$applicant" --reason "家庭收入低，申请低保（演示）" --documents application,authorisation --day 2025-11-20
"$sn" case act --data "$data" --as caseworker 1 verify --day 2025-11-21
"$sn" case act --data "$data" --as caseworker 1 visit --staff 张三,李四 --day 2025-11-24
"$sn" case act --data "$data" --as caseworker 1 notice --day 2025-11-25
"$sn" case act --data "$data" --as caseworker 1 township-review --note "同意上报（演示）" --day 2025-12-02
"$sn" fund topup --data "$data" --as approver "$town" 20000 --day 2025-06-01 --note 演示
"$sn" case open --data "$data" --as caseworker --scheme temp --kind emergency --cause fire --place "${hh:0:12}" --applicant 110101199003071233 --name 王五 --reason "房屋失火（演示）" --requested 1500 --advance --day 2025-06-10
echo "   县级审批人的待办中有一件待审批 / the approver's work queue holds one application to decide"
port=${DEMO_PORT:-8080}

cat <<EOT

safetynet $("$sn" version | first 1 | cut -d' ' -f2) 已就绪 / is ready: $sn
数据目录 / data folder: $data
网页 / web UI: http://127.0.0.1:$port/
演示账号（密码均为 $password）/ demo accounts (password $password for all):
EOT
for a in "${accounts[@]}"; do
  set -- $a
  printf '  %-11s %-14s %-7s %s\n' "$1" "$2" "$3" "$4"
done
echo "按 Ctrl-C 停止 / Ctrl-C stops the server"
exec "$sn" serve --data "$data" --listen "127.0.0.1:$port"
