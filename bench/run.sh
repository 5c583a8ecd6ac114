#!/bin/sh
# run.sh: time bin/essdocs on synthetic rounds and print throughput and memory figures (make bench).
#
# usage: bench/run.sh [SIZES]      (default "1000 10000"; run from the repo root)
# env:   ESSDOCS (default bin/essdocs), MAXRSS (default build/maxrss),
#        PYTHON (default /usr/bin/python3, for the ReportLab peer),
#        BENCH_KEEP=1 keeps the temporary directory.
#
# At 1000 applications it also times letters at -j 1 and -j 2, with
# fsync stubbed out (a measurement only), and the ReportLab peer
# (bench/peer-reportlab.py; skipped with a message without
# python3-reportlab), best of 3 each, and prints the -j 2 scaling and
# the ratio against the peer.
#
# A command that fails (not implemented yet, or broken) gets an
# "n/a (command failed: ...)" row; the script itself only fails when it
# cannot generate its input.
set -u

ESSDOCS=${ESSDOCS:-bin/essdocs}
MAXRSS=${MAXRSS:-build/maxrss}
SIZES=${1:-1000 10000}
DATE=2019-04-10

tmp=$(mktemp -d "${TMPDIR:-/tmp}/essdocs-bench.XXXXXX") || exit 1
if [ "${BENCH_KEEP:-0}" = 1 ]; then
	echo "bench: keeping $tmp"
else
	trap 'rm -rf "$tmp"' EXIT
fi

if [ ! -x "$MAXRSS" ]; then
	MAXRSS=$tmp/maxrss
	${CC:-cc} -O2 -o "$MAXRSS" bench/maxrss.c || exit 1
fi

# Put an earlier row's output aside, removed only when the script ends.
# Removing thousands of files just before a timed run would time the
# file system instead: on ext4 without a journal (these machines) a new
# file's inode is searched past every inode freed in the last half
# minute, which made each file creation scan the previous row's 1 000.
ntrash=0
discard() {
	[ -e "$1" ] || return 0
	ntrash=$((ntrash + 1))
	mkdir -p "$tmp/trash"
	mv "$1" "$tmp/trash/$ntrash"
}

# Sum of sizes (bytes) and count of the PDF files in a directory: "BYTES COUNT".
pdfs() {
	if [ -d "$1" ]; then
		find "$1" -maxdepth 1 -name '*.pdf' -type f -exec wc -c {} + |
		    awk '$2 != "total" { b += $1; n++ } END { printf "%d %d\n", b, n }'
	else
		echo "0 0"
	fi
}

printf '%-16s %6s %8s %7s %8s %10s %10s %9s %9s %8s\n' \
    "command" "apps" "time s" "CPU s" "apps/s" "letters/s" "agreem./s" "KB/letter" "KB/agr." "peak MB"
printf '%-16s %6s %8s %7s %8s %10s %10s %9s %9s %8s\n' \
    "----------------" "------" "--------" "-------" "--------" "----------" \
    "----------" "---------" "---------" "--------"

# row LABEL N ROUND OUTDIR CMD...: run CMD ($REPS times, default once:
# the shortest time and the largest peak count), print one row; the
# time goes to $tmp/t.LABEL for the ratios.  The PDFs are counted in
# OUTDIR/<round-id>/letters and agreements, or in $PDFDIR when set.
# With keep=1 OUTDIR is neither emptied before nor removed after (reruns).
row() {
	label=$1; r_n=$2; r_round=$3; out=$4; shift 4
	rep=0; : >"$tmp/best"
	while [ "$rep" -lt "${REPS:-1}" ]; do
		rep=$((rep + 1))
		[ "${keep:-0}" = 1 ] || discard "$out"
		"$MAXRSS" "$tmp/m" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
		st=$?
		# 0: all written; 1: some records had errors, the rest written.
		if [ "$st" -gt 1 ] || [ ! -s "$tmp/m" ]; then
			why=$(grep -v '^$' "$tmp/stderr" | head -n 1 | cut -c 1-70)
			printf '%-16s %6s  n/a (command failed: exit %s%s)\n' "$label" "$r_n" \
			    "$st" "${why:+: $why}"
			[ "${keep:-0}" = 1 ] || discard "$out"
			rm -f "$tmp/t.$label"
			return
		fi
		cat "$tmp/m" "$tmp/best" | awk 'NR == 1 { t = $1; k = $2; c = $3 }
		    NR == 2 { if ($1 < t) t = $1; if ($2 > k) k = $2; if ($3 < c) c = $3 }
		    END { print t, k, c }' >"$tmp/best.new"
		mv "$tmp/best.new" "$tmp/best"
	done
	cut -d ' ' -f 1 "$tmp/best" >"$tmp/t.$label"
	cut -d ' ' -f 3 "$tmp/best" >"$tmp/c.$label"
	cut -d ' ' -f 2 "$tmp/best" >"$tmp/k.$label.$r_n"
	rid=$(sed -n 's/.*<round id="\([^"]*\)".*/\1/p' "$r_round" | head -n 1)
	if [ -n "${PDFDIR:-}" ]; then
		set -- $(cat "$tmp/best") $(pdfs "$PDFDIR") 0 0
	else
		set -- $(cat "$tmp/best") $(pdfs "$out/$rid/letters") $(pdfs "$out/$rid/agreements")
	fi
	echo "$1" >"$tmp/last_s"
	[ "$5" -gt 0 ] && echo "$4 $5" >"$tmp/l.$label.$r_n"
	awk -v label="$label" -v n="$r_n" -v s="$1" -v kb="$2" -v cpu="$3" \
	    -v lb="$4" -v ln="$5" -v ab="$6" -v an="$7" -v st="$st" 'BEGIN {
		if (s <= 0) s = 0.001
		printf "%-16s %6d %8.2f %7.2f %8.0f %10s %10s %9s %9s %8.1f%s\n", label, n, s,
		    cpu, n / s,
		    (ln > 0 ? sprintf("%.1f", ln / s) : "-"),
		    (an > 0 ? sprintf("%.1f", an / s) : "-"),
		    (ln > 0 ? sprintf("%.1f", lb / ln / 1024) : "-"),
		    (an > 0 ? sprintf("%.1f", ab / an / 1024) : "-"),
		    kb / 1024, (st == 1 ? "  (exit 1: some records in error)" : "")
	}'
	[ "${keep:-0}" = 1 ] || discard "$out"
}

