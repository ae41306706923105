#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Suite benchmark: the default suite of an older revision against this
# tree's, side by side on one kernel version, alternating in one run so
# both see the same machine load. The old revision is built from a git
# worktree under the ktstr cache with its own kernel fragment (its kernel
# cached under its own key), as a user of that revision would have had it.
# Prints each round's wall time, the medians and the old/new ratio.
#
# usage: scripts/bench-suite.sh OLD_REV [ROUNDS] [VERSION] [JOBS]
#        (defaults: 1 round, kernel 6.12, -j 2)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
old_rev=${1:?usage: bench-suite.sh OLD_REV [ROUNDS] [VERSION] [JOBS]}
rounds=${2:-1}
version=${3:-6.12}
jobs=${4:-2}
cache=${KTSTR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ktstr}
sha=$(git -C "$top" rev-parse --short=12 "$old_rev^{commit}")
old=$cache/bench/$sha
work=$(mktemp -d /tmp/ktstr-bench-suite.XXXXXX)
trap 'rm -rf "$work"' EXIT

say() { echo "bench-suite: $*" >&2; }

if [ ! -x "$old/build/ktstr/ktstr" ]; then
	say "building $old_rev ($sha) in $old/src (its kernel too, if not cached)"
	rm -rf "$old/src"
	mkdir -p "$old"
	git -C "$top" worktree add --detach -f "$old/src" "$sha" >/dev/null
	make -s -C "$old/src" all KTSTR_KERNELS="$version" \
		OUTPUT="$old/build/ktstr" >&2
	git -C "$top" worktree remove --force "$old/src"
fi
say "building this tree"
make -s -C "$top" all KTSTR_KERNELS="$version" >&2
new=$top/build/ktstr/ktstr

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# The default tests both revisions have: the same work on both sides.
default_tests() {
	"$1" list --json | python3 -c '
import json, sys
print("\n".join(t["name"] for t in json.load(sys.stdin) if not t["manual"]))'
}
common=$(comm -12 <(default_tests "$old/build/ktstr/ktstr" | sort) \
		  <(default_tests "$new" | sort))
sel=()
for t in $common; do
	sel+=(-t "$t")
done
say "$(wc -w <<<"$common") default tests in both revisions"

# run_suite LAUNCHER TAG ROUND: the default suite; prints its wall time.
run_suite()
{
	local start ms res=$work/$2-$3

	start=$(now_ms)
	"$1" run -j "$jobs" --kernel "$version" --results "$res" "${sel[@]}" \
		>"$res.tap" 2>"$res.err" || true
	ms=$(($(now_ms) - start))
	say "$2 round $3: $((ms / 1000)).$((ms % 1000 / 100)) s," \
	    "$(grep -cE '^ok [0-9]+ ' "$res.tap") ok," \
	    "$(grep -cE '^not ok [0-9]+ ' "$res.tap") not ok"
	echo "$ms"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

: >"$work/old.ms"
: >"$work/new.ms"
for i in $(seq "$rounds"); do
	run_suite "$old/build/ktstr/ktstr" old "$i" >>"$work/old.ms"
	run_suite "$new" new "$i" >>"$work/new.ms"
done
o=$(median <"$work/old.ms")
n=$(median <"$work/new.ms")
echo "suite benchmark: kernel $version, -j $jobs, $rounds round(s), medians"
printf '  old %-12s %8.1f s\n' "$sha" "$(echo "$o / 1000" | bc -l)"
printf '  new %-12s %8.1f s\n' "$(git -C "$top" rev-parse --short=12 HEAD)" \
	"$(echo "$n / 1000" | bc -l)"
awk -v o="$o" -v n="$n" 'BEGIN { printf "  speed-up (old/new) %6.2fx\n", o / n }'
