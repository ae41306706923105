#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages ktstr needs to build its kernel, its BPF
# toolchain and its guest binaries, and to boot VMs. Quiet when all are
# present, so every make goal can depend on it.
set -euo pipefail

pkgs=(make gcc clang-16 llvm-16 flex bison bc dwarves libelf-dev zlib1g-dev
      libzstd-dev libjson-c-dev libdw-dev libssl-dev libinih-dev cpio xz-utils
      rsync qemu-system-x86 busybox-static linux-source-6.12 python3 perl)

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
