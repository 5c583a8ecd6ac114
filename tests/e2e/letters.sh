# letters.sh: the eligibility letters of the sample round, one per record
# without error, each variant's wording, one small A4 page each.
. tests/e2e/lib.sh

out=$T_TMP/out-letters
dir=$out/2019-1/letters
run_status 1 "$ESSDOCS" letters input/round-2019-1.xml -o "$out" \
    --date 2026-11-26

# One letter for each of the 21 records without error, none for the
# record errors 2019-0021 and 2019-0022.
check "21 letters" test "$(ls "$dir" | grep -c '\.pdf$')" -eq 21
for n in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 23; do
	check "letter for 2019-00$n" test -f "$(ls "$dir"/2019-00$n-*.pdf)"
done
check "no letter for 2019-0021" test -z "$(ls "$dir" | grep 2019-0021)"
check "no letter for 2019-0022" test -z "$(ls "$dir" | grep 2019-0022)"

# text ID [DIR]: the letter's text in $T_TMP/ID.txt (pdftotext, layout
# kept: one line per line) and in $T_TMP/ID.flat (one line, single spaces,
# words hyphenated at a line end joined again), for sentences.
text() {
	pdftotext -layout "${2:-$dir}"/"$1"-*.pdf "$T_TMP/$1.txt" \
	    2>"$T_TMP/err"
	check "$1: pdftotext is silent" test ! -s "$T_TMP/err"
	sed 's/^ *//; s/ *$//' "$T_TMP/$1.txt" | tr '\n' ' ' |
	    sed 's/\([a-zé]\)- \([a-zé]\)/\1\2/g; s/  */ /g' >"$T_TMP/$1.flat"
}

# What every letter says.
common() {
	local f=$T_TMP/$1.txt
	has "$1: letterhead" "$f" "^ *Valenciennes Métropole"
	has "$1: issuer town" "$f" "59305 VALENCIENNES CEDEX"
	has "$1: handled by" "$f" "Affaire suivie par.: Caroline Vasseur,"
	has "$1: phone" "$f" "03.27.09.63.75"
	has "$1: e-mail" "$f" "cvasseur@valenciennes-metropole\.fr"
	has "$1: our ref" "$f" "Nos réf\..: $1"
	has "$1: place and date" "$f" "Valenciennes, le 26 novembre 2026"
	has "$1: subject" "$f" "Objet.: Appel à projets Économie sociale et solidaire 2018-2020"
	has "$1: closing" "$T_TMP/$1.flat" \
	    "Je vous prie d’agréer, $2, l’expression de mes salutations distinguées\."
	has "$1: salutation" "$f" "^ *$2,\$"
	has "$1: delegation" "$f" "Pour le Président et par délégation,"
	has "$1: signatory" "$f" "Jean Exemple"
}

refusal() {
	local f=$T_TMP/$1.flat
	has "$1: regret" "$f" "J’ai le regret de vous informer"
	has "$1: recours gracieux" "$f" "recours gracieux adressé à Monsieur le"
	has "$1: recours contentieux" "$f" "recours contentieux devant le tribunal administratif de Lille"
	has "$1: two months" "$f" "deux \(2\) mois"
	has "$1: Télérecours" "$f" "Télérecours citoyens"
	has "$1: telerecours.fr" "$f" "www\.telerecours\.fr"
	hasnt "$1: not eligible" "$f" "J’ai le plaisir"
}

not_refusal() {
	local f=$T_TMP/$1.flat
	hasnt "$1: no Télérecours" "$f" "Télérecours"
	hasnt "$1: no appeal" "$f" "recours"
}

# Eligible: 2019-0003, La Coloc de Joséphine, Valenciennes.
text 2019-0003
f=$T_TMP/2019-0003.flat
common 2019-0003 "Madame la Présidente"
not_refusal 2019-0003
has "eligible: address name" "$f" "La Coloc de Joséphine"
has "eligible: address contact" "$f" "Mme Claire Dupont"
has "eligible: address town" "${f%.flat}.txt" "59300 VALENCIENNES\$"
has "eligible: pleasure" "$f" "J’ai le plaisir de vous informer"
has "eligible: aid" "$f" "«.Aide au démarrage.»"
has "eligible: requested" "$f" "8.000.€"
has "eligible: examined" "$f" "instance délibérante"
hasnt "eligible: not capped" "$f" "plafonnée"

# Eligible and capped: 2019-0002, 12 000 € asked for a 10 000 € maximum.
text 2019-0002
f=$T_TMP/2019-0002.flat
common 2019-0002 "Madame la Trésorière"
not_refusal 2019-0002
has "capped: address town" "${f%.flat}.txt" "59880 ST SAULVE\$"
has "capped: pleasure" "$f" "J’ai le plaisir de vous informer"
has "capped: requested" "$f" "Le montant demandé \(12.000.€\) dépasse"
has "capped: cap" "$f" "plafonnée à 10.000.€"

