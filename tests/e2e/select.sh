#!/bin/bash
# select.sh: who gets which kind is one rule (kinds.c kind_wants), for the
# batch and the report (<report grants>); a worker tells the parent which
# documents failed by the kind's name.
. tests/e2e/lib.sh

D=2026-11-26
CALL=input/call-ess-2018-2020.xml

# --- A document that fails in a worker comes back by its kind's name. ---
# 2019-0005 is refused and eligible: without its <reason> its notification
# de refus cannot be written (a record error); its other documents can.
sed '/<reason>l’enveloppe budgétaire/d' input/round-2019-1.xml >"$T_TMP/r.xml"
check "the test round lost 2019-0005's reason" \
    test "$(grep -c '<reason>' "$T_TMP/r.xml")" -lt \
    "$(grep -c '<reason>' input/round-2019-1.xml)"
for j in 1 2 3; do
	run_status 1 "$ESSDOCS" run "$T_TMP/r.xml" --call $CALL -o "$T_TMP/j$j" \
	    --date $D -q -j $j
	has "-j $j: the notification's error names the field" "$T_TMP/err" \
	    'decision\.reason.*2019-0005|2019-0005.*decision\.reason'
	R=$T_TMP/j$j/2019-1/report.csv
	check "-j $j: report.csv written" test -s "$R"
	# id,...,decision_notice: the last column (CRLF), empty for 2019-0005.
	has "-j $j: 2019-0005 has no decision notice in report.csv" "$R" \
	    $'^2019-0005,.*,\r$'
	has "-j $j: 2019-0005 keeps its letter in report.csv" "$R" \
	    '^2019-0005,.*letters/2019-0005-'
	check "-j $j: no notification file for 2019-0005" \
	    test -z "$(ls "$T_TMP/j$j/2019-1/decisions" | grep '^2019-0005-')"
	check "-j $j: the manifest has no notification for 2019-0005" \
	    test -z "$(grep -P '^decisions\t2019-0005\t' "$T_TMP/j$j/2019-1/manifest.tsv")"
done
same_file "report.csv: -j 2 as -j 1" "$T_TMP/j2/2019-1/report.csv" "$T_TMP/j1/2019-1/report.csv"
same_file "report.csv: -j 3 as -j 1" "$T_TMP/j3/2019-1/report.csv" "$T_TMP/j1/2019-1/report.csv"
same_file "manifest: -j 2 as -j 1" "$T_TMP/j2/2019-1/manifest.tsv" "$T_TMP/j1/2019-1/manifest.tsv"

done_testing
