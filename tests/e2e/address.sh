#!/bin/bash
# address.sh: the recipient's address block is measured by the font for
# the envelope window.  La Poste's remedies come first (abbreviations,
# a smaller size, the first name's initials, the recipient over two lines
# with the contact line dropped from a full block); a block that still
# does not fit is the record's error, located, saying which line and by
# how much, with no document for it; the other records are written, and
# the run exits 1.
. tests/e2e/lib.sh

app() {	# app ID NAME CIVILITY FIRST LAST LINES...
	local id=$1 name=$2 civ=$3 first=$4 last=$5 l lines=""
	shift 5
	for l in "$@"; do lines="$lines<line>$l</line>"; done
	cat <<XML
  <application id="$id" received="2019-02-11">
    <applicant>
      <name>$name</name>
      <legal-form>association</legal-form>
      <founded>2018-01-15</founded>
      <address>$lines<postcode>59300</postcode><city>Valenciennes</city></address>
      <contact civility="$civ" first-name="$first" last-name="$last" role="Présidente"
               email="contact@example.org" phone="03 27 00 00 00"/>
    </applicant>
    <request aid="demarrage" amount="8000.00"><jobs-created>1</jobs-created></request>
    <declarations ess-governance="yes" viable-activity="yes" economic-layoffs-12-months="no" unmet-need="yes"/>
  </application>
XML
}
{
	echo '<round id="w2" call="ess-2018-2020">'
	app a-fits "Structure A" Mme Claire Dupont "12 rue de Famars"
	# 41 characters; initials make it fit: "Mme M.-M. Dupont-Lacroix-Martin".
	app b-initials "Structure B" Mme Marie-Madeleine Dupont-Lacroix-Martin \
	    "Bâtiment B" "Résidence des Acacias" "12 rue de Famars"
	# Still 47 characters after initials: the contact never wraps.
	app c-too-long "Structure C" Mme Marie-Madeleine-Antoinette \
	    Dupont-Montmorency-Laval-Rochefort "Bâtiment B" \
	    "Résidence des Acacias" "12 rue de Famars"
	# A structure's name of 44 characters with three street lines: on
	# two lines, the contact line dropped (bench/gen-round's 2019-0116).
	app d-wraps "SARL Textiles Réemploi Rombies-et-Marchipont" M. Jérôme \
	    Lefèvre "Résidence Les Érables" "17 rue Victor Hugo" "BP 887"
	# A street line of 35 characters in capitals, too wide for the
	# window at 10.5 pt: one abbreviation (chosen by the width, not the
	# count) brings it in at full size.
	app e-abbrev "Structure E" Mme Claire Dupont \
	    "1280 BOULEVARD DU MARECHAL MAUNOURY"
	# Too wide for the window even abbreviated and at 8.5 pt.
	app f-wide "Structure F" Mme Claire Dupont \
	    "WWW MMMMMMMMMM WWWWWWWW MMMMMMMM WWW"
	# Too long for two lines.
	app g-name "Association intercommunale pour le développement de l’économie sociale et solidaire du Valenciennois" \
	    Mme Claire Dupont "12 rue de Famars"
	echo '</round>'
} >"$T_TMP/round.xml"
line() { grep -n "id=\"$1\"" "$T_TMP/round.xml" | cut -d: -f1; }

run_status 1 "$ESSDOCS" run "$T_TMP/round.xml" \
    --call input/call-ess-2018-2020.xml -o "$T_TMP/o" --date 2026-11-26 -q
sed "s|$T_TMP/round.xml:[0-9]*|ROUND:LINE|" "$T_TMP/err" >"$T_TMP/err.txt"
same_file "the record errors, each naming its line and by how much" \
    "$T_TMP/err.txt" tests/golden/address/errors.txt
for id in c-too-long f-wide g-name; do
	has "$id: located at its record" "$T_TMP/err" \
	    "^essdocs: $T_TMP/round.xml:$(line $id): error: .*\(application $id\)$"
	check "$id: no letter, no receipt" \
	    test -z "$(ls "$T_TMP/o/w2/letters" "$T_TMP/o/w2/receipts" | grep "^$id-")"
