#!/bin/bash
# hostile.sh: hostile input through `essdocs run`: huge fields, deep
# nesting, ids and names built to escape the output directory or break
# file names, NUL bytes, empty rounds, unknown aids, missing or broken
# templates and fonts, bad options, closed or full standard streams.
# Each case checks the exit status, the one-line located message, and
# that the other records are still written.
. tests/e2e/lib.sh
. tests/faults/gen.sh

CALL=input/call-ess-2018-2020.xml
D=2026-11-26
case $ESSDOCS in *build-asan*) ASAN=1 ;; *) ASAN= ;; esac

# run_round NAME: `essdocs run` on $T_TMP/NAME.xml into $T_TMP/NAME.out
# (stdout, stderr and status as run_status; WANT is the status).
run_round() {
	local want=$1 name=$2; shift 2
	rm -rf "$T_TMP/$name.out"
	run_status "$want" timeout 60 "$ESSDOCS" run "$T_TMP/$name.xml" \
	    --call $CALL -o "$T_TMP/$name.out" --date $D -q "$@"
}

# app_line FILE K: the line of FILE's Kth <application>.
app_line() {
	grep -n '<application ' "$1" | sed -n "$2p" | cut -d: -f1
}

# one_line DESC: stderr holds exactly one line.
one_line() {
	check "$1: one line on stderr" test "$(wc -l < "$T_TMP/err")" -eq 1
}

# written NAME ID...: each application's letter exists and is a PDF.
written() {
	local name=$1 id f; shift
	for id; do
		f=$(ls "$T_TMP/$name.out/h/letters/$id"-*.pdf 2>/dev/null | head -1)
		check "$name: letter of $id written" test -n "$f"
		[ -n "$f" ] && check "$name: $id is a PDF" \
		    test "$(head -c 5 "$f")" = "%PDF-"
	done
}

# not_written NAME ID: no document for that record.
not_written() {
	check "$1: no document for $2" \
	    test -z "$(find "$T_TMP/$1.out" -name "$2-*" 2>/dev/null)"
}

# nothing_written NAME: not even the output directory.
nothing_written() {
	check "$1: nothing written" test ! -e "$T_TMP/$1.out"
}

