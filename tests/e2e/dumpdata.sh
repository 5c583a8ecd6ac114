#!/bin/bash
# dumpdata.sh: `--dump=data` prints the data a template sees (one line per
# field, as a template names it) for one application of a kind, for the
# report and for the leaflet, and writes nothing; its usage errors.
# The sample round has four record errors on purpose: reported as in any
# run (status 1), --only or not.  Goldens in tests/golden/data/ (UPDATE_GOLDEN=1 regenerates them: review
# the diff).  The logo's path is absolute: written @ROOT@ there.
. tests/e2e/lib.sh

G=tests/golden/data
R=$PWD/input/round-2019-1.xml
C=$PWD/input/call-ess-2018-2020.xml
D=2026-11-26

# golden NAME: $T_TMP/out (the data printed) against $G/NAME.
golden() {
	sed "s|$PWD/|@ROOT@/|g" "$T_TMP/out" >"$T_TMP/got"
	if [ -n "${UPDATE_GOLDEN:-}" ]; then cp "$T_TMP/got" "$G/$1"; fi
	same_file "$1" "$T_TMP/got" "$G/$1"
}

# Run from an empty directory: nothing may appear there (no output/).
mkdir "$T_TMP/cwd"
cd "$T_TMP/cwd" || exit 1
run_status 1 "$ESSDOCS" letters "$R" --dump=data --only 2019-0003 --date $D -q
cd "$OLDPWD" || exit 1
check "--dump=data writes nothing" test -z "$(ls -A "$T_TMP/cwd")"
golden letters-2019-0003.txt
has "the data names its template" "$T_TMP/out" \
    '^# application 2019-0003: the data of letter\.xml \(letters\)$'
has "a field as a template names it" "$T_TMP/out" \
    '^app\.salutation = "Madame la Présidente"$'
has "the date this run gives the document" "$T_TMP/out" \
    '^letter\.date = "26 novembre 2026"$'
has "no-break spaces shown" "$T_TMP/out" \
    '^app\.requested = "8\\u202f000\\u202f€"$'

cp "$T_TMP/out" "$T_TMP/letter"
run_status 1 "$ESSDOCS" agreements "$R" --dump=data --only 2019-0003 --date $D
check "every kind of a record sees the same data (its date aside)" \
    diff <(tail -n +2 "$T_TMP/letter") <(tail -n +2 "$T_TMP/out")
has "an agreement sees its instalments" "$T_TMP/out" \
    '^decision\.instalments\.1\.amount_plain = '
run_status 1 "$ESSDOCS" decisions "$R" --dump=data --only 2019-0005 --date $D
golden decisions-2019-0005.txt
has "a notification sees the decision's date" "$T_TMP/out" \
    '^decision\.date = "15 mars 2019"$'
has "and bears the run's (kinds.xml: date=\"run\")" "$T_TMP/out" \
    '^letter\.date = "26 novembre 2026"$'
run_status 1 "$ESSDOCS" report "$R" --dump=data --date $D
golden report.txt
has "the report's amounts: text, words, plain" "$T_TMP/out" \
    '^round\.granted_plain = "44000\.50"$'
run_status 0 "$ESSDOCS" leaflet "$C" --dump=data --screen
golden leaflet-screen.txt

# --- Every field a template sees has its line in docs/templates.md. ---
# documented PATH: a table line of docs/templates.md names it ("[]" for a
# list's items; X_words and X_plain go with the amount X).
documented() {
	local p=$1 base leaf top
	base=${p%_words}; base=${base%_plain}
	leaf=${base##*.}; leaf=${leaf%\[\]}
	top=${p%%.*}
	if [ "$top" = "$p" ]; then
		grep -qE "^\| \`$p\`" docs/templates.md
	else
		grep -qE "^\| \`${top}([^|]*[.\`])?${leaf}[]?\`( ,[]" docs/templates.md
	fi
}
for k in receipts letters agreements decisions report; do
	"$ESSDOCS" $k "$R" --dump=data --date $D 2>/dev/null
done >"$T_TMP/all"
"$ESSDOCS" leaflet "$C" --dump=data >>"$T_TMP/all"
grep -v '^#' "$T_TMP/all" | grep . | sed 's/ = .*//; s/\.[0-9][0-9]*\./[]./g; s/\.[0-9][0-9]*$/[]/' |
    sort -u >"$T_TMP/paths"
check "more than 200 distinct fields seen" test "$(wc -l <"$T_TMP/paths")" -gt 200
while read -r p; do
	check "$p is in docs/templates.md" documented "$p"
done <"$T_TMP/paths"
check "the check sees an undocumented field" bash -c "$(declare -f documented); ! documented app.no_such_field"

# Without --only: one block per application the kind is for.
run_status 1 "$ESSDOCS" agreements "$R" --dump=data --date $D
check "agreements: the five granted and agreed, no other" \
    test "$(grep '^# application' "$T_TMP/out" | cut -d' ' -f3 | tr '\n' ' ')" = \
    "2019-0001: 2019-0003: 2019-0004: 2019-0006: 2019-0023: "
run_status 1 "$ESSDOCS" receipts "$R" --dump=data --date $D
check "receipts: every application but the two record errors" \
    test "$(grep -c '^# application' "$T_TMP/out")" -eq 21

# An application the kind is not for, one the round lacks.
run_status 1 "$ESSDOCS" agreements "$R" --dump=data --only 2019-0008 --date $D
has "not for this kind: says why" "$T_TMP/err" \
    'round-2019-1\.xml:[0-9]+: error: no agreements document for this application \(verdict ineligible, decision refused\): no data to show \(application 2019-0008\)'
check "not for this kind: nothing printed" test ! -s "$T_TMP/out"
run_status 64 "$ESSDOCS" letters "$R" --dump=data --only 2019-9999 --date $D
has "unknown id" "$T_TMP/err" \
    'round-2019-1\.xml: error: --only 2019-9999: the round has no application of that id'

# Usage errors (64), each with its reason.
usage() {
	local want=$1; shift
	run_status 64 "$ESSDOCS" "$@"
	has "usage: $*" "$T_TMP/err" "$want"
}
usage "give a document kind, report or leaflet" run "$R" --dump=data
usage "give a document kind, report or leaflet" check "$R" --dump=data
usage "give a document kind, report or leaflet" mail "$R" --dump=data
usage "go with a document kind, report or leaflet" export "$R" --dump=data
usage "--only names an application: give a document kind" report "$R" --dump=data --only 2019-0003
usage "--only goes with --dump=data" letters "$R" --only 2019-0003
usage "--dump wants layout or data \(--dump=data\), not 'pdf'" letters "$R" --dump=pdf
usage "no -o, no other --dump" letters "$R" --dump=data -o "$T_TMP/o"
check "-o refused: nothing made" test ! -e "$T_TMP/o"
usage "--only wants an application id" letters "$R" --dump=data --only ''
# --dump=layout is --dump.
run_status 0 "$ESSDOCS" leaflet "$C" --dump=layout -o "$T_TMP/l.dump"
check "--dump=layout writes the layout dump" grep -q '^pages ' "$T_TMP/l.dump"

done_testing
