#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prove that ktstr/ drops into a kernel tree unchanged: copy it to
# tools/testing/selftests/ktstr of the 6.12 source ktstr builds from and run
# it through the kernel's own selftests Makefile. KSELFTEST_KTSTR_ARGS picks
# the tests (default: the topology tests, which boot four VMs).
#
# usage: tests/in-tree.sh [KSRC]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
ksrc=${1:-$("$top/ktstr/scripts/kernel-build.sh" --print-source)}
dest=$ksrc/tools/testing/selftests/ktstr
log=${KTSTR_CHECK_LOG:-/tmp/ktstr-in-tree.log}

rm -rf "$dest"
trap 'rm -rf "$dest"' EXIT
cp -r "$top/ktstr" "$dest"

export KSELFTEST_KTSTR_ARGS=${KSELFTEST_KTSTR_ARGS:--t topo_*}
make -C "$ksrc/tools/testing/selftests" TARGETS=ktstr run_tests 2>&1 | tee "$log"

# The kernel's runner prints one result line per program; the program's
# own TAP is nested under it with "# ".
grep -q '^ok 1 selftests: ktstr: ktstr$' "$log"
