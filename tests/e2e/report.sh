# report.sh: the round report (report.csv and report.pdf) of `essdocs report`.
. tests/e2e/lib.sh

CALL=input/call-ess-2018-2020.xml
US=$(printf '\037')

# csv_records FILE: one line per RFC 4180 record, its fields separated by
# US (0x1f), quotes undone, a newline inside a field written "\n".
csv_records() {
	awk -v us="$US" '
	{
		sub(/\r$/, "")
		line = $0
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (inq) {
				if (c == "\"") {
					if (substr(line, i + 1, 1) == "\"") {
						field = field "\""; i++
					} else
						inq = 0
				} else
					field = field c
			} else if (c == "\"")
				inq = 1
			else if (c == ",") {
				rec = rec field us; field = ""
			} else
				field = field c
		}
		if (inq) { field = field "\\n"; next }
		print rec field
		rec = ""; field = ""
	}' "$1"
}

# pdf_ok DESC PDF: qpdf finds no error, every font is embedded, poppler
# is silent; leaves the text (pdftotext -raw, lines joined) in $T_TMP/text.
pdf_ok() {
	run_status 0 qpdf --check "$2"
	has "$1: qpdf" "$T_TMP/out" "No syntax or stream encoding errors"
	run_status 0 pdffonts "$2"
	check "$1: pdffonts is silent" test ! -s "$T_TMP/err"
	awk 'NR > 2 && $(NF - 4) != "yes" { bad = 1 } END { exit bad }' \
	    "$T_TMP/out"
	check "$1: every font embedded" test $? -eq 0
	check "$1: has fonts" test "$(wc -l <"$T_TMP/out")" -gt 2
	run_status 0 pdftotext -raw "$2" -
	check "$1: pdftotext is silent" test ! -s "$T_TMP/err"
	tr '\n' ' ' <"$T_TMP/out" >"$T_TMP/text"
}

# has_text DESC STRING: the report's text holds STRING (fixed string).
has_text() {
	if grep -qF -- "$2" "$T_TMP/text"; then pass; else
		fail "$1: no «$2» in the report's text"; fi
}

NB=' '		# the U+202F of amounts: pdftotext writes a space

# --- The sample round: 23 applications, 4 of them with errors. ---
out=$T_TMP/o
run_status 1 "$ESSDOCS" report input/round-2019-1.xml -o "$out" \
    --date 2026-11-26
csv=$out/2019-1/report.csv
pdf=$out/2019-1/report.pdf
check "report.csv written" test -f "$csv"
check "report.pdf written" test -f "$pdf"
check "no letters" test ! -e "$out/2019-1/letters"
has "stderr names 2019-0021" "$T_TMP/err" "error: .*\(application 2019-0021\)$"

check "header line" test "$(head -n 1 "$csv" | tr -d '\r')" = \
    "id,applicant,commune,aid,requested,verdict,reasons,decision,granted,letter,agreement,error,receipt,decision_notice"
check "CRLF line ends" test "$(grep -c $'\r$' "$csv")" -eq "$(wc -l <"$csv")"
csv_records "$csv" >"$T_TMP/recs"
check "24 records (header + 23)" test "$(wc -l <"$T_TMP/recs")" -eq 24
check "14 fields per record" test "$(awk -F"$US" 'NF != 14' \
    "$T_TMP/recs" | wc -l)" -eq 0
tail -n +2 "$T_TMP/recs" >"$T_TMP/rows"
check "verdicts are known" test "$(awk -F"$US" '$6 != "eligible" &&
    $6 != "ineligible" && $6 != "incomplete" && $6 != ""' "$T_TMP/rows" |
    wc -l)" -eq 0
check "decisions are known" test "$(awk -F"$US" '$8 != "granted" &&
    $8 != "refused" && $8 != "pending" && $8 != ""' "$T_TMP/rows" |
    wc -l)" -eq 0
check "amounts are plain decimals" test "$(awk -F"$US" '
    $5 !~ /^[0-9]+\.[0-9][0-9]$/ || $9 !~ /^([0-9]+\.[0-9][0-9])?$/' \
    "$T_TMP/rows" | wc -l)" -eq 0
has "8000.00 requested" "$T_TMP/rows" "^2019-0003${US}[^$US]*${US}Valenciennes${US}demarrage${US}8000\.00${US}eligible$US"
check "2 error records: error, no verdict" test "$(awk -F"$US" \
    '$6 == "" && $12 != ""' "$T_TMP/rows" | cut -c1-9 | tr '\n' ' ')" = \
    "2019-0021 2019-0022 "
