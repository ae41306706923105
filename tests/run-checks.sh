#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: the project's own tests. Unit tests of the pure logic, the
# launcher's handling of bad input and signals, the suite in real VMs, and
# both kselftest paths (a standalone install and a kernel tree). Ends with
# one line: "N passed, N failed, N skipped".
#
# usage: tests/run-checks.sh OUTPUT_DIR
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: run-checks.sh OUTPUT_DIR}
ktstr=$out/ktstr
work=$(mktemp -d /tmp/ktstr-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0 skipped=0

result()	# result pass|fail|skip NAME [WHY]
{
	case "$1" in
	pass) passed=$((passed + 1)); echo "ok - $2" ;;
	skip) skipped=$((skipped + 1)); echo "ok - $2 # SKIP ${3:-}" ;;
	*) failed=$((failed + 1)); echo "not ok - $2${3:+ # $3}" ;;
	esac
}

# Add the counts of a kselftest_harness / ktstr TAP stream to ours.
count_tap()
{
	local p f s
	p=$(grep -cE '^ok [0-9]+ ' "$1")
	s=$(grep -cE '^ok [0-9]+ .*# SKIP' "$1")
	f=$(grep -cE '^not ok [0-9]+ ' "$1")
	passed=$((passed + p - s)); skipped=$((skipped + s)); failed=$((failed + f))
}

echo "== unit tests"
if make -s -C "$top/tests/unit" OUTPUT="$out/unit" >"$work/unit-build.log" 2>&1; then
	for t in "$out"/unit/test_*; do
		[ -x "$t" ] || continue
		"$t" >"$work/unit.log" 2>&1
		rc=$?
		grep -E '^(ok|not ok) ' "$work/unit.log" | sed "s|^|$(basename "$t"): |"
		count_tap "$work/unit.log"
		[ $rc -eq 0 ] || grep -q '^not ok' "$work/unit.log" ||
			result fail "$(basename "$t") exited $rc"
	done
else
	cat "$work/unit-build.log"
	result fail "unit tests build"
fi

echo "== launcher: bad input"
# expect_error NAME EXIT_CODE STDERR_REGEX -- COMMAND...
expect_error()
{
	local name=$1 want=$2 re=$3 rc
	shift 4
	"$@" >"$work/out" 2>"$work/err"
	rc=$?
	if [ $rc -eq "$want" ] && grep -qE "$re" "$work/err" &&
	   [ "$(wc -l <"$work/err")" -le 3 ]; then
		result pass "$name"
	else
		result fail "$name" "exit $rc, stderr: $(head -c 300 "$work/err" | tr '\n' ' ')"
	fi
}
expect_error "unknown test" 2 "no test matches 'no_such_test'" -- \
	"$ktstr" run -t no_such_test
expect_error "malformed topology" 2 "topology '1n2x'" -- \
	"$ktstr" run -t topo_1n1l2c1t --topology 1n2x
expect_error "missing kernel image" 4 "/nonexistent/vmlinux" -- \
	"$ktstr" run -t topo_1n1l2c1t --kernel /nonexistent/vmlinux
# A launcher beside a guest binary it cannot read: no guest, no initramfs.
mkdir "$work/bin"
cp -r "$ktstr" "$out/ktstr-init" "$out/scripts" "$out/config" "$work/bin/"
ln -s "$work/gone" "$work/bin/scx_simple"
mkdir "$work/bin/scx_qmap"
expect_error "unreadable initramfs input" 1 "initramfs: cannot read '.*/scx_qmap': Is a directory" -- \
	"$work/bin/ktstr" run -t topo_1n1l2c1t --results "$work/unreadable"
rm -f "$work/bin/ktstr-init"
expect_error "missing guest binary" 1 "ktstr-init" -- \
	"$work/bin/ktstr" run -t topo_1n1l2c1t

echo "== launcher: SIGTERM leaves no QEMU behind"
"$ktstr" run -t topo_1n1l2c1t --results "$work/sigterm" >"$work/sigterm.log" 2>&1 &
pid=$!
for _ in $(seq 50); do
	pgrep -P "$pid" -f qemu-system >/dev/null && break
	sleep 0.2
done
qemu=$(pgrep -P "$pid" -f qemu-system)
kill -TERM "$pid"
start=$(date +%s%N)
wait "$pid"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
sleep 0.2
if [ -n "$qemu" ] && ! kill -0 "$qemu" 2>/dev/null && [ "$ms" -lt 2000 ]; then
	result pass "SIGTERM: launcher exited in ${ms} ms, QEMU $qemu gone"
else
	result fail "SIGTERM" "qemu='$qemu' exit after ${ms} ms"
fi

echo "== suite in VMs"
"$ktstr" run -j "${KTSTR_JOBS:-2}" --results "$work/results" \
	--json "$work/summary.json" | tee "$work/suite.tap"
count_tap "$work/suite.tap"

echo "== auto-repro in VMs"
# crash_* tests fail on purpose. They run two at a time beside a passing
# test, so each repro VM boots in its test's runner slot while the other
# slot goes on; TAP must stay in suite order with each repro section under
# its own "not ok". A crash's repro chain must hold a scheduler callback and
# a kernel function with source locations and decoded task fields (the full
# chain is in <test>.repro.txt); a stall's repro VM runs without probes.
"$ktstr" run -j 2 -t crash_ktstr_error -t crash_ktstr_stall \
	-t crash_qmap_error -t eevdf_spin --results "$work/repro" \
	>"$work/repro.tap" 2>"$work/repro.err"
