#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the guest set for one kernel: its test kernel (cached), then
# ktstr-init, scx_ktstr and the tree's own schedulers against that kernel's
# tree and BTF (ktstr/Makefile's "guest" goal). The kernel-only parts
# (libbpf, bpftool, vmlinux.h, the tree's schedulers) are cached beside the
# kernel, per BPF compiler; ktstr's own binaries go under OUTPUT.
#
# usage: guest-build.sh KERNEL OUTPUT [--default [MAKE ARGS...]]
#   KERNEL     a version (6.12, 7.3) or a kernel tree
#   OUTPUT     the launcher's build directory
#   --default  build the launcher too, and this set beside it (what
#              `make install` and kselftest ship), or the make goal and
#              variables given after it (install INSTALL_PATH=...); else
#              the set goes to OUTPUT/kernels/<kernel key>/
set -euo pipefail

unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

here=$(cd "$(dirname "$0")" && pwd)
ktstr_dir=$(cd "$here/.." && pwd)

die() { echo "ktstr guest: $*" >&2; exit 1; }

kernel=${1:?usage: guest-build.sh KERNEL OUTPUT [--default [MAKE ARGS...]]}
out=${2:?usage: guest-build.sh KERNEL OUTPUT [--default [MAKE ARGS...]]}
shift 2
default=0
if [ "${1:-}" = --default ]; then
	default=1
	shift
fi

if [ -d "$kernel" ]; then
	kargs=(--source "$kernel")
else
	kargs=(--version "$kernel")
fi
src=$("$here/kernel-build.sh" "${kargs[@]}" --print-source)
vmlinux=$("$here/kernel-build.sh" "${kargs[@]}")
key=$("$here/kernel-build.sh" "${kargs[@]}" --print-key)

clang=${KTSTR_CLANG:-$(for v in 22 21 20 19 18 17 16; do
	command -v clang-$v && break; done)}
[ -n "$clang" ] || die "no clang-16 or later installed; install clang-19 or set KTSTR_CLANG"
clang_version=$("$clang" --version | sed -n 's/.*clang version \([0-9][0-9.]*\).*/\1/p;q')
tools=$(dirname "$vmlinux")/tools-clang-$clang_version

mkdir -p "$out"
if [ "$default" = 1 ]; then
	guest_out=$out
	[ $# -gt 0 ] || set -- all
else
	guest_out=$out/kernels/$key
	set -- guest
fi
mkdir -p "$guest_out"
echo "ktstr guest: $key with $clang $clang_version -> $guest_out" >&2
make --no-print-directory -C "$ktstr_dir" "$@" OUTPUT="$guest_out" \
	GUEST_OUT="$guest_out" TOOLS_OUT="$tools" KSRC="$src" \
	KTSTR_KERNEL="$vmlinux" KTSTR_CLANG="$clang"
# Where the launcher's sources are, for `ktstr kernel build` to build more.
[ "$default" = 0 ] || echo "$ktstr_dir" >"$out/ktstr-src"
