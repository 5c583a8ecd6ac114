#!/bin/bash
# faults.sh: what cron can do to a run: a full disk (a small tmpfs, and
# write/fsync/rename failures injected by tests/faults/inject.c), kill -9
# in the middle of a round, two runs on one output directory at once.
# After each, every file present is complete, no temporary file remains,
# and running again finishes the job with the same bytes.
. tests/e2e/lib.sh
. tests/faults/gen.sh

# The shim matches the paths the kernel reports: no symlinks in $T_TMP.
T_TMP=$(cd "$T_TMP" && pwd -P)
CALL=input/call-ess-2018-2020.xml
R=input/round-2019-1.xml
D=2026-11-26
INJECT=${INJECT:-$PWD/build/tests/inject.so}

# no_tmp DESC DIR: no ".NAME.tmp-XXXXXX" left in DIR.
no_tmp() {
	check "$1: no temporary file left" test -z "$(find "$2" -name '.*.tmp-*')"
}

# same_as_ref DESC DIR: every PDF in DIR is byte-identical to the same
# file in the reference run: complete, never truncated or mixed.
same_as_ref() {
	local f rel bad=0
	for f in $(cd "$2" && find . -name '*.pdf'); do
		rel=${f#./}
		cmp -s "$2/$rel" "$REF/2019-1/$rel" || { bad=1
			fail "$1: $rel differs from an uninterrupted run"; }
	done
	[ $bad -eq 0 ] && pass
}

# qpdf_all DESC DIR: qpdf --check passes on every PDF in DIR.
qpdf_all() {
	local f bad=0
	for f in $(find "$2" -name '*.pdf'); do
		qpdf --check "$f" >/dev/null 2>&1 || { bad=1
			fail "$1: qpdf --check $f"; }
	done
	[ $bad -eq 0 ] && pass
}

# count DIR: the number of PDFs in DIR (0 when missing).
count() {
	ls "$1" 2>/dev/null | grep -c '\.pdf$'
}

# The reference: an uninterrupted run of the sample round.
REF=$T_TMP/ref
run_status 1 "$ESSDOCS" run $R -o "$REF" --date $D -q
check "reference: 21 letters" test "$(count "$REF/2019-1/letters")" -eq 21
check "reference: 5 agreements" test "$(count "$REF/2019-1/agreements")" -eq 5

# The message of the first failed write, and of the stop.
failed_re() { # failed_re DIR ERRNO-TEXT
	echo "^essdocs: $1/2019-1/(receipts|letters|agreements|decisions)/2019-[0-9]{4}-[a-z0-9-]+\.pdf: error: cannot write: $2 \(application 2019-[0-9]{4}\)$"
}
stopped_re() {
	echo "^essdocs: $1/2019-1: error: stopped after a write error: the remaining documents and the report are not written; run again to finish$"
}

# ---- A full disk: a 200 kB tmpfs ---------------------------------------
M=$T_TMP/mnt
mkdir "$M"
if mount -t tmpfs -o size=200k essdocs-test "$M" 2>/dev/null; then
	trap 'umount "$M" 2>/dev/null; rm -rf "$T_TMP"' EXIT
	run_status 74 "$ESSDOCS" run $R -o "$M" --date $D -q
	has "tmpfs: the file named" "$T_TMP/err" "$(failed_re "$M" 'No space left on device')"
	check "tmpfs: one failed write" test "$(grep -c 'cannot write' "$T_TMP/err")" -eq 1
	has "tmpfs: the run stops" "$T_TMP/err" "$(stopped_re "$M")"
	check "tmpfs: letters written before the fault" \
	    test "$(count "$M/2019-1/letters")" -ge 1
	check "tmpfs: not all of them" test "$(count "$M/2019-1/letters")" -lt 21
	no_tmp tmpfs "$M"
	same_as_ref tmpfs "$M/2019-1"
	qpdf_all tmpfs "$M"
	check "tmpfs: no report after a failed write" test ! -e "$M/2019-1/report.csv"
	# Room again: running again finishes the job.
	mount -o remount,size=4m "$M"
	run_status 1 "$ESSDOCS" run $R -o "$M" --date $D -q
	check "tmpfs: the rerun completes the set" diff -r "$REF/2019-1" "$M/2019-1"
	# Read-only: 73 before anything, the files untouched.
	mount -o remount,ro "$M"
	run_status 73 "$ESSDOCS" run $R -o "$M" --date 2026-11-27 -q
	check "read-only: one line" test "$(wc -l < "$T_TMP/err")" -eq 1
	has "read-only: told why" "$T_TMP/err" \
	    "^essdocs: $M/2019-1: error: cannot write in directory: Read-only file system$"
	check "read-only: the files untouched" diff -r "$REF/2019-1" "$M/2019-1"
	umount "$M"
	trap 'rm -rf "$T_TMP"' EXIT
else
	echo "$T_NAME: note: cannot mount a tmpfs here (not root?): tmpfs full-disk case skipped"
fi

# ---- Injected faults (LD_PRELOAD) ------------------------------------------
# tmp_of SUB/NAME: the temporary file's name pattern, SUB/.NAME.tmp-
# (writes and fsync go to it; rename goes to SUB/NAME).
tmp_of() {
	case $1 in
	*/*) echo "${1%/*}/.${1##*/}.tmp-" ;;
	*) echo ".$1.tmp-" ;;
	esac
}

