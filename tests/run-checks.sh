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
# stderr holds at most $max_lines lines (default 3: an error found before
# any test runs prints little else).
expect_error()
{
	local name=$1 want=$2 re=$3 rc
	shift 4
	"$@" >"$work/out" 2>"$work/err"
	rc=$?
	if [ $rc -eq "$want" ] && grep -qE "$re" "$work/err" &&
	   [ "$(wc -l <"$work/err")" -le "${max_lines:-3}" ]; then
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
# The initramfs holds only what the test needs, so the test is one that
# needs scx_qmap; the error comes after the run's three progress lines
# and before the test's own failed line.
mkdir "$work/bin"
cp -r "$ktstr" "$out/ktstr-init" "$out/guest.info" "$out/scripts" "$out/config" \
	"$work/bin/"
ln -s "$work/gone" "$work/bin/scx_simple"
mkdir "$work/bin/scx_qmap"
max_lines=5 expect_error "unreadable initramfs input" 1 \
	"^ktstr: initramfs: cannot read '.*/scx_qmap': Is a directory$" -- \
	"$work/bin/ktstr" run --kernel 6.12 -t qmap_attach --results "$work/unreadable"
rm -f "$work/bin/ktstr-init"
expect_error "missing guest binary" 1 "ktstr-init" -- \
	"$work/bin/ktstr" run --kernel 6.12 -t topo_1n1l2c1t

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

# The kernels make check runs on: KTSTR_KERNELS (the Makefile's "6.12
# 7.3" for check), as the launcher reads it.
kernels=${KTSTR_KERNELS:-6.12}
has_kernel() { [[ " $kernels " == *" $1 "* ]]; }

echo "== suite in VMs ($kernels)"
# Every default test on each kernel, one TAP stream; each line names its
# kernel when there are several, and the summary counts per kernel.
KTSTR_KERNELS=$kernels "$ktstr" run -j "${KTSTR_JOBS:-2}" \
	--results "$work/results" --json "$work/summary.json" |
	tee "$work/suite.tap"
count_tap "$work/suite.tap"
if [ "$(wc -w <<<"$kernels")" -gt 1 ]; then
	for k in $kernels; do
		if grep -qE "^# kernel $k[.0-9]*: [0-9]+ passed, 0 failed" "$work/suite.tap"; then
			result pass "suite on $k: every test passed or skipped with a reason"
		else
			result fail "suite on $k" "$(grep -E "^# kernel $k" "$work/suite.tap")"
		fi
	done
fi

echo "== auto-repro in VMs"
# crash_* tests fail on purpose. They run two at a time beside a passing
# test, so each repro VM boots in its test's runner slot while the other
# slot goes on; TAP must stay in suite order with each repro section under
# its own "not ok" (on 6.12; 7.3's repro is checked below). A crash's repro
# chain must hold a scheduler callback and a kernel function with source
# locations and decoded task fields (the full chain is in
# <test>.repro.txt); a stall's repro VM runs without probes.
"$ktstr" run -j 2 --kernel 6.12 -t crash_ktstr_error -t crash_ktstr_stall \
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

# The whole story, not the crash stack alone: qmap's chain holds
# callbacks besides the one that raised the error (every callback is
# probed), and its failure dump names the scheduler's own .bss counters
# with their values.
chain=$work/repro/crash_qmap_error.repro.txt
ncb=$(grep -oE '[a-z_]+ \[BPF (fentry|fexit)\] [a-z_]+\.bpf\.c' "$chain" 2>/dev/null |
	awk '{ print $1 }' | sort -u | wc -l)
if [ "$ncb" -ge 2 ]; then
	result pass "auto-repro chain: $ncb distinct callbacks, not only the crash stack's"
else
	result fail "auto-repro chain: callbacks beyond the crash stack" "$ncb distinct callbacks"
fi
if awk '/^  [^ ]+\.bss \(/ { on = 1; next } /^  [^ ]/ { on = 0 }
	 on && /^    nr_enqueued = [1-9]/ { found = 1 } END { exit !found }' \
	"$chain" 2>/dev/null &&
   python3 -c 'import json, sys; json.load(open(sys.argv[1]))' \
	"$work/repro/crash_qmap_error.repro.failure-dump.json" 2>/dev/null; then
	result pass "auto-repro failure dump: scx_qmap's .bss nr_enqueued with its value"
else
	result fail "auto-repro failure dump" "$(grep -m3 -A3 'failure dump' "$chain" 2>/dev/null | tr '\n' ' ')"
fi

# A guest that hangs right after the error (scx_ktstr -H) never reports,
# yet its repro's chain reaches the host: it is sent when the trigger
# fires. A repro that exits cleanly instead is "not reproduced", with no
# chain passing for the crash's.
"$ktstr" run -j 2 --kernel 6.12 -t crash_ktstr_hang -t crash_ktstr_clean_repro \
	--results "$work/repro2" >"$work/repro2.tap" 2>"$work/repro2.err"
awk '/^(not )?ok [0-9]+ / { on = / crash_ktstr_hang( |$)/ } on' \
	"$work/repro2.tap" >"$work/hang.block"
if grep -q '^not ok [0-9]* crash_ktstr_hang' "$work/hang.block" &&
   grep -q '^# probe chain: ' "$work/hang.block" &&
   grep -qE '\[BPF (fentry|fexit)\] scx_ktstr\.bpf\.c:[0-9]+' \
	"$work/repro2/crash_ktstr_hang.repro.txt"; then
	result pass "auto-repro: a guest that hangs after the error still delivers the chain"
else
	result fail "auto-repro: a guest that hangs after the error" \
		"$(grep -m4 -E '^(not )?ok|repro' "$work/hang.block" | tr '\n' ' ')"
fi
awk '/^(not )?ok [0-9]+ / { on = / crash_ktstr_clean_repro( |$)/ } on' \
	"$work/repro2.tap" >"$work/clean.block"
if grep -q '^# repro verdict: not reproduced: the scheduler exited cleanly (kind 64 ' \
	"$work/clean.block" && ! grep -q '^# probe chain: ' "$work/clean.block"; then
	result pass "auto-repro: a repro that exits cleanly is not reproduced, no chain"
else
	result fail "auto-repro: a clean repro exit" \
		"$(grep -m3 'repro' "$work/clean.block" | tr '\n' ' ')"
fi

# 7.3: the exit comes through the sched_ext_exit tracepoint, and the
# chain's kernel lines are under kernel/sched/ext/.
if has_kernel 7.3; then
	"$ktstr" run --kernel 7.3 -t crash_ktstr_error --results "$work/repro73" \
		>"$work/repro73.tap" 2>&1
	chain=$work/repro73/crash_ktstr_error.repro.txt why=""
	grep -q 'trigger: tp_btf:sched_ext_exit fired' "$chain" 2>/dev/null ||
		why="the sched_ext_exit tracepoint did not fire"
	grep -qE '\[(kprobe|fexit)\] kernel/sched/ext/[a-z_]+\.c:[0-9]+' "$chain" 2>/dev/null ||
		why="$why; no kernel/sched/ext/<file>.c:N line"
	grep -qE '\[BPF (fentry|fexit)\] [a-z_]+\.bpf\.c:[0-9]+' "$chain" 2>/dev/null ||
		why="$why; no callback with .bpf.c:N"
	if [ -z "$why" ]; then
		result pass "auto-repro on 7.3: tracepoint trigger, kernel/sched/ext/ chain"
	else
		result fail "auto-repro on 7.3" "${why#; }"
	fi
fi

# SIGTERM while the repro VM runs (found by its console file; its guest
# arguments are in the initramfs): it dies with the launcher. The repro
# VM starts once the first one has crashed: well within two minutes.
"$ktstr" run --kernel 6.12 -t crash_qmap_error --results "$work/repro-term" \
	>"$work/repro-term.log" 2>&1 &
pid=$!
repro_qemu=""
for _ in $(seq 600); do
	repro_qemu=$(pgrep -P "$pid" -f 'qemu-system.*\.repro\.console\.log')
	[ -n "$repro_qemu" ] && break
	sleep 0.2
done
kill -TERM "$pid"
wait "$pid"
sleep 0.2
if [ -n "$repro_qemu" ] && ! kill -0 "$repro_qemu" 2>/dev/null; then
	result pass "SIGTERM during auto-repro: repro QEMU $repro_qemu gone"
else
	result fail "SIGTERM during auto-repro" \
		"repro qemu='$repro_qemu'; $(tail -2 "$work/repro-term.log" | tr '\n' ' ')"
	[ -n "$repro_qemu" ] && kill -KILL "$repro_qemu" 2>/dev/null
fi

echo "== external schedulers: bad input"
# A scheduler the suite does not know, built the way its author would:
# the tree's scx_simple objects linked dynamically (glibc, libelf, libz,
# as the scx project's Rust schedulers are), outside the suite's table.
ext=$work/ext
mkdir -p "$ext/lib"
scx_obj=$out/tools/sched_ext/build/obj
cc -o "$ext/scx_simple_dyn" "$scx_obj/sched_ext/scx_simple.o" \
	"$scx_obj/libbpf/libbpf.a" -lelf -lz -lpthread 2>"$work/ext-ld.log" ||
	result fail "link scx_simple dynamically" "$(head -3 "$work/ext-ld.log")"
cp "$ext/scx_simple_dyn" "$ext/not_exec" && chmod 0644 "$ext/not_exec"
printf '#!/bin/sh\nexit 0\n' >"$ext/script" && chmod 0755 "$ext/script"
# An aarch64 ELF: the x86-64 one with its e_machine set to EM_AARCH64.
cp "$ext/scx_simple_dyn" "$ext/arm64_sched"
printf '\xb7\x00' | dd of="$ext/arm64_sched" bs=1 seek=18 conv=notrunc status=none
# A library that was there when it was linked and is gone now.
echo 'int ktstr_gone(void) { return 0; }' |
	cc -x c - -shared -fPIC -o "$ext/lib/libktstr_gone.so"
echo 'int ktstr_gone(void); int main(void) { return ktstr_gone(); }' |
	cc -x c - -L"$ext/lib" -lktstr_gone -o "$ext/needs_gone"
rm "$ext/lib/libktstr_gone.so"
expect_error "--scheduler: no such file" 2 "'/nonexistent/scx_x' does not exist" -- \
	"$ktstr" run --scheduler /nonexistent/scx_x
expect_error "--scheduler: not executable" 2 "'$ext/not_exec' is not executable" -- \
	"$ktstr" run --scheduler "$ext/not_exec"
expect_error "--scheduler: not an ELF" 2 "'$ext/script' is a script" -- \
	"$ktstr" list --scheduler "$ext/script"
expect_error "--scheduler: another architecture" 2 "is an ELF for aarch64, expected x86-64" -- \
	"$ktstr" run --scheduler "$ext/arm64_sched"
expect_error "--scheduler: a library the host lacks" 2 "needs libktstr_gone.so, which is not in the library search path" -- \
	"$ktstr" run --scheduler "$ext/needs_gone"
expect_error "--sched-args without --scheduler" 2 "without --scheduler PATH" -- \
	"$ktstr" run --sched-args -v
printf '[scheduler scx_dyn]\nbinary = scx_simple_dyn\ntimout = 60\n' >"$ext/typo.ini"
expect_error "--profiles: a bad key" 2 "typo.ini:3: key 'timout' in \\[scheduler scx_dyn\\]: unknown key" -- \
	"$ktstr" run --profiles "$ext/typo.ini"
expect_error "--scheduler: only pinned tests selected" 2 "none of the 1 selected tests is generic" -- \
	"$ktstr" run --scheduler "$ext/scx_simple_dyn" -t ktstr_stall
if "$ktstr" list --scheduler "$ext/scx_simple_dyn" >"$work/ext-list.txt" 2>&1 &&
   grep -q '^cpuset_swap \[scx_simple_dyn\] ' "$work/ext-list.txt" &&
   ! grep -q '^ktstr_stall' "$work/ext-list.txt"; then
	result pass "ktstr list --scheduler: the generic tests under it"
else
	result fail "ktstr list --scheduler" "$(head -c 300 "$work/ext-list.txt")"
fi

echo "== external schedulers in VMs"
# tap_line FILE TEST: the first TAP line of TEST in FILE
tap_line() { grep -E "^(not )?ok [0-9]+ $2( |\$)" "$1" | head -1; }
# The dynamic binary on the generic tests, one of them stress-ng's.
KTSTR_SCHED_ARGS=-v "$ktstr" run -j 2 --kernel 6.12 \
	--scheduler "$ext/scx_simple_dyn" -t cpuset_swap -t stress_smoke \
	--results "$work/ext-run" >"$work/ext-run.tap" 2>"$work/ext-run.err"
rec=$work/ext-run/stress_smoke@scx_simple_dyn.json
if grep -q '^ok 1 cpuset_swap \[scx_simple_dyn\]$' "$work/ext-run.tap" &&
   grep -q '^ok 2 stress_smoke \[scx_simple_dyn\]$' "$work/ext-run.tap" &&
   python3 - "$rec" "$ext/scx_simple_dyn" <<'PY'
import hashlib, json, sys
r = json.load(open(sys.argv[1]))
b = r["scheduler_binary"]
want = hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest()
assert b["sha256"] == want and b["args"] == "-v" and not b["static"], b
assert any("libelf" in f for f in b["guest_files"]), b
s = r["result"]["scheduler"]
assert s["ops"] == "simple" and s["outcome"] == "clean", s
cg = r["result"]["stats"]["cgroups"][0]
assert cg["tool"] == "stress-ng" and cg["tool_exit"] == 0, cg
assert cg["bogo_ops_s"]["cpu"] > 0 and cg["bogo_ops_s"]["switch"] > 0, cg
PY
then
	result pass "--scheduler (dynamic): generic tests pass, record has sha256 and libraries"
else
	result fail "--scheduler (dynamic)" "$(grep -E '^(not )?ok' "$work/ext-run.tap" | tr '\n' ' ')$(tail -3 "$work/ext-run.err" | tr '\n' ' ')"
fi

# 7.3: the same, linked from 7.3's tree.
if has_kernel 7.3; then
	obj73=$(ls -d "$out"/kernels/7.3*/tools/sched_ext/build/obj | head -1)
	cc -o "$ext/scx_simple_dyn73" "$obj73/sched_ext/scx_simple.o" \
		"$obj73/libbpf/libbpf.a" -lelf -lz -lpthread 2>>"$work/ext-ld.log"
	"$ktstr" run -j 2 --kernel 7.3 --scheduler "$ext/scx_simple_dyn73" \
		-t cpuset_swap -t cpuset_numa --results "$work/ext-run73" \
		>"$work/ext-run73.tap" 2>&1
	if grep -q '^ok 1 cpuset_numa \[scx_simple_dyn73\]$' "$work/ext-run73.tap" &&
	   grep -q '^ok 2 cpuset_swap \[scx_simple_dyn73\]$' "$work/ext-run73.tap"; then
		result pass "--scheduler (dynamic) on 7.3"
	else
		result fail "--scheduler (dynamic) on 7.3" "$(grep -E '^(not )?ok' "$work/ext-run73.tap" | tr '\n' ' ')"
	fi
fi

# A profile file with two profiles, one with a stress line of its own.
cat >"$ext/profiles.ini" <<'INI'
# scx_simple_dyn, the way its author would keep it
[scheduler scx_dyn]
binary = scx_simple_dyn          ; relative to this file
profile = vtime:
profile = fifo: -f
stress = stress-ng --cpu 1 --fork 1
INI
"$ktstr" run -j 2 --kernel 6.12 --profiles "$ext/profiles.ini" \
	-t stress_smoke --results "$work/ext-prof" >"$work/ext-prof.tap" 2>&1
if grep -q '^ok 1 stress_smoke \[scx_dyn:vtime\]$' "$work/ext-prof.tap" &&
   grep -q '^ok 2 stress_smoke \[scx_dyn:fifo\]$' "$work/ext-prof.tap" &&
   grep -q '"fork": [0-9]' "$work/ext-prof/stress_smoke@scx_dyn.fifo.json" &&
   grep -q '"args": "-f"' "$work/ext-prof/stress_smoke@scx_dyn.fifo.json"; then
	result pass "--profiles: each profile its own TAP line, its stress line run"
else
	result fail "--profiles" "$(grep -E '^(not )?ok' "$work/ext-prof.tap" | tr '\n' ' ')"
fi

# Each way a scheduler ktstr knows nothing about can fail, told apart:
# giving up (exit 3), tripped by the kernel (auto-repro then probes its
# callbacks), exiting at once (--help), never attaching (a program that
# is no scheduler at all).
cat >"$ext/faults.ini" <<INI
[scheduler scx_fault]
binary = $out/scx_ktstr
profile = giveup: -x 1500
profile = error: -F 3000
INI
"$ktstr" run -j 2 --kernel 6.12 --profiles "$ext/faults.ini" -t cpuset_swap \
	--results "$work/ext-fault" >"$work/ext-fault.tap" 2>&1 &
fault_pid=$!
"$ktstr" run -j 2 --kernel 6.12 --no-auto-repro --scheduler "$ext/scx_simple_dyn" \
	--sched-args -h -t batch_nice --results "$work/ext-help" \
	>"$work/ext-help.tap" 2>&1
"$ktstr" run --kernel 6.12 --no-auto-repro --scheduler /bin/sleep \
	--sched-args 600 -t batch_nice --results "$work/ext-sleep" \
	>"$work/ext-sleep.tap" 2>&1
wait $fault_pid
check_fault()	# check_fault NAME TAP_FILE TEST REGEX
{
	local line
	line=$(tap_line "$2" "$3")
	if [[ "$line" =~ ^not\ ok ]] && grep -qE -- "$4" <<<"$line"; then
		result pass "unknown scheduler: $1"
	else
		result fail "unknown scheduler: $1" "${line:-no TAP line}"
	fi
}
check_fault "exits on its own" "$work/ext-fault.tap" 'cpuset_swap \[scx_fault:giveup\]' \
	'died: it exited on its own with status 3 .*UNREG'
check_fault "disabled by the kernel" "$work/ext-fault.tap" 'cpuset_swap \[scx_fault:error\]' \
	'died: the kernel disabled it: ERROR_BPF \(1025\)'
check_fault "exits at once (--help)" "$work/ext-help.tap" 'batch_nice \[scx_simple_dyn\]' \
	'exited before it attached \(exit status [0-9]+\)'
check_fault "never attaches" "$work/ext-sleep.tap" 'batch_nice \[sleep\]' \
	'never attached within [0-9]+ s \(killed\)'
if grep -qE '\[BPF (fentry|fexit)\] scx_ktstr\.bpf\.c:[0-9]+' \
	"$work/ext-fault/cpuset_swap@scx_fault.error.repro.txt" 2>/dev/null; then
	result pass "auto-repro of an external scheduler: its callbacks with file:line"
else
	result fail "auto-repro of an external scheduler" "no scx_ktstr.bpf.c frame in the repro chain"
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
in_tree()	# in_tree NAME [--fresh-cache] KSRC
{
	local name=$1
	shift
	if KTSTR_CHECK_LOG="$work/in-tree.log" "$top/tests/in-tree.sh" "$@" \
		>/dev/null 2>&1; then
		result pass "in a $name tree: make -C tools/testing/selftests TARGETS=ktstr run_tests"
	else
		result fail "in a $name tree" "$(tail -5 "$work/in-tree.log" | tr '\n' ' ')"
	fi
}
kbuild=$top/ktstr/scripts/kernel-build.sh
# A 7.3 tree with its kernel built for ktstr, then a pristine 6.12 tree
# whose kernel the selftests make has to build itself (its OUTPUT must
# not reach the kernel's build).
if has_kernel 7.3; then
	in_tree 7.3 "$("$kbuild" --version 7.3 --print-source)"
fi
in_tree "pristine 6.12" --fresh-cache "$("$kbuild" --version 6.12 --print-source)"

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
