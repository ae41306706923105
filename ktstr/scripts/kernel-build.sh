#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or find in the cache) a ktstr test kernel: tinyconfig plus the ktstr
# fragment, out of tree, cached under $KTSTR_CACHE/kernels/<release>-<hash>/.
# The key covers the kernel release, the fragment and, for a tree other than
# Debian's linux-source packages, the tree's path: a changed fragment or
# another tree never reuses a stale image.
#
# usage: kernel-build.sh [--version V | --source DIR] [--jobs N]
#                        [--print-path | --print-source | --print-key]
#        kernel-build.sh --list
#   --version V     Debian's linux-source-V (6.12 or 7.3; default 6.12),
#                   installed and unpacked by kernel-source.sh when missing
#   --source DIR    any kernel tree with sched_ext
#   --print-path    the cached vmlinux; fail (exit 1) if it is not built
#   --print-source  the kernel tree (unpacking Debian's if needed)
#   --print-key     the cache key (<release>-<fragment hash>[-<tree hash>])
#   --list          the cached kernels
# Progress goes to stderr, a line per step; the build's own output to
# <build dir>/build.log, whose tail is shown when it fails.
set -euo pipefail

# A kernel build of its own: nothing of the make that called us (the
# selftests' command-line OUTPUT, a jobserver, -w) may reach it through
# the environment. objtool's build, for one, honours OUTPUT.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES OUTPUT

here=$(cd "$(dirname "$0")" && pwd)
fragment=${KTSTR_FRAGMENT:-$here/../config}
cache=${KTSTR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ktstr}
default_version=6.12
version="" source="" action=build
jobs=$(nproc)

die() { echo "ktstr kernel: $*" >&2; exit 1; }
say() { echo "ktstr kernel: $*" >&2; }

while [ $# -gt 0 ]; do
	case "$1" in
	--version) version=${2:?--version needs 6.12 or 7.3}; shift 2 ;;
	--source) source=${2:?--source needs a directory}; shift 2 ;;
	--print-path) action=path; shift ;;
	--print-source) action=source; shift ;;
	--print-key) action=key; shift ;;
	--list) action=list; shift ;;
	--jobs|-j) jobs=${2:?--jobs needs a number}; shift 2 ;;
	-h|--help)
		sed -n '4,21p' "$0" | sed 's/^# \{0,1\}//'
		exit 0 ;;
	*) die "unknown argument '$1' (expected --version V, --source DIR, --print-path, --print-source, --print-key, --list, --jobs N)" ;;
	esac
done
[ -z "$version" ] || [ -z "$source" ] ||
	die "--version and --source name the same thing: give one"
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "--jobs '$jobs': expected a number, 1 or more"

