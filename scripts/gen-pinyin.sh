#!/usr/bin/env bash
# Regenerates data/pinyin.tsv (a developer's step, not the build's): the Mandarin reading of every
# Han character in the CJK Unified Ideographs block and its extension A, tones removed, from
# Unihan (Debian unicode-data, kMandarin). Linkage compares names by it, so a homophone typed
# for a character (张/章) still counts as partial agreement.
# Usage: scripts/gen-pinyin.sh
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
src=/usr/share/unicode/Unihan_Readings.txt.bz2
[ -f "$src" ] || { echo "gen-pinyin: $src is missing: apt-get install unicode-data" >&2; exit 1; }
bzcat "$src" | perl -CSD -Mutf8 -ne '
	next unless /^U\+([0-9A-F]+)\tkMandarin\t(\S+)/;
	my ($cp, $py) = (hex $1, $2);
	next unless ($cp >= 0x4E00 && $cp <= 0x9FFF) || ($cp >= 0x3400 && $cp <= 0x4DBF);
	$py =~ tr/āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ/aaaaeeeeiiiioooouuuuvvvvvnnnm/;
	print chr($cp), "\t", $py, "\n";' >"$top/data/pinyin.tsv"
wc -l "$top/data/pinyin.tsv"
