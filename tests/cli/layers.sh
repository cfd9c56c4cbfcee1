# layers.sh: the include arrows between src/'s folders point down only, as docs/ARCHITECTURE.md
# draws the layers; a new arrow fails here until the map (and this list) says why it is right.
# gen/ (the synthetic province) is a library of its own beside the core: only the command line
# may include it, so nothing in the core can come to depend on made-up data.
. "$(dirname "$0")/lib.bash"
src="$(dirname "$0")/../../src"
declare -A allowed=(
  [base]=""
  [store]="base"
  [gen]="base"
  [policy]="base"
  [exchange]="base store"
  [link]="base store exchange"
  [verify]="base store policy exchange"
  [access]="base store"
  [cases]="base store access policy verify"
  [monitor]="base store access policy verify"
  [server]="base store access cases exchange link policy verify"
  [cmd]="base store access cases exchange link policy verify server gen monitor"
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
done_ok
