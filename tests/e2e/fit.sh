#!/bin/bash
# fit.sh: text that does not fit its frame is an error naming the frame and
# by how much, and nothing is written; the print leaflet's colour fields
# cross the folds by 1 mm or more; fold marks are dashed, crop marks not.
. tests/e2e/lib.sh

D=$T_TMP/c
mkdir -p "$D"
cp input/issuer-logo-placeholder.png "$D/"
# A condition six sentences longer than the shipped one.
long=$(printf ' à la date du dépôt du dossier, appréciée à compter de l’immatriculation%.0s' 1 2 3 4 5 6)
sed "s|Avoir moins de 3 ans d’existence|Avoir moins de 3 ans d’existence$long|" \
    input/call-ess-2018-2020.xml >"$D/call-long.xml"
run_status 65 "$ESSDOCS" leaflet "$D/call-long.xml" -o "$D/long.pdf"
has "long condition: the frame is named" "$T_TMP/err" \
    "^essdocs: [^ ]*templates/leaflet.xml:[0-9]+: error: text does not fit its frame \(x 8 mm, y 116 mm, w 85 mm, h 85.0 mm\): [0-9.]+ mm too long; no document written$"
check "long condition: no leaflet written" test ! -e "$D/long.pdf"
run_status 65 "$ESSDOCS" leaflet "$D/call-long.xml" -o "$D/long.pdf" --screen
check "long condition: no screen leaflet either" test ! -e "$D/long.pdf"
check "long condition: no temporary file left" \
    test -z "$(find "$D" -name '*.tmp*' -o -name '.*' -type f)"

# A long intro on the cover: its frame is named too.
more=$(printf ', un texte qui ne tient plus dans le cadre de la couverture%.0s' 1 2 3 4 5 6 7 8)
sed "s|via son appel à projets ESS|via son appel à projets ESS$more|" \
    input/call-ess-2018-2020.xml >"$D/call-intro.xml"
run_status 65 "$ESSDOCS" leaflet "$D/call-intro.xml" -o "$D/intro.pdf"
has "long intro: the cover frame is named" "$T_TMP/err" \
    "text does not fit its frame \(x 206 mm, y 122 mm, w 82 mm, h 52.0 mm\)"

# The shipped call fits, and its letters, agreements and report do too.
run_status 0 "$ESSDOCS" leaflet input/call-ess-2018-2020.xml -o "$D/ok.pdf"
hasnt "shipped leaflet: nothing too long" "$T_TMP/err" "does not fit"
run_status 1 "$ESSDOCS" run input/round-2019-1.xml -o "$D/r" --date 2026-11-26
hasnt "sample round: nothing too long" "$T_TMP/err" "does not fit"

# The address block is measured by the font: wide capitals are set smaller
# (never wrapped); wider still (one word: nothing to wrap at), the record
# is an error naming the line and by how much, the others are written.
cp input/call-ess-2018-2020.xml "$D/"
sed -e 's|<name>La Boite Atout</name>|<name>WWWW MMMM WWWW MMMM WWWW MMM</name>|' \
    -e 's|<name>Colore ma vie</name>|<name>MWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMW</name>|' \
    input/round-2019-1.xml >"$D/round-wide.xml"
run_status 1 "$ESSDOCS" letters "$D/round-wide.xml" -o "$D/w" --date 2026-11-26 --dump -q
grep '"WWWW"' "$D/w/2019-1/letters/2019-0002-"*.dump | head -1 >"$T_TMP/wide"
check "wide capitals: set smaller than 10.5 pt ($(cat "$T_TMP/wide"))" \
    awk '{ exit !($6 < 10.5 && $6 >= 8.5) }' "$T_TMP/wide"
check "wide capitals: one line in the address (no wrap)" \
    test "$(grep '"WWWW"' "$D/w/2019-1/letters/2019-0002-"*.dump |
    awk '$6 < 10.5 { print $3 }' | sort | uniq -c | awk '{ print $1 }')" = 3
