#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run installed ktstr kselftests, with the command line of the kernel's
# tools/testing/selftests/run_kselftest.sh, for an install made outside a
# kernel tree (make install KSFT_INSTALL_PATH=DIR). The tests themselves run
# through the kernel's own kselftest/runner.sh, installed beside this script.

base_dir=$(cd "$(dirname "$0")" && pwd)
list_file=$base_dir/kselftest-list.txt

usage()
{
	cat <<EOF
Usage: $0 [OPTIONS]
  -s | --summary                Print a summary, full log in output.log
  -p | --per-test-log           Keep each test's log in /tmp
  -t | --test COLLECTION:TEST   Run TEST from COLLECTION (repeatable)
  -c | --collection COLLECTION  Run every test of COLLECTION (repeatable)
  -l | --list                   List the available COLLECTION:TEST entries
  -d | --dry-run                Show what would run
  -o | --override-timeout SECS  Time out each test after SECS seconds
  -h | --help                   Show this help
EOF
	exit "$1"
}

if [ ! -r "$list_file" ]; then
	echo "$0: no test list at $list_file (install with: make install KSFT_INSTALL_PATH=DIR)" >&2
	exit 1
fi
available=$(cat "$list_file")

cd "$base_dir" || exit 1
BASE_DIR=$base_dir
# The kernel's runner sets its defaults (logfile, timeouts) when sourced;
# the options below then override them, as in the kernel's own script.
# shellcheck source=/dev/null
. "$base_dir/kselftest/runner.sh"

selected=""
dryrun=""
kselftest_override_timeout=""
while [ $# -gt 0 ]; do
	case "$1" in
	-s|--summary) logfile=$base_dir/output.log; : > "$logfile"; shift ;;
	-p|--per-test-log) per_test_logging=1; shift ;;
	-t|--test)
		[ $# -ge 2 ] || { echo "$0: -t needs COLLECTION:TEST" >&2; exit 1; }
		grep -qx -- "$2" <<<"$available" ||
			{ echo "$0: no such test '$2' (see: $0 -l)" >&2; exit 1; }
		selected="$selected $2"; shift 2 ;;
	-c|--collection)
		[ $# -ge 2 ] || { echo "$0: -c needs COLLECTION" >&2; exit 1; }
		found=$(grep "^$2:" <<<"$available") ||
			{ echo "$0: no such collection '$2' (see: $0 -l)" >&2; exit 1; }
		selected="$selected $found"; shift 2 ;;
	-l|--list) echo "$available"; exit 0 ;;
	-d|--dry-run) dryrun=echo; shift ;;
	-o|--override-timeout)
		[[ "${2:-}" =~ ^[0-9]+$ ]] ||
			{ echo "$0: -o needs a number of seconds, got '${2:-}'" >&2; exit 1; }
		kselftest_override_timeout=$2; shift 2 ;;
	-h|--help) usage 0 ;;
	*) echo "$0: unknown option '$1'" >&2; usage 1 ;;
	esac
done
[ -n "$selected" ] && available=$(tr ' ' '\n' <<<"$selected" | sed '/^$/d')

# The kernel's runner always returns 0; a "not ok" in its TAP is a failure.
tap=$(mktemp /tmp/ktstr-ksft.XXXXXX)
trap 'rm -f "$tap"' EXIT
for collection in $(cut -d: -f1 <<<"$available" | sort -u); do
	tests=$(grep "^$collection:" <<<"$available" | cut -d: -f2)
	($dryrun cd "$collection" && $dryrun run_many $tests)
done | tee "$tap"
! grep -q '^not ok ' "$tap"
