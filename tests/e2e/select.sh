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

# --- The report's grants that stand: the recipients of <report grants>. ---
# granted_count N: the report's data says N grants stand.
granted_count() {
	run_status 1 "$ESSDOCS" report input/round-2019-1.xml --templates "$1" \
	    --dump=data --date $D
	has "$2: $3 grants stand" "$T_TMP/out" "^round\.granted_count = \"$3\"\$"
}
cp -r templates "$T_TMP/t"
granted_count templates "shipped table (grants=agreements)" 5
sed -i 's/grants="agreements"/grants="letters"/' "$T_TMP/t/kinds.xml"
granted_count "$T_TMP/t" "grants=letters (for everyone)" 5
# A kind for incomplete applications only: a grant on one is an error,
# so no grant stands.
sed -i 's|grants="letters"/>|grants="x"/>\n  <kind name="x" template="letter" folder="x" column="x" verdict="incomplete" help="x"/>|' "$T_TMP/t/kinds.xml"
granted_count "$T_TMP/t" "grants=a kind for incomplete ones" 0
has "and the report says so" "$T_TMP/out" '^round\.granted_errors = "7"$'
sed -i 's/ grants="x"//' "$T_TMP/t/kinds.xml"
granted_count "$T_TMP/t" "no grants: every granted row without an error" 5
sed -i 's|<report columns|<report grants="nope" columns|' "$T_TMP/t/kinds.xml"
run_status 65 "$ESSDOCS" report input/round-2019-1.xml --templates "$T_TMP/t" \
    --dump=data --date $D
has "grants naming no kind: the file and line" "$T_TMP/err" \
    'kinds\.xml:[0-9]+: error: <report grants="nope">: no kind of that name'
sed -i 's|<report grants="nope"|<report grant="x"|' "$T_TMP/t/kinds.xml"
run_status 65 "$ESSDOCS" report input/round-2019-1.xml --templates "$T_TMP/t" \
    --dump=data --date $D
has "an unknown <report> attribute" "$T_TMP/err" \
    "kinds\.xml:[0-9]+: error: <report>: unknown attribute 'grant'"

done_testing
