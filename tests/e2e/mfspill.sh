#!/bin/bash
# mfspill.sh: past 64 kB, this run's manifest rows go to an unlinked
# temporary file beside the documents and memory keeps only where each
# is (src/manifest.c).  The manifest written from them is the one a
# reader expects: one line per document, sorted by kind and id whatever
# the round's order, each with its file's digest; nothing is left
# behind; a rerun, at -j 1 or -j 2, keeps every unchanged document and
# writes the same manifest again.
. tests/e2e/lib.sh

D=$T_TMP/r
mkdir -p "$D"
cp input/call-ess-2018-2020.xml input/issuer-logo-placeholder.png \
    input/issuer-logo-placeholder.svg "$D/"
bench/gen-round 600 5 >"$D/round.xml"
# The same applications, last first.
awk '/<application /{ app = 1; n++ } app { a[n] = a[n] $0 "\n"; if (/<\/application>/) app = 0; next }
    /<\/round>/ { for (i = n; i >= 1; i--) printf "%s", a[i] } { print }' \
    "$D/round.xml" >"$D/reversed.xml"
grep -o '<application id="[^"]*"' "$D/round.xml" | tac >"$T_TMP/want"
grep -o '<application id="[^"]*"' "$D/reversed.xml" >"$T_TMP/got"
same_file "the reversed round has the same applications, last first" \
    "$T_TMP/got" "$T_TMP/want"

run_status 0 "$ESSDOCS" letters -q --date 2019-04-10 "$D/reversed.xml" -o "$D/o"
M=$D/o/bench-600/manifest.tsv
tail -n +3 "$M" >"$T_TMP/rows"
n=$(wc -l <"$T_TMP/rows")
check "the manifest's rows are more than 64 kB ($(wc -c <"$T_TMP/rows") bytes)" \
    test "$(wc -c <"$T_TMP/rows")" -gt 65536
check "one row per letter ($n)" \
    test "$n" -eq "$(ls "$D/o/bench-600/letters" | grep -c '\.pdf$')"
cut -f 2 "$T_TMP/rows" >"$T_TMP/ids"
LC_ALL=C sort "$T_TMP/ids" >"$T_TMP/sorted"
same_file "rows sorted by id, not in the round's order" "$T_TMP/ids" "$T_TMP/sorted"
(cd "$D/o/bench-600" && sha256sum letters/*.pdf) |
    awk '{ print $2 "\t" $1 }' | LC_ALL=C sort >"$T_TMP/sums"
cut -f 3,6 "$T_TMP/rows" | LC_ALL=C sort >"$T_TMP/mfsums"
same_file "each row has its file's SHA-256" "$T_TMP/mfsums" "$T_TMP/sums"
check "every row issued today" test -z "$(cut -f 4 "$T_TMP/rows" | grep -v '^2019-04-10$')"
check "nothing left beside the documents" \
    test -z "$(find "$D/o" -name '.manifest-rows*' -o -name '.*.tmp-*')"

# The round in its own order: the same files, the same manifest.
run_status 0 "$ESSDOCS" letters -q --date 2019-04-10 "$D/round.xml" -o "$D/s"
check "the round's order changes nothing" diff -r "$D/o" "$D/s"

# A rerun a day later keeps every letter and writes the same manifest.
cp -a "$D/o" "$D/before"
run_status 0 "$ESSDOCS" letters --date 2019-04-11 "$D/reversed.xml" -o "$D/o"
has "rerun: every letter unchanged" "$T_TMP/out" \
    "^bench-600: 600 applications, $n documents \($n unchanged, 0 issued, 0 superseded or withdrawn\)"
check "rerun: nothing touched, the manifest the same" diff -r "$D/before" "$D/o"
run_status 0 "$ESSDOCS" letters -j 2 --date 2019-04-12 "$D/round.xml" -o "$D/o"
has "rerun -j 2: every letter unchanged" "$T_TMP/out" \
    "^bench-600: 600 applications, $n documents \($n unchanged, 0 issued"
check "rerun -j 2: nothing touched, the manifest the same" diff -r "$D/before" "$D/o"

# A row of a kind this run does not make is kept as it was; a line too
# long to be one we wrote (a rel of 5 000 characters) is left out with a
# warning, not a crash.
h=$(printf '%064d' 7)
printf 'receipts\t2019-0001\treceipts/2019-0001-x.pdf\t2019-04-01\t%s\t%s\n' "$h" "$h" >>"$M"
printf 'receipts\t2019-0002\treceipts/2019-0002-%s.pdf\t2019-04-01\t%s\t%s\n' \
    "$(printf 'y%.0s' $(seq 5000))" "$h" "$h" >>"$M"
run_status 0 "$ESSDOCS" letters --date 2019-04-12 "$D/round.xml" -o "$D/o"
has "a line too long: left out, said" "$T_TMP/err" \
    "manifest.tsv:[0-9]+: warning: not a manifest line: left out"
check "the other kind's row kept" grep -q "^receipts	2019-0001	receipts/2019-0001-x.pdf	2019-04-01	$h	$h\$" "$M"
check "the long line gone" test "$(grep -c '^receipts' "$M")" -eq 1
check "the letters' rows unchanged" diff "$T_TMP/rows" <(tail -n +3 "$M" | grep -v '^receipts')

# --force: every letter issued again with the new date, the old ones in
# superseded/, the manifest's rows all dated anew.
run_status 0 "$ESSDOCS" letters -q --force --date 2019-04-13 "$D/round.xml" -o "$D/o"
check "--force: the earlier issues kept in superseded/" \
    test "$(ls "$D/o/bench-600/superseded/letters" | grep -c '\.2019-04-10\.pdf$')" -eq "$n"
check "--force: every row dated 2019-04-13" \
    test "$(tail -n +3 "$M" | cut -f 4 | grep -c '^2019-04-13$')" -eq "$n"
(cd "$D/o/bench-600" && sha256sum letters/*.pdf) |
    awk '{ print $2 "\t" $1 }' | LC_ALL=C sort >"$T_TMP/sums"
tail -n +3 "$M" | grep -v "^receipts" | cut -f 3,6 | LC_ALL=C sort >"$T_TMP/mfsums"
same_file "--force: each row has its new file's SHA-256" "$T_TMP/mfsums" "$T_TMP/sums"

done_testing
