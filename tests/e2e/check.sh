#!/bin/bash
# check.sh: `essdocs check` on the sample round (golden verdicts and
# diagnostics), and the command line's exit statuses and messages.
. tests/e2e/lib.sh

# The sample round: every verdict, reason and error, exactly.
run_status 1 "$ESSDOCS" check input/round-2019-1.xml
same_file "check stdout" "$T_TMP/out" tests/golden/check/round-2019-1.out
same_file "check stderr" "$T_TMP/err" tests/golden/check/round-2019-1.err
has "counts" "$T_TMP/out" '^8 eligible, 12 ineligible, 1 incomplete, 4 with errors$'
# check writes nothing, so it does not say what it did not write.
hasnt "check: no \"agreement written\"" "$T_TMP/err" "agreement written"
has "check: the guard rail still said" "$T_TMP/err" \
    "granted, but the rules find the application ineligible \(« Moins de 3 ans d’existence »\) \(application 2019-0019\)$"
# check writes nothing, not even the default output/ directory
mkdir "$T_TMP/cwd"
(cd "$T_TMP/cwd" && "$ESSDOCS" check "$OLDPWD/input/round-2019-1.xml" \
    >/dev/null 2>&1)
check "check wrote nothing" test -z "$(ls -A "$T_TMP/cwd")"

# Usage errors: 64, one message, nothing on stdout.
run_status 64 "$ESSDOCS"
has "no command" "$T_TMP/err" '^essdocs: error: no command given$'
run_status 64 "$ESSDOCS" frobnicate input/round-2019-1.xml
has "unknown command" "$T_TMP/err" "unknown command 'frobnicate'"
run_status 64 "$ESSDOCS" check
has "no input" "$T_TMP/err" "'check' wants an input file"
run_status 64 "$ESSDOCS" check input/round-2019-1.xml --bogus
has "unknown option" "$T_TMP/err" "unrecognized option"
run_status 64 "$ESSDOCS" run input/round-2019-1.xml --date 2019-02-30
has "bad date" "$T_TMP/err" "--date wants a real date"
run_status 64 "$ESSDOCS" run input/round-2019-1.xml -j 0
run_status 64 "$ESSDOCS" run input/round-2019-1.xml extra
run_status 64 "$ESSDOCS" run input/round-2019-1.xml --screen
check "usage errors print nothing on stdout" test ! -s "$T_TMP/out"
run_status 0 "$ESSDOCS" --help
has "help lists commands" "$T_TMP/out" '^  leaflet CALL.xml'
run_status 0 "$ESSDOCS" --version
has "version" "$T_TMP/out" '^essdocs [0-9]'

# Missing input: 66, with the file named.
run_status 66 "$ESSDOCS" check "$T_TMP/nope.xml"
has "missing round" "$T_TMP/err" "^essdocs: $T_TMP/nope.xml: error: "
run_status 66 "$ESSDOCS" check input/round-2019-1.xml --call "$T_TMP/nocall.xml"
has "missing call" "$T_TMP/err" "nocall.xml: error: "
# A round naming a call whose file is not beside it.
cp input/round-2019-1.xml "$T_TMP/round.xml"
run_status 66 "$ESSDOCS" check "$T_TMP/round.xml"
has "default call path" "$T_TMP/err" "$T_TMP/call-ess-2018-2020.xml: error: "

# Not well-formed: 65, nothing written.
printf '<round id="x" call="ess-2018-2020" date="2019-01-01">\n<application>\n' \
    > "$T_TMP/broken.xml"
run_status 65 "$ESSDOCS" run "$T_TMP/broken.xml" --call input/call-ess-2018-2020.xml -o "$T_TMP/out1"
has "malformed located" "$T_TMP/err" "^essdocs: $T_TMP/broken.xml:[0-9]+(:[0-9]+)?: error: "
check "malformed: nothing written" test ! -e "$T_TMP/out1/x"

# The output directory cannot be created: 73.
touch "$T_TMP/afile"
run_status 73 "$ESSDOCS" report input/round-2019-1.xml -o "$T_TMP/afile/sub"
has "cannot create" "$T_TMP/err" "cannot create directory"

# Two runs on one output directory: the second stops with a clear message.
if command -v flock >/dev/null; then
	mkdir -p "$T_TMP/locked/2019-1"
	flock "$T_TMP/locked/2019-1/.essdocs.lock" sleep 3 &
	sleep 0.5
	run_status 73 "$ESSDOCS" report input/round-2019-1.xml -o "$T_TMP/locked"
	has "locked" "$T_TMP/err" "another essdocs run is writing in this directory"
	wait
fi

# Temporary files left by a killed run are cleaned up by the next run.
mkdir -p "$T_TMP/stale/2019-1/letters"
echo partial > "$T_TMP/stale/2019-1/letters/.2019-0003-x.pdf.tmp-abc123"
run_status 1 "$ESSDOCS" letters input/round-2019-1.xml -o "$T_TMP/stale" -q
check "stale temporary removed" test ! -e "$T_TMP/stale/2019-1/letters/.2019-0003-x.pdf.tmp-abc123"
check "no temporary left" test -z "$(find "$T_TMP/stale" -name '.*.tmp-*')"
# -q: errors only (the sample has 4 record errors, no warnings expected)
check "quiet prints only errors" test -z "$(grep -v ': error: ' "$T_TMP/err")"

done_testing
