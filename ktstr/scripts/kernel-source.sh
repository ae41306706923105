#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel source of a version ktstr supports, from Debian's archive:
# installs the linux-source-<V> package when it is missing (adding the
# archive suite that carries it, the way this machine's apt sources name
# theirs) and unpacks it once into $KTSTR_CACHE/src/linux-source-<V>.
# Prints the tree's directory.
#
# usage: kernel-source.sh VERSION        VERSION: 6.12 or 7.3
#        kernel-source.sh --versions     the versions it knows, one a line
set -euo pipefail

cache=${KTSTR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ktstr}

die() { echo "ktstr kernel: $*" >&2; exit 1; }
say() { echo "ktstr kernel: $*" >&2; }

# version -> the Debian suite of its linux-source package ("" : the default
# ones). 7.3 is architecture-independent and depends only on binutils and
# xz-utils, so trixie-backports' package installs on Debian 12.
suite_of() {
	case "$1" in
	6.12) echo "" ;;
	7.3) echo trixie-backports ;;
	*) return 1 ;;
	esac
}

if [ "${1:-}" = --versions ]; then
	echo 6.12
	echo 7.3
	exit 0
fi
version=${1:?usage: kernel-source.sh VERSION (6.12 or 7.3)}
suite=$(suite_of "$version") ||
	die "version '$version': expected one of $(echo $("$0" --versions))"
pkg=linux-source-$version
tarball=/usr/src/$pkg.tar.xz
dir=$cache/src/$pkg

# The tree already unpacked: sched_ext is a file (6.12) or a directory (7.x).
if [ -f "$dir/Makefile" ] &&
   { [ -f "$dir/kernel/sched/ext.c" ] || [ -d "$dir/kernel/sched/ext" ]; }; then
	echo "$dir"
	exit 0
fi

# Add @suite beside the machine's own Debian entry, in its format (deb822
# .sources or one-line .list), with a pin below the default priority: the
# suite is there for this one package, never for upgrades.
add_suite() {
	local suite=$1 uri keyring
	local sources=/etc/apt/sources.list.d/ktstr-$suite.sources
	local list=/etc/apt/sources.list.d/ktstr-$suite.list

	[ -f "$sources" ] || [ -f "$list" ] && return 0
	if grep -qs '^Suites:.*bookworm' /etc/apt/sources.list.d/*.sources; then
		uri=$(awk '/^URIs:/ { u = $2 } /^Suites:.*bookworm( |$)/ { print u; exit }' \
			/etc/apt/sources.list.d/*.sources)
		keyring=$(awk '/^Signed-By:/ { print $2; exit }' \
			/etc/apt/sources.list.d/*.sources)
		cat >"$sources" <<-EOF
		Types: deb
		URIs: ${uri:-http://deb.debian.org/debian}
		Suites: $suite
		Components: main
		Signed-By: ${keyring:-/usr/share/keyrings/debian-archive-keyring.gpg}
		EOF
	else
		uri=$(awk '$1 == "deb" && $3 ~ /^bookworm$/ { print $2; exit }' \
			/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null)
		echo "deb ${uri:-http://deb.debian.org/debian} $suite main" >"$list"
	fi
	cat >/etc/apt/preferences.d/ktstr-$suite <<-EOF
	Package: *
	Pin: release n=$suite
	Pin-Priority: 50
	EOF
	say "added Debian's $suite suite to apt (pinned to priority 50) for $pkg"
}

if [ ! -r "$tarball" ]; then
	[ "$(id -u)" = 0 ] ||
		die "$tarball missing; run as root once, or: apt-get install ${suite:+-t $suite }$pkg"
	[ -z "$suite" ] || add_suite "$suite"
	say "installing $pkg${suite:+ from $suite} (a 150-170 MB download)"
	apt-get update -q >/dev/null ||
		die "apt-get update failed (is the Debian archive reachable?)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends ${suite:+-t "$suite"} "$pkg" >/dev/null ||
		die "apt-get install $pkg failed"
	[ -r "$tarball" ] || die "$pkg installed, but $tarball is not there"
fi

say "unpacking $tarball into $cache/src"
mkdir -p "$cache/src"
tmp=$(mktemp -d "$cache/src/.unpack.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tar -C "$tmp" -xf "$tarball"
rm -rf "$dir"
mv "$tmp/$pkg" "$dir"
echo "$dir"