has "too wide even at 8.5 pt: a record error" "$T_TMP/err" \
    "^essdocs: $D/round-wide.xml:[0-9]+: error: the address block does not fit the envelope window: the applicant's name 'MWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMW' is 26\.0 mm too wide for the window's 80 mm, even at 8\.5 pt with La Poste's abbreviations and first names as initials: shorten it \(application 2019-0006\)$"
hasnt "the layout agrees with the measure" "$T_TMP/err" "letter\.xml"
check "too wide: that letter only is missing" \
    test "$(ls "$D/w/2019-1/letters" | wc -l)" -eq 20 -a ! -e "$D/w/2019-1/letters/2019-0006-"*

# Loose lines: the party clauses justified again stretch their spaces past
# twice their width: a warning naming the document and the paragraph's
# line in the template; the shipped (ragged) templates give none.
mkdir -p "$D/t"
cp templates/*.xml "$D/t/"
sed -i 's|<style name="party" based-on="body" indent="8mm" align="left"/>|<style name="party" based-on="body" indent="8mm"/>|' "$D/t/agreement.xml"
run_status 1 "$ESSDOCS" agreements input/round-2019-1.xml -o "$D/a" --date 2026-11-26 --templates "$D/t"
has "loose party clause: a warning naming the document" "$T_TMP/err" \
    "^essdocs: $D/t/agreement.xml:[0-9]+: warning: loose line in «Convention d’attribution d’une subvention 2019-0001 – L’espace ATRIA»: the best break still stretches word spaces to [0-9.]+ times their width; set the paragraph ragged \(align=\"left\"\) or reword it \(application 2019-0001\)$"
check "loose lines: still written (a warning)" test -s "$D/a/2019-1/agreements/2019-0001-l-espace-atria.pdf"
run_status 1 "$ESSDOCS" agreements input/round-2019-1.xml -o "$D/a2" --date 2026-11-26
hasnt "shipped templates: no loose line" "$T_TMP/err" "loose line"

# Folds (outside 97 and 197 mm, inside 100 and 200 mm from the trim's left
# edge, which is 25.51 pt from the MediaBox's): every filled rectangle
# that reaches a fold from one side goes on at least 1 mm (2.83 pt) past
# it, or stops where another colour field takes over.
run_status 0 "$ESSDOCS" leaflet input/call-ess-2018-2020.xml --dump -o "$D/l.dump"
awk '
function mm(v) { return (v - 25.51) * 25.4 / 72 }
/^page / { p++ }
$1 == "rect" && / fill / { n++; pg[n] = p; a[n] = mm($2); b[n] = mm($2 + $4)
	lo[n] = $3; hi[n] = $3 + $5 }
END {
	for (k = 1; k <= n; k++) {
		split(pg[k] == 1 ? "97 197" : "100 200", f, " ")
		for (i = 1; i <= 2; i++) {
			e = ""
			if (b[k] > f[i] - 1 && b[k] < f[i] + 0.99) e = b[k]
			if (a[k] > f[i] - 0.99 && a[k] < f[i] + 1) e = a[k]
			if (e == "") continue
			# Fine when another field, at the same height, covers
			# 1 mm on both sides of the fold.
			ok = 0
			for (j = 1; j <= n; j++)
				if (j != k && pg[j] == pg[k] && a[j] <= f[i] - 0.99 &&
				    b[j] >= f[i] + 0.99 && lo[j] <= lo[k] + 0.01 &&
				    hi[j] >= hi[k] - 0.01)
					ok = 1
			if (!ok) {
				print "page " pg[k] ": a field ends at " e " mm, by the fold at " f[i]
				bad++
			}
		}
	}
	exit bad > 0
}' "$D/l.dump" >"$T_TMP/folds"
check "colour fields cross the folds by 1 mm ($(head -1 "$T_TMP/folds"))" test ! -s "$T_TMP/folds"
# Fold marks dashed (2 a fold on each page), crop marks solid (8 a page).
check "fold marks are dashed" test "$(grep -c '^  line .* dash 2.00$' "$D/l.dump")" -eq 8
check "crop marks are solid" test "$(grep '^  line ' "$D/l.dump" | grep -vc ' dash ')" -ge 16

done_testing
