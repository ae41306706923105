#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot benchmark: the launcher running the smallest test against a bare
# qemu-system-x86_64 invocation of the same kernel, initramfs and command
# line, alternating in one run so both see the same machine load. Reports
# the median time to the guest's result report and to QEMU's exit, and the
# launcher/bare ratio (target: at most 1.05).
#
# usage: scripts/bench-boot.sh OUTPUT_DIR [ROUNDS] [TEST]
set -euo pipefail

out=${1:?usage: bench-boot.sh OUTPUT_DIR [ROUNDS] [TEST]}
rounds=${2:-7}
test=${3:-topo_1n1l2c1t}
ktstr=$out/ktstr
work=$(mktemp -d /tmp/ktstr-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# run_timed CHANNEL_FILE COMMAND...: prints "<ms to report> <ms to exit>".
run_timed()
{
	local chan=$1 start report="" pid
	shift
	start=$(now_ms)
	"$@" >/dev/null 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		if [ -z "$report" ] && grep -qs KTSTR-RESULT-END "$chan"; then
			report=$(($(now_ms) - start))
		fi
		sleep 0.005
	done
	wait "$pid" || { echo "bench: '$*' failed" >&2; return 1; }
	[ -n "$report" ] || { grep -qs KTSTR-RESULT-END "$chan" &&
			      report=$(($(now_ms) - start)); }
	echo "${report:-0} $(($(now_ms) - start))"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The launcher's own QEMU command line, kept initramfs and all.
"$ktstr" run -t "$test" -v --keep-initramfs --results "$work/ref" \
	>/dev/null 2>"$work/ref.err" ||
	{ cat "$work/ref.err" >&2; exit 1; }
qemu_cmd=$(sed -n "s/^ktstr: $test: //p" "$work/ref.err" | grep qemu-system)
[ -n "$qemu_cmd" ] || { echo "bench: no QEMU command line in -v output" >&2; exit 1; }
cp "$work/ref/initramfs.cpio" "$work/initramfs.cpio"
qemu_cmd=${qemu_cmd//$work\/ref\/initramfs.cpio/$work\/initramfs.cpio}
accel=$(grep -o 'accelerator [a-z]*' "$work/ref.err" | head -1)

echo "boot benchmark: $test, $rounds rounds, $accel"
: > "$work/launcher" && : > "$work/bare"
for i in $(seq "$rounds"); do
	run_timed "$work/l$i/$test.channel.log" \
		"$ktstr" run -t "$test" --results "$work/l$i" >>"$work/launcher"
	mkdir -p "$work/b$i"
	bare=${qemu_cmd//$work\/ref\//$work\/b$i\/}
	run_timed "$work/b$i/$test.channel.log" eval "$bare" >>"$work/bare"
	grep -q 'KTSTR-RESULT-END' "$work/b$i/$test.channel.log" ||
		{ echo "bench: bare QEMU run $i gave no report" >&2; exit 1; }
done

l_rep=$(cut -d' ' -f1 "$work/launcher" | median)
b_rep=$(cut -d' ' -f1 "$work/bare" | median)
l_exit=$(cut -d' ' -f2 "$work/launcher" | median)
b_exit=$(cut -d' ' -f2 "$work/bare" | median)
printf '%-10s %14s %14s\n' "" "to report" "to exit"
printf '%-10s %11d ms %11d ms\n' launcher "$l_rep" "$l_exit"
printf '%-10s %11d ms %11d ms\n' bare "$b_rep" "$b_exit"
awk -v a="$l_rep" -v b="$b_rep" -v c="$l_exit" -v d="$b_exit" \
	'BEGIN { printf "ratio      %14.3f %14.3f   (target <= 1.05)\n", a / b, c / d }'
