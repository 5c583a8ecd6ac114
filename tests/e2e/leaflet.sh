# leaflet.sh: the call's leaflet, print and screen versions, checked with the
# tools a print shop uses (boxes, fonts, colour spaces, ink, marks) and
# against the text of the original leaflet (tests/data/leaflet/seed.txt).
. tests/e2e/lib.sh

# Under ASan, LeakSanitizer lists the suppressions it used (libhyphen's own
# load leak) on stderr: keep that off so that "silent" means silent.
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0"

call=input/call-ess-2018-2020.xml
seed=tests/data/leaflet/seed.txt
pr=$T_TMP/leaflet.pdf
sc=$T_TMP/screen.pdf

run_status 0 "$ESSDOCS" leaflet "$call" -o "$pr"
check "leaflet: silent" test ! -s "$T_TMP/err"
run_status 0 "$ESSDOCS" leaflet "$call" --screen -o "$sc"
check "leaflet --screen: silent" test ! -s "$T_TMP/err"
for f in "$pr" "$sc"; do
	check "$f written" test -s "$f"
done
if [ ! -s "$pr" ] || [ ! -s "$sc" ]; then
	done_testing
	exit
fi

# The same input gives the same bytes.
cp "$pr" "$T_TMP/first.pdf"
run_status 0 "$ESSDOCS" leaflet "$call" -o "$pr"
check "leaflet: same bytes again" cmp -s "$pr" "$T_TMP/first.pdf"

# Both versions: structure, pages (print: outside and inside; screen: the
# cover, the inside, the back and inner flap), fonts; poppler silent.
for f in "$pr" "$sc"; do
	v=$(basename "$f" .pdf)
	np=2
	[ "$f" = "$sc" ] && np=3
	run_status 0 qpdf --check "$f"
	has "$v: qpdf finds no error" "$T_TMP/out" \
	    "No syntax or stream encoding errors"
	run_status 0 pdfinfo "$f"
	check "$v: pdfinfo is silent" test ! -s "$T_TMP/err"
	has "$v: $np pages" "$T_TMP/out" "^Pages: +$np$"
	run_status 0 pdffonts "$f"
	check "$v: pdffonts is silent" test ! -s "$T_TMP/err"
	check "$v: some fonts" test "$(tail -n +3 "$T_TMP/out" | wc -l)" -ge 1
	hasnt "$v: every font embedded" "$T_TMP/out" " no +(yes|no) +(yes|no) +[0-9]+ +[0-9]+$"
	run_status 0 pdftoppm -r 20 -png "$f" "$T_TMP/$v"
	check "$v: pdftoppm is silent" test ! -s "$T_TMP/err"
	check "$v: $np pages rendered" \
	    test "$(ls "$T_TMP/$v"-*.png 2>/dev/null | wc -l)" -eq $np
done

# boxes FILE PAGE BOX: "x0 y0 x1 y1" of that box, from pdfinfo -box.
boxes() {
	pdfinfo -box -f 1 -l 3 "$1" 2>/dev/null |
	    awk -v p="$2" -v b="$3:" '$1 == "Page" && $2 == p && $3 == b {
		print $4, $5, $6, $7 }'
}

# Print: TrimBox is A4 landscape, BleedBox 3 mm (8.50 pt) larger on each
# side, MediaBox larger still (room for the marks).
for p in 1 2; do
	m=$(boxes "$pr" $p MediaBox)
	b=$(boxes "$pr" $p BleedBox)
	t=$(boxes "$pr" $p TrimBox)
	check "print p$p: boxes present" test -n "$m" -a -n "$b" -a -n "$t"
	check "print p$p: TrimBox 841.89 x 595.28 ($t)" awk -v t="$t" 'BEGIN {
		split(t, a, " "); w = a[3] - a[1]; h = a[4] - a[2]
		exit !(w > 841.87 && w < 841.91 && h > 595.26 && h < 595.30) }'
	check "print p$p: BleedBox = TrimBox + 3 mm ($b)" \
	    awk -v t="$t" -v b="$b" 'BEGIN {
		split(t, a, " "); split(b, c, " ")
		for (i = 1; i <= 4; i++) {
			d = (i <= 2) ? a[i] - c[i] : c[i] - a[i]
			if (d < 8.49 || d > 8.52) exit 1
		}
		exit 0 }'
	check "print p$p: MediaBox larger than BleedBox ($m)" \
	    awk -v m="$m" -v b="$b" 'BEGIN {
		split(m, a, " "); split(b, c, " ")
		exit !(a[1] < c[1] && a[2] < c[2] && a[3] > c[3] && a[4] > c[4]) }'
