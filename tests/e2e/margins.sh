# margins.sh: no text of a letter, an agreement or the report runs past its
# template's side margins (the layout dumps of the sample round, --dump).
. tests/e2e/lib.sh

out=$T_TMP/o
dir=$out/2019-1

# mm TEMPLATE SIDE: the template's margin on SIDE (1 top, 2 right, 3
# bottom, 4 left) in points, from its <template margins="..."> (1, 2 or 4
# lengths in mm, cm or pt; a bare number is points).
margin() {
	sed -n 's/.*<template[^>]*margins="\([^"]*\)".*/\1/p; /<template/{
	    N; s/.*margins="\([^"]*\)".*/\1/p; }' "$1" | head -n 1 |
	awk -v side="$2" '
	function pt(s) {
		if (s ~ /mm$/) return substr(s, 1, length(s) - 2) * 72 / 25.4
		if (s ~ /cm$/) return substr(s, 1, length(s) - 2) * 720 / 25.4
		if (s ~ /pt$/) return substr(s, 1, length(s) - 2) + 0
		return s + 0
	}
	{
		if (NF == 1) v = $1
		else if (NF == 2) v = side % 2 ? $1 : $2
		else v = $side
		printf "%.4f\n", pt(v)
	}'
}

# overflow DUMP LEFT RIGHT: the text items of DUMP (see src/dump.c) that
# start before LEFT points or end after RIGHT points from the page's side
# edges, one line each: "FILE page N: x..x+w "text"".
overflow() {
	awk -v left="$2" -v right="$3" -v f="$(basename "$1")" '
	/^page / { pg = $2; w = $3; next }
	/^  text / {
		x = $2 + 0; e = $2 + $4
		if (x < left - 0.01 || e > w - right + 0.01) {
			t = $0; sub(/^[^"]*/, "", t)
			printf "%s page %s: %.2f..%.2f (body %.2f..%.2f) %s\n",
			    f, pg, x, e, left, w - right, t
		}
	}' "$1"
}

# A document kind: KIND TEMPLATE DUMPS...
check_kind() {
	local kind=$1 tmpl=$2 l r d n=0; shift 2
	l=$(margin "$tmpl" 4)
	r=$(margin "$tmpl" 2)
	check "$kind: margins of $tmpl" test -n "$l" -a -n "$r"
	: >"$T_TMP/over"
	for d in "$@"; do
		[ -f "$d" ] || continue
		n=$((n + 1))
		overflow "$d" "$l" "$r" >>"$T_TMP/over"
	done
	check "$kind: dumps written" test "$n" -gt 0
	if [ -s "$T_TMP/over" ]; then
		fail "$kind: text outside the side margins"
		sed 's/^/  | /' "$T_TMP/over" >&2
	else
		pass
	fi
}

for k in letters agreements report; do
	run_status 1 "$ESSDOCS" "$k" input/round-2019-1.xml -o "$out" \
	    --date 2026-11-26 --dump
done
check_kind letters templates/letter.xml "$dir"/letters/*.dump
check_kind agreements templates/agreement.xml "$dir"/agreements/*.dump
check_kind report templates/report.xml "$dir"/report.dump

# The same round with a record whose name and address hold words wider
# than some columns (emergency breaks, never an overflow).
long="L’Association intercommunale pour l’Accompagnement-Solidaire-et-Coopératif"
long="$long SCICVALENCIENNESMETROPOLEHAINAUTSOLIDAIRE2019ESSACCOMPAGNEMENT"
line="Bâtiment-B-Escalier-C-Porte-12-Résidence-des-Tilleuls-Quartier-Nungesser"
sed -e "s|<name>L’espace ATRIA</name>|<name>$long</name>|" \
    -e "s|<line>Espace ATRIA</line>|<line>$line</line>|" \
    input/round-2019-1.xml >"$T_TMP/long.xml"
check "the long record is in" grep -q SCICVALENCIENNES "$T_TMP/long.xml"
lout=$T_TMP/long
for k in letters agreements report; do
	run_status 1 "$ESSDOCS" "$k" "$T_TMP/long.xml" \
	    --call input/call-ess-2018-2020.xml -o "$lout" --date 2026-11-26 --dump
done
check_kind "long letters" templates/letter.xml "$lout"/2019-1/letters/*.dump
check_kind "long agreements" templates/agreement.xml \
    "$lout"/2019-1/agreements/*.dump
check_kind "long report" templates/report.xml "$lout"/2019-1/report.dump

# The checker itself: a word past the right margin is caught.
printf 'pages 1\npage 1 595.28 841.89\n  text 500.00 700.00 60.00 regular 10.00 gray(0) "trop"\n' \
    >"$T_TMP/bad.dump"
overflow "$T_TMP/bad.dump" 56.69 56.69 >"$T_TMP/badout"
has "the check finds an overflow" "$T_TMP/badout" '"trop"$'

done_testing
