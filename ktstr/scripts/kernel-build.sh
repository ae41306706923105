#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or find in the cache) a ktstr test kernel: tinyconfig plus the ktstr
# fragment, out of tree, cached under $KTSTR_CACHE/kernels/<version>-<hash>/.
# The cache key covers the kernel version, the fragment and, for a tree other
# than Debian's linux-source package, the tree's path, so a changed fragment
# or another tree never reuses a stale image.
#
# usage: kernel-build.sh [--source DIR] [--print-path] [--print-source] [--jobs N]
#   --print-path    print the cached vmlinux for this source, fail if none
#   --print-source  print (unpacking if needed) the kernel source directory
set -euo pipefail

# A kernel build of its own: nothing of the make that called us (the
# selftests' command-line OUTPUT, a jobserver, -w) may reach it through
# the environment. objtool's build, for one, honours OUTPUT.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES OUTPUT

here=$(cd "$(dirname "$0")" && pwd)
fragment=${KTSTR_FRAGMENT:-$here/../config}
cache=${KTSTR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ktstr}
source=""
print_only=0
print_source=0
jobs=$(nproc)

die() { echo "ktstr kernel: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
	case "$1" in
	--source) source=${2:?--source needs a directory}; shift 2 ;;
	--print-path) print_only=1; shift ;;
	--print-source) print_source=1; shift ;;
	--jobs|-j) jobs=${2:?--jobs needs a number}; shift 2 ;;
	-h|--help)
		sed -n '4,12p' "$0" | sed 's/^# \{0,1\}//'
		exit 0 ;;
	*) die "unknown argument '$1' (expected --source DIR, --print-path, --jobs N)" ;;
	esac
done

[ -r "$fragment" ] || die "kconfig fragment '$fragment' is not readable"

# Debian's linux-source-6.12, unpacked once into the cache.
debian_source() {
	local tarball=/usr/src/linux-source-6.12.tar.xz
	local dir=$cache/src/linux-source-6.12

	if [ -f "$dir/Makefile" ] && [ -f "$dir/kernel/sched/ext.c" ]; then
		echo "$dir"
		return
	fi
	if [ ! -r "$tarball" ]; then
		[ "$(id -u)" = 0 ] || die "$tarball missing; run: apt-get install linux-source-6.12"
		echo "ktstr kernel: installing linux-source-6.12" >&2
		apt-get update -q >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q linux-source-6.12 >&2
	fi
	mkdir -p "$cache/src"
	local tmp
	tmp=$(mktemp -d "$cache/src/.unpack.XXXXXX")
	tar -C "$tmp" -xf "$tarball"
	rm -rf "$dir"
	mv "$tmp/linux-source-6.12" "$dir"
	rmdir "$tmp"
	echo "$dir"
}

key_extra=""
if [ -z "$source" ]; then
	source=$(debian_source)
else
	source=$(cd "$source" && pwd) || die "kernel source '$source' is not a directory"
	[ -f "$source/kernel/sched/ext.c" ] || die "'$source' is not a kernel tree with sched_ext (no kernel/sched/ext.c)"
	[ "$source" = "$cache/src/linux-source-6.12" ] ||
		key_extra=-$(echo -n "$source" | sha256sum | cut -c1-8)
fi
if [ "$print_source" = 1 ]; then
	echo "$source"
	exit 0
fi

version=$(make -s --no-print-directory -C "$source" kernelversion)
fraghash=$(sha256sum "$fragment" | cut -c1-12)
key=$version-$fraghash$key_extra
dest=$cache/kernels/$key

if [ -f "$dest/vmlinux" ] && [ -f "$dest/bzImage" ]; then
	echo "$dest/vmlinux"
	exit 0
fi
[ "$print_only" = 1 ] && die "no cached kernel at $dest; run: make kernel"

# Two builds of one key (parallel make goals, a CI run beside a developer)
# would write the same build tree: take turns, and reuse the winner's image.
build=$cache/build/$key
mkdir -p "$build"
exec 9>"$build.lock"
flock 9
if [ -f "$dest/vmlinux" ] && [ -f "$dest/bzImage" ]; then
	echo "$dest/vmlinux"
	exit 0
fi
echo "ktstr kernel: building $version (fragment $fraghash) in $build" >&2
make -s -C "$source" O="$build" tinyconfig >&2
"$source/scripts/kconfig/merge_config.sh" -m -O "$build" "$build/.config" "$fragment" >&2
make -s -C "$source" O="$build" olddefconfig >&2

# A fragment option that kconfig silently dropped would give a kernel that
# boots but cannot run the tests; fail here with the option's name instead.
missing=$(grep -E '^CONFIG_[A-Z0-9_]+=y' "$fragment" | while read -r opt; do
	grep -qx "$opt" "$build/.config" || echo "${opt%=y}"
done)
[ -z "$missing" ] || die "kconfig dropped: $(echo $missing)"

make -s -C "$source" O="$build" -j"$jobs" vmlinux bzImage >&2

tmp=$(mktemp -d "$cache/kernels/.$key.XXXXXX" 2>/dev/null || { mkdir -p "$cache/kernels"; mktemp -d "$cache/kernels/.$key.XXXXXX"; })
chmod 0755 "$tmp"
cp "$build/vmlinux" "$build/.config" "$tmp/"
cp "$build/arch/x86/boot/bzImage" "$tmp/"
echo "$source" > "$tmp/source"
rm -rf "$dest"
mv "$tmp" "$dest"
echo "$dest/vmlinux"
