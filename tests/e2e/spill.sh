#!/bin/bash
# spill.sh: past 1 000 applications the report's rows go to an unlinked
# temporary file beside the documents and are read back one at a time
# (memory stays flat); report.csv, report.xlsx and report.pdf say the
# same as they do for rows held in memory, and nothing is left behind.
. tests/e2e/lib.sh

D=$T_TMP/r
mkdir -p "$D"
cp input/call-ess-2018-2020.xml input/issuer-logo-placeholder.png \
    input/issuer-logo-placeholder.svg "$D/"
bench/gen-round 2500 3 >"$D/round-big.xml"
# The same applications cut to their first 1 000: rows held in memory.
awk '/<application /{ n++ } n > 1000 && /<application /{ skip = 1 }
    skip && /<\/application>/ { skip = 0; next }
    !skip' "$D/round-big.xml" >"$D/round-first.xml"
check "the cut round has 1 000 applications" \
    test "$(grep -c '<application ' "$D/round-first.xml")" -eq 1000

run_status 0 "$ESSDOCS" report -q "$D/round-big.xml" -o "$D/o"
R=$(ls -d "$D"/o/*/)
check "report.csv: a header and 2 500 rows" test "$(wc -l <"$R/report.csv")" -eq 2501
grep -o '<application id="[^"]*"' "$D/round-big.xml" | cut -d '"' -f 2 >"$T_TMP/ids"
cut -d , -f 1 "$R/report.csv" | tail -n +2 >"$T_TMP/csvids"
same_file "report.csv: every application, in file order" "$T_TMP/csvids" "$T_TMP/ids"
check "nothing left beside the report" \
    test -z "$(find "$R" -name '.report-rows*')"

# Its first 1 000 rows are those of the round cut to 1 000 (no spill).
run_status 0 "$ESSDOCS" report -q "$D/round-first.xml" -o "$D/f"
F=$(ls -d "$D"/f/*/)
head -n 1001 "$R/report.csv" >"$T_TMP/big1000"
same_file "report.csv: the spilled rows read back as written" "$T_TMP/big1000" "$F/report.csv"

# report.pdf: the communes table names communes of the round (the names
# are the tallies' own copies, not the rows' read back and freed).
pdftotext -layout "$R/report.pdf" "$T_TMP/rep.txt"
sed -n '/^Commune  *Dossiers/,/communes\. Les communes/p' "$T_TMP/rep.txt" |
    grep -E '^[^ ].*  +[0-9]+$' | grep -v ' Page ' |
    sed 's/  *[0-9][0-9]*$//; s/ (hors territoire)$//' >"$T_TMP/communes"
check "report.pdf: a communes table" test "$(wc -l <"$T_TMP/communes")" -ge 10
bad=$(while read -r c; do grep -qiF ">$c<" "$D/round-big.xml" || echo "$c"; done <"$T_TMP/communes")
check "report.pdf: every commune listed is one of the round's (${bad:-none} is not)" test -z "$bad"
has "report.pdf: 2 500 applications counted" "$T_TMP/rep.txt" '2 ?500'

# The grants that stand (their verdict and decision read back from the
# file) total the same as the data of the round held in memory
# (--dump=data writes nothing, so it spills nothing).
"$ESSDOCS" report "$D/round-big.xml" --dump=data 2>/dev/null |
    sed -n 's/^round.granted_count = "\(.*\)"$/\1/p' >"$T_TMP/count"
check "the round has grants" test "$(cat "$T_TMP/count")" -gt 0
has "report.pdf: the same grants that stand as in memory" "$T_TMP/rep.txt" \
    "\\($(cat "$T_TMP/count") dossiers accordés et valides\\)"

done_testing