# Ineligible: 2019-0011, outside the territory (Lille).
text 2019-0011
f=$T_TMP/2019-0011.flat
common 2019-0011 "Madame la Présidente"
refusal 2019-0011
has "Lille: address name" "$f" "Épicerie solidaire Lille Sud"
has "Lille: address town" "${f%.flat}.txt" "59000 LILLE\$"
has "Lille: condition" "$f" "Toute structure de l’ESS agissant sur le territoire"
has "Lille: detail" "$f" "la commune de Lille \(59000\) n’est pas membre"

# Ineligible: 2019-0008, a legal form outside the ESS.
text 2019-0008
f=$T_TMP/2019-0008.flat
# A role that is a status, not a function, is not named in the salutation.
common 2019-0008 "Monsieur"
refusal 2019-0008
has "0008: legal form in French" "$f" "forme juridique déclarée hors du champ de l’ESS : autre forme juridique"
hasnt "0008: no English code" "$f" "« other »"
has "0008: address name" "$f" "Atelier Vélo Malin"
has "0008: address town" "${f%.flat}.txt" "59264 ONNAING\$"
has "0008: condition" "$f" "Toute structure de l’ESS agissant sur le territoire"

# Incomplete: 2019-0018, no founding date and no declarations.
text 2019-0018
f=$T_TMP/2019-0018.flat
common 2019-0018 "Madame la Coordinatrice"
not_refusal 2019-0018
has "incomplete: Cyrillic contact" "$f" "Mme Юлия Смирнова"
has "incomplete: address town" "${f%.flat}.txt" "59990 SEBOURG\$"
has "incomplete: incomplete" "$f" "votre dossier est incomplet"
has "incomplete: plural" "$f" "les éléments suivants.:"
has "incomplete: founding date" "$f" "la date de création de la structure, pour la"
has "incomplete: condition" "$f" "«.Avoir moins de 3 ans d’existence.»"
has "incomplete: governance" "$f" "la déclaration sur la gouvernance"
has "incomplete: how" "$f" "transmettre ces éléments dans un délai d’un mois"
hasnt "incomplete: not eligible" "$f" "J’ai le plaisir"

# Variants the sample does not reach: refusal with missing items too, no
# project title, no civility; an incomplete file with one item.
out2=$T_TMP/out-variants
run_status 0 "$ESSDOCS" letters tests/data/letters/round-letters.xml \
    --call input/call-ess-2018-2020.xml -o "$out2" --date 2026-11-26
text L-0001 "$out2"/letters/letters
f=$T_TMP/L-0001.flat
refusal L-0001
has "L-0001: neutral salutation" "$T_TMP/L-0001.txt" "^ *Madame, Monsieur,\$"
has "L-0001: missing too" "$f" "Par ailleurs, le dossier ne comportait pas les éléments"
has "L-0001: missing item" "$f" "la date de création de la structure"
hasnt "L-0001: no project" "$f" "pour le projet"
text L-0002 "$out2"/letters/letters
f=$T_TMP/L-0002.flat
not_refusal L-0002
has "L-0002: Greek contact" "$f" "Mme Ζωή Παπαδοπούλου"
has "L-0002: singular" "$f" "l’élément suivant.:"
has "L-0002: singular request" "$f" "transmettre cet élément"

# Every letter: one A4 page, sound, fonts embedded, small.
for p in "$dir"/*.pdf "$out2"/letters/letters/*.pdf; do
	id=$(basename "$p" | cut -d- -f1-2)
	pdfinfo "$p" >"$T_TMP/info" 2>"$T_TMP/err"
	check "$id: pdfinfo is silent" test ! -s "$T_TMP/err"
	has "$id: one page" "$T_TMP/info" "^Pages: +1\$"
	has "$id: A4" "$T_TMP/info" "^Page size: +595\.2[0-9]* x 841\.8[0-9]* pts"
	check "$id: qpdf --check" qpdf --check "$p" >/dev/null 2>&1
	pdffonts "$p" >"$T_TMP/fonts" 2>"$T_TMP/err"
	check "$id: pdffonts is silent" test ! -s "$T_TMP/err"
	# A face may be two fonts (WinAnsi, Identity-H) of one subset.
	check "$id: two faces" test "$(tail -n +3 "$T_TMP/fonts" |
	    awk '{ print $1 }' | sort -u | wc -l)" -eq 2
	hasnt "$id: fonts embedded" "$T_TMP/fonts" " no +(yes|no) +(yes|no) +[0-9]"
	check "$id: at most 24 000 bytes" test "$(wc -c <"$p")" -le 24000
done

done_testing