check "no verdict means an error" test "$(awk -F"$US" '$6 == "" &&
    $12 == ""' "$T_TMP/rows" | wc -l)" -eq 0
check "4 rows with an error" test "$(awk -F"$US" '$12 != ""' \
    "$T_TMP/rows" | wc -l)" -eq 4
check "report alone: no document paths" test "$(awk -F"$US" \
    '$10 != "" || $11 != "" || $13 != "" || $14 != ""' "$T_TMP/rows" |
    wc -l)" -eq 0
same_file "report.csv as the golden copy" "$csv" \
    tests/golden/report/round-2019-1.csv

pdf_ok "sample report" "$pdf"
run_status 0 pdfinfo "$pdf"
has "title metadata" "$T_TMP/out" "^Title: +Rapport de la session 2019-1"
has "3 pages" "$T_TMP/out" "^Pages: +3$"
has_text "title" "Session 2019-1"
has_text "date" "Session du 15 mars 2019"
has_text "count" "Dossiers reçus 23"
has_text "errors" "Dossiers à revoir (en erreur : voir la liste des dossiers) 4"
has_text "requested total" "Montant total demandé 207${NB}000,50${NB}€"
has_text "granted total" "accordés et valides) 44${NB}000,50${NB}€"
has_text "budget" "Budget de la session 100${NB}000,00${NB}€"
has_text "budget used" "Part du budget engagée 44,0${NB}%"
has_text "eligible" "Éligibles 8"
has_text "ineligible" "Inéligibles 12"
has_text "incomplete" "Incomplets 1"
has_text "granted decisions" "Accordées 7"
has_text "pending" "En attente 4"
has_text "by aid" "Aide au démarrage 18 130${NB}500,00${NB}€ 24${NB}500,00${NB}€"
has_text "aid total" "Total 23 207${NB}000,50${NB}€ 44${NB}000,50${NB}€"
for c in "Valenciennes 5" "Saint-Saulve 2" "Anzin 2" "Marly 2" \
    "Aubry-du-Hainaut 1" "Beuvrages 1" "Bruay-sur-l’Escaut 1" \
    "Condé-sur-l’Escaut 1" "Crespin 1" "Fresnes-sur-Escaut 1" \
    "Lille (hors territoire) 1" "Onnaing 1" "Petite-Forêt 1" "Saultain 1" \
    "Sebourg 1" "Vieux-Condé 1"; do
	has_text "commune" "$c"
done
has_text "16 communes" "16 communes."
for id in $(cut -d"$US" -f1 "$T_TMP/rows"); do
	has_text "application" "$id"
done
awk -F"$US" '$12 != "" { print $12 }' "$T_TMP/rows" >"$T_TMP/errs"
# The PDF sets them in French typography: a space before a colon (not
# after a quote), a curly apostrophe; pdftotext gives U+202F as a space.
while IFS= read -r e; do
	has_text "error message" "À revoir : $(printf '%s' "$e" | sed 's/\([^ '"'"']\):/\1 :/g; s/'"'"'/’/g; s/\xe2\x80\xaf/ /g')"
done <"$T_TMP/errs"
hasnt "no budget warning" "$T_TMP/text" "BUDGET DÉPASSÉ"
has "footer" "$T_TMP/text" "Page 1 sur 3 .*Page 3 sur 3"
# The header row repeats on page 3, the list's second page.
check "header row on 2 pages" test "$(grep -o \
    'N° Demandeur Aide Avis Décision Demandé Accordé' "$T_TMP/text" |
    wc -l)" -eq 2

# The same inputs give the same bytes (the PDF's /ID hashes its path:
# run again into the same directory).
cp "$pdf" "$T_TMP/first.pdf"
cp "$csv" "$T_TMP/first.csv"
run_status 1 "$ESSDOCS" report input/round-2019-1.xml -o "$out" \
    --date 2026-11-26
check "reproducible report.pdf" cmp -s "$pdf" "$T_TMP/first.pdf"
check "reproducible report.csv" cmp -s "$csv" "$T_TMP/first.csv"

# Amounts keep their cents, so that right-aligned columns line up on the
# decimal comma; the list shows the aids' short labels, never hyphenated.
run_status 1 "$ESSDOCS" report input/round-2019-1.xml -o "$T_TMP/dump" \
    --date 2026-11-26 --dump
