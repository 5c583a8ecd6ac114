#!/bin/bash
# pdfx.sh: what PDF/X-1a:2001 asks of the print leaflet, for every
# requirement qpdf can show (--json, --show-object), and the screen
# leaflet's reading order, links and language.  No PDF/X validator exists
# in Debian: this checks the keys and structures, not colour conformance.
. tests/e2e/lib.sh

call=input/call-ess-2018-2020.xml
pr=$T_TMP/print.pdf
sc=$T_TMP/screen.pdf
run_status 0 "$ESSDOCS" leaflet "$call" -o "$pr" --date 2026-11-26
run_status 0 "$ESSDOCS" leaflet "$call" -o "$sc" --screen --date 2026-11-26
if [ ! -s "$pr" ] || [ ! -s "$sc" ]; then
	fail "leaflets not written"
	done_testing
	exit
fi

# json FILE: qpdf's objects as one JSON file; py FILE EXPR: a Python
# expression over `o` (the objects), `cat` (the catalog), `info`, `tr`
# (the trailer) and `pages` (the page dictionaries in order).
json() { qpdf --json=1 --json-key=objects --json-key=pages "$1" >"$1.json"; }
py() {
	python3 - "$1.json" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
o = d["objects"]
tr = o["trailer"]
cat = o[tr["/Root"]]
info = o.get(tr.get("/Info", ""), {})
pages = [o[p["object"]] for p in d["pages"]]
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
}
json "$pr"
json "$sc"

# PDF/X-1a:2001 (ISO 15930-1), what the file itself must hold.
head -c 8 "$pr" >"$T_TMP/version"
has "print: PDF 1.3 (PDF/X-1a:2001 is based on it)" "$T_TMP/version" '^%PDF-1\.3'
check "print: one OutputIntent" py "$pr" 'len(cat.get("/OutputIntents", [])) == 1'
oi='(lambda i: o[i] if isinstance(i, str) else i)(cat["/OutputIntents"][0])'
check "print: OutputIntent /Type /OutputIntent" py "$pr" "$oi.get('/Type') == '/OutputIntent'"
check "print: OutputIntent /S /GTS_PDFX" py "$pr" "$oi['/S'] == '/GTS_PDFX'"
check "print: OutputConditionIdentifier (FOGRA39)" py "$pr" "$oi['/OutputConditionIdentifier'] == 'FOGRA39'"
check "print: RegistryName (http://www.color.org)" py "$pr" "$oi['/RegistryName'] == 'http://www.color.org'"
check "print: Info GTS_PDFXVersion (PDF/X-1:2001)" py "$pr" 'info.get("/GTS_PDFXVersion") == "PDF/X-1:2001"'
check "print: Info GTS_PDFXConformance (PDF/X-1a:2001)" py "$pr" 'info.get("/GTS_PDFXConformance") == "PDF/X-1a:2001"'
check "print: Info /Trapped /False" py "$pr" 'info.get("/Trapped") == "/False"'
check "print: Info /Title" py "$pr" 'len(info.get("/Title", "")) > 0'
check "print: Info CreationDate and ModDate with a time zone" py "$pr" \
    'all(info.get(k, "").startswith("D:20261126000000+00") for k in ("/CreationDate", "/ModDate"))'
check "print: trailer /ID" py "$pr" 'len(tr.get("/ID", [])) == 2'
check "print: a TrimBox on every page" py "$pr" 'all("/TrimBox" in p for p in pages)'
check "print: TrimBox inside BleedBox inside MediaBox" py "$pr" '
all(p["/MediaBox"][0] <= p["/BleedBox"][0] <= p["/TrimBox"][0] and
    p["/TrimBox"][2] <= p["/BleedBox"][2] <= p["/MediaBox"][2] for p in pages)'
check "print: no encryption" py "$pr" '"/Encrypt" not in tr'
check "print: no annotations on the pages" py "$pr" 'all("/Annots" not in p for p in pages)'
check "print: no transparency (no SMask, no ExtGState)" py "$pr" '
not any(isinstance(v, dict) and ("/SMask" in v or v.get("/Type") == "/ExtGState")
        for v in o.values())'
check "print: no RGB or ICC colour space" py "$pr" '
"DeviceRGB" not in json.dumps(o) and "ICCBased" not in json.dumps(o)'
check "print: every font embedded" py "$pr" '
all("/FontFile2" in v or "/FontFile" in v or "/FontFile3" in v
    for v in o.values() if isinstance(v, dict) and v.get("/Type") == "/FontDescriptor")'
check "print: no JavaScript, no actions" py "$pr" '
"/JavaScript" not in json.dumps(o) and "/OpenAction" not in cat and "/AA" not in cat'
check "print: /Lang (fr-FR)" py "$pr" 'cat.get("/Lang") == "fr-FR"'
run_status 0 qpdf --check "$pr"
has "print: qpdf --check" "$T_TMP/out" "No syntax or stream encoding errors"

# The screen leaflet: the cover first, links, language; no print keys.
check "screen: /Lang (fr-FR)" py "$sc" 'cat.get("/Lang") == "fr-FR"'
check "screen: no OutputIntent" py "$sc" '"/OutputIntents" not in cat'
check "screen: three pages, the cover (100 mm) first" py "$sc" '
len(pages) == 3 and abs(pages[0]["/MediaBox"][2] - 283.46) < 0.01'
pdftotext -f 1 -l 1 "$sc" "$T_TMP/p1.txt"
has "screen: page 1 is the cover" "$T_TMP/p1.txt" "APPEL À"
hasnt "screen: page 1 holds nothing else" "$T_TMP/p1.txt" "Conditions|Caroline|EXEMPLES"
pdftotext -f 2 -l 2 "$sc" "$T_TMP/p2.txt"
has "screen: page 2 is the inside" "$T_TMP/p2.txt" "Conditions"
links='[o[a]["/A"]["/URI"] for p in pages for a in p.get("/Annots", [])]'
check "screen: a link to the website" py "$sc" "'https://www.valenciennes-metropole.fr' in $links"
check "screen: a mailto: link" py "$sc" "'mailto:cvasseur@valenciennes-metropole.fr' in $links"
check "screen: links have no border" py "$sc" '
all(o[a].get("/Border") == [0, 0, 0] for p in pages for a in p.get("/Annots", []))'
check "screen: each link lies on its page" py "$sc" '
all(0 <= o[a]["/Rect"][0] < o[a]["/Rect"][2] <= p["/MediaBox"][2]
    for p in pages for a in p.get("/Annots", []))'
run_status 0 qpdf --check "$sc"
has "screen: qpdf --check" "$T_TMP/out" "No syntax or stream encoding errors"

done_testing
