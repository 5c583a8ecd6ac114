# agreements.sh: the funding agreements of the sample round, checked as a
# signatory (text, amounts, pages, signatures) and a PDF reader (structure,
# fonts) would.
. tests/e2e/lib.sh

out=$T_TMP/o
dir=$out/2019-1/agreements

# One agreement per granted, eligible application (input/round-2019-1.xml):
# granted 0001 0003 0004 0006 0019 0020 0023, but 0019 is ineligible and
# 0020 is granted above the aid's maximum: both are record errors, as are
# 0021 and 0022 (bad SIRET, bad date), so the run ends with status 1.
cat >"$T_TMP/want" <<'EOF'
2019-0001-l-espace-atria.pdf
2019-0003-la-coloc-de-josephine.pdf
2019-0004-les-champignons-solidaires.pdf
2019-0006-colore-ma-vie.pdf
2019-0023-pole-habitat-solidaire.pdf
EOF

run_status 1 "$ESSDOCS" agreements input/round-2019-1.xml -o "$out" \
    --date 2026-11-26
cp "$T_TMP/err" "$T_TMP/run.err"
has "0019 is an error" "$T_TMP/run.err" "error: .*\(application 2019-0019\)$"
has "0020 is an error" "$T_TMP/run.err" "error: .*\(application 2019-0020\)$"
# stdout: the run's summary line only (lifecycle.md §4).
check "stdout: the summary line only" test "$(wc -l < "$T_TMP/out")" -eq 1
has "stdout: the summary line" "$T_TMP/out" \
    "^2019-1: 23 applications, 5 documents \(0 unchanged, 5 issued, 0 superseded or withdrawn\), 4 in error → $out/2019-1$"
ls "$dir" >"$T_TMP/got" 2>/dev/null
same_file "agreements written" "$T_TMP/got" "$T_TMP/want"
check "no agreement for 2019-0019" test -z "$(ls "$dir" | grep '^2019-0019')"
check "no agreement for 2019-0020" test -z "$(ls "$dir" | grep '^2019-0020')"
check "no temporary file left" test -z "$(ls -A "$dir" | grep -v '\.pdf$')"

# to_cents "4 500,50" -> 450050 (any separator between the thousands).
to_cents() {
	local s
	s=$(printf '%s' "$1" | tr -cd '0-9,')
	case $s in
	*,*) echo $(( 10#${s%,*} * 100 + 10#${s#*,} )) ;;
	*) echo $(( 10#$s * 100 )) ;;
	esac
}

# The text of a PDF on one line: hyphenated line ends joined, lines
# joined by a space (phrases may wrap anywhere).
flat() {
	pdftotext "$1" - 2>>"$T_TMP/poppler" |
	    sed -e ':a' -e 'N' -e '$!ba' -e 's/-\n//g' -e 's/\n/ /g' |
	    tr -s ' '
}

while read -r f; do
	p=$dir/$f
	id=${f%%-[a-z]*}
	: >"$T_TMP/poppler"
	run_status 0 qpdf --check "$p"
	has "$id: qpdf finds no error" "$T_TMP/out" \
	    "No syntax or stream encoding errors"
	pdffonts "$p" >"$T_TMP/fonts" 2>>"$T_TMP/poppler"
	check "$id: has fonts" test "$(tail -n +3 "$T_TMP/fonts" | wc -l)" -ge 1
	# A face may be two fonts (WinAnsi, Identity-H) of one subset.
	check "$id: at most three faces" test "$(tail -n +3 "$T_TMP/fonts" |
	    awk '{ print $1 }' | sort -u | wc -l)" -le 3
	check "$id: every font embedded" test -z "$(tail -n +3 "$T_TMP/fonts" |
	    awk '$(NF-4) != "yes"')"
	n=$(pdfinfo "$p" 2>>"$T_TMP/poppler" | awk '/^Pages:/ { print $2 }')
	check "$id: at least two pages" test "${n:-0}" -ge 2
	i=1
	while [ "$i" -le "${n:-0}" ]; do
		pdftotext -f "$i" -l "$i" "$p" "$T_TMP/page" 2>>"$T_TMP/poppler"
		has "$id: page $i numbered" "$T_TMP/page" "^Page $i sur $n\$"
		i=$((i + 1))
	done
	flat "$p" >"$T_TMP/text"
	has "$id: title" "$T_TMP/text" "CONVENTION D’ATTRIBUTION D’UNE SUBVENTION"
	has "$id: issuer SIREN" "$T_TMP/text" "SIREN 245901160"
	has "$id: deliberation" "$T_TMP/text" "délibération n° B-2019-0[0-9]{2}"
	has "$id: report form" "$T_TMP/text" "Cerfa n° 15059"
	has "$id: six months" "$T_TMP/text" "dans les six mois"
	has "$id: court" "$T_TMP/text" "tribunal administratif de Lille"
	has "$id: two originals" "$T_TMP/text" "en deux exemplaires originaux"
	hasnt "$id: no unfilled placeholder" "$T_TMP/text" "[{}]"
	for a in Objet Durée "Montant et nature de l’aide" \
	    "Modalités de versement" "Obligations du bénéficiaire" \
	    Justificatifs Contrôle Communication Reversement Avenant \
	    Résiliation Litiges; do
		has "$id: article $a" "$T_TMP/text" "Article [0-9]+ – $a"
	done

	# The instalments add up to the granted amount, to the cent.
	granted=$(grep -oE 'subvention est fixé à [^(]*\([^)]*€\)' "$T_TMP/text" |
	    sed 's/.*(//')
	sum=0
	k=0
	for v in $(grep -oE 'versement n° [0-9]+ [^)]*\) : [0-9]+ % de la subvention, soit [^(]*\([^)]*€\)' \
	    "$T_TMP/text" | sed 's/.*(//' | tr -d ' '); do
		sum=$((sum + $(to_cents "$v")))
		k=$((k + 1))
	done
	check "$id: two instalments" test "$k" -eq 2
	check "$id: the instalments add up ($sum vs $granted)" \
	    test -n "$granted" -a "$sum" -eq "$(to_cents "$granted")"

	# Both signature blocks and the place on the last page.
	pdftotext -layout -f "$n" -l "$n" "$p" "$T_TMP/last" 2>>"$T_TMP/poppler"
	has "$id: last page: place and date" "$T_TMP/last" \
	    "Fait à Valenciennes, le 26 novembre 2026, en deux exemplaires"
	has "$id: last page: both blocks" "$T_TMP/last" \
	    "Pour la Métropole, +Pour le bénéficiaire,"
	has "$id: last page: delegation" "$T_TMP/last" \
	    "Pour le Président et par délégation,"
	has "$id: last page: signatory" "$T_TMP/last" "Jean Exemple"
	check "$id: poppler is silent" test ! -s "$T_TMP/poppler"