# A 5 MB <summary>, then a 5 MB <name>: the record is an error (the
# schema's length), the others are written; fast, in bounded memory.
big=$(head -c 5000000 /dev/zero | tr '\0' x)
{ gen_head h; gen_app A1 Alpha; gen_app A2 Beta "
      <summary>$big</summary>"; gen_app A3 Gamma; gen_tail; } > "$T_TMP/bigsum.xml"
{ gen_head h; gen_app A1 Alpha; gen_app A2 "$big"; gen_app A3 Gamma; gen_tail; } \
    > "$T_TMP/bigname.xml"
unset big
for name in bigsum bigname; do
	start=$(date +%s)
	if [ -z "$ASAN" ]; then
		# 400 MB of address space is plenty; 5 MB fields must not
		# multiply.  (ASan reserves terabytes: not under ASan.)
		( ulimit -v 400000; exec "$ESSDOCS" run "$T_TMP/$name.xml" \
		    --call $CALL -o "$T_TMP/$name.out" --date $D -q ) 2>/dev/null
		check "$name: runs in 400 MB of address space" test $? -eq 1
		rm -rf "$T_TMP/$name.out"
	fi
	run_round 1 $name
	check "$name: fast" test $(($(date +%s) - start)) -le 30
	one_line $name
	has "$name: located, names the record" "$T_TMP/err" \
	    "^essdocs: $T_TMP/$name.xml:[0-9]+(:[0-9]+)?: error: .*(exceeds the allowed maximum length|is longer than [0-9]+ characters).* \(application A2\)$"
	written $name A1 A3
	not_written $name A2
	has "$name: error in the report" "$T_TMP/$name.out/h/report.csv" \
	    '^A2,.*,"?(<[a-z -]+>|« [^»]+ ») dépasse [0-9]+ caractères'
	check "$name: the report does not copy the field" \
	    test "$(wc -c < "$T_TMP/$name.out/h/report.csv")" -lt 10000
done
[ -n "$ASAN" ] && echo "$T_NAME: note: memory bound (ulimit -v) not checked under ASan"
# Past 10 MB, a text node is more than libxml2 reads without
# XML_PARSE_HUGE: the whole file is rejected, located, still fast.
big=$(head -c 12000000 /dev/zero | tr '\0' x)
{ gen_head h; gen_app A1 Alpha; gen_app A2 Beta "
      <summary>$big</summary>"; gen_tail; } > "$T_TMP/huge.xml"
unset big
run_round 65 huge
one_line huge
has "huge: located" "$T_TMP/err" \
    "^essdocs: $T_TMP/huge.xml:[0-9]+:[0-9]+: error: not well-formed XML: .*huge text node"
nothing_written huge
rm -f "$T_TMP/huge.xml"

# 100 000 nested elements inside <extra>: libxml2 refuses depth > 256
# (no XML_PARSE_HUGE): the whole file is rejected, fast, located.
deep=$(awk 'BEGIN { for (i = 0; i < 100000; i++) printf "<d>";
    for (i = 0; i < 100000; i++) printf "</d>" }')
{ gen_head h; gen_app A1 Alpha; gen_app A2 Beta "" "
    <extra>$deep</extra>"; gen_app A3 Gamma; gen_tail; } > "$T_TMP/deep.xml"
unset deep
start=$(date +%s)
run_round 65 deep
check "deep: fast" test $(($(date +%s) - start)) -le 10
one_line deep
has "deep: located" "$T_TMP/err" \
    "^essdocs: $T_TMP/deep.xml:[0-9]+:[0-9]+: error: not well-formed XML: Excessive depth in document: 256"
nothing_written deep
# 200 levels are fine: <extra> is ignored.
deep=$(awk 'BEGIN { for (i = 0; i < 200; i++) printf "<d a=\"1\">";
    for (i = 0; i < 200; i++) printf "</d>" }')
{ gen_head h; gen_app A1 Alpha "" "
    <extra>$deep</extra>"; gen_tail; } > "$T_TMP/deep200.xml"
run_round 0 deep200
written deep200 A1

# Ids built to leave DIR or to break file names: each is a record
# error (the id's pattern), and nothing is written outside DIR (written
# deep inside $T_TMP/w, so that any escape would land in $T_TMP/w).
n=0
for id in '../../../../escaped' 'a/b' '..' '.hidden' '-rf' 'a&#9;b' 'a&#10;b' \
    'x&#127;y' 'caf&#233;' 'a b' '' "$(printf 'x%.0s' $(seq 65))"; do
	n=$((n + 1))
	{ gen_head h; gen_app A1 Alpha; gen_app "$id" Beta; gen_app A3 Gamma
	  gen_tail; } > "$T_TMP/id$n.xml"
	W=$T_TMP/w/a/b/c
	rm -rf "$T_TMP/w"
	mkdir -p "$W"
	run_status 1 "$ESSDOCS" run "$T_TMP/id$n.xml" --call $CALL -o "$W/out" \
	    --date $D -q
	one_line "id '$id'"
	has "id '$id': located" "$T_TMP/err" \
	    "^essdocs: $T_TMP/id$n.xml:$(app_line "$T_TMP/id$n.xml" 2)(:[0-9]+)?: error: .*('id'|<application id>)"
	check "id '$id': the two others written" \
	    test "$(ls "$W/out/h/letters")" = "$(printf 'A1-alpha.pdf\nA3-gamma.pdf')"
	check "id '$id': nothing written outside DIR" \
	    test -z "$(find "$T_TMP/w" ! -type d ! -path "$W/out/h/*")"
	check "id '$id': only the round's directory in DIR" \
	    test "$(ls -A "$W/out")" = h
done
# A control character other than tab, LF, CR is not XML at all.
{ gen_head h; gen_app A1 Alpha; gen_app 'a&#1;b' Beta; gen_tail; } > "$T_TMP/idctl.xml"
run_round 65 idctl
one_line idctl
has "id with U+0001: not XML, located" "$T_TMP/err" \
    "^essdocs: $T_TMP/idctl.xml:$(app_line "$T_TMP/idctl.xml" 2):[0-9]+: error: not well-formed XML: .*invalid xmlChar value 1"
nothing_written idctl

# Names: control characters, only punctuation, path tricks, 200 and
# 500 characters, other scripts.  Slugs stay [a-z0-9-], at most 40.
long200=$(printf 'Ab%.0s' $(seq 100))
long500=$(printf 'Abcde%.0s' $(seq 100))
{ gen_head h
  gen_app N1 '!!! ??? ... ;;; «»'
  gen_app N2 '../../etc/passwd'
  gen_app N3 'Tab&#9;and&#10;new&#13;lines'
  gen_app N4 "$long200"
  gen_app N5 "$long500"
  gen_app N6 'Юлия Смирнова'
  gen_app N7 '.'
  gen_app N8 'x&#127;y'
  gen_app N9 '&lt;script&gt; &amp; &quot;quotes&quot;'
  gen_app N10 "$(printf 'mot-%.0s' $(seq 30))fin"
  gen_tail; } > "$T_TMP/names.xml"
run_round 1 names
check "names: four record errors" test "$(wc -l < "$T_TMP/err")" -eq 4
has "names: 500 characters" "$T_TMP/err" \
    "^essdocs: $T_TMP/names.xml:[0-9]+(:[0-9]+)?: error: .*<name> is longer than 200 characters.* \(application N5\)$"
has "names: U+007F" "$T_TMP/err" \
    "^essdocs: $T_TMP/names.xml:[0-9]+(:[0-9]+)?: error: .*control character.* \(application N8\)$"
# 200 and 123 characters without a space: nothing to wrap at, too wide
# for the envelope window even at the smallest size; the record's error,
# never a name cut short.
for n in N4 N10; do
	has "names: too wide for the window ($n)" "$T_TMP/err" \
	    "^essdocs: $T_TMP/names.xml:[0-9]+(:[0-9]+)?: error: the address block does not fit the envelope window: the applicant's name '[^']*' is [0-9.]+ mm too wide for the window's 80 mm, even at 8\.5 pt .* \(application $n\)$"
done
written names N1 N2 N3 N6 N7 N9
not_written names N4
not_written names N10
not_written names N5
not_written names N8
for f in "$T_TMP"/names.out/h/letters/*.pdf; do
	b=$(basename "$f" .pdf)
	slug=${b#N*-}
	check "slug '$slug' is safe" test -n "$(printf '%s' "$slug" | grep -xE '[a-z0-9]+(-[a-z0-9]+)*')"
	check "slug '$slug' has at most 40 characters" test ${#slug} -le 40
done
check "punctuation only: a placeholder slug" test -f "$T_TMP/names.out/h/letters/N1-sans-nom.pdf"
check "path in a name stays a name" test -f "$T_TMP/names.out/h/letters/N2-etc-passwd.pdf"
check "control characters are word breaks" test -f "$T_TMP/names.out/h/letters/N3-tab-and-new-lines.pdf"
check "Cyrillic transliterated" test -f "$T_TMP/names.out/h/letters/N6-yuliya-smirnova.pdf"

# A NUL byte: not well-formed, rejected whole, located.
{ gen_head h; gen_app A1 Alpha; gen_app A2 Beta; gen_tail; } |
    sed 's/<name>Beta/<name>Be\x00ta/' > "$T_TMP/nul.xml"
check "the file has a NUL" test "$(tr -cd '\000' < "$T_TMP/nul.xml" | wc -c)" -eq 1
run_round 65 nul
one_line nul
has "NUL: located" "$T_TMP/err" \
    "^essdocs: $T_TMP/nul.xml:[0-9]+:[0-9]+: error: not well-formed XML: Char 0x0 out of allowed range$"
nothing_written nul

# An empty round: exit 0, a report with no rows.
{ gen_head h; gen_tail; } > "$T_TMP/empty.xml"
printf '<?xml version="1.0"?>\n<round id="h" call="ess-2018-2020"/>\n' > "$T_TMP/empty2.xml"
for name in empty empty2; do
	run_round 0 $name
	check "$name: silent" test ! -s "$T_TMP/err"
	check "$name: report.csv has the header only" \
	    test "$(wc -l < "$T_TMP/$name.out/h/report.csv")" -eq 1
	check "$name: report.pdf" test -s "$T_TMP/$name.out/h/report.pdf"
	check "$name: no letter" test -z "$(ls "$T_TMP/$name.out/h/letters")"
done

# An aid the call does not have: a record error.
{ gen_head h; gen_app A1 Alpha; GEN_AID=bogus gen_app A2 Beta; gen_app A3 Gamma
  gen_tail; } > "$T_TMP/aid.xml"
run_round 1 aid
one_line aid
has "unknown aid: located, names the record" "$T_TMP/err" \
    "^essdocs: $T_TMP/aid.xml:$(app_line "$T_TMP/aid.xml" 2): error: unknown aid 'bogus'.* \(application A2\)$"
written aid A1 A3
not_written aid A2
has "unknown aid in the report" "$T_TMP/aid.out/h/report.csv" "^A2,.*aide « bogus » inconnue"

# Templates and fonts: missing (66) or broken (65), the file named,
# nothing written, not even the output directory.
{ gen_head h; gen_app A1 Alpha; gen_tail; } > "$T_TMP/ok.xml"
mkdir "$T_TMP/tmpl-missing" "$T_TMP/tmpl-broken" "$T_TMP/fonts-empty" "$T_TMP/fonts-bad"
cp templates/*.xml "$T_TMP/tmpl-missing"
rm "$T_TMP/tmpl-missing/letter.xml"
run_round 66 ok --templates "$T_TMP/tmpl-missing"
one_line "missing template"
has "missing template named" "$T_TMP/err" \
    "^essdocs: $T_TMP/tmpl-missing/letter.xml: error: cannot open template: No such file or directory$"
nothing_written ok
cp templates/*.xml "$T_TMP/tmpl-broken"
head -n 20 templates/letter.xml > "$T_TMP/tmpl-broken/letter.xml"
run_round 65 ok --templates "$T_TMP/tmpl-broken"
has "broken template located" "$T_TMP/err" \
    "^essdocs: $T_TMP/tmpl-broken/letter.xml:[0-9]+(:[0-9]+)?: error: "
check "broken template: only errors about it" \
    test -z "$(grep -v "^essdocs: $T_TMP/tmpl-broken/letter.xml:" "$T_TMP/err")"
nothing_written ok
run_round 66 ok --fonts "$T_TMP/fonts-empty"
one_line "missing font"
has "missing font named" "$T_TMP/err" \
    "^essdocs: $T_TMP/fonts-empty/[A-Za-z-]+\.ttf: error: cannot read font: No such file or directory$"
nothing_written ok
cp fonts/*.ttf "$T_TMP/fonts-bad"
echo garbage > "$T_TMP/fonts-bad/Lato-Bold.ttf"
run_round 66 ok --fonts "$T_TMP/fonts-bad"
one_line "bad font"
has "bad font named" "$T_TMP/err" "^essdocs: $T_TMP/fonts-bad/Lato-Bold.ttf: error: "
nothing_written ok

# Unknown options and bad values: 64, nothing written.
for opt in --frobnicate -x -j --jobs=two --date=tomorrow --templates; do
	run_round 64 ok "$opt"
	nothing_written ok
	check "$opt: nothing on stdout" test ! -s "$T_TMP/out"
done
run_status 64 "$ESSDOCS" run "$T_TMP/ok.xml" -o ''
has "empty -o" "$T_TMP/err" "^essdocs: error: -o wants a directory"

# Closed standard streams (cron): the same files and status; output that
# cannot be written is an error (74), not a silent success.
run_round 0 ok
"$ESSDOCS" run "$T_TMP/ok.xml" --call $CALL -o "$T_TMP/closed" --date $D <&- >&- 2>&-
check "closed stdin/stdout/stderr: status 0" test $? -eq 0
check "closed streams: the same files" diff -r "$T_TMP/ok.out/h" "$T_TMP/closed/h"
"$ESSDOCS" run "$T_TMP/aid.xml" --call $CALL -o "$T_TMP/closed2" --date $D 2>&-
check "closed stderr: record errors still set the status" test $? -eq 1
check "closed stderr: no message in any file" \
    test -z "$(grep -rl 'essdocs:' "$T_TMP/closed2")"
if [ -w /dev/full ]; then
	run_status 74 bash -c '"$ESSDOCS" check input/round-2019-1.xml > /dev/full'
	has "check > /dev/full" "$T_TMP/err" \
	    '^essdocs: error: cannot write the standard output: No space left on device$'
	run_status 74 bash -c '"$ESSDOCS" --help > /dev/full'
	run_status 74 bash -c '"$ESSDOCS" --version > /dev/full'
else
	echo "$T_NAME: note: no /dev/full, standard output errors not checked"
fi

done_testing