rc=$?
order=$(grep -E '^(not )?ok [0-9]+ ' "$work/repro.tap" | sed 's/ #.*//' | tr '\n' '|')
if [ $rc -eq 1 ] && [ "$order" = "not ok 1 crash_ktstr_error|not ok 2 crash_ktstr_stall|not ok 3 crash_qmap_error|ok 4 eevdf_spin|" ]; then
	result pass "auto-repro with -j 2: TAP in suite order"
else
	result fail "auto-repro with -j 2" "exit $rc, TAP: $order"
fi

tap_block()	# tap_block TEST: the test's TAP line and its "# " lines
{
	awk -v t="$1" '/^(not )?ok [0-9]+ / { on = ($0 ~ " " t "( |$)") } on' \
		"$work/repro.tap"
}

check_chain()	# check_chain TEST
{
	local chain=$work/repro/$1.repro.txt why=""

	tap_block "$1" >"$work/$1.block"
	grep -q '^# probe chain: ' "$work/$1.block" || why="no probe chain"
	grep -qE '\[BPF (fentry|fexit)\] [a-z_]+\.bpf\.c:[0-9]+' "$chain" ||
		why="$why; no scheduler callback with file:line"
	grep -qE '\[(kprobe|fexit)\] kernel/[a-z/_]+\.c:[0-9]+' "$chain" ||
		why="$why; no kernel function with file:line"
	grep -qE '^ +task [^ ]+\[[0-9]+\] .*cpus=[0-9]' "$chain" ||
		why="$why; no decoded task fields"
	if [ -z "$why" ]; then
		result pass "auto-repro chain for $1"
	else
		result fail "auto-repro chain for $1" "${why#; }"
	fi
}
check_chain crash_qmap_error
check_chain crash_ktstr_error
tap_block crash_ktstr_stall >"$work/stall.block"
if grep -q '^# repro verdict: ' "$work/stall.block" &&
   grep -q -- '--repro-stall' "$work/stall.block" &&
   ! grep -q '^# probe chain: ' "$work/stall.block"; then
	result pass "auto-repro for a stall: repro VM without probes"
else
	result fail "auto-repro for a stall" "$(grep -m3 'repro' "$work/stall.block" | tr '\n' ' ')"
fi

# SIGTERM while the repro VM runs: it dies with the launcher.
"$ktstr" run -t crash_qmap_error --results "$work/repro-term" \
	>/dev/null 2>&1 &
pid=$!
repro_qemu=""
for _ in $(seq 300); do
	repro_qemu=$(pgrep -P "$pid" -f 'qemu-system.*--repro-funcs')
	[ -n "$repro_qemu" ] && break
	sleep 0.2
done
kill -TERM "$pid"
wait "$pid"
sleep 0.2
if [ -n "$repro_qemu" ] && ! kill -0 "$repro_qemu" 2>/dev/null; then
	result pass "SIGTERM during auto-repro: repro QEMU $repro_qemu gone"
else
	result fail "SIGTERM during auto-repro" "repro qemu='$repro_qemu'"
	[ -n "$repro_qemu" ] && kill -KILL "$repro_qemu" 2>/dev/null
fi

echo "== kselftest: standalone install"
inst=$work/install
if make -s -C "$top" install KSFT_INSTALL_PATH="$inst" OUTPUT="$out" \
	>"$work/install.log" 2>&1; then
	KSELFTEST_KTSTR_ARGS="-t topo_1n2l2c1t" \
		"$inst/run_kselftest.sh" -t ktstr:ktstr >"$work/ksft.log" 2>&1
	if grep -q '^ok 1 selftests: ktstr: ktstr$' "$work/ksft.log"; then
		result pass "run_kselftest.sh -t ktstr:ktstr"
	else
		result fail "run_kselftest.sh -t ktstr:ktstr" "$(tail -5 "$work/ksft.log" | tr '\n' ' ')"
	fi
	if "$inst/run_kselftest.sh" -l | grep -qx 'ktstr:ktstr'; then
		result pass "run_kselftest.sh -l"
	else
		result fail "run_kselftest.sh -l"
	fi
else
	result fail "make install" "$(tail -5 "$work/install.log" | tr '\n' ' ')"
fi
if make -s -C "$top" gen_tar KSFT_INSTALL_PATH="$inst" OUTPUT="$out" \
	>"$work/tar.log" 2>&1 && tar tzf "$top/build/kselftest-packages.tar.gz" |
	grep -q 'ktstr/ktstr-init$'; then
	result pass "make gen_tar"
else
	result fail "make gen_tar"
fi

echo "== kselftest: in a kernel tree"
if KTSTR_CHECK_LOG="$work/in-tree.log" "$top/tests/in-tree.sh" >/dev/null 2>&1; then
	result pass "make -C tools/testing/selftests TARGETS=ktstr run_tests"
else
	result fail "in-tree run" "$(tail -5 "$work/in-tree.log" | tr '\n' ' ')"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
