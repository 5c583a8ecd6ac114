# lib.sh: helpers for the end-to-end tests (bash).  Each script sources it,
# runs checks, and ends with `done_testing`, which prints
# "NAME: N passed, N failed" and exits non-zero on failure.
# $ESSDOCS is the binary under test; every script runs from the repo root.
# Messages in English (the goldens), whatever the caller's locale; the
# scripts that test French set LANG themselves.
unset LC_ALL LC_MESSAGES LANGUAGE
export LANG=C.UTF-8
T_PASS=0
T_FAIL=0
T_NAME=$(basename "$0")
T_TMP=$(mktemp -d)
trap 'rm -rf "$T_TMP"' EXIT

pass() { T_PASS=$((T_PASS + 1)); }
fail() { T_FAIL=$((T_FAIL + 1)); echo "$T_NAME: FAIL: $*" >&2; }

# check DESC CMD...: CMD must succeed.
check() {
	local desc=$1; shift
	if "$@"; then pass; else fail "$desc"; fi
}

# run_status WANT CMD...: run CMD (stdout to $T_TMP/out, stderr to $T_TMP/err)
# and check its exit status.
run_status() {
	local want=$1; shift
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	local got=$?
	if [ "$got" -eq "$want" ]; then pass; else
		fail "exit $got, want $want: $*"; sed 's/^/  | /' "$T_TMP/err" >&2; fi
}

# same_file DESC GOT WANT: files equal (diff shown on failure).
same_file() {
	if diff -u "$3" "$2" >"$T_TMP/diff"; then pass; else
		fail "$1"; sed 's/^/  | /' "$T_TMP/diff" >&2; fi
}

# has DESC FILE PATTERN: FILE matches the grep -E PATTERN.
has() {
	if grep -qE -- "$3" "$2"; then pass; else fail "$1: no /$3/ in $2"; fi
}

# hasnt DESC FILE PATTERN: FILE does not match.
hasnt() {
	if grep -qE -- "$3" "$2"; then fail "$1: /$3/ in $2"; else pass; fi
}

done_testing() {
	echo "$T_NAME: $T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
}