done

# Screen: no page boxes other than the MediaBox: the cover panel (100 mm),
# the inside (A4 landscape), the back and inner flap (197 mm).
for pw in 1:283.46 2:841.89 3:558.43; do
	p=${pw%%:*}
	m=$(boxes "$sc" $p MediaBox)
	check "screen p$p: ${pw#*:} x 595.28 ($m)" awk -v t="$m" -v w="${pw#*:}" 'BEGIN {
		split(t, a, " ")
		exit !(a[1] == 0 && a[2] == 0 && a[3] == w && a[4] == 595.28) }'
	for box in BleedBox TrimBox; do
		check "screen p$p: $box is the MediaBox" \
		    test "$(boxes "$sc" $p $box)" = "$m"
	done
done

# Colour spaces: print is CMYK only, screen RGB only.
# Images may be in grey levels (a PNG logo: PDF/X-1a allows DeviceGray),
# nothing else; the placeholder logo is drawn from its SVG, in CMYK.
mutool trace "$pr" 2>/dev/null >"$T_TMP/trace"
grep -v '<fill_image' "$T_TMP/trace" | grep -o 'colorspace="[^"]*"' |
    sort -u >"$T_TMP/cs"
has "print: CMYK" "$T_TMP/cs" "DeviceCMYK"
hasnt "print: no RGB" "$T_TMP/cs" "DeviceRGB"
hasnt "print: no gray but images" "$T_TMP/cs" "DeviceGray"
grep '<fill_image' "$T_TMP/trace" | grep -o 'colorspace="[^"]*"' |
    sort -u >"$T_TMP/ics"
has "print: the logo is drawn, its grey square in black ink" "$T_TMP/trace" \
    '<fill_path [^>]*colorspace="DeviceCMYK" color="0 0 0 .749"'
hasnt "print: no RGB image" "$T_TMP/ics" "DeviceRGB"
mutool trace "$sc" 2>/dev/null | grep -o 'colorspace="[^"]*"' | sort -u \
    >"$T_TMP/cs"
has "screen: RGB" "$T_TMP/cs" "DeviceRGB"
hasnt "screen: no CMYK" "$T_TMP/cs" "DeviceCMYK"
# Black text is 100 % K, never a rich black.
has "print: black text is 0 0 0 1" "$T_TMP/trace" \
    '<fill_text colorspace="DeviceCMYK" color="0 0 0 1"'
check "print: no rich black text" awk '
	/<fill_text/ && / color="[^"]* 1"/ && !/ color="0 0 0 1"/ { bad++ }
	END { exit bad > 0 }' "$T_TMP/trace"

# Marks: hairlines in 100 % K, all outside the bleed; 8 crop marks and
# 2 per fold on each page; the folds at 97 and 197 mm from the left trim
# edge outside (page 1), 100 and 200 mm inside (page 2), so that they meet.
awk '
/<page number=/ { p = $2; gsub(/[^0-9]/, "", p) }
/<stroke_path linewidth=".25"/ { mark = 1; n[p]++
	if ($0 !~ /colorspace="DeviceCMYK" color="0 0 0 1"/) bad++ }
mark && /<(moveto|lineto)/ {
	x = $2; y = $3; gsub(/[^0-9.]/, "", x); gsub(/[^0-9.]/, "", y)
	x += 0; y += 0
	if (/moveto/) { x0 = x; y0 = y } else if (x0 == x) xs[p] = xs[p] " " x
	if (x > 17.02 && x < 875.90 && y > 17.02 && y < 629.28) bad++ }
/<\/stroke_path>/ { mark = 0 }
END { printf "%d %d %d\n", n[1], n[2], bad
	print xs[1]; print xs[2] }' "$T_TMP/trace" >"$T_TMP/marks"
check "print: 12 marks a page, outside the bleed, in K ($(head -1 "$T_TMP/marks"))" \
    test "$(head -1 "$T_TMP/marks")" = "12 12 0"
# The distinct x of the vertical marks, in mm from the trim's left edge.
foldmm() {
	sed -n "$1p" "$T_TMP/marks" | tr ' ' '\n' | grep . | sort -nu |
	    awk '{ printf "%s%.0f", (NR > 1 ? " " : ""), ($1 - 25.51) / 72 * 25.4 }'
}
check "print: outside folds at 97 and 197 mm ($(foldmm 2))" \
    test "$(foldmm 2)" = "0 97 197 297"
