#!/bin/bash
# kinds.sh: the document kinds of templates/kinds.xml: who gets which
# document (one check per selection rule, conflicts included), one
# command per kind, and a fifth kind (a payment notice) that exists only
# in this test's own template folder.
. tests/e2e/lib.sh

# text PDF OUT: the PDF's text on one line (line breaks as spaces).
text() { pdftotext "$1" - 2>/dev/null | tr '\n' ' ' >"$2"; }

# gets DIR ID FOLDER: an application's document is in FOLDER.
gets() { test -n "$(ls "$1/$3" 2>/dev/null | grep "^$2-")"; }
lacks() { ! gets "$@"; }

# --- The sample round shows every stage. ---
run_status 1 "$ESSDOCS" run input/round-2019-1.xml -o "$T_TMP/s" \
    --date 2026-11-26 -q
S=$T_TMP/s/2019-1
for id in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 23; do
	check "receipt for 2019-00$id" gets "$S" "2019-00$id" receipts
	check "letter for 2019-00$id" gets "$S" "2019-00$id" letters
done
for id in 21 22; do
	for f in receipts letters decisions agreements; do
		check "record error 2019-00$id: no $f" lacks "$S" "2019-00$id" $f
	done
done
for id in 01 03 04 06 23; do
	check "granted and agreed 2019-00$id: notification" gets "$S" "2019-00$id" decisions
	check "granted and agreed 2019-00$id: agreement" gets "$S" "2019-00$id" agreements
done
for id in 05 07 08 11 12 14 16; do
	check "refused 2019-00$id: notification" gets "$S" "2019-00$id" decisions
	check "refused 2019-00$id: no agreement" lacks "$S" "2019-00$id" agreements
done
for id in 02 09 10 13 15 17 18; do
	check "pending or undecided 2019-00$id: no notification" lacks "$S" "2019-00$id" decisions
	check "pending or undecided 2019-00$id: no agreement" lacks "$S" "2019-00$id" agreements
done
for id in 19 20; do
	check "conflict 2019-00$id: no notification" lacks "$S" "2019-00$id" decisions
	check "conflict 2019-00$id: no agreement" lacks "$S" "2019-00$id" agreements
done
check "receipts: 21" test "$(ls "$S/receipts" | wc -l)" -eq 21
check "decisions: 12" test "$(ls "$S/decisions" | wc -l)" -eq 12
tr -d '\r' <"$S/report.csv" >"$T_TMP/csv"
has "csv: the new columns last" "$T_TMP/csv" \
    '^id,applicant,commune,aid,requested,verdict,reasons,decision,granted,letter,agreement,error,receipt,decision_notice$'
has "csv: a granted row names its four documents" "$T_TMP/csv" \
    '^2019-0003,.*,letters/2019-0003-la-coloc-de-josephine\.pdf,agreements/2019-0003-la-coloc-de-josephine\.pdf,,receipts/2019-0003-la-coloc-de-josephine\.pdf,decisions/2019-0003-la-coloc-de-josephine\.pdf$'
has "csv: a conflict has no notice, and its error" "$T_TMP/csv" \
    '^2019-0019,.*,"accordée, mais les règles trouvent .*",receipts/2019-0019-[a-z-]*\.pdf,$'
text "$S/decisions/2019-0005-ener-a.pdf" "$T_TMP/t05"
has "refusal without failed conditions quotes the reason" "$T_TMP/t05" 'budgétaire'
has "refusal gives the appeal routes" "$T_TMP/t05" 'Télérecours'
text "$S/decisions/2019-0011-epicerie-solidaire-lille-sud.pdf" "$T_TMP/t11"
has "refusal lists the failed condition in the call's words" "$T_TMP/t11" \
    'Toute structure de l’ESS agissant sur le territoire'
