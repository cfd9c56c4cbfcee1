# layers.sh: the include arrows between src/'s folders point down only, as docs/ARCHITECTURE.md
# draws the layers; a new arrow fails here until the map (and this list) says why it is right.
# gen/ (the synthetic province) is a library of its own beside the core: only the command line
# may include it, so nothing in the core can come to depend on made-up data. The command line and
# the server reach the store only through app/'s use cases, except for the short list below.
. "$(dirname "$0")/lib.bash"
src="$(dirname "$0")/../../src"
declare -A allowed=(
  [base]=""
  [store]="base"
  [audit]="base store"
  [gen]="base"
  [policy]="base"
  [hub]="base store"
  [link]="base store hub"
  [verify]="base store audit policy hub"
  [access]="base store audit"
  [cases]="base store access policy verify"
  [pay]="base store audit access cases policy verify"
  [app]="base store audit access cases hub link policy verify monitor pay"
  [monitor]="base store audit access cases hub policy verify"
  [server]="base store audit access cases hub link policy verify app pay"
  [cmd]="base store audit access cases hub link policy verify server gen app monitor pay"
)
bad=""
while IFS= read -r f; do
  rel=${f#"$src"/}
  from=${rel%%/*}
  [ "$from" = "$rel" ] && from=main
  while IFS= read -r to; do
    [ "$to" = "$from" ] && continue
    if [ "$from" = main ]; then
      case " base cmd " in *" $to "*) continue ;; esac
    elif [ -n "${allowed[$from]+x}" ]; then
      case " ${allowed[$from]} " in *" $to "*) continue ;; esac
    fi
    bad+="$rel -> $to; "
  done < <(sed -n 's|^#include "\([a-z_]*\)/[a-z_]*\.h".*|\1|p' "$f" | sort -u)
done < <(find "$src" -name '*.[ch]' | sort)
expect_eq "no include runs against the layers" "$bad" ""
expect_eq "every folder of src/ has its place in the map" \
  "$(find "$src" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort | while read -r d; do [ -n "${allowed[$d]+x}" ] || echo "$d"; done)" ""
# The store functions cmd/ and server/ may still call themselves (every other goes through app/):
# store_open_dir, store_migrate, store_close: opening and closing the data folder (the server
#   opens its own, and a batch's thread its own connection);
# store_busy_timeout: the server's lock policy for a connection (a change refused at once while a
#   batch taken in over the API holds the write lock);
# store_data_version: the server's cache asks whether another connection changed the data.
calls=$(grep -o '\bstore_[a-z_0-9]*(' "$src"/cmd/*.c "$src"/server/*.c | sed 's|^.*/src/||' | sort -u |
  grep -v -E ':store_(open_dir|migrate|close|busy_timeout|data_version)\($' || true)
expect_eq "cmd/ and server/ reach the store through app/" "$calls" ""
# nor the domains' repositories (their functions are PREFIX_db_*, e.g. hub_db_batch_each)
expect_eq "cmd/ and server/ call no repository" \
  "$(grep -o '\b[a-z]*_db_[a-z_0-9]*(' "$src"/cmd/*.c "$src"/server/*.c | sed 's|^.*/src/||' | sort -u)" ""
# the store is the storage core only: no domain's SQL, no audit log, no domain's name
expect_eq "store/ holds no domain's repository" \
  "$(grep -l -E 'FROM (cases|case_events|users|sessions|verifications|links|persons|audit_log|tasks|deliveries|monitor_)' "$src"/store/*.c | grep -v migrate.c || true)" ""
# a domain reads another's tables through that domain's repository (monitoring asks cases/ who is
# on which programme)
expect_eq "monitor/ reads no case table itself" "$(grep -l -E '(FROM|JOIN) (cases|case_events)' "$src"/monitor/*.c || true)" ""
expect_eq "pay/ reads no case table itself" "$(grep -l -E '(FROM|JOIN) (cases|case_events)' "$src"/pay/*.c || true)" ""
# one name, one file: a name says which file it is, whatever folder it is in
expect_eq "file names are unique across src/" "$(find "$src" -name '*.[ch]' -printf '%f\n' | sort | uniq -d)" ""
# a function a folder's headers declare starts with that folder's prefix (base/ names each by its file)
declare -A prefix=([store]="store_" [audit]="audit_" [hub]="hub_" [link]="lk_" [policy]="rules_ params_"
  [verify]="vf_" [access]="access_" [cases]="cs_" [app]="app_" [server]="server_ api_ http_" [monitor]="mon_" [pay]="pay_"
  [gen]="gen_" [cmd]="cmd_")
misnamed=""
for d in "${!prefix[@]}"; do
  for h in "$src/$d"/*.h; do
    while read -r fn; do
      ok=""
      for p in ${prefix[$d]}; do case "$fn" in "$p"*) ok=1 ;; esac; done
      [ -n "$ok" ] || misnamed+="$d/${h##*/}: $fn; "
    done < <(sed -n 's/^[a-z][a-z0-9_ ]*[ *]\**\([a-z_][a-z0-9_]*\)(.*/\1/p' "$h")
  done
done
expect_eq "every folder's functions carry its prefix" "$misnamed" ""
expect_eq "every folder has its prefix listed" \
  "$(for d in "${!allowed[@]}"; do [ "$d" = base ] || [ -n "${prefix[$d]+x}" ] || echo "$d"; done)" ""
done_ok
