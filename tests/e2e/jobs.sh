#!/bin/bash
# jobs.sh: -j N workers read and validate only their own share of the
# round and step over the others'; what needs every application (a
# duplicate id, two file names equal without case) is the parent's to
# say.  A duplicate id whose first occurrence is in another worker's
# share gets no document; -j 2 and -j 3 write the same bytes as -j 1.
. tests/e2e/lib.sh

D=$T_TMP/r
mkdir -p "$D"
cp input/call-ess-2018-2020.xml input/issuer-logo-placeholder.png \
    input/issuer-logo-placeholder.svg "$D/"
# Application 2019-0003 (index 2) again at indexes 3 and 4, under other
# names (other file names): with -j 2 the one at index 3 is in the other
# worker's share than the first, the one at index 4 in the same.
dup=$(sed -n '/<application id="2019-0003"/,/<\/application>/p' input/round-2019-1.xml)
awk -v d1="${dup//La Coloc de Joséphine/Doublon Un}" \
    -v d2="${dup//La Coloc de Joséphine/Doublon Deux}" '
	{ print }
	/<\/application>/ && ++n == 3 { print d1; print d2 }' \
    input/round-2019-1.xml >"$D/round-2019-1.xml"
check "the round has the two duplicates" \
    test "$(grep -c '<application id="2019-0003"' "$D/round-2019-1.xml")" -eq 3

for j in 1 2 3; do
	run_status 1 "$ESSDOCS" run -q --date 2019-04-10 "$D/round-2019-1.xml" -o "$D/o$j" -j $j
	check "-j $j: two duplicate-id errors" \
	    test "$(grep -c 'error: .*2019-0003.*(application 2019-0003)$' "$T_TMP/err")" -ge 2
	check "-j $j: no document for either duplicate" \
	    test -z "$(find "$D/o$j" -name '*doublon*')"
	check "-j $j: the first 2019-0003 has its letter" \
	    test -s "$D/o$j/2019-1/letters/2019-0003-la-coloc-de-josephine.pdf"
	sort "$T_TMP/err" >"$T_TMP/err$j"
done
for j in 2 3; do
	check "-j $j writes the same files as -j 1" diff -r "$D/o1" "$D/o$j"
	same_file "-j $j reports the same errors as -j 1" "$T_TMP/err$j" "$T_TMP/err1"
done

# A round whose workers send the parent many lines (about 100 KB: one
# per document, with its digest): what -j 1 writes, report and manifest
# included, whatever the order the workers' lines arrive in.
B=$T_TMP/big
mkdir -p "$B"
bench/gen-round 300 1 >"$B/round.xml"
cp input/call-ess-2018-2020.xml input/issuer-logo-placeholder.png \
    input/issuer-logo-placeholder.svg "$B/"
for j in 1 3; do
	run_status 0 "$ESSDOCS" run -q --date 2019-04-10 "$B/round.xml" -o "$B/o$j" -j $j
done
check "300 applications: -j 3 writes the same files as -j 1" \
    diff -r "$B/o1" "$B/o3"
check "300 applications: report.csv names every document" \
    test "$(grep -o '\.pdf' "$B/o1/bench-300/report.csv" | wc -l)" -eq \
    "$(find "$B/o1/bench-300" -name '*.pdf' ! -name report.pdf | wc -l)"

done_testing
