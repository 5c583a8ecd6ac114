#!/bin/bash
# address.sh: an address block that cannot fit the envelope window, even
# with initials and La Poste's abbreviations, is the record's error: no
# document cuts a name short without a word; the other records are written.
. tests/e2e/lib.sh

app() {	# app ID CIVILITY FIRST LAST LINES...
	local id=$1 civ=$2 first=$3 last=$4 l lines=""
	shift 4
	for l in "$@"; do lines="$lines<line>$l</line>"; done
	cat <<XML
  <application id="$id" received="2019-02-11">
    <applicant>
      <name>Structure $id</name>
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
	app a-fits Mme Claire Dupont "12 rue de Famars"
	# 41 characters; initials make it fit: "Mme M.-M. Dupont-Lacroix-Martin".
	app b-initials Mme Marie-Madeleine Dupont-Lacroix-Martin "Bâtiment B" \
	    "Résidence des Acacias" "12 rue de Famars"
	# Still 47 characters after initials, and no line left to wrap to.
	app c-too-long Mme Marie-Madeleine-Antoinette \
	    Dupont-Montmorency-Laval-Rochefort "Bâtiment B" \
	    "Résidence des Acacias" "12 rue de Famars"
	echo '</round>'
} >"$T_TMP/round.xml"

run_status 1 "$ESSDOCS" letters "$T_TMP/round.xml" --call input/call-ess-2018-2020.xml \
    -o "$T_TMP/o" --date 2026-11-26 -q
has "too long: a record error, located" "$T_TMP/err" \
    "round\.xml:[0-9]+: error: the address does not fit the envelope window \(6 lines of 38 characters\) even with initials and La Poste's abbreviations: shorten a line \(application c-too-long\)$"
check "too long: no letter" test -z "$(ls "$T_TMP/o/w2/letters" | grep '^c-too-long')"
check "the others: written" test "$(ls "$T_TMP/o/w2/letters" | wc -l)" -eq 2
pdftotext "$T_TMP/o/w2/letters/b-initials-structure-b-initials.pdf" "$T_TMP/b.txt"
has "initials: the surname whole" "$T_TMP/b.txt" "Mme M\.-M\. Dupont-Lacroix-Martin"
hasnt "initials: only one error" "$T_TMP/err" "application (a-fits|b-initials)"

done_testing
