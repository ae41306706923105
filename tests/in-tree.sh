#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prove that ktstr/ drops into a kernel tree unchanged: copy it to
# tools/testing/selftests/ktstr of a kernel source (default: the 6.12 one
# ktstr builds from) and run it through the kernel's own selftests
# Makefile. KSELFTEST_KTSTR_ARGS picks the tests (default: the topology
# tests, which boot four VMs).
#
# usage: tests/in-tree.sh [--fresh-cache] [KSRC]
#   --fresh-cache  start from an empty ktstr cache, as in a tree whose
#                  kernel nobody built: the selftests make builds it
#                  (tinyconfig + ktstr/config) before anything boots.
#                  Without it, a kernel built for the tree before (by
#                  `ktstr kernel build --source KSRC` or make all) is used.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
fresh=0
if [ "${1:-}" = --fresh-cache ]; then
	fresh=1
	shift
fi
ksrc=${1:-$("$top/ktstr/scripts/kernel-build.sh" --print-source)}
dest=$ksrc/tools/testing/selftests/ktstr
log=${KTSTR_CHECK_LOG:-/tmp/ktstr-in-tree.log}
cache=""

cleanup() {
	rm -rf "$dest"
	[ -z "$cache" ] || rm -rf "$cache"
}
rm -rf "$dest"
trap cleanup EXIT
cp -r "$top/ktstr" "$dest"
if [ $fresh = 1 ]; then
	cache=$(mktemp -d /tmp/ktstr-fresh-cache.XXXXXX)
	export KTSTR_CACHE=$cache
fi

# A kernel tree's run tests that tree's kernel: not the kernels a
# standalone make exports for its own runs.
unset KTSTR_KERNELS
export KSELFTEST_KTSTR_ARGS=${KSELFTEST_KTSTR_ARGS:--t topo_*}
make -C "$ksrc/tools/testing/selftests" TARGETS=ktstr run_tests 2>&1 | tee "$log"

# The kernel's runner prints one result line per program; the program's
# own TAP is nested under it with "# ".
grep -q '^ok 1 selftests: ktstr: ktstr$' "$log"