done <"$T_TMP/want"

# Names, legal identities and representatives.
t=$T_TMP/text
flat "$dir/2019-0004-les-champignons-solidaires.pdf" >"$t"
has "0004: beneficiary" "$t" "Les Champignons Solidaires, société coopérative et participative \(SCOP\)"
has "0004: Greek representative" "$t" "représenté par Mme Ζωή Παπαδοπούλου, Gérante"
flat "$dir/2019-0006-colore-ma-vie.pdf" >"$t"
has "0006: Vietnamese representative" "$t" "Mme Thị Lan Nguyễn"
flat "$dir/2019-0001-l-espace-atria.pdf" >"$t"
has "0001: SIRET and RNA" "$t" "SIRET 56496156300041, RNA W595004187"
has "0001: fifteen thousand" "$t" "quinze mille euros \(15.000.€\)"

# 2019-0003, the spec's example: 8 000 € in two halves.
p=$dir/2019-0003-la-coloc-de-josephine.pdf
flat "$p" >"$t"
has "0003: beneficiary" "$t" "La Coloc de Joséphine, association"
has "0003: representative" "$t" "représenté par Mme Claire Dupont, Présidente"
has "0003: project" "$t" "« Colocation solidaire pour jeunes adultes porteurs de handicap »"
has "0003: received" "$t" "déposé le 11 février 2019"
has "0003: aid" "$t" "« Aide au démarrage »"
has "0003: amount in words and figures" "$t" "huit mille euros \(8.000.€\)"
has "0003: advance" "$t" "versement n° 1 \(avance\) : 50 % de la subvention, soit quatre mille euros \(4.000.€\)"
has "0003: balance" "$t" "versement n° 2 \(solde\) : 50 % de la subvention, soit quatre mille euros \(4.000.€\)"
has "0003: total" "$t" "soit au total 8.000.€"
has "0003: payment days" "$t" "dans un délai de 60 jours"
n=$(pdfinfo "$p" | awk '/^Pages:/ { print $2 }')
pdftotext -layout -f "$n" -l "$n" "$p" "$T_TMP/last"
has "0003: last page: the beneficiary's block" "$T_TMP/last" \
    "Jean Exemple +Mme Claire Dupont"
has "0003: last page: Litiges" "$T_TMP/last" "Article 12 – Litiges"
pdftotext -f 2 -l 2 "$p" "$T_TMP/page"
has "0003: running header" "$T_TMP/page" "Convention d’attribution d’une subvention n° 2019-0003"
pdftotext -f 1 -l 1 "$p" "$T_TMP/page"
hasnt "0003: no header on page 1" "$T_TMP/page" "Métropole – Convention"

# 2019-0023: cents, split to the cent.
flat "$dir/2019-0023-pole-habitat-solidaire.pdf" >"$t"
has "0023: amount with cents" "$t" "quatre mille cinq cents euros et cinquante centimes \(4.500,50.€\)"
has "0023: half with cents" "$t" "deux mille deux cent cinquante euros et vingt-cinq centimes \(2.250,25.€\)"

# Another run, into another directory and with two workers, writes the
# same bytes.
run_status 1 "$ESSDOCS" agreements input/round-2019-1.xml -o "$T_TMP/o2" \
    --date 2026-11-26 -j 2
ls "$T_TMP/o2/2019-1/agreements" >"$T_TMP/got" 2>/dev/null
same_file "the same files on a second run" "$T_TMP/got" "$T_TMP/want"
while read -r f; do
	check "$f byte-identical on a second run (-j 2)" \
	    cmp -s "$dir/$f" "$T_TMP/o2/2019-1/agreements/$f"
done <"$T_TMP/want"

done_testing
