#!/bin/bash
# input13.sh: what the input really says (issue 13), through the
# command line: the date of the documents against the application's
# dates, SOURCE_DATE_EPOCH, a grant too small to split, grouped
# percentages in the report, encodings that lie, composed accents,
# scripts the documents cannot set, CR-only line ends.
. tests/e2e/lib.sh
. tests/faults/gen.sh

CALL=input/call-ess-2018-2020.xml
D=2026-11-26
NB=$(printf '\xe2\x80\xaf')

# text FILE: the PDF's text, one line per line, in $T_TMP/txt.
text() {
	pdftotext -layout "$1" "$T_TMP/txt" 2>"$T_TMP/txt.err"
	check "$1: poppler silent" test ! -s "$T_TMP/txt.err"
}

# --- SOURCE_DATE_EPOCH: digits only, else a usage error, not today. ---
for v in abc -5 1.5e9 ' 12' 12abc 99999999999999999999; do
	SOURCE_DATE_EPOCH=$v run_status 64 "$ESSDOCS" check input/round-2019-1.xml
	has "SOURCE_DATE_EPOCH='$v': said" "$T_TMP/err" \
	    "^essdocs: error: SOURCE_DATE_EPOCH wants whole seconds since 1970-01-01 \(digits only\), not '$v'$"
	check "SOURCE_DATE_EPOCH='$v': nothing on stdout" test ! -s "$T_TMP/out"
done
# A valid one dates the letters: 1574726400 is 2019-11-26.
{ gen_head e; gen_app E1 Alpha; gen_tail; } > "$T_TMP/e.xml"
SOURCE_DATE_EPOCH=1574726400 run_status 0 "$ESSDOCS" letters "$T_TMP/e.xml" \
    --call $CALL -o "$T_TMP/e"
text "$T_TMP"/e/e/letters/E1-alpha.pdf
has "SOURCE_DATE_EPOCH dates the letter" "$T_TMP/txt" "le 26 novembre 2019"
SOURCE_DATE_EPOCH= run_status 0 "$ESSDOCS" check "$T_TMP/e.xml" --call $CALL

# --- Dates against the date of the documents. ---
# Received after --date: the letter would answer a file not yet filed.
run_status 1 "$ESSDOCS" letters "$T_TMP/e.xml" --call $CALL -o "$T_TMP/e2" \
    --date 2019-02-01 -q
has "received after --date: located record error" "$T_TMP/err" \
    "^essdocs: $T_TMP/e.xml:3: error: <application received>: 2019-02-11 is after the date of the documents \(2019-02-01, --date\) \(application E1\)$"
check "received after --date: no letter" test -z "$(ls "$T_TMP/e2/e/letters" 2>/dev/null)"
# A decision dated after --date, and one before the application.
{ gen_head f
  gen_app F1 Alpha "" '
    <decision status="granted" amount="8000.00" date="2019-04-02" deliberation="B-1"/>'
  gen_app F2 Beta "" '
    <decision status="granted" amount="8000.00" date="2019-01-02" deliberation="B-2"/>'
  gen_app F3 Gamma
  gen_tail; } > "$T_TMP/f.xml"
run_status 1 "$ESSDOCS" run "$T_TMP/f.xml" --call $CALL -o "$T_TMP/f" \
    --date 2019-03-01 -q
has "decision after --date" "$T_TMP/err" \
    "error: <decision date>: 2019-04-02 is after the date of the documents \(2019-03-01, --date\), which quote the decision \(application F1\)$"
has "decision before received" "$T_TMP/err" \
    "error: <decision date>: 2019-01-02 is before the application was received \(2019-02-11\) \(application F2\)$"
check "dates: two errors only" test "$(wc -l < "$T_TMP/err")" -eq 2
check "dates: no agreement for either" test -z "$(ls "$T_TMP/f/f/agreements" 2>/dev/null)"
check "dates: the third written" test -f "$T_TMP/f/f/letters/F3-gamma.pdf"

# --- A grant of 0,01 €: one payment, never "zéro euro". ---
{ gen_head g
  gen_app G1 Alpha "" '
    <decision status="granted" amount="0.01" date="2019-03-15" deliberation="B-1"/>'
  gen_app G2 Beta "" '
    <decision status="granted" amount="0.03" date="2019-03-15" deliberation="B-2"/>'
  gen_tail; } > "$T_TMP/g.xml"
run_status 0 "$ESSDOCS" agreements "$T_TMP/g.xml" --call $CALL -o "$T_TMP/g" --date $D
text "$T_TMP"/g/g/agreements/G1-alpha.pdf
has "0,01 €: one instalment" "$T_TMP/txt" "versement n° 1 \(versement unique\) : 100 % de la subvention, soit un centime"
hasnt "0,01 €: no second instalment" "$T_TMP/txt" "versement n° 2"
hasnt "0,01 €: never zero" "$T_TMP/txt" "(zéro|[^0-9,]0${NB}€)"
text "$T_TMP"/g/g/agreements/G2-beta.pdf
has "0,03 €: two instalments" "$T_TMP/txt" "versement n° 2 \(solde\)"
hasnt "0,03 €: never zero" "$T_TMP/txt" "(zéro|[^0-9,]0${NB}€)"

