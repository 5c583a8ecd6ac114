# pdf.sh: the PDF device's files, checked with the tools a print shop uses.
# The unit test build/tests/test_pdf writes them (ESSDOCS_TEST_PDF_DIR).
. tests/e2e/lib.sh

# The test binaries sit in BUILD/tests; $ESSDOCS is bin/essdocs for the
# build "build" and BUILD/essdocs for the others (make check-asan).
if [ -z "${BUILD:-}" ]; then
	case $ESSDOCS in
	*/bin/essdocs) BUILD=build ;;
	*) BUILD=$(dirname "$ESSDOCS") ;;
	esac
fi
tp=$BUILD/tests/test_pdf
out=$T_TMP/pdf

if [ ! -x "$tp" ]; then
	fail "$tp is not built"
	done_testing
	exit
fi
ESSDOCS_TEST_PDF_DIR=$out run_status 0 "$tp"
ms=$out/multiscript.pdf
lt=$out/letter.pdf

# Structure, fonts, text and boxes; poppler says nothing on stderr.
run_status 0 qpdf --check "$ms"
has "qpdf finds no error" "$T_TMP/out" "No syntax or stream encoding errors"
run_status 0 pdffonts "$ms"
check "pdffonts is silent" test ! -s "$T_TMP/err"
# Each face draws French and other scripts: a WinAnsi font for its
# CP1252 characters, an Identity-H font for the others.
check "eight fonts in all" test "$(tail -n +3 "$T_TMP/out" | wc -l)" -eq 8
check "four Identity-H fonts, embedded subsets with ToUnicode" \
    test "$(grep -c 'CID TrueType  *Identity-H  *yes yes yes' "$T_TMP/out")" -eq 4
check "four WinAnsi fonts, embedded subsets with ToUnicode" \
    test "$(grep -c ' TrueType  *WinAnsi  *yes yes yes' "$T_TMP/out")" -eq 4
run_status 0 pdftotext "$ms" -
check "pdftotext is silent" test ! -s "$T_TMP/err"
for name in "Łukasz Żółć" "Nguyễn Thị Minh Khai" "Ζωή Παπαδοπούλου" \
    "Юлия Иванова" "Çağrı Öztürk" "Dvořák"; do
	has "text has $name" "$T_TMP/out" "^$name\$"
done
run_status 0 pdfinfo -box -f 1 -l 2 "$ms"
check "pdfinfo is silent" test ! -s "$T_TMP/err"
has "title" "$T_TMP/out" "^Title: +Épreuve multi-écritures – Łódź$"
has "no date" "$T_TMP/out" "^Pages: "
hasnt "no date" "$T_TMP/out" "Date"
has "trim box" "$T_TMP/out" "^Page +2 TrimBox: +8\.50 +8\.50 +603\.78 +850\.39$"
has "bleed box" "$T_TMP/out" "^Page +2 BleedBox: +0\.00 +0\.00 +612\.28 +858\.90$"

# The letter is CMYK only, its black text 100 % K, and small.
mutool trace "$lt" 2>/dev/null | grep -o 'colorspace="[^"]*"' | sort -u \
    >"$T_TMP/cs"
has "letter uses CMYK" "$T_TMP/cs" "DeviceCMYK"
hasnt "letter has no RGB" "$T_TMP/cs" "DeviceRGB"
hasnt "letter has no gray" "$T_TMP/cs" "DeviceGray"
qpdf --qdf --object-streams=disable "$lt" "$T_TMP/lt.qdf"
has "black text is 0 0 0 1 k" "$T_TMP/lt.qdf" "^0 0 0 1 k$"
check "letter is at most 24 000 bytes" test "$(wc -c <"$lt")" -le 24000
# French text only: simple TrueType fonts on WinAnsiEncoding, with
# ToUnicode; no CIDToGIDMap (slow to build in libharu).
run_status 0 pdffonts "$lt"
check "letter: pdffonts is silent" test ! -s "$T_TMP/err"
check "letter: two WinAnsi fonts, embedded subsets with ToUnicode" \
    test "$(grep -c ' TrueType  *WinAnsi  *yes yes yes' "$T_TMP/out")" -eq 2
hasnt "letter: no Identity-H font" "$T_TMP/out" "Identity-H"
hasnt "letter: no CIDToGIDMap" "$T_TMP/lt.qdf" "CIDToGIDMap"
gs -q -o - -sDEVICE=ink_cov "$lt" >"$T_TMP/ink" 2>&1
# No yellow at all: the text is pure K (RGB black would become C+M+Y+K),
# the rules are C and M.
has "ink: no yellow" "$T_TMP/ink" \
    "^ *[0-9.]+ +[0-9.]+ +0\.00000 +[0-9.]+ CMYK OK"

# A synthetic round: every letter is at most 24 000 bytes, and names in
# other scripts come out of the letters exactly, poppler silent.
r=$T_TMP/r300
bench/gen-round 300 1 >"$r.xml"
run_status 0 "$ESSDOCS" letters "$r.xml" --call input/call-ess-2018-2020.xml \
    --date 2019-06-01 -o "$r" -q
check "round: 300 letters" \
    test "$(find "$r" -name '2019-*.pdf' | wc -l)" -eq 300
check "round: every letter at most 24 000 bytes" \
    test -z "$(find "$r" -name '*.pdf' -size +24000c)"
# Names of 44 characters in full 6-line blocks: over two lines, the
# contact line dropped as La Poste allows, never cut short.
for l in "2019-0116 SARL Textiles Réemploi|Rombies-et-Marchipont|M. Jérôme Lefèvre" \
    "2019-0293 Atelier Vélo Solidaire de|Fresnes-sur-Escaut|M. Théo Lemaire"; do
	id=${l%% *}
	l=${l#* }
	pdftotext -enc UTF-8 "$(find "$r" -name "$id-*.pdf")" "$T_TMP/a.txt"
	has "round: $id: the name's first line" "$T_TMP/a.txt" "^${l%%|*}\$"
	l=${l#*|}
	has "round: $id: its second line" "$T_TMP/a.txt" "^${l%%|*}\$"
	hasnt "round: $id: no contact line" "$T_TMP/a.txt" "^${l#*|}\$"
	has "round: $id: the third street line" "$T_TMP/a.txt" "^BP [0-9]+\$"
done
for l in "2019-0004 Mme Ζωή Παπαδοπούλου" "2019-0010 M. Дмитрий Соколов" \
    "2019-0052 Mme Nguyễn Thị Hương" "2019-0048 Mme Małgorzata Szczęsna"; do
	id=${l%% *}
	f=$(find "$r" -name "$id-*.pdf")
	run_status 0 pdftotext -enc UTF-8 "$f" -
	check "round: $id: pdftotext is silent" test ! -s "$T_TMP/err"
	has "round: $id: the name" "$T_TMP/out" "^${l#* }\$"
	run_status 0 pdffonts "$f"
	check "round: $id: pdffonts is silent" test ! -s "$T_TMP/err"
	has "round: $id: WinAnsi" "$T_TMP/out" " TrueType  *WinAnsi  *yes yes yes"
	has "round: $id: Identity-H" "$T_TMP/out" \
	    "CID TrueType  *Identity-H  *yes yes yes"
done

# Nothing temporary is left beside the files.
check "no temporary file left" test -z "$(ls -A "$out" | grep tmp-)"

done_testing