# inj DIR-PATTERN VAR=VALUE... -- CMD...: run CMD with the shim on files
# whose path contains DIR-PATTERN.
inj() {
	local path=$1; shift
	env LD_PRELOAD="$INJECT" INJECT_PATH="$path" "$@"
}

case $ESSDOCS in
*build-asan*)
	echo "$T_NAME: note: ASan build: the LD_PRELOAD fault injection runs with the normal build only"
	INJECT=
	;;
*)
	check "the fault-injection shim is built ($INJECT)" test -f "$INJECT"
	[ -f "$INJECT" ] || INJECT=
	;;
esac

if [ -n "$INJECT" ]; then
	# The disk fills up after 100 kB.
	O=$T_TMP/full
	run_status 74 inj "$O/" INJECT_WRITE_BYTES=100000 \
	    "$ESSDOCS" run $R -o "$O" --date $D -q
	has "full: the file named" "$T_TMP/err" "$(failed_re "$O" 'No space left on device')"
	check "full: one failed write" test "$(grep -c 'cannot write' "$T_TMP/err")" -eq 1
	has "full: the run stops" "$T_TMP/err" "$(stopped_re "$O")"
	check "full: letters written before the fault" \
	    test "$(count "$O/2019-1/letters")" -ge 1
	no_tmp full "$O"
	same_as_ref full "$O/2019-1"
	qpdf_all full "$O"
	check "full: no report" test ! -e "$O/2019-1/report.csv"
	run_status 1 "$ESSDOCS" run $R -o "$O" --date $D -q
	check "full: the rerun completes the set" diff -r "$REF/2019-1" "$O/2019-1"

	# The same with two workers: each stops; the parent says it once.
	O=$T_TMP/full2
	run_status 74 inj "$O/" INJECT_WRITE_BYTES=60000 \
	    "$ESSDOCS" run $R -o "$O" --date $D -q -j 2
	has "-j 2 full: a file named" "$T_TMP/err" "$(failed_re "$O" 'No space left on device')"
	check "-j 2 full: one stop message" \
	    test "$(grep -c 'stopped after a write error' "$T_TMP/err")" -eq 1
	check "-j 2 full: every line is one diagnostic" \
	    test -z "$(grep -v '^essdocs: ' "$T_TMP/err")"
	no_tmp "-j 2 full" "$O"
	same_as_ref "-j 2 full" "$O/2019-1"
	check "-j 2 full: no report" test ! -e "$O/2019-1/report.csv"

	# EIO on one file: it is named exactly; what came before is whole.
	O=$T_TMP/eio
	L=letters/2019-0005-ener-a.pdf
	run_status 74 inj "$O/2019-1/$(tmp_of $L)" INJECT_WRITE_CALL=1 INJECT_ERRNO=EIO \
	    "$ESSDOCS" run $R -o "$O" --date $D -q
	has "EIO: the file named" "$T_TMP/err" \
	    "^essdocs: $O/2019-1/$L: error: cannot write: Input/output error \(application 2019-0005\)$"
	check "EIO: not written" test ! -e "$O/2019-1/$L"
	check "EIO: the letters before it written" \
	    test "$(count "$O/2019-1/letters")" -eq 4
	no_tmp EIO "$O"
	same_as_ref EIO "$O/2019-1"

	# Durability is batched (one syncfs at the end, then the manifest):
	# when syncfs fails, the documents may not be on the disk, so the
	# manifest is not written; the next run checks every file against
	# the manifest it finds and finishes the job.
	O=$T_TMP/syncfs
	run_status 74 inj "$O/2019-1" INJECT_SYNCFS_CALL=1 INJECT_ERRNO=EIO \
	    "$ESSDOCS" run $R -o "$O" --date $D -q
	has "syncfs: named" "$T_TMP/err" \
	    "^essdocs: $O/2019-1: error: cannot make the documents durable \(syncfs\): Input/output error$"
	check "syncfs: no manifest" test ! -e "$O/2019-1/manifest.tsv"
	no_tmp syncfs "$O"
	same_as_ref syncfs "$O/2019-1"
	run_status 1 "$ESSDOCS" run $R -o "$O" --date $D -q
	check "syncfs: the rerun completes the set" diff -r "$REF/2019-1" "$O/2019-1"

	# rename fails over a letter of an earlier run: the old one stays.
	O=$T_TMP/rename
	L=letters/2019-0003-la-coloc-de-josephine.pdf
	run_status 1 "$ESSDOCS" run $R -o "$O" --date 2026-11-27 -q
	cp "$O/2019-1/$L" "$T_TMP/old.pdf"
	if cmp -s "$T_TMP/old.pdf" "$REF/2019-1/$L"; then
		fail "rename: the earlier letter should differ (another date)"
	else pass; fi
	# (--force: unchanged records are otherwise not written again.)
	run_status 74 inj "$O/2019-1/$L" INJECT_RENAME_CALL=1 INJECT_ERRNO=EIO \
	    "$ESSDOCS" run $R -o "$O" --date $D -q --force
	has "rename: the file named" "$T_TMP/err" \
	    "^essdocs: $O/2019-1/$L: error: cannot write: Input/output error \(application 2019-0003\)$"
	check "rename: the old letter is left alone" cmp -s "$O/2019-1/$L" "$T_TMP/old.pdf"
	no_tmp rename "$O"

	# report.csv cannot be written: named, no partial file, letters kept.
	O=$T_TMP/csv
	run_status 74 inj "$O/2019-1/$(tmp_of report.csv)" INJECT_WRITE_CALL=1 \
	    "$ESSDOCS" run $R -o "$O" --date $D -q
	has "report.csv: named" "$T_TMP/err" \
	    "^essdocs: $O/2019-1/report.csv: error: cannot write: No space left on device$"
	check "report.csv: absent" test ! -e "$O/2019-1/report.csv"
	check "report.csv: the letters are all there" \
	    test "$(count "$O/2019-1/letters")" -eq 21
	no_tmp report.csv "$O"

	# A full $TMPDIR does not matter: font subsets go from HarfBuzz to
	# libharu in memory, no file is written but the documents.
	O=$T_TMP/tmpdir
	mkdir "$T_TMP/tmpd"
	run_status 1 env TMPDIR="$T_TMP/tmpd" \
	    LD_PRELOAD="$INJECT" INJECT_PATH="$T_TMP/tmpd/" INJECT_WRITE_BYTES=1 \
	    "$ESSDOCS" run $R -o "$O" --date $D -q
	check "TMPDIR full: nothing written in it" test -z "$(ls -A "$T_TMP/tmpd")"
	check "TMPDIR full: every letter" test "$(count "$O/2019-1/letters")" -eq 21
	no_tmp "TMPDIR full" "$O"

	# Nor beside the documents: a write to a temporary font file there
	# (where earlier versions put the subsets) would fail; none happens.
	O=$T_TMP/fontfull
	run_status 1 inj "$O/2019-1/letters/.essdocs-font" INJECT_WRITE_BYTES=1 \
	    "$ESSDOCS" run $R -o "$O" --date $D -q
	check "no font file: every letter" test "$(count "$O/2019-1/letters")" -eq 21
	check "no font file: every agreement" test "$(count "$O/2019-1/agreements")" -eq 5
	same_as_ref "no font file" "$O/2019-1"
	no_tmp "no font file" "$O"
