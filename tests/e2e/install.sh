#!/bin/bash
# install.sh: `make install` into a staging DESTDIR gives a binary that
# finds its templates, fonts and call file wherever it is run from, and
# `make uninstall` removes it all.
. tests/e2e/lib.sh

case "$ESSDOCS" in
*/bin/essdocs) ;;
*)	echo "install.sh: runs with the optimised build only" >&2
	done_testing; exit ;;
esac

make -s install DESTDIR="$T_TMP/stage" PREFIX=/usr >"$T_TMP/make.out" 2>&1
check "make install" test $? -eq 0
B=$T_TMP/stage/usr/bin/essdocs
S=$T_TMP/stage/usr/share/essdocs
check "binary installed" test -x "$B"
check "man page installed" test -f "$T_TMP/stage/usr/share/man/man1/essdocs.1"
for f in templates/letter.xml templates/agreement.xml templates/report.xml \
    templates/leaflet.xml fonts/Lato-Regular.ttf fonts/LICENSE-Lato.txt \
    input/call-ess-2018-2020.xml input/round.xsd input/call.xsd \
    input/issuer-logo-placeholder.png input/issuer-logo-placeholder.svg; do
	check "$f installed" test -f "$S/$f"
done
(cd "$T_TMP" && "$B" run "$OLDPWD/input/round-2019-1.xml" -o out -q \
    --date 2026-11-26 2>/dev/null)
check "installed binary writes every letter" \
    test "$(ls "$T_TMP/out/2019-1/letters" | wc -l)" -eq 21
(cd "$T_TMP" && "$B" leaflet "$S/input/call-ess-2018-2020.xml" -o leaflet.pdf)
check "installed binary writes the leaflet" test -s "$T_TMP/leaflet.pdf"
make -s uninstall DESTDIR="$T_TMP/stage" PREFIX=/usr >/dev/null 2>&1
check "uninstall removes the binary" test ! -e "$B"
check "uninstall removes the data" test ! -e "$S"

done_testing
