#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages ktstr needs to build its kernel, its BPF
# toolchain and its guest binaries, and to boot VMs. Quiet when all are
# present, so every make goal can depend on it.
set -euo pipefail

# clang-19: Debian 12's newest, and the oldest that builds code 7.3's
# verifier accepts. stress-ng and rt-tests (hackbench): the stress work
# types. linux-source-7.3 comes from trixie-backports, through
# ktstr/scripts/kernel-source.sh, only when a run asks for 7.3.
pkgs=(make gcc clang-19 llvm-19 flex bison bc dwarves libelf-dev zlib1g-dev
      libzstd-dev libjson-c-dev libdw-dev libssl-dev libinih-dev cpio xz-utils
      rsync qemu-system-x86 busybox-static linux-source-6.12 python3 perl
      stress-ng rt-tests)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "ktstr: missing Debian packages: ${missing[*]}" >&2
	echo "ktstr: run as root, or: sudo apt-get install ${missing[*]}" >&2
	exit 1
fi
echo "ktstr: installing ${missing[*]}" >&2
apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	"${missing[@]}" >&2
