#!/bin/bash
# pdfpack.sh: the documents sent to applicants (letters, receipts,
# decisions, agreements, the report) are PDF 1.5, their objects in one
# object stream with a cross-reference stream (src/pdfpack.c), without
# the PDF/X claims of the print leaflet, and read cleanly by qpdf,
# poppler, Ghostscript and mutool; the print leaflet stays PDF 1.3.
. tests/e2e/lib.sh

out=$T_TMP/o
run_status 1 "$ESSDOCS" run input/round-2019-1.xml -o "$out" --date 2026-11-26
n=0
for f in "$out"/2019-1/*.pdf "$out"/2019-1/*/*.pdf; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	b=$(basename "$f")
	head -c 9 "$f" >"$T_TMP/head"
	has "$b: PDF 1.5" "$T_TMP/head" '^%PDF-1\.5$'
	qpdf --check "$f" >"$T_TMP/check" 2>&1
	has "$b: qpdf --check" "$T_TMP/check" 'No syntax or stream encoding errors'
	hasnt "$b: qpdf warns" "$T_TMP/check" 'WARNING'
	qpdf --json=1 --json-key=objects "$f" >"$T_TMP/j" 2>"$T_TMP/err"
	python3 - "$T_TMP/j" >"$T_TMP/facts" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))["objects"]
tr = o["trailer"]
cat = o[tr["/Root"]]
info = o[tr["/Info"]]
print("xref stream" if tr.get("/Type") == "/XRef" else "xref table")
print("id" if len(tr.get("/ID", [])) == 2 else "no id")
print("lang " + cat.get("/Lang", ""))
# qpdf's JSON v1 shows a stream as its dictionary.
print("objstm" if any(isinstance(v, dict) and v.get("/Type") == "/ObjStm"
    for v in o.values()) else "no objstm")
for k in ("/OutputIntents",):
	if k in cat: print("catalog " + k)
for k in ("/GTS_PDFXVersion", "/GTS_PDFXConformance", "/Trapped"):
	if k in info: print("info " + k)
lens = [v["/Length"] for v in o.values()
    if isinstance(v, dict) and "/Length" in v]
print("indirect length" if any(isinstance(l, str) for l in lens) else "direct lengths")
PY
	has "$b: cross-reference stream" "$T_TMP/facts" '^xref stream$'
	has "$b: object stream" "$T_TMP/facts" '^objstm$'
	has "$b: trailer /ID" "$T_TMP/facts" '^id$'
	has "$b: /Lang" "$T_TMP/facts" '^lang fr-FR$'
	has "$b: stream lengths direct" "$T_TMP/facts" '^direct lengths$'
	hasnt "$b: no PDF/X claims" "$T_TMP/facts" '^(catalog|info) '
	pdffonts "$f" >"$T_TMP/fonts" 2>"$T_TMP/err"
	check "$b: pdffonts is silent" test ! -s "$T_TMP/err"
	check "$b: every font embedded" test "$(tail -n +3 "$T_TMP/fonts" |
	    awk '$(NF-4) != "yes"' | wc -l)" -eq 0
	pdftotext "$f" "$T_TMP/txt" 2>"$T_TMP/err"
	check "$b: pdftotext is silent" test ! -s "$T_TMP/err"
	check "$b: has text" test -s "$T_TMP/txt"
	pdftoppm -r 20 -png "$f" "$T_TMP/p" 2>"$T_TMP/err"
	check "$b: pdftoppm is silent" test ! -s "$T_TMP/err"
done
check "59 documents and the report" test "$n" -eq 60

# One letter through Ghostscript and mutool, and the same text as the
# layout says it (the letters' own test reads the wording).
l=$(ls "$out"/2019-1/letters/2019-0001-*.pdf)
gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pnggray -r30 \
    -sOutputFile="$T_TMP/gs.png" "$l" >"$T_TMP/gsout" 2>&1
check "ghostscript renders the letter" test -s "$T_TMP/gs.png"
hasnt "ghostscript is silent" "$T_TMP/gsout" '.'
mutool draw -q -r 30 -o "$T_TMP/mu.png" "$l" >"$T_TMP/muout" 2>&1
check "mutool renders the letter" test -s "$T_TMP/mu.png"
hasnt "mutool reports no error" "$T_TMP/muout" 'error'
pdftotext "$l" "$T_TMP/l.txt"
has "letter text" "$T_TMP/l.txt" 'Objet : Appel à projets Économie sociale et solidaire'

# The print leaflet: PDF/X-1a:2001 is PDF 1.3, a table, no object stream.
run_status 0 "$ESSDOCS" leaflet input/call-ess-2018-2020.xml \
    -o "$T_TMP/print.pdf" --date 2026-11-26
head -c 9 "$T_TMP/print.pdf" >"$T_TMP/head"
has "leaflet: PDF 1.3" "$T_TMP/head" '^%PDF-1\.3$'
hasnt "leaflet: no object stream" "$T_TMP/print.pdf" '/ObjStm'
has "leaflet: a cross-reference table" "$T_TMP/print.pdf" '^xref'
has "leaflet: PDF/X" "$T_TMP/print.pdf" 'GTS_PDFXVersion'
done_testing
