#!/bin/bash
# golden.sh: the layout of each kind of document (`--dump`) against its
# golden file: any change in what is printed where shows up as a diff.
# After an intended change, regenerate with UPDATE_GOLDEN=1 and review
# the diff before committing.
. tests/e2e/lib.sh

G=tests/golden/documents
run_status 1 "$ESSDOCS" run input/round-2019-1.xml -o "$T_TMP/d" --dump \
    --date 2026-11-26 -q
run_status 0 "$ESSDOCS" leaflet input/call-ess-2018-2020.xml --dump \
    -o "$T_TMP/leaflet.dump"
run_status 0 "$ESSDOCS" leaflet input/call-ess-2018-2020.xml --dump --screen \
    -o "$T_TMP/leaflet-screen.dump"
D=$T_TMP/d/2019-1
for pair in \
    "agreement-2019-0003.dump:$D/agreements/2019-0003-la-coloc-de-josephine.dump" \
    "agreement-2019-0023.dump:$D/agreements/2019-0023-pole-habitat-solidaire.dump" \
    "letter-2019-0008.dump:$D/letters/2019-0008-atelier-velo-malin.dump" \
    "receipt-2019-0003.dump:$D/receipts/2019-0003-la-coloc-de-josephine.dump" \
    "receipt-2019-0018-incomplete.dump:$D/receipts/2019-0018-tiers-lieu-la-fabrique.dump" \
    "decision-2019-0003-granted.dump:$D/decisions/2019-0003-la-coloc-de-josephine.dump" \
    "decision-2019-0011-refused-conditions.dump:$D/decisions/2019-0011-epicerie-solidaire-lille-sud.dump" \
    "decision-2019-0005-refused-reason.dump:$D/decisions/2019-0005-ener-a.dump" \
    "report.dump:$D/report.dump" \
    "leaflet.dump:$T_TMP/leaflet.dump" \
    "leaflet-screen.dump:$T_TMP/leaflet-screen.dump"; do
	want=$G/${pair%%:*}
	got=${pair#*:}
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		cp "$got" "$want"
	fi
	check "${pair%%:*} written" test -s "$got"
	same_file "${pair%%:*}" "$got" "$want"
done

done_testing