text "$S/decisions/2019-0003-la-coloc-de-josephine.pdf" "$T_TMP/t03"
has "attribution: amount in words" "$T_TMP/t03" 'huit mille euros'
has "attribution: the deliberation" "$T_TMP/t03" 'B-2019-041 du 2 avril 2019'
has "attribution: the agreement in two copies" "$T_TMP/t03" 'deux exem'
text "$S/receipts/2019-0003-la-coloc-de-josephine.pdf" "$T_TMP/r03"
has "receipt: received date" "$T_TMP/r03" 'reçue le 11 février 2019'
has "receipt: deemed rejected two months later" "$T_TMP/r03" '11 avril 2019'
has "receipt: the service" "$T_TMP/r03" 'Mission économie sociale'
has "receipt: appeal routes" "$T_TMP/r03" 'tribunal administratif de Lille'
text "$S/receipts/2019-0018-tiers-lieu-la-fabrique.pdf" "$T_TMP/r18"
has "incomplete receipt: what is missing" "$T_TMP/r18" 'la date de création de la structure'

# --- Rounds made for the rules the sample does not show. ---
app() {	# app ID DECLARATIONS DECISION
	cat <<XML
  <application id="$1" received="2019-02-11">
    <applicant>
      <name>Structure $1</name>
      <legal-form>association</legal-form>
      <founded>2018-01-15</founded>
      <address><line>12 rue de Famars</line><postcode>59300</postcode><city>Valenciennes</city></address>
      <contact civility="Mme" first-name="Claire" last-name="Dupont" role="Présidente"
               email="contact@example.org" phone="03 27 00 00 00"/>
    </applicant>
    <request aid="demarrage" amount="8000.00"><jobs-created>1</jobs-created></request>
    $2
    $3
  </application>
XML
}
DECL='<declarations ess-governance="yes" viable-activity="yes" economic-layoffs-12-months="no" unmet-need="yes"/>'
{
	echo '<round id="k1" call="ess-2018-2020">'
	app a-granted "$DECL" '<decision status="granted" amount="8000" date="2019-03-15" deliberation="B-1"/>'
	app b-incomplete "" '<decision status="granted" amount="8000" date="2019-03-15" deliberation="B-2"/>'
	app c-refused-no-reason "$DECL" '<decision status="refused" date="2019-03-15" deliberation="B-3"/>'
	app d-refused-incomplete "" '<decision status="refused" date="2019-03-15" deliberation="B-4"/>'
	app e-late "$DECL" '<decision status="granted" amount="8000" date="2026-11-28" deliberation="B-5"/>'
	app f-no-decision "$DECL" ''
	echo '</round>'
} >"$T_TMP/round-k1.xml"
C=(--call input/call-ess-2018-2020.xml --date 2026-11-26)
run_status 1 "$ESSDOCS" run "$T_TMP/round-k1.xml" -o "$T_TMP/k" "${C[@]}"
K=$T_TMP/k/k1
check "granted and agreed: notification" gets "$K" a-granted decisions
check "granted but incomplete: receipt" gets "$K" b-incomplete receipts
check "granted but incomplete: no notification" lacks "$K" b-incomplete decisions
check "granted but incomplete: no agreement" lacks "$K" b-incomplete agreements
has "granted but incomplete: a record error" "$T_TMP/err" \
    'error: granted, but the rules find the application incomplete.*\(application b-incomplete\)$'
check "refused, eligible, no reason: no notification" lacks "$K" c-refused-no-reason decisions
has "refused, eligible, no reason: the missing reason named" "$T_TMP/err" \
    'decision\.reason.*\(application c-refused-no-reason\)$'
check "refused and incomplete: notification" gets "$K" d-refused-incomplete decisions
text "$K/decisions/d-refused-incomplete-structure-d-refused-incomplete.pdf" "$T_TMP/td"
has "refused and incomplete: the missing items as grounds" "$T_TMP/td" 'resté incomplet'
check "decided after the run's date: no notification" lacks "$K" e-late decisions
has "decided after the run's date: said" "$T_TMP/err" \
    '<decision date>: 2026-11-28 is after the date of the documents \(2026-11-26, --date\).*\(application e-late\)$'
check "no decision: receipt" gets "$K" f-no-decision receipts
check "no decision: no notification" lacks "$K" f-no-decision decisions

