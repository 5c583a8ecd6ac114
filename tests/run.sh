#!/bin/sh
# Run every unit-test binary in BUILD/tests and every end-to-end script in
# tests/e2e against ESSDOCS, then print the totals on one closing line.
# usage: tests/run.sh BUILD ESSDOCS
set -u
build=$1
ESSDOCS=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
export ESSDOCS
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# A test that exits non-zero (a crash, a sanitizer report, a failed check)
# counts as one more failure, even when it printed no summary line.
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	"$t" >>"$log"
	s=$?
	[ $s -eq 0 ] || echo "$t (exit status $s): 0 passed, 1 failed" >>"$log"
done
for t in tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	bash "$t" >>"$log"
	s=$?
	[ $s -eq 0 ] || echo "$t (exit status $s): 0 passed, 1 failed" >>"$log"
done
cat "$log"
awk '/: [0-9]+ passed, [0-9]+ failed$/ { p += $(NF-3); f += $(NF-1); n++ }
     END { printf "tests: %d passed, %d failed\n", p, f; exit (f > 0 || n == 0) }' "$log"