fi

# ---- kill -9 in the middle of a round, then run again ----------------------
gen_round big 300 > "$T_TMP/big.xml"

# wait_letters DIR N: until DIR holds N letters (at most 30 s).
wait_letters() {
	local i
	for i in $(seq 600); do
		[ "$(count "$1")" -ge "$2" ] && return 0
		sleep 0.05
	done
	return 1
}

# killed DESC DIR [OPTIONS]: start a run of big.xml in its own process
# group, kill -9 the group once 20 letters exist, run again, check.
killed() {
	local desc=$1 dir=$2 pid st n; shift 2
	set -m
	"$ESSDOCS" run "$T_TMP/big.xml" --call $CALL -o "$dir" --date $D -q "$@" \
	    2>/dev/null &
	pid=$!
	set +m
	check "$desc: letters appear" wait_letters "$dir/big/letters" 20
	kill -9 -- -$pid
	{ wait $pid; st=$?; } 2>/dev/null
	check "$desc: killed (status $st)" test $st -eq 137
	n=$(count "$dir/big/letters")
	check "$desc: killed before the end ($n letters)" test "$n" -lt 300
	check "$desc: no report yet" test ! -e "$dir/big/report.csv"
	qpdf_all "$desc: the letters already there" "$dir/big/letters"
	run_status 0 "$ESSDOCS" run "$T_TMP/big.xml" --call $CALL -o "$dir" \
	    --date $D -q "$@"
	check "$desc: 300 letters after the rerun" \
	    test "$(count "$dir/big/letters")" -eq 300
	no_tmp "$desc" "$dir"
	local missing=0 bad=0 letter
	while IFS=, read -r id _ _ _ _ _ _ _ _ letter _; do
		[ "$id" = id ] && continue
		[ -f "$dir/big/$letter" ] || missing=$((missing + 1))
		pdfinfo "$dir/big/$letter" >/dev/null 2>&1 || bad=$((bad + 1))
	done < <(tr -d '\r' < "$dir/big/report.csv")
	check "$desc: report.csv has 300 rows" \
	    test "$(wc -l < "$dir/big/report.csv")" -eq 301
	check "$desc: every letter in report.csv exists" test $missing -eq 0
	check "$desc: pdfinfo reads every letter" test $bad -eq 0
	local f bad=0
	for f in $(ls "$dir/big/letters"/*.pdf | awk 'NR % 15 == 1'); do
		qpdf --check "$f" >/dev/null 2>&1 || bad=$((bad + 1))
	done
	check "$desc: qpdf --check on 20 of them" test $bad -eq 0
}
killed "kill -9" "$T_TMP/kill"
killed "kill -9, two workers" "$T_TMP/kill2" -j 2

# Only the parent killed (as cron's timeout would): its workers die with
# it, so they stop writing and the lock is free for the rerun at once.
P=$T_TMP/parent
"$ESSDOCS" run "$T_TMP/big.xml" --call $CALL -o "$P" --date $D -q -j 2 \
    2>/dev/null &
pid=$!
check "parent only: letters appear" wait_letters "$P/big/letters" 20
kill -9 $pid
{ wait $pid; } 2>/dev/null
sleep 0.5
n1=$(count "$P/big/letters")
sleep 0.5
check "parent only: the workers stopped writing" test "$(count "$P/big/letters")" -eq "$n1"
check "parent only: no worker left" test -z "$(pgrep -f "essdocs run $T_TMP/big.xml.*-o $P" || true)"
run_status 0 "$ESSDOCS" run "$T_TMP/big.xml" --call $CALL -o "$P" --date $D -q -j 2
check "parent only: the rerun finishes" test "$(count "$P/big/letters")" -eq 300
no_tmp "parent only" "$P"

# ---- Two runs on one output directory at once ----------------------------
C=$T_TMP/conc
"$ESSDOCS" run "$T_TMP/big.xml" --call $CALL -o "$C" --date $D -q \
    >"$T_TMP/out1" 2>"$T_TMP/err1" &
pid=$!
check "first run: letters appear" wait_letters "$C/big/letters" 1
for cmd in run report letters; do
	run_status 73 "$ESSDOCS" $cmd "$T_TMP/big.xml" --call $CALL -o "$C" --date $D -q
	check "second $cmd: one line" test "$(wc -l < "$T_TMP/err")" -eq 1
	has "second $cmd: told why" "$T_TMP/err" \
	    "^essdocs: $C/big: error: another essdocs run is writing in this directory; try again when it has finished$"
done
wait $pid
check "first run: completes (status $?)" test $? -eq 0
check "first run: silent" test ! -s "$T_TMP/err1"
no_tmp "two runs" "$C"
# Never interleaved: the same bytes as the killed-then-rerun sets.
check "two runs: the first's output is whole" diff -r "$C/big" "$T_TMP/kill/big"
check "kill -9 with workers, rerun: the same bytes" diff -r "$C/big" "$T_TMP/kill2/big"

done_testing