# --- One command per kind. ---
run_status 1 "$ESSDOCS" receipts "$T_TMP/round-k1.xml" -o "$T_TMP/r" "${C[@]}"
# e-late is a record error (decided after the documents' date): no receipt.
check "receipts only: receipts/" test "$(ls "$T_TMP/r/k1/receipts" | wc -l)" -eq 5
check "receipts only: no letters/" test ! -e "$T_TMP/r/k1/letters"
check "receipts only: no report" test ! -e "$T_TMP/r/k1/report.csv"
run_status 1 "$ESSDOCS" decisions "$T_TMP/round-k1.xml" -o "$T_TMP/n" "${C[@]}"
check "decisions only: 2 notices" test "$(ls "$T_TMP/n/k1/decisions" | wc -l)" -eq 2
check "decisions only: no receipts/" test ! -e "$T_TMP/n/k1/receipts"
run_status 64 "$ESSDOCS" payments "$T_TMP/round-k1.xml" -o "$T_TMP/x" "${C[@]}"
has "unknown kind: named, with the kinds there are" "$T_TMP/err" \
    "unknown command 'payments'.*receipts, letters, agreements, decisions"
check "unknown kind: nothing written" test ! -e "$T_TMP/x"
run_status 0 "$ESSDOCS" --help
has "--help lists the kinds" "$T_TMP/out" '^  decisions  +decisions/'

# --- A fifth kind: a template and a row, no C. ---
TPL=$T_TMP/tpl
cp -r templates "$TPL"
cat >"$TPL/payment.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<template size="A4" margins="20mm" title="Avis de paiement {app.id}" author="{call.issuer.name}">
  <body>
    <p>{call.issuer.name}, {letter.place}, le {letter.date}</p>
    <p>Avis de paiement – dossier n° {app.id} – <name>{app.name}</name></p>
    <for each="decision.instalments" as="i">
      <p>{i.number}. {i.label} : {i.amount} {i.when?}</p>
    </for>
  </body>
</template>
XML
sed -i 's|</kinds>|  <kind name="payments" template="payment" folder="payments" column="payment_notice" verdict="eligible" decision="granted" agreed="yes" date="decision" help="the payment notices"/>\n</kinds>|' "$TPL/kinds.xml"
run_status 1 "$ESSDOCS" run input/round-2019-1.xml -o "$T_TMP/p" \
    --templates "$TPL" --date 2026-11-26 -q
P=$T_TMP/p/2019-1
check "fifth kind: one per granted, agreed application" \
    test "$(ls "$P/payments" | tr '\n' ' ')" = "$(ls "$S/agreements" | tr '\n' ' ')"
text "$P/payments/2019-0003-la-coloc-de-josephine.pdf" "$T_TMP/pay"
has "fifth kind: dated from the decision" "$T_TMP/pay" 'le 2 avril 2019'
has "fifth kind: the instalments" "$T_TMP/pay" '1\. avance : 4.000'
tr -d '\r' <"$P/report.csv" | head -n 1 >"$T_TMP/head"
has "fifth kind: its column comes last in report.csv" "$T_TMP/head" ',decision_notice,payment_notice$'
run_status 1 "$ESSDOCS" payments input/round-2019-1.xml -o "$T_TMP/q" \
    --templates "$TPL" --date 2026-11-26 -q
check "fifth kind: its own command" test "$(ls "$T_TMP/q/2019-1" | grep -vx manifest.tsv)" = payments
run_status 0 "$ESSDOCS" --help --templates "$TPL"
has "fifth kind: in --help" "$T_TMP/out" '^  payments  +payments/  the payment notices$'
check "the shipped templates know no payments" test ! -e templates/payment.xml

# --- A broken table stops before anything is written. ---
cp -r templates "$T_TMP/bad"
sed -i 's|folder="decisions"|folder="letters"|' "$T_TMP/bad/kinds.xml"
run_status 65 "$ESSDOCS" run input/round-2019-1.xml -o "$T_TMP/b" \
    --templates "$T_TMP/bad"
has "same folder twice: said" "$T_TMP/err" 'kinds\.xml:[0-9]+: error: <kind name="decisions">: same folder as the kind .letters.'
check "same folder twice: nothing written" test ! -e "$T_TMP/b"
rm "$T_TMP/bad/kinds.xml"
run_status 66 "$ESSDOCS" letters input/round-2019-1.xml -o "$T_TMP/b" \
    --templates "$T_TMP/bad"
has "no table: said" "$T_TMP/err" 'kinds\.xml: error: cannot open the table of document kinds'

done_testing