check "print: inside folds at 100 and 200 mm ($(foldmm 3))" \
    test "$(foldmm 3)" = "0 100 200 297"

# Safe margin: every word 5 mm or more inside the trim and away from the
# folds of its page (the trim starts 25.51 pt into the MediaBox).
pdftotext -bbox "$pr" "$T_TMP/bbox.html" 2>/dev/null
check "print: every word 5 mm from the trim and the folds" awk '
function num(s) { sub(/^[^"]*"/, "", s); sub(/".*/, "", s); return s + 0 }
BEGIN { mm = 72 / 25.4; o = 25.51; s = 5 * mm - 0.05
	f[1, 1] = 97; f[1, 2] = 197; f[2, 1] = 100; f[2, 2] = 200 }
/<page / { p++ }
/<word / { n++
	x0 = num(substr($0, index($0, "xMin=")))
	y0 = num(substr($0, index($0, "yMin=")))
	x1 = num(substr($0, index($0, "xMax=")))
	y1 = num(substr($0, index($0, "yMax=")))
	if (x0 < o + s || y0 < o + s || x1 > o + 297 * mm - s ||
	    y1 > o + 210 * mm - s) { bad++; print "trim:", $0 > "/dev/stderr" }
	for (i = 1; i <= 2; i++) {
		x = o + f[p, i] * mm
		if (x1 > x - s && x0 < x + s) { bad++; print "fold:", $0 > "/dev/stderr" }
	}
}
END { exit !(p == 2 && n > 300 && bad == 0) }' "$T_TMP/bbox.html"

# Ink: average coverage per page (ink_cov), and the largest C+M+Y+K of any
# pixel at 72 dpi inside the trim, both at most 300 %.
gs -q -o - -sDEVICE=ink_cov "$pr" >"$T_TMP/ink" 2>&1
check "print: ink_cov gives two CMYK pages" \
    test "$(grep -c 'CMYK OK$' "$T_TMP/ink")" -eq 2
check "print: average ink per page at most 300 %" awk '
	/CMYK OK$/ { if ($1 + $2 + $3 + $4 > 300) bad++; n++ }
	END { exit !(n == 2 && bad == 0) }' "$T_TMP/ink"
gs -q -o "$T_TMP/tac-%d.pam" -sDEVICE=pamcmyk32 -r72 -dUseTrimBox "$pr" \
    >/dev/null 2>&1
for p in 1 2; do
	pam=$T_TMP/tac-$p.pam
	# The header ends with "ENDHDR\n"; then 4 bytes (C, M, Y, K) a pixel.
	off=$(grep -abo ENDHDR "$pam" 2>/dev/null | head -1 | cut -d: -f1)
	if [ -z "$off" ]; then
		fail "print p$p: no PAM rendering"
		continue
	fi
	tac=$(tail -c +$((off + 8)) "$pam" | od -An -v -tu1 -w4 |
	    awk '{ s = $1 + $2 + $3 + $4; if (s > m) m = s; n++ }
		END { printf "%d %.1f\n", n, m * 100 / 255 }')
	check "print p$p: 842 x 595 pixels measured ($tac)" \
	    test "${tac% *}" -eq $((842 * 595))
	check "print p$p: total ink at most 300 % (max ${tac#* } %)" \
	    awk -v m="${tac#* }" 'BEGIN { exit !(m > 0 && m <= 300) }'
done

# Every word of the original leaflet is in both versions' text.  Words are
# runs of letters and digits (apostrophes, quotes, hyphens and ellipses
# separate them); a word hyphenated at a line end counts joined and apart;
# digit groups are joined ("10 000", the phone number, which the call
# prints in pairs).  The call file fixes three artefacts of the original:
# "gou-vernance", "thèmatiques", "amorphine", and its typography (listed in
# its comments): "ECONOMIE" is "ÉCONOMIE", "l’Art L3332-17-1" is
# "l’article L. 3332-17-1".
nbsp=$(printf '\302\240')
nnbsp=$(printf '\342\200\257')
# words: the distinct words of stdin, one a line.
words() {
	LC_ALL=C.UTF-8 sed -e ':a' -e 'N' -e '$!ba' \
	    -e "s/$nbsp/ /g" -e "s/$nnbsp/ /g" \
	    -e ':d' -e 's/\([0-9]\) \([0-9]\)/\1\2/' -e 'td' |
	    LC_ALL=C.UTF-8 grep -o '[[:alnum:]]\+' | LC_ALL=C.UTF-8 sort -u
}
# joined: stdin with words hyphenated at a line end joined.
joined() {
	LC_ALL=C.UTF-8 sed -e ':a' -e 'N' -e '$!ba' \
	    -e 's/\([[:alpha:]]\)-[ ]*\n[ ]*\([[:alpha:]]\)/\1\2/g'
}
joined <"$seed" | sed -e 's/thèmatiques/thématiques/g' \
    -e 's/amorphine/morphine/g' -e 's/ECONOMIE/ÉCONOMIE/g' \
    -e 's/l’Art L3332/l’article L 3332/g' | words >"$T_TMP/seed.words"
check "seed: many words" test "$(wc -l <"$T_TMP/seed.words")" -gt 200
for f in "$pr" "$sc"; do
	v=$(basename "$f" .pdf)
	run_status 0 pdftotext -raw -enc UTF-8 "$f" "$T_TMP/$v.txt"
	check "$v: pdftotext is silent" test ! -s "$T_TMP/err"
	{ words <"$T_TMP/$v.txt"; joined <"$T_TMP/$v.txt" | words; } |
	    LC_ALL=C.UTF-8 sort -u >"$T_TMP/$v.words"
	LC_ALL=C.UTF-8 comm -23 "$T_TMP/seed.words" "$T_TMP/$v.words" \
	    >"$T_TMP/$v.missing"
	check "$v: every word of the original leaflet ($(tr '\n' ' ' <"$T_TMP/$v.missing"))" \
	    test ! -s "$T_TMP/$v.missing"
done
# The conditions drawn from the aids' descriptions are not bullets.
hasnt "print: no non-leaflet condition" "$T_TMP/leaflet.txt" \
    "Besoin économique non couvert|Créatrice d’emploi"

# The print shop's sheet: 5 mm bleed, no marks.  The boxes follow, the
# MediaBox is the BleedBox, and the backgrounds reach the bleed's edge.
run_status 0 "$ESSDOCS" leaflet input/call-ess-2018-2020.xml -o "$T_TMP/b5.pdf" --bleed 5 --no-marks
pdfinfo -box -f 1 -l 2 "$T_TMP/b5.pdf" >"$T_TMP/b5.box" 2>"$T_TMP/b5.err"
check "bleed 5: poppler silent" test ! -s "$T_TMP/b5.err"
has "bleed 5: TrimBox" "$T_TMP/b5.box" "^Page +1 TrimBox: +14\.17 +14\.17 +856\.06 +609\.45$"
has "bleed 5: BleedBox" "$T_TMP/b5.box" "^Page +2 BleedBox: +0\.00 +0\.00 +870\.24 +623\.62$"
has "bleed 5: no room for marks" "$T_TMP/b5.box" "^Page +1 MediaBox: +0\.00 +0\.00 +870\.24 +623\.62$"
run_status 0 "$ESSDOCS" leaflet input/call-ess-2018-2020.xml -o "$T_TMP/b5.dump" --bleed 5 --no-marks --dump
has "bleed 5: page 1 background from the bleed's corner" "$T_TMP/b5.dump" "^  rect 0\.00 0\.00 "
hasnt "bleed 5: no mark lines" "$T_TMP/b5.dump" "^  line .* cmyk\\(0,0,0,1\\) 0\\.25$"
run_status 0 "$ESSDOCS" leaflet input/call-ess-2018-2020.xml -o "$T_TMP/b3.dump" --dump
has "print: mark lines by default" "$T_TMP/b3.dump" "^  line .* cmyk\\(0,0,0,1\\) 0\\.25$"
hasnt "bleed 5: nothing beyond the bleed" "$T_TMP/b5.dump" "^  rect -"
run_status 64 "$ESSDOCS" leaflet input/call-ess-2018-2020.xml -o "$T_TMP/x.pdf" --bleed 12
has "bleed range" "$T_TMP/err" "--bleed wants millimetres from 0 to 10"
run_status 64 "$ESSDOCS" leaflet input/call-ess-2018-2020.xml -o "$T_TMP/x.pdf" --screen --no-marks
run_status 64 "$ESSDOCS" check input/round-2019-1.xml --bleed 3

done_testing