D=$T_TMP/dump/2019-1/report.dump
grep -o '"[-0-9\u202f]*\(,[0-9]*\)\?\\u202f€"' "$D" | grep -v '"[^"]*,[0-9][0-9]\\u202f€"$' >"$T_TMP/nocents"
check "every amount with its cents ($(head -1 "$T_TMP/nocents"))" test ! -s "$T_TMP/nocents"
check "amounts in the dump" test "$(grep -c ',[0-9][0-9]\\u202f€"' "$D")" -gt 40
check "short aid labels in the list" test "$(grep -c '"Démarrage"$' "$D")" -ge 18
check "no hyphenated aid label" test "$(grep -c ' hyphen "' "$D")" -eq 0

# `run`: the same totals, and the written files in the CSV.
run_status 1 "$ESSDOCS" run input/round-2019-1.xml -o "$T_TMP/run" \
    --date 2026-11-26
csv_records "$T_TMP/run/2019-1/report.csv" | tail -n +2 >"$T_TMP/rows"
check "run: 21 letters listed" test "$(awk -F"$US" \
    '$10 ~ /^letters\/2019-[0-9]+-[a-z0-9-]+\.pdf$/' "$T_TMP/rows" |
    wc -l)" -eq 21
check "run: 5 agreements listed" test "$(awk -F"$US" \
    '$11 ~ /^agreements\/2019-[0-9]+-[a-z0-9-]+\.pdf$/' "$T_TMP/rows" |
    wc -l)" -eq 5
pdf_ok "run report" "$T_TMP/run/2019-1/report.pdf"
# A withheld agreement is named where agreements are written, not by
# `report` (issue 13: `check` said "no agreement written").
has "run: the withheld agreement named" "$T_TMP/run/2019-1/report.csv" \
    "^2019-0019,.*: ni notification ni convention écrite\""
hasnt "report: no agreement named" "$csv" "ni notification ni convention"
has_text "run: granted total" "accordés et valides) 44${NB}000,50${NB}€"

# --- Over budget: 23 000 granted for a 20 000 budget. ---
run_status 0 "$ESSDOCS" report tests/data/report/over-budget.xml \
    --call "$CALL" -o "$T_TMP/ob" --date 2026-11-26
has "over-budget warning on stderr" "$T_TMP/err" \
    "warning: round 2019-ob: 23000\.00 granted exceeds the budget of 20000\.00"
pdf_ok "over-budget report" "$T_TMP/ob/2019-ob/report.pdf"
has_text "warning block" "ATTENTION : BUDGET DÉPASSÉ"
has_text "overrun" "de 3${NB}000,00${NB}€, soit 115,0${NB}%"
has_text "overrun row" "Dépassement du budget 3${NB}000,00${NB}€"
check "3 rows" test "$(csv_records "$T_TMP/ob/2019-ob/report.csv" |
    wc -l)" -eq 4

# --- A round with no application (round.xsd allows it), no budget. ---
run_status 0 "$ESSDOCS" report tests/data/report/empty.xml --call "$CALL" \
    -o "$T_TMP/em" --date 2026-11-26
check "empty: header only" test "$(wc -l <"$T_TMP/em/2019-0/report.csv")" -eq 1
pdf_ok "empty report" "$T_TMP/em/2019-0/report.pdf"
has_text "no application" "Dossiers reçus 0"
has_text "no list" "Aucun dossier dans cette session."
has_text "no budget" "Budget de la session non fixé"

# A large round: the PDF lists 1 000 applications and says where the rest
# are; report.csv has every one.
bench/gen-round 1200 7 > "$T_TMP/big.xml"
run_status 0 "$ESSDOCS" report "$T_TMP/big.xml" --call input/call-ess-2018-2020.xml -o "$T_TMP/big"
B=$T_TMP/big/bench-1200
check "big: every row in the CSV" test "$(grep -c '' "$B/report.csv")" -eq 1201
pdftotext "$B/report.pdf" "$T_TMP/big.txt" 2>"$T_TMP/big.err"
check "big: poppler silent" test ! -s "$T_TMP/big.err"
has "big: the list says it is cut" "$T_TMP/big.txt" "Cette liste montre 1000 des 1200 dossiers"
tr '\n' ' ' <"$T_TMP/big.txt" >"$T_TMP/big.flat"
has "big: and where the rest are" "$T_TMP/big.flat" "Les 200 autres figurent dans report.csv"
has "big: the 1000th listed" "$T_TMP/big.txt" "^2019-1000$"
hasnt "big: the 1001st not listed" "$T_TMP/big.txt" "^2019-1001$"

done_testing
