#!/bin/bash
# outdir.sh: the round's folder tells the truth (spec/lifecycle.md §2-§5):
# a manifest, reruns that touch only what changed and keep issue dates,
# superseded/ instead of stale or lost documents, names that cannot
# collide, no symbolic link followed, kill -9 during a rerun repaired.
. tests/e2e/lib.sh
. tests/faults/gen.sh

CALL=input/call-ess-2018-2020.xml
D1=2026-11-26
D2=2026-12-03
D3=2027-01-05

# edit FILE ID SED: apply SED to application ID's block only.
edit() {
	sed -i "/<application id=\"$2\"/,/<\/application>/ $3" "$1"
}

# manifest_true DESC DIR: every row's file is there with its digest,
# and every document under each kind's folder has its row.
manifest_true() {
	local m=$2/manifest.tsv bad=0 kind id rel issued input pdf f
	[ -f "$m" ] || { fail "$1: no manifest"; return; }
	while IFS=$'\t' read -r kind id rel issued input pdf; do
		case $kind in '#'*|kind) continue ;; esac
		[ "$(sha256sum < "$2/$rel" 2>/dev/null | cut -d' ' -f1)" = "$pdf" ] || {
			bad=1; echo "$T_NAME: $1: $rel does not match its row" >&2; }
	done < "$m"
	for f in $(cd "$2" && ls receipts/*.pdf letters/*.pdf decisions/*.pdf agreements/*.pdf 2>/dev/null); do
		grep -q "	$f	" "$m" || { bad=1
			echo "$T_NAME: $1: $f has no row" >&2; }
	done
	check "$1: the manifest is true" test $bad -eq 0
}

# ---- The manifest -------------------------------------------------------
R=$T_TMP/round.xml
cp input/round-2019-1.xml "$R"
O=$T_TMP/o
run_status 1 "$ESSDOCS" run "$R" --call $CALL -o "$O" --date $D1
M=$O/2019-1
has "first run: summary" "$T_TMP/out" \
    "^2019-1: 23 applications, 59 documents \(0 unchanged, 59 issued, 0 superseded or withdrawn\), the report, 4 in error → $O/2019-1$"
check "manifest: magic line" test "$(head -1 "$M/manifest.tsv" | cut -c1-20)" = "# essdocs manifest 1"
check "manifest: header" test "$(sed -n 2p "$M/manifest.tsv")" = \
    "$(printf 'kind\tapplication\tpath\tissued\tinput_sha256\tpdf_sha256')"
check "manifest: 59 rows" test "$(tail -n +3 "$M/manifest.tsv" | wc -l)" -eq 59
has "manifest: a letter's row" "$M/manifest.tsv" \
    "^letters	2019-0003	letters/2019-0003-la-coloc-de-josephine\.pdf	$D1	[0-9a-f]{64}	[0-9a-f]{64}$"
manifest_true "first run" "$M"
check "first run: no superseded/" test ! -e "$M/superseded"

# ---- Rerun, nothing changed, a later date: nothing rewritten --------------
snap() { (cd "$1" && find letters agreements -name '*.pdf' -printf '%i %p\n' | sort; \
    sha256sum letters/*.pdf agreements/*.pdf); }
snap "$M" > "$T_TMP/snap1"
cp "$M/manifest.tsv" "$T_TMP/manifest1"
run_status 1 "$ESSDOCS" run "$R" --call $CALL -o "$O" --date $D2
snap "$M" > "$T_TMP/snap2"
same_file "unchanged rerun: same inodes, same bytes" "$T_TMP/snap2" "$T_TMP/snap1"
same_file "unchanged rerun: same manifest" "$M/manifest.tsv" "$T_TMP/manifest1"
has "unchanged rerun: summary" "$T_TMP/out" \
    "^2019-1: 23 applications, 59 documents \(59 unchanged, 0 issued, 0 superseded or withdrawn\), "
hasnt "unchanged rerun: no warning" "$T_TMP/err" "warning"
check "unchanged rerun: no superseded/" test ! -e "$M/superseded"
pdftotext "$M/letters/2019-0003-la-coloc-de-josephine.pdf" "$T_TMP/l.txt"
has "unchanged rerun: the letter keeps its issue date" "$T_TMP/l.txt" "le 26 novembre 2026"
# The same with two workers, and with SOURCE_DATE_EPOCH.
run_status 1 env SOURCE_DATE_EPOCH=1800000000 "$ESSDOCS" run "$R" --call $CALL -o "$O" -j 2
snap "$M" > "$T_TMP/snap2"
same_file "unchanged rerun -j 2, SOURCE_DATE_EPOCH: untouched" "$T_TMP/snap2" "$T_TMP/snap1"

# ---- A grant withdrawn, a record corrected, a record now in error -------
cp "$M/letters/2019-0003-la-coloc-de-josephine.pdf" "$T_TMP/old-0003.pdf"
cp "$M/agreements/2019-0001-l-espace-atria.pdf" "$T_TMP/old-0001.pdf"
edit "$R" 2019-0001 's|<decision status="granted" amount="15000.00"|<decision status="refused"|'
edit "$R" 2019-0003 's|porteurs de handicap|en situation de handicap|'
edit "$R" 2019-0006 's|<founded>[^<]*</founded>|<founded>2018-02-30</founded>|'
grep -q 'status="refused" date="2019-03-15" deliberation="B-2019-031"' "$R" &&
    grep -q 'en situation de handicap' "$R" && pass || fail "the round was not edited"
run_status 1 "$ESSDOCS" run "$R" --call $CALL -o "$O" --date $D2
cp "$T_TMP/err" "$T_TMP/err2"
S=$M/superseded
# Withdrawn grant.
check "withdrawn: the agreement left agreements/" test ! -e "$M/agreements/2019-0001-l-espace-atria.pdf"
check "withdrawn: kept in superseded/, same bytes" \
    cmp -s "$S/agreements/2019-0001-l-espace-atria.$D1.pdf" "$T_TMP/old-0001.pdf"
has "withdrawn: warned, file and reason" "$T_TMP/err2" \
    "^essdocs: $M/agreements/2019-0001-l-espace-atria\.pdf: warning: withdrawn: the record no longer calls for this document \(its verdict or decision changed\); the issue of $D1 moves to superseded/agreements/2019-0001-l-espace-atria\.$D1\.pdf \(application 2019-0001\)$"
# Corrected record.
check "corrected: the letter reissued" test -e "$M/letters/2019-0003-la-coloc-de-josephine.pdf"
check "corrected: the previous letter kept, same bytes" \
    cmp -s "$S/letters/2019-0003-la-coloc-de-josephine.$D1.pdf" "$T_TMP/old-0003.pdf"
pdftotext "$M/letters/2019-0003-la-coloc-de-josephine.pdf" "$T_TMP/l.txt"
has "corrected: the new letter bears this run's date" "$T_TMP/l.txt" "le 3 décembre 2026"
has "corrected: warned" "$T_TMP/err2" \
    "^essdocs: $M/letters/2019-0003-la-coloc-de-josephine\.pdf: warning: reissued: what it is made of changed .*; the issue of $D1 moves to superseded/letters/2019-0003-la-coloc-de-josephine\.$D1\.pdf \(application 2019-0003\)$"
# Record now in error: its letter and agreement withdrawn.
check "now in error: no letter" test -z "$(ls "$M/letters" | grep '^2019-0006')"
check "now in error: no agreement" test -z "$(ls "$M/agreements" | grep '^2019-0006')"
check "now in error: both kept" test -e "$S/letters/2019-0006-colore-ma-vie.$D1.pdf" -a \
    -e "$S/agreements/2019-0006-colore-ma-vie.$D1.pdf"
has "now in error: warned with the reason" "$T_TMP/err2" \
    "^essdocs: $M/letters/2019-0006-colore-ma-vie\.pdf: warning: withdrawn: the record now has an error; "
# Unchanged documents untouched, the rest counted.
grep "letters/2019-0002-la-boite-atout.pdf" "$T_TMP/snap1" | head -1 > "$T_TMP/i1"
(cd "$M" && find letters -name '2019-0002-*' -printf '%i %p\n') > "$T_TMP/i2"
same_file "an unchanged letter keeps its inode" "$T_TMP/i2" "$T_TMP/i1"
has "summary: the moves counted" "$T_TMP/out" "^2019-1: 23 applications, 53 documents \(47 unchanged, 6 issued, 13 superseded or withdrawn\), "
pdftotext "$M/report.pdf" "$T_TMP/report.txt"
has "report: the section" "$T_TMP/report.txt" "Documents remplacés ou retirés"
has "report: the withdrawn agreement" "$T_TMP/report.txt" "agreements/2019-0001-l-espace-atria\.pdf"
manifest_true "after the changes" "$M"
check "manifest: 0001's agreement gone" test -z "$(grep -P '^agreements\t2019-0001\t' "$M/manifest.tsv")"
check "manifest: 0003's letter dated $D2" \
    test -n "$(grep -P "^letters\t2019-0003\t.*\t$D2\t" "$M/manifest.tsv")"
check "manifest: 0002's letter still dated $D1" \
    test -n "$(grep -P "^letters\t2019-0002\t.*\t$D1\t" "$M/manifest.tsv")"
# Nothing issued is ever deleted: every PDF ever made is still somewhere.
check "nothing deleted: the old letter of 0006 in superseded" \
    test -s "$S/letters/2019-0006-colore-ma-vie.$D1.pdf"

# ---- --force: everything reissued with this run's date --------------------
run_status 1 "$ESSDOCS" run "$R" --call $CALL -o "$O" --date $D3 --force
has "--force: summary" "$T_TMP/out" "^2019-1: 23 applications, 53 documents \(0 unchanged, 53 issued, 53 superseded or withdrawn\), "
pdftotext "$M/letters/2019-0002-la-boite-atout.pdf" "$T_TMP/l.txt"
has "--force: this run's date" "$T_TMP/l.txt" "le 5 janvier 2027"
check "--force: the previous issue kept" test -e "$S/letters/2019-0002-la-boite-atout.$D1.pdf"
check "--force: 0003's second issue kept under its own date" \
    test -e "$S/letters/2019-0003-la-coloc-de-josephine.$D2.pdf"
manifest_true "--force" "$M"
# With two workers: the parent alone speaks, once per document.
run_status 1 "$ESSDOCS" run "$R" --call $CALL -o "$O" --date $D3 --force -j 2
check "--force -j 2: one warning per document" \
    test "$(grep -c 'warning: reissued by --force' "$T_TMP/err")" -eq 53
check "--force -j 2: the issue of $D3 kept too" \
    cmp -s "$S/letters/2019-0002-la-boite-atout.$D3.pdf" "$M/letters/2019-0002-la-boite-atout.pdf"
manifest_true "--force -j 2" "$M"
run_status 1 "$ESSDOCS" run "$R" --call $CALL -o "$O" --date $D3
has "after --force: all unchanged" "$T_TMP/out" "^2019-1: 23 applications, 53 documents \(53 unchanged, "

# ---- Names that cannot collide --------------------------------------------
# 2019-1 + "Ab Cd" and 2019-1-ab + "Cd" make the same name; so do A1 and
# a1 on a case-insensitive share.  The later one is an error naming both;
# the first keeps its documents; -j 2 gives the same.
{ gen_head h; gen_app 2019-1 'Ab Cd'; gen_app 2019-1-ab 'Cd'; gen_app A1 Alpha
  gen_app a1 Alpha; gen_app B2 Beta; gen_tail; } > "$T_TMP/clash.xml"
for j in 1 2; do
	C=$T_TMP/clash$j
	run_status 1 "$ESSDOCS" run "$T_TMP/clash.xml" --call $CALL -o "$C" --date $D1 -j $j
	has "clash -j $j: dash, both named" "$T_TMP/err" \
	    "^essdocs: $T_TMP/clash.xml:[0-9]+(:[0-9]+)?: error: its documents would have the same file name as application 2019-1's \(2019-1-ab-cd\.pdf, compared without case\): give one of them another id \(application 2019-1-ab\)$"
	has "clash -j $j: case, both named" "$T_TMP/err" \
	    "error: its documents would have the same file name as application A1's \(a1-alpha\.pdf, compared without case\): give one of them another id \(application a1\)$"
	check "clash -j $j: two errors" test "$(grep -c error "$T_TMP/err")" -eq 2
	check "clash -j $j: the first ones keep their names" \
	    test "$(ls "$C/h/letters")" = "$(printf '2019-1-ab-cd.pdf\nA1-alpha.pdf\nB2-beta.pdf')"
	pdftotext "$C/h/letters/2019-1-ab-cd.pdf" "$T_TMP/l.txt"
	has "clash -j $j: the file is 2019-1's" "$T_TMP/l.txt" "2019-1$"
	has "clash -j $j: report.csv says why" "$C/h/report.csv" "^a1,.*même nom de fichier que ceux du dossier A1"
done
check "clash: -j 1 and -j 2 agree" diff -r "$T_TMP/clash1/h" "$T_TMP/clash2/h"

# ---- No symbolic link followed under DIR/<round-id>/ ----------------------
{ gen_head s; gen_app S1 Sigma; gen_app S2 Tau; gen_tail; } > "$T_TMP/s.xml"
OUT=$T_TMP/outside
reset_outside() {
	rm -rf "$OUT"; mkdir -p "$OUT"
	echo keep > "$OUT/S1-sigma.pdf"
	echo keep > "$OUT/.S1-sigma.pdf.tmp-abcdef"
	echo keep > "$OUT/manifest.tsv"
	(cd "$OUT" && find . -printf '%p %s\n' | sort) > "$T_TMP/outside.before"
}
outside_untouched() {
	(cd "$OUT" && find . -printf '%p %s\n' | sort) > "$T_TMP/outside.after"
	same_file "$1: nothing outside DIR changed" "$T_TMP/outside.after" "$T_TMP/outside.before"
}
refused() { # refused DESC PATH
	has "$1: refused, path named" "$T_TMP/err" \
	    "^essdocs: $2: error: is a symbolic link: essdocs follows no link inside a round's folder; remove it or choose another -o$"
}
L=$T_TMP/lk
# The round's folder, a document folder, a document, the lock (dangling),
# the manifest, the report, a superseded/ folder.
for where in round letters doc lock manifest report superseded; do
	reset_outside
	rm -rf "$L"; mkdir -p "$L"
	case $where in
	round)	ln -s "$OUT" "$L/s"; p=$L/s ;;
	letters) mkdir "$L/s"; ln -s "$OUT" "$L/s/letters"; p=$L/s/letters ;;
	doc)	mkdir -p "$L/s/letters"; ln -s "$OUT/S1-sigma.pdf" "$L/s/letters/S1-sigma.pdf"
		p=$L/s/letters/S1-sigma.pdf ;;
	lock)	mkdir "$L/s"; ln -s "$OUT/lockfile" "$L/s/.essdocs.lock"; p=$L/s/.essdocs.lock ;;
	manifest) mkdir "$L/s"; ln -s "$OUT/manifest.tsv" "$L/s/manifest.tsv"; p=$L/s/manifest.tsv ;;
	report)	mkdir "$L/s"; ln -s "$OUT/report.csv" "$L/s/report.csv"; p=$L/s/report.csv ;;
	superseded)
		"$ESSDOCS" run "$T_TMP/s.xml" --call $CALL -o "$L" --date $D1 -q
		mkdir "$L/s/superseded"; ln -s "$OUT" "$L/s/superseded/letters"
		p=$L/s/superseded/letters ;;
	esac
	if [ $where = superseded ]; then
		run_status 73 "$ESSDOCS" run "$T_TMP/s.xml" --call $CALL -o "$L" --date $D2 --force -q
	else
		run_status 73 "$ESSDOCS" run "$T_TMP/s.xml" --call $CALL -o "$L" --date $D1 -q
	fi
	refused "symlink ($where)" "$p"
	outside_untouched "symlink ($where)"
	check "symlink ($where): the link itself left alone" test -L "$p"
done

# The sweep removes only what this program made.
rm -rf "$L"
"$ESSDOCS" run "$T_TMP/s.xml" --call $CALL -o "$L" --date $D1 -q
reset_outside
touch "$L/s/letters/.S1-sigma.pdf.tmp-a1b2c3" "$L/s/.report.csv.tmp-000000" \
    "$L/s/letters/.essdocs-font.tmp-Xy12Zq"
touch "$L/s/letters/notes.tmp-abcdef" "$L/s/letters/.x.tmp-abc" "$L/s/.mine"
ln -s "$OUT/.S1-sigma.pdf.tmp-abcdef" "$L/s/letters/.S2-tau.pdf.tmp-abcdef"
run_status 0 "$ESSDOCS" run "$T_TMP/s.xml" --call $CALL -o "$L" --date $D1 -q
check "sweep: our temporaries removed" test ! -e "$L/s/letters/.S1-sigma.pdf.tmp-a1b2c3" \
    -a ! -e "$L/s/.report.csv.tmp-000000" -a ! -e "$L/s/letters/.essdocs-font.tmp-Xy12Zq"
check "sweep: other files kept" test -e "$L/s/letters/notes.tmp-abcdef" \
    -a -e "$L/s/letters/.x.tmp-abc" -a -e "$L/s/.mine"
check "sweep: a link named like ours kept" test -L "$L/s/letters/.S2-tau.pdf.tmp-abcdef"
outside_untouched "sweep"

# ---- kill -9 at random points of a rerun, then a rerun ----------------------
# A 120-application round, run once; then changed (decisions, a title,
# names, records in error, one removed), and the changed round run and
# killed at a random moment (perhaps after it finished: the checks hold
# either way), then run again.  The folder must then be exactly what an
# uninterrupted rerun makes: every document, superseded/, the report,
# and a true manifest.
gen_round k 120 > "$T_TMP/k1.xml"
# Granted: the first 30 (an agreement each).
awk '/<\/application>/ && n < 30 { n++; print "    <decision status=\"granted\" amount=\"1000.00\" date=\"2019-03-15\" deliberation=\"B-1\"/>" } { print }' \
    "$T_TMP/k1.xml" > "$T_TMP/k1g.xml"
cp "$T_TMP/k1g.xml" "$T_TMP/k2.xml"
for i in 00003 00007 00011 00019; do
	edit "$T_TMP/k2.xml" R-$i 's|status="granted" amount="1000.00"|status="refused"|'
done
for i in 00002 00040 00090; do
	edit "$T_TMP/k2.xml" R-$i 's|rue de Famars|avenue de Denain|'
done
edit "$T_TMP/k2.xml" R-00050 's|numéro 50<|numéro cinquante<|'
edit "$T_TMP/k2.xml" R-00005 's|<founded>[^<]*</founded>|<founded>2018-02-30</founded>|'
edit "$T_TMP/k2.xml" R-00060 's|<founded>[^<]*</founded>|<founded>2018-02-30</founded>|'
sed -i '/<application id="R-00070"/,/<\/application>/d' "$T_TMP/k2.xml"
# The uninterrupted reference.
K=$T_TMP/kref
run_status 0 "$ESSDOCS" run "$T_TMP/k1g.xml" --call $CALL -o "$K" --date $D1 -q
run_status 1 "$ESSDOCS" run "$T_TMP/k2.xml" --call $CALL -o "$K" --date $D2 -q
check "kill reference: 4 withdrawn grants in superseded/" \
    test "$(ls "$K/k/superseded/agreements" | wc -l)" -eq 6
manifest_true "kill reference" "$K/k"
t0=$(date +%s%N)
"$ESSDOCS" run "$T_TMP/k2.xml" --call $CALL -o "$T_TMP/kt" --date $D2 -q 2>/dev/null
span=$(( ($(date +%s%N) - t0) / 1000000 ))	# ms, for the random points
[ "$span" -gt 0 ] || span=1
for n in 1 2 3 4; do
	Kn=$T_TMP/k$n
	opt=; [ $n -ge 3 ] && opt="-j 2"
	"$ESSDOCS" run "$T_TMP/k1g.xml" --call $CALL -o "$Kn" --date $D1 -q
	cp "$Kn/k/manifest.tsv" "$T_TMP/m.before"
	wait_ms=$(( RANDOM % (span + span / 2 + 1) ))
	set -m
	"$ESSDOCS" run "$T_TMP/k2.xml" --call $CALL -o "$Kn" --date $D2 -q $opt 2>/dev/null &
	pid=$!
	set +m
	sleep "$(printf '%d.%03d' $((wait_ms / 1000)) $((wait_ms % 1000)))"
	kill -9 -- -$pid 2>/dev/null
	wait $pid 2>/dev/null
	if cmp -s "$Kn/k/manifest.tsv" "$T_TMP/m.before"; then done=; else done=1; fi
	run_status 1 "$ESSDOCS" run "$T_TMP/k2.xml" --call $CALL -o "$Kn" --date $D2 $opt
	check "kill -9 after ${wait_ms} ms ($n${opt:+, $opt}), rerun: the same documents as without the kill" \
	    diff -r -x .essdocs.lock -x report.pdf "$K/k" "$Kn/k"
	# The report lists the moves, unless the killed run had finished
	# (then they are its report's, and this run moved nothing).
	if [ -z "$done" ]; then
		check "kill -9 ($n): the report as without the kill" cmp -s "$K/k/report.pdf" "$Kn/k/report.pdf"
	else
		has "kill -9 ($n): finished before the kill, nothing more to do" "$T_TMP/out" \
		    "^k: [0-9]+ applications, [0-9]+ documents \([0-9]+ unchanged, 0 issued, 0 superseded or withdrawn\)"
	fi
	manifest_true "kill -9 ($n)" "$Kn/k"
	check "kill -9 ($n): no temporary file" test -z "$(find "$Kn" -name '.*.tmp-*')"
done

done_testing
