#!/bin/bash
# regress.sh: one case per fixed bug, named after it.
. tests/e2e/lib.sh

# libharu 2.3.0 failed to save (error 0x1033, exit 70) when its rebuilt
# subset font ended exactly on a 4 096-byte boundary at one of the empty
# hinting tables it adds; found by `make bench` on the 4 919th agreement
# of a synthetic round.  With the agreement template of 2026-11-26 this
# record's italic face hit the boundary.  pdf.c now gives every subset
# no-op "cvt ", "fpgm" and "prep" tables.
run_status 0 "$ESSDOCS" agreements tests/data/regress/libharu-seek-boundary.xml \
    --call input/call-ess-2018-2020.xml -o "$T_TMP/seek" --date 2026-11-26
f=$(ls "$T_TMP"/seek/libharu-seek/agreements/*.pdf 2>/dev/null)
check "libharu seek: agreement written" test -n "$f"
check "libharu seek: qpdf" qpdf --check "$f"
pdffonts "$f" >"$T_TMP/fonts" 2>"$T_TMP/fonts.err"
check "libharu seek: poppler silent" test ! -s "$T_TMP/fonts.err"
hasnt "libharu seek: every font embedded" "$T_TMP/fonts" ' no +(yes|no) +(yes|no) +[0-9]+ +0$'

done_testing