# --- Percentages in the report, grouped by thousands. ---
{ gen_head p | sed 's/date="2019-03-15"/& budget="0.01"/'
  gen_app P1 Alpha "" '
    <decision status="granted" amount="10000.00" date="2019-03-15" deliberation="B-1"/>'
  gen_tail; } > "$T_TMP/p.xml"
run_status 0 "$ESSDOCS" report "$T_TMP/p.xml" --call $CALL -o "$T_TMP/p" --date $D -q
text "$T_TMP/p/p/report.pdf"
has "budget used: 100 000 000,0 % grouped" "$T_TMP/txt" "100(${NB}| )000(${NB}| )000,0"
hasnt "budget used: never ungrouped" "$T_TMP/txt" "100000000,0"

# --- Encodings that lie. ---
# A UTF-8 BOM with encoding="ISO-8859-1": the whole file, nothing written.
{ printf '\xef\xbb\xbf'; gen_head b | sed 's/UTF-8/ISO-8859-1/'
  gen_app B1 'La Coloc de Joséphine'; gen_tail; } > "$T_TMP/b.xml"
run_status 65 "$ESSDOCS" run "$T_TMP/b.xml" --call $CALL -o "$T_TMP/b" --date $D
has "BOM vs declaration" "$T_TMP/err" \
    "^essdocs: $T_TMP/b.xml:1: error: the file starts with a UTF-8 byte-order mark but declares encoding=\"ISO-8859-1\""
check "BOM vs declaration: nothing written" test ! -e "$T_TMP/b"
# UTF-8 without BOM declared ISO-8859-1: a hint, and no "JosÃ©phine".
{ gen_head u | sed 's/UTF-8/ISO-8859-1/'
  gen_app U1 'La Coloc de Joséphine'; gen_app U2 Plain; gen_tail; } > "$T_TMP/u.xml"
run_status 1 "$ESSDOCS" letters "$T_TMP/u.xml" --call $CALL -o "$T_TMP/u" --date $D
has "UTF-8 declared Latin-1: the hint" "$T_TMP/err" \
    "^essdocs: $T_TMP/u.xml:1: warning: the file declares encoding=\"ISO-8859-1\" but its bytes are UTF-8"
has "UTF-8 declared Latin-1: the record refused" "$T_TMP/err" \
    "error: <name>: \"Ã©\" is a doubly encoded U\+00E9 .*declare encoding=\"UTF-8\" \(application U1\)$"
check "UTF-8 declared Latin-1: no letter with Ã©" test ! -e "$T_TMP"/u/u/letters/U1-*.pdf
has "UTF-8 declared Latin-1: each text refused" "$T_TMP/err" \
    "error: <contact role>: \"Ã©\" is a doubly encoded .* \(application U2\)$"
check "UTF-8 declared Latin-1: no letter at all" test -z "$(ls "$T_TMP/u/u/letters" 2>/dev/null)"

# --- Decomposed accents print composed. ---
{ gen_head n; gen_app N1 "$(printf 'La Coloc de Jose\xcc\x81phine')"; gen_tail; } > "$T_TMP/n.xml"
run_status 0 "$ESSDOCS" letters "$T_TMP/n.xml" --call $CALL -o "$T_TMP/n" --date $D
text "$T_TMP/n/n/letters/N1-la-coloc-de-josephine.pdf"
has "NFD name printed with its accent" "$T_TMP/txt" "La Coloc de Joséphine"
pdffonts "$T_TMP/n/n/letters/N1-la-coloc-de-josephine.pdf" >/dev/null 2>"$T_TMP/fe"
check "NFD: no missing glyph" test ! -s "$T_TMP/fe"

# --- Scripts the documents cannot set: a record error, no letter. ---
{ gen_head s; gen_app S1 'עמותת שלום'; gen_app S2 'Ζωή Παπαδοπούλου'; gen_tail; } > "$T_TMP/s.xml"
run_status 1 "$ESSDOCS" letters "$T_TMP/s.xml" --call $CALL -o "$T_TMP/s" --date $D -q
has "Hebrew: named" "$T_TMP/err" "error: <name>: Hebrew script \(U\+05E2\) cannot be printed.* \(application S1\)$"
check "Hebrew: one error" test "$(wc -l < "$T_TMP/err")" -eq 1
check "Hebrew: no letter" test ! -e "$T_TMP"/s/s/letters/S1-*.pdf
check "Greek: written" test -n "$(ls "$T_TMP"/s/s/letters/S2-*.pdf 2>/dev/null)"

# --- CR-only line ends: the error on its real line. ---
{ gen_head c; gen_app C1 Alpha; gen_app C2 Beta | sed 's/2019-02-11/2019-02-30/'
  gen_tail; } | tr '\n' '\r' > "$T_TMP/c.xml"
run_status 1 "$ESSDOCS" check "$T_TMP/c.xml" --call $CALL
has "CR-only: line 23" "$T_TMP/err" "^essdocs: $T_TMP/c.xml:23: error: <application received>: 2019-02-30 is not a real date \(application C2\)$"

done_testing
