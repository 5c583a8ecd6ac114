#!/bin/bash
# callwords.sh: the call file owns its words: a new legal form and a
# reworded reason need no rebuild, and the report names conditions by
# the call's labels, never by rule ids.
. tests/e2e/lib.sh

text() { pdftotext "$1" - 2>/dev/null | tr '\n' ' ' >"$2"; }

CALL=$T_TMP/call-ess-2018-2020.xml
sed -e 's|<form id="other" ess="no" aliases="autre">autre forme juridique</form>|&\n<form id="sarl" ess="esus">société à responsabilité limitée (SARL)</form>|' \
    -e 's|structure créée le {founded}, {years} ans ou plus avant le dépôt du dossier le {received}|votre structure existe depuis le {founded} : plus de {years} ans au {received}|' \
    input/call-ess-2018-2020.xml >"$CALL"
check "the call was edited" grep -q 'id="sarl"' "$CALL"
# The logo is named relative to the call file.
cp input/issuer-logo-placeholder.* "$T_TMP/"

app() {	# app ID FORM FOUNDED EXTRA
	cat <<XML
  <application id="$1" received="2019-02-11">
    <applicant>
      <name>Structure $1</name>
      <legal-form>$2</legal-form>
      <founded>$3</founded>
      $4
      <address><line>12 rue de Famars</line><postcode>59300</postcode><city>Valenciennes</city></address>
      <contact civility="M." first-name="Paul" last-name="Martin" role="Gérant"
               email="contact@example.org" phone="03 27 00 00 00"/>
    </applicant>
    <request aid="demarrage" amount="8000.00"><jobs-created>1</jobs-created></request>
    <declarations ess-governance="yes" viable-activity="yes" economic-layoffs-12-months="no" unmet-need="yes"/>
    <decision status="granted" amount="8000" date="2019-03-15" deliberation="B-9"/>
  </application>
XML
}
{
	echo '<round id="w1" call="ess-2018-2020">'
	app a-sarl sarl 2018-01-15 '<esus-agreement until="2022-06-30"/>'
	app b-sarl-no-esus sarl 2018-01-15 ''
	app c-old association 2014-05-02 ''
	app d-unknown sas 2018-01-15 ''
	echo '</round>'
} >"$T_TMP/round-w1.xml"

run_status 1 "$ESSDOCS" run "$T_TMP/round-w1.xml" --call "$CALL" -o "$T_TMP/o" \
    --date 2026-11-26
O=$T_TMP/o/w1
check "new legal form with ESUS: agreement" test -f "$O/agreements/a-sarl-structure-a-sarl.pdf"
text "$O/agreements/a-sarl-structure-a-sarl.pdf" "$T_TMP/a"
has "new legal form: its label in the agreement" "$T_TMP/a" 'société à responsabilité limitée \(SARL\)'
text "$O/letters/b-sarl-no-esus-structure-b-sarl-no-esus.pdf" "$T_TMP/b"
has "new legal form without ESUS: the reason with its label" "$T_TMP/b" \
    'société à responsabilité limitée \(SARL\) sans agrément ESUS'
text "$O/letters/c-old-structure-c-old.pdf" "$T_TMP/c"
has "reworded reason, figures in place" "$T_TMP/c" \
    'votre structure existe depuis le 2 mai 2014 : plus de 3 ans au 11 février 2019'
check "unknown legal form: no document" test -z "$(find "$O" -name 'd-unknown*')"
has "unknown legal form: a record error naming the call's" "$T_TMP/err" \
    "error: legal form 'sas' is not one of the call ess-2018-2020's: 'association', 'scic', 'scop', 'commercial', 'other', 'sarl' \(application d-unknown\)$"
has "conflict: conditions by label" "$T_TMP/err" \
    'granted, but the rules find the application ineligible \(« Structure de l’ESS du territoire »\).*\(application b-sarl-no-esus\)$'
hasnt "no rule id in the messages" "$T_TMP/err" 'ess-territory|max-age'
text "$O/report.pdf" "$T_TMP/r"
has "report: the call's label" "$T_TMP/r" 'Motifs : Moins de 3 ans d’existence'
hasnt "report: no rule id" "$T_TMP/r" 'max-age|ess-territory'

done_testing
