#!/bin/bash
# logo.sh: the issuer's logo is drawn from its vector form (the call file's
# logo/@vector, an SVG in the subset svg.h lists) with path operators, no
# image in the PDF; a vector form essdocs does not draw, or none, leaves
# the PNG (logo/@src) drawn as an image.  Both look the same on the page.
. tests/e2e/lib.sh

D=$T_TMP/r
mkdir -p "$D"
cp input/round-2019-1.xml input/call-ess-2018-2020.xml \
    input/issuer-logo-placeholder.png input/issuer-logo-placeholder.svg "$D/"
letter() { ls "$1"/2019-1/letters/2019-0001-*.pdf 2>/dev/null | head -n 1; }

# The mean grey level (0 black .. 255 white) of the logo's box at 100 dpi.
logo_mean() {
	pdftoppm -r 100 -gray -f 1 -l 1 -x 590 -y 47 -W 157 -H 63 "$1" "$T_TMP/crop" &&
	python3 -c 'import sys
d = open(sys.argv[1], "rb").read().split(b"\n", 3)[3]
print(sum(d) // len(d))' "$T_TMP"/crop*.pgm
	rm -f "$T_TMP"/crop*.pgm
}

run_status 1 "$ESSDOCS" letters -q --date 2019-04-10 "$D/round-2019-1.xml" -o "$D/vec"
f=$(letter "$D/vec")
check "vector: a letter is written" test -n "$f"
pdfimages -list "$f" >"$T_TMP/img" 2>&1
check "vector: no image in the letter" test "$(tail -n +3 "$T_TMP/img" | wc -l)" -eq 0
qpdf --qdf --object-streams=disable "$f" "$T_TMP/q.pdf"
has "vector: drawn with path operators in the logo's box" "$T_TMP/q.pdf" \
    '^1 0 0 -1 425\.1[0-9]* 807\.8[0-9]* cm$'
pdftotext "$f" - 2>"$T_TMP/pt" >/dev/null
check "vector: poppler reads it without a warning" test ! -s "$T_TMP/pt"
vmean=$(logo_mean "$f")
check "vector: the logo's box is not blank ($vmean)" test "${vmean:-255}" -lt 235

# An SVG with text is not drawn by essdocs: the PNG is, as an image.
sed 's|<rect x="14"|<text x="46" y="40">logo</text><rect x="14"|' \
    input/issuer-logo-placeholder.svg >"$D/issuer-logo-placeholder.svg"
run_status 1 "$ESSDOCS" letters -q --date 2019-04-10 "$D/round-2019-1.xml" -o "$D/png"
hasnt "text in the SVG: no message (the PNG is a logo too)" "$T_TMP/err" 'logo|svg|SVG'
f=$(letter "$D/png")
pdfimages -list "$f" >"$T_TMP/img" 2>&1
has "text in the SVG: the PNG is drawn" "$T_TMP/img" ' image +472 +189 +gray +1 +8 '
pmean=$(logo_mean "$f")
check "the PNG and the vector form look alike ($pmean against $vmean)" \
    test $(( pmean > vmean ? pmean - vmean : vmean - pmean )) -le 6

# No SVG beside the call file: the PNG.
rm "$D/issuer-logo-placeholder.svg"
run_status 1 "$ESSDOCS" letters -q --date 2019-04-10 "$D/round-2019-1.xml" -o "$D/nosvg"
pdfimages -list "$(letter "$D/nosvg")" >"$T_TMP/img" 2>&1
has "no SVG: the PNG is drawn" "$T_TMP/img" ' image +472 +189 +gray '

# The letters are smaller without the image.
v=$(wc -c <"$(letter "$D/vec")")
p=$(wc -c <"$(letter "$D/nosvg")")
check "the vector letter ($v bytes) is at least 1 500 bytes smaller than the PNG one ($p)" \
    test $((p - v)) -ge 1500

done_testing