# The ReportLab peer (bench/peer-reportlab.py): the same letters'
# text, from essdocs's layout dumps written before the timing.
PYTHON=${PYTHON:-/usr/bin/python3}
peer() {
	if ! "$PYTHON" -c 'import reportlab' 2>/dev/null; then
		printf '%-16s %6s  skipped: python3-reportlab is not installed\n' "reportlab peer" "$1"
		return
	fi
	rm -rf "$tmp/dumps"
	"$ESSDOCS" letters -q -j 2 --dump --date "$DATE" "$2" -o "$tmp/dumps" >/dev/null 2>&1
	rid=$(sed -n 's/.*<round id="\([^"]*\)".*/\1/p' "$2" | head -n 1)
	if [ ! -d "$tmp/dumps/$rid/letters" ]; then
		printf '%-16s %6s  n/a (essdocs wrote no layout dumps)\n' "reportlab peer" "$1"
		return
	fi
	PDFDIR=$tmp/peer; REPS=3
	row "reportlab peer" "$1" "$2" "$tmp/peer" \
	    "$PYTHON" bench/peer-reportlab.py "$FONTS" "$tmp/dumps/$rid/letters" "$tmp/peer"
	PDFDIR=; REPS=1
}
FONTS=${FONTS:-fonts}

# A shim that stubs out fsync, to show what share of a run is the disk's.
NOSYNC=$tmp/nosync.so
printf 'int fsync(int f){(void)f;return 0;}\nint fdatasync(int f){(void)f;return 0;}\nint syncfs(int f){(void)f;return 0;}\n' >"$tmp/nosync.c"
${CC:-cc} -O2 -fPIC -shared -o "$NOSYNC" "$tmp/nosync.c" 2>/dev/null || NOSYNC=

if [ ! -x "$ESSDOCS" ]; then
	echo "bench: $ESSDOCS is not built: every row will be n/a" >&2
fi

