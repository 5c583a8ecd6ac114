#!/bin/bash
# ghostscript.sh: Ghostscript (the interpreter many print shops' RIPs are
# built on) reads every kind of document with its own embedded fonts: no
# "cannot process embedded stream", no substitute font, no warning.
. tests/e2e/lib.sh

# gs_clean PDF: Ghostscript renders every page and says nothing wrong.
gs_clean() {
	gs -dNOPAUSE -dBATCH -dSAFER -sDEVICE=nullpage "$2" >"$T_TMP/gs.out" 2>&1
	check "$1: Ghostscript renders it" test $? -eq 0
	hasnt "$1: Ghostscript uses the embedded fonts, no warning" \
	    "$T_TMP/gs.out" 'Warning|Error|substitute|cannot process'
}

run_status 1 "$ESSDOCS" run input/round-2019-1.xml -o "$T_TMP/o" --date 2026-11-26 -q
S=$T_TMP/o/2019-1
gs_clean "receipt" "$S/receipts/2019-0003-la-coloc-de-josephine.pdf"
# A Cyrillic name: the Identity-H font beside the WinAnsi one.
gs_clean "receipt, Cyrillic name" "$S/receipts/2019-0018-tiers-lieu-la-fabrique.pdf"
gs_clean "letter" "$S/letters/2019-0003-la-coloc-de-josephine.pdf"
gs_clean "decision" "$S/decisions/2019-0005-ener-a.pdf"
gs_clean "agreement" "$S/agreements/2019-0003-la-coloc-de-josephine.pdf"
gs_clean "report" "$S/report.pdf"
run_status 0 "$ESSDOCS" leaflet input/call-ess-2018-2020.xml -o "$T_TMP/leaflet.pdf"
gs_clean "print leaflet" "$T_TMP/leaflet.pdf"
run_status 0 "$ESSDOCS" leaflet input/call-ess-2018-2020.xml -o "$T_TMP/screen.pdf" --screen
gs_clean "screen leaflet" "$T_TMP/screen.pdf"

done_testing