# One line per cached kernel: key, release, where its source was.
list_cache() {
	local d rel src frag

	frag=$(sha256sum "$fragment" | cut -c1-12)
	printf '%-34s %-10s %-8s %s\n' KEY RELEASE FRAGMENT SOURCE
	for d in "$cache"/kernels/*/; do
		[ -f "$d/vmlinux" ] || continue
		rel=$(cat "$d/release" 2>/dev/null || echo "?")
		src=$(cat "$d/source" 2>/dev/null || echo "?")
		case "$(basename "$d")" in
		*"-$frag"|*"-$frag"-*) printf '%-34s %-10s %-8s %s\n' "$(basename "$d")" "$rel" current "$src" ;;
		*) printf '%-34s %-10s %-8s %s\n' "$(basename "$d")" "$rel" old "$src" ;;
		esac
	done
}
if [ "$action" = list ]; then
	list_cache
	exit 0
fi

[ -r "$fragment" ] || die "kconfig fragment '$fragment' is not readable"

# A version's cached kernel, found without its source: Debian's tree for
# version V has release V.N, so its key is V.N-<fragment hash>.
if [ "$action" = path ] && [ -z "$source" ]; then
	v=${version:-$default_version}
	frag=$(sha256sum "$fragment" | cut -c1-12)
	found=$(ls -d "$cache/kernels/$v".*-"$frag" 2>/dev/null | sort -V | tail -n 1) || true
	[ -n "$found" ] && [ -f "$found/vmlinux" ] ||
		die "no cached kernel for $v (fragment $frag); build it: ktstr kernel build --version $v"
	echo "$found/vmlinux"
	exit 0
fi

key_extra=""
if [ -z "$source" ]; then
	source=$("$here/kernel-source.sh" "${version:-$default_version}")
else
	source=$(cd "$source" 2>/dev/null && pwd) ||
		die "kernel source '$source' is not a directory"
	[ -f "$source/Makefile" ] ||
		die "'$source' is not a kernel tree (no Makefile)"
	[ -f "$source/kernel/sched/ext.c" ] || [ -d "$source/kernel/sched/ext" ] ||
		die "'$source' is not a kernel tree with sched_ext (no kernel/sched/ext.c or kernel/sched/ext/)"
	case "$source" in
	"$cache"/src/linux-source-*) ;;
	*) key_extra=-$(echo -n "$source" | sha256sum | cut -c1-8) ;;
	esac
fi
if [ "$action" = source ]; then
	echo "$source"
	exit 0
fi

release=$(make -s --no-print-directory -C "$source" kernelversion)
fraghash=$(sha256sum "$fragment" | cut -c1-12)
key=$release-$fraghash$key_extra
dest=$cache/kernels/$key

case "$action" in
key) echo "$key"; exit 0 ;;
path)
	[ -f "$dest/vmlinux" ] ||
		die "no cached kernel $key; run: ktstr kernel build ${version:+--version $version}${key_extra:+--source $source}"
	echo "$dest/vmlinux"
	exit 0 ;;
esac
if [ -f "$dest/vmlinux" ] && [ -f "$dest/bzImage" ]; then
	echo "$dest/vmlinux"
	exit 0
fi

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
log=$build/build.log
: >"$log"
start=$(date +%s)

# Run a build step into the log; on failure show its tail and stop.
step() {
	if ! "$@" >>"$log" 2>&1; then
		tail -n 25 "$log" | sed 's/^/  | /' >&2
		die "failed: $* (whole log: $log)"
	fi
}

say "$release from $source"
say "configuring: tinyconfig + $(basename "$fragment") (fragment $fraghash), log in $log"
step make -C "$source" O="$build" tinyconfig
step "$source/scripts/kconfig/merge_config.sh" -m -O "$build" "$build/.config" "$fragment"
step make -C "$source" O="$build" olddefconfig

# Options the fragment asks for, in three kinds: kept; not in this kernel
# at all (a later version removed it: fine); or in this kernel but dropped
# by kconfig (a dependency is missing: the kernel would boot but not run
# the tests, so stop and name it).
kconfig_has() {
	grep -rqs --include='Kconfig*' -E "^[[:space:]]*(menu)?config[[:space:]]+$1\$" "$source"
}
absent="" dropped=""
while read -r opt; do
	name=${opt%%=*}
	grep -qx "$opt" "$build/.config" && continue
	if kconfig_has "${name#CONFIG_}"; then
		dropped="$dropped $name"
	else
		absent="$absent $name"
	fi
done < <(grep -E '^CONFIG_[A-Z0-9_]+=[ym]' "$fragment")
[ -z "$absent" ] || say "not in $release, skipped:$absent"
[ -z "$dropped" ] || die "kconfig dropped, though $release has them:$dropped (a dependency is missing; see $build/.config)"

say "building vmlinux and bzImage with $jobs jobs (6-12 minutes on 2 CPUs)"
make -C "$source" O="$build" -j"$jobs" vmlinux bzImage >>"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
while kill -0 $pid 2>/dev/null; do
	for _ in $(seq 60); do
		kill -0 $pid 2>/dev/null || break
		sleep 1
	done
	kill -0 $pid 2>/dev/null &&
		say "... $(( ($(date +%s) - start) / 60 )) min, $(grep -c '^  CC ' "$log") files compiled"
done
if ! wait $pid; then
	trap - EXIT
	tail -n 25 "$log" | sed 's/^/  | /' >&2
	die "build failed (whole log: $log)"
fi
trap - EXIT

mkdir -p "$cache/kernels"
tmp=$(mktemp -d "$cache/kernels/.$key.XXXXXX")
chmod 0755 "$tmp"
cp "$build/vmlinux" "$build/.config" "$tmp/"
cp "$build/arch/x86/boot/bzImage" "$tmp/"
echo "$source" >"$tmp/source"
echo "$release" >"$tmp/release"
rm -rf "$dest"
mv "$tmp" "$dest"
say "built $release in $(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s: $dest"
echo "$dest/vmlinux"
