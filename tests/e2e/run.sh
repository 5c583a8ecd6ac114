#!/bin/bash
# run.sh: `essdocs run` end to end: every kind of output, reproducible
# bytes, -j workers giving the same files, and reruns that finish the job.
. tests/e2e/lib.sh

D=2026-11-26
run_status 1 "$ESSDOCS" run input/round-2019-1.xml -o "$T_TMP/a" --date $D
R=$T_TMP/a/2019-1
check "report.csv" test -s "$R/report.csv"
check "report.pdf" test -s "$R/report.pdf"
check "21 letters (23 applications, 2 error records)" \
    test "$(ls "$R/letters" | wc -l)" -eq 21
check "5 agreements (granted and eligible)" \
    test "$(ls "$R/agreements" | wc -l)" -eq 5
check "no temporary file left" test -z "$(find "$T_TMP/a" -name '.*.tmp-*')"
# Every letter listed in the CSV exists, and no error record has one.
while IFS=, read -r id _ _ _ _ _ _ _ _ letter agreement _; do
	[ "$id" = id ] && continue
	if [ -n "$letter" ]; then check "$letter exists" test -f "$R/$letter"; fi
	if [ -n "$agreement" ]; then check "$agreement exists" test -f "$R/$agreement"; fi
done < <(tr -d '\r' < "$R/report.csv" | grep -v '"')
check "no letter for error record 2019-0021" test -z "$(ls "$R/letters" | grep '^2019-0021')"
check "no agreement for granted-but-ineligible 2019-0019" \
    test -z "$(ls "$R/agreements" | grep '^2019-0019')"

# The same inputs and --date give the same bytes, wherever written.
run_status 1 "$ESSDOCS" run input/round-2019-1.xml -o "$T_TMP/b" --date $D -q
check "two runs byte-identical" diff -r "$T_TMP/a/2019-1" "$T_TMP/b/2019-1"
SOURCE_DATE_EPOCH=1795651200 "$ESSDOCS" run input/round-2019-1.xml -o "$T_TMP/e" -q 2>/dev/null
check "SOURCE_DATE_EPOCH is the default date" diff -r "$T_TMP/a/2019-1" "$T_TMP/e/2019-1"
# Two workers write the same files.
run_status 1 "$ESSDOCS" run input/round-2019-1.xml -o "$T_TMP/c" --date $D -j 2
check "-j 2 byte-identical to -j 1" diff -r "$T_TMP/a/2019-1" "$T_TMP/c/2019-1"
check "-j 2 reports each record error once" \
    test "$(grep -c ': error: ' "$T_TMP/err")" -eq 4

# A rerun over a damaged output finishes the job.
rm "$R/letters/2019-0003-la-coloc-de-josephine.pdf"
echo garbage > "$R/agreements/2019-0001-l-espace-atria.pdf"
run_status 1 "$ESSDOCS" run input/round-2019-1.xml -o "$T_TMP/a" --date $D -q
check "rerun restores the set" diff -r "$T_TMP/a/2019-1" "$T_TMP/b/2019-1"

# report alone names the documents an earlier run wrote.
run_status 1 "$ESSDOCS" report input/round-2019-1.xml -o "$T_TMP/a" -q
has "report names existing letters" "$R/report.csv" ',letters/2019-0003-la-coloc-de-josephine.pdf,agreements/2019-0003-la-coloc-de-josephine.pdf,'

done_testing
