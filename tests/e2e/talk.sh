#!/bin/bash
# talk.sh: what a run says (lifecycle.md §4): one summary line per round on
# stdout unless -q, in the user's language; a progress bar on stderr only
# when it is a terminal (redrawn in place, erased at the end, out of the
# way of diagnostics), never with -q; a missing call file says --call.
. tests/e2e/lib.sh
. tests/e2e/locale.sh

R=input/round-2019-1.xml
D=2026-11-26

run_status 1 env LANG=C "$ESSDOCS" run "$R" -o "$T_TMP/o" --date $D
check "one line on stdout" test "$(wc -l <"$T_TMP/out")" -eq 1
has "the summary: counts and folder" "$T_TMP/out" \
    "^2019-1: 23 applications, 59 documents \(0 unchanged, 59 issued, 0 superseded or withdrawn\), the report, 4 in error → $T_TMP/o/2019-1$"
hasnt "no bar when stderr is not a terminal" "$T_TMP/err" $'\r|\033'
run_status 1 env LANG=C "$ESSDOCS" run "$R" -o "$T_TMP/o" --date $D -q
check "-q: nothing on stdout" test ! -s "$T_TMP/out"
# 2019-0001's name (a 54-character formula) fits no envelope window: the
# letters count 4 documents and 1 error.
run_status 1 env LANG=C "$ESSDOCS" letters tests/data/round/injection.xml \
    --call input/call-ess-2018-2020.xml -o "$T_TMP/l" --date $D
has "letters only: the summary counts what was written" "$T_TMP/out" \
    "^2019-1: 5 applications, 4 documents \(0 unchanged, 4 issued, 0 superseded or withdrawn\), 1 in error → $T_TMP/l/2019-1$"
run_status 1 env LANG=C "$ESSDOCS" check "$R"
hasnt "check prints its table, no summary line" "$T_TMP/out" '→'

if have_locale fr_FR.UTF-8; then
	run_status 1 env LANG=fr_FR.UTF-8 "$ESSDOCS" run "$R" -o "$T_TMP/f" \
	    --date $D -j 2
	has "the summary in French" "$T_TMP/out" \
	    "^2019-1 : 23 dossiers, 59 documents \(0 inchangé, 59 émis, 0 remplacé ou retiré\), le rapport, 4 en erreur → $T_TMP/f/2019-1$"
	run_status 0 env LANG=fr_FR.UTF-8 "$ESSDOCS" agreements \
	    tests/data/round/injection.xml --call input/call-ess-2018-2020.xml \
	    -o "$T_TMP/a" --date $D
	has "French plurals" "$T_TMP/out" '^2019-1 : 5 dossiers, 5 documents \(0 inchangé, 5 émis, 0 remplacé ou retiré\) → '

	# On a terminal: the bar.
	run_status 1 env LANG=fr_FR.UTF-8 python3 tests/e2e/onatty.py \
	    "$T_TMP/tty.out" "$T_TMP/tty.err" "$ESSDOCS" run "$R" \
	    -o "$T_TMP/t" --date $D
	has "the bar: done/total, rate, time left" "$T_TMP/tty.err" \
	    $'\r\\[#+\\.*\\] [0-9]+/23 dossiers, [0-9]+(,[0-9])?/s, reste [0-9]+:[0-9]{2}'
	has "the bar reaches the end" "$T_TMP/tty.err" \
	    $'\r\\[#{24}\\] 23/23 dossiers'
	check "the bar is erased at the end" \
	    test "$(tail -c 4 "$T_TMP/tty.err" | od -An -tx1 | tr -d ' \n')" = 0d1b5b4b
	has "a diagnostic erases the bar first" "$T_TMP/tty.err" \
	    $'\r\033\\[Kessdocs: .*: erreur : <siret>'
	has "the summary still on stdout" "$T_TMP/tty.out" '^2019-1 : 23 dossiers'
	run_status 1 env LANG=fr_FR.UTF-8 python3 tests/e2e/onatty.py \
	    "$T_TMP/tty.out" "$T_TMP/tty.err" "$ESSDOCS" run "$R" \
	    -o "$T_TMP/o" --date $D -q
	hasnt "-q on a terminal: no bar" "$T_TMP/tty.err" 'dossiers|\['
	has "-q on a terminal: the errors still" "$T_TMP/tty.err" 'erreur : <siret>'
	check "-q: nothing on stdout" test ! -s "$T_TMP/tty.out"
else
	fail "no fr_FR.UTF-8 locale"
fi

# A missing call file says how to name one.
mkdir -p "$T_TMP/alone"
cp "$R" "$T_TMP/alone/round.xml"
run_status 66 env LANG=C "$ESSDOCS" run "$T_TMP/alone/round.xml" -o "$T_TMP/o3"
has "missing call file: --call" "$T_TMP/err" \
    "call-ess-2018-2020.xml: error: no call file for call 'ess-2018-2020' beside the round: name it with --call FILE$"
check "nothing written" test ! -e "$T_TMP/o3"

done_testing