done
check "the four others: letters written" \
    test "$(ls "$T_TMP/o/w2/letters" | cut -d- -f1 | tr '\n' ' ')" = "a b d e "
check "the four others: receipts written" \
    test "$(ls "$T_TMP/o/w2/receipts" | cut -d- -f1 | tr '\n' ' ')" = "a b d e "

txt() { pdftotext -enc UTF-8 "$(ls "$T_TMP"/o/w2/letters/"$1"-*.pdf)" "$T_TMP/$1.txt"; }
txt b
has "initials: the surname whole" "$T_TMP/b.txt" "^Mme M\.-M\. Dupont-Lacroix-Martin$"
txt d
has "44 characters: the name's first line" "$T_TMP/d.txt" "^SARL Textiles Réemploi$"
has "44 characters: its second line" "$T_TMP/d.txt" "^Rombies-et-Marchipont$"
hasnt "44 characters: the contact line dropped" "$T_TMP/d.txt" "^M\. Jérôme Lefèvre$"
has "44 characters: the three street lines" "$T_TMP/d.txt" "^BP 887$"
txt e
has "capitals: abbreviated" "$T_TMP/e.txt" "^1280 BD DU MARECHAL MAUNOURY$"

# Seen from the envelope: every word right of 110 mm and above the date
# (the block) ends inside the 80 × 35 mm window (110 to 190 mm across, 45
# to 80 mm down; a word's box starts up to 0.5 mm higher, Lato's ascender
# being taller than the leading), and the date starts below the window.
for f in "$T_TMP"/o/w2/letters/*.pdf "$T_TMP"/o/w2/receipts/*.pdf; do
	if pdftotext -bbox -f 1 -l 1 "$f" - | awk -F'"' -v mm=2.834645669 '
	/<word / && $2 >= 110 * mm - 0.5 {
		if ($0 ~ />Valenciennes,</ && !date) date = $4
		else if (!date && $4 < 90 * mm) {
			if ($6 > 190 * mm || $8 > 80 * mm || $4 < 44.5 * mm) bad++
			n++
		}
	}
	END { exit !(n >= 4 && !bad && date > 80 * mm) }'; then pass; else
		fail "$(basename "$f"): the block outside the window or over the date"
	fi
done

# The layout agrees: the blocks that fit are set on one line each at 8.5
# pt or more, inside the window, with no layout error.
run_status 1 "$ESSDOCS" letters "$T_TMP/round.xml" --dump \
    --call input/call-ess-2018-2020.xml -o "$T_TMP/dump" --date 2026-11-26 -q
hasnt "no layout error: the measure is layout's" "$T_TMP/err" "letter.xml"
check "e: the street line at 10.5 pt" test "$(grep -c \
    ' regular 10.50 .*"\(BD\|MARECHAL\|MAUNOURY\)"$' "$T_TMP"/dump/w2/letters/e-*.dump)" -eq 3

# In French, and the same with two workers: each error once, by the parent.
LANG=fr_FR.UTF-8 run_status 1 "$ESSDOCS" letters "$T_TMP/round.xml" -j 2 \
    --call input/call-ess-2018-2020.xml -o "$T_TMP/j2" --date 2026-11-26 -q
check "-j 2: three errors, once each" test "$(wc -l <"$T_TMP/err")" -eq 3
has "French: the contact's line" "$T_TMP/err" \
    "erreur : le bloc adresse enfreint la règle de La Poste de 38 caractères par ligne : le nom du contact « Mme M\.-M\.-A\. Dupont-Montmorency-Laval-Rochefort » en compte 47, .* \(dossier c-too-long\)$"
check "-j 2: the same letters" \
    test "$(ls "$T_TMP/j2/w2/letters" | tr '\n' ' ')" = "$(ls "$T_TMP/o/w2/letters" | tr '\n' ' ')"
# The report lists them as errors, in French whatever the locale (stderr
# above was English).
has "the report names the error, in French" "$T_TMP/o/w2/report.csv" "c-too-long.*bloc adresse enfreint la règle de La Poste"
hasnt "the report: no English error" "$T_TMP/o/w2/report.csv" "address block"

done_testing