for n in $SIZES; do
	dir=$tmp/r$n
	mkdir -p "$dir"
	t0=$(date +%s.%N)
	bench/gen-round "$n" 1 >"$dir/round-bench-$n.xml" || exit 1
	t1=$(date +%s.%N)
	cp input/call-ess-2018-2020.xml input/issuer-logo-placeholder.png \
	    input/issuer-logo-placeholder.svg "$dir/"
	size=$(wc -c <"$dir/round-bench-$n.xml")
	awk -v n="$n" -v a="$t0" -v b="$t1" -v sz="$size" 'BEGIN {
		printf "%-16s %6d %8.2f %7s %8.0f  (%.1f MB of XML)\n", "gen-round", n,
		    b - a, "", n / (b - a > 0 ? b - a : 0.001), sz / 1048576 }'
	round=$dir/round-bench-$n.xml
	row "check" "$n" "$round" "$tmp/out" "$ESSDOCS" check -q "$round"
	row "report" "$n" "$round" "$tmp/out" "$ESSDOCS" report -q "$round" -o "$tmp/out"
	row "letters" "$n" "$round" "$tmp/out" "$ESSDOCS" letters -q --date "$DATE" "$round" -o "$tmp/out"
	row "agreements" "$n" "$round" "$tmp/out" "$ESSDOCS" agreements -q --date "$DATE" "$round" -o "$tmp/out"
	row "run" "$n" "$round" "$tmp/out" "$ESSDOCS" run -q --date "$DATE" "$round" -o "$tmp/out"
	if [ "$n" = 1000 ]; then
		# Best of 3, interleaved with the peer's runs below.
		REPS=3
		row "letters -j 1" "$n" "$round" "$tmp/out" "$ESSDOCS" letters -q -j 1 --date "$DATE" "$round" -o "$tmp/out"
		row "letters -j 2" "$n" "$round" "$tmp/out" "$ESSDOCS" letters -q -j 2 --date "$DATE" "$round" -o "$tmp/out"
		if [ -n "$NOSYNC" ]; then
			row "letters no-fsync" "$n" "$round" "$tmp/out" env LD_PRELOAD="$NOSYNC" "$ESSDOCS" letters -q -j 1 --date "$DATE" "$round" -o "$tmp/out"
		fi
		peer "$n" "$round"
		REPS=1
		# A rerun with nothing changed, on a later day: every document
		# is checked against the manifest and none is rewritten.
		discard "$tmp/out"
		keep=1 row "run, first" "$n" "$round" "$tmp/out" "$ESSDOCS" run -q --date "$DATE" "$round" -o "$tmp/out"
		first=$(cat "$tmp/last_s" 2>/dev/null || echo 0)
		keep=1 row "run, unchanged" "$n" "$round" "$tmp/out" "$ESSDOCS" run -q --date 2019-05-10 "$round" -o "$tmp/out"
		again=$(cat "$tmp/last_s" 2>/dev/null || echo 0)
		awk -v a="$first" -v b="$again" 'BEGIN { if (a > 0)
			printf "%-16s %6s  rerun unchanged / first run: %.3f (x%.0f faster)\n", "", "", b / a, (b > 0 ? a / b : 0) }'
		discard "$tmp/out"
	fi
done
echo "(apps/s: applications per second; KB/letter, KB/agr.: average PDF sizes;"
echo " peak MB: largest resident set of essdocs or any worker it waited for; $(nproc 2>/dev/null || echo '?') CPUs;"
echo " rows at 1000 with -j, no-fsync and the peer: best of 3;"
echo " no-fsync: fsync, fdatasync and syncfs stubbed out by an LD_PRELOAD shim, a measurement only)"
if [ -s "$tmp/t.letters -j 1" ] && [ -s "$tmp/t.letters -j 2" ]; then
	awk -v a="$(cat "$tmp/t.letters -j 1")" -v b="$(cat "$tmp/t.letters -j 2")" \
	    -v ca="$(cat "$tmp/c.letters -j 1")" -v cb="$(cat "$tmp/c.letters -j 2")" \
	    -v n="$(nproc 2>/dev/null || echo 2)" -v l="$(cut -d ' ' -f 1 /proc/loadavg 2>/dev/null)" \
	    'BEGIN { if (b > 0) printf "-j 2 scaling: %.2fx (letters, 1000 applications, wall time -j 1 / -j 2; CPU -j 2 / -j 1: %.2f; %d CPUs, load average %s)\n", a / b, (ca > 0 ? cb / ca : 0), n, l }'
fi
# KB per letter and peak memory, from the rows above.
for f in "$tmp"/l.letters.*; do
	[ -f "$f" ] || continue
	n=${f##*.}
	awk -v n="$n" '{ if ($2 > 0) printf "KB per letter: %.1f (%d letters of %d applications, both faces embedded)\n", $1 / $2 / 1024, $2, n }' "$f"
done
for f in "$tmp"/k.letters.* "$tmp"/k.run.*; do
	[ -f "$f" ] || continue
	n=${f##*.}; c=${f#"$tmp"/k.}; c=${c%.*}
	awk -v n="$n" -v c="$c" '{ printf "peak memory: %s at %d applications: %.1f MB\n", c, n, $1 / 1024 }' "$f"
done
if [ -s "$tmp/t.letters -j 1" ] && [ -s "$tmp/t.reportlab peer" ]; then
	awk -v a="$(cat "$tmp/t.letters -j 1")" -v b="$(cat "$tmp/t.reportlab peer")" \
	    -v c="$(cat "$tmp/t.letters no-fsync" 2>/dev/null)" 'BEGIN {
		if (a > 0) printf "ReportLab ratio: essdocs letters -j 1 is %.2fx faster than the peer", b / a
		if (c > 0) printf " (%.2fx with fsync stubbed)", b / c
		printf "\n" }'
fi
exit 0
