#!/bin/bash
# reportfr.sh: the report is French whatever the run's locale (a cron job
# runs under C), while stderr follows the locale: English under C and
# C.UTF-8, French under fr_FR.UTF-8.  Also on a machine where fr_FR.UTF-8
# is not generated (LOCPATH pointing at an empty directory hides every
# generated locale): the report's French comes from the catalogue, not from
# the C library's locales.
. tests/e2e/lib.sh
. tests/e2e/locale.sh

R=input/round-2019-1.xml
# The sample's four record errors, in French as the report says them
# (report.csv keeps the straight apostrophe, the PDF the curly one).
FR_ERRS=(
	"accordée, mais les règles trouvent le dossier inéligible"
	"le montant accordé 12 000,00 € dépasse le maximum de 10 000,00 € de l’aide « Aide au démarrage »"
	"« SIRET » : 51732048700105 n’est pas un SIRET valide (clé de Luhn)"
	"« Date de création » : 2018-02-30 n’est pas une date réelle"
	"ni notification ni convention écrite"
)
# What the same errors say in English (stderr under C).
EN_RE='granted, but the rules|exceeds the maximum|is not a valid SIRET|is not a real date|no decision notice'

# one LABEL ENV...: a run under the environment ENV, its report checked.
one() {
	local label=$1 o=$T_TMP/$1
	shift
	run_status 1 env -u LC_ALL -u LC_MESSAGES -u LANGUAGE "$@" \
	    "$ESSDOCS" run "$R" -o "$o" --date 2026-11-26
	cp "$T_TMP/err" "$T_TMP/$label.err"
	pdftotext -raw "$o/2019-1/report.pdf" - | tr '\n' ' ' |
	    sed 's/\xe2\x80\xaf/ /g; s/  */ /g' >"$T_TMP/$label.txt"
	for e in "${FR_ERRS[@]}"; do
		if grep -qF -- "$e" "$T_TMP/$label.txt"; then pass; else
			fail "$label: report.pdf lacks «$e»"; fi
	done
	hasnt "$label: no English error in report.pdf" "$T_TMP/$label.txt" \
	    "$EN_RE"
	# Fields named as the staff's sheet names them, not by their XML.
	hasnt "$label: no XML field name in report.pdf" "$T_TMP/$label.txt" \
	    "<(siret|founded)>"
	hasnt "$label: no English error in report.csv" \
	    "$o/2019-1/report.csv" "$EN_RE"
	has "$label: report.csv's error in French" "$o/2019-1/report.csv" \
	    "^2019-0021,.*,« SIRET » : 51732048700105 n'est pas un SIRET valide \(clé de Luhn\)"
	# report.xlsx: its sheet holds the cells' text.
	unzip -p "$o/2019-1/report.xlsx" "xl/worksheets/*.xml" >"$T_TMP/$label.ss"
	has "$label: report.xlsx's error in French" "$T_TMP/$label.ss" \
	    "n'est pas une date réelle"
	hasnt "$label: no English error in report.xlsx" "$T_TMP/$label.ss" \
	    "$EN_RE"
}

one C LANG=C
has "C: stderr in English" "$T_TMP/C.err" \
    "error: <siret>: 51732048700105 is not a valid SIRET \(Luhn check\) \(application 2019-0021\)$"
hasnt "C: no French on stderr" "$T_TMP/C.err" "erreur|dossier|n'est pas"

one CUTF8 LANG=C.UTF-8
has "C.UTF-8: stderr in English" "$T_TMP/CUTF8.err" \
    "error: granted amount 12000.00 exceeds the maximum of 10000.00 for aid 'demarrage'"
# LANGUAGE is ignored under C by gettext: still English on stderr.
one CLANG LANG=C LANGUAGE=fr
has "C with LANGUAGE=fr: stderr in English" "$T_TMP/CLANG.err" \
    "error: <founded>: 2018-02-30 is not a real date"

# No generated locale at all: fr_FR.UTF-8 is then unknown to the C library
# (stderr falls back to English), the report is French all the same.
mkdir -p "$T_TMP/nolocales"
one NOLOC LOCPATH="$T_TMP/nolocales" LANG=fr_FR.UTF-8
has "fr_FR not generated: stderr in English" "$T_TMP/NOLOC.err" \
    "is not a valid SIRET"

if have_locale fr_FR.UTF-8; then
	one FR LANG=fr_FR.UTF-8
	has "fr_FR: stderr in French" "$T_TMP/FR.err" \
	    "erreur : <siret> : 51732048700105 n'est pas un SIRET valide \(clé de Luhn\) \(dossier 2019-0021\)$"
	hasnt "fr_FR: no English on stderr" "$T_TMP/FR.err" "$EN_RE"
	check "fr_FR and C give the same report.csv" \
	    cmp -s "$T_TMP/FR/2019-1/report.csv" "$T_TMP/C/2019-1/report.csv"
else
	fail "the fr_FR.UTF-8 locale is missing and could not be generated"
fi

# The same under -j 2: the workers' report is the parent's.
run_status 1 env LANG=C "$ESSDOCS" run "$R" -o "$T_TMP/j2" -j 2 \
    --date 2026-11-26
check "-j 2 under C: the same report.csv" \
    cmp -s "$T_TMP/j2/2019-1/report.csv" "$T_TMP/C/2019-1/report.csv"

# --- Script names: English under C, French under fr_FR and in the report.
. tests/faults/gen.sh
{ gen_head s; gen_app S1 'עמותת שלום'; gen_app S2 'Alpha';
  gen_app S3 'ᐃᓄᒃᑎᑐᑦ Inuit'; gen_tail; } >"$T_TMP/s.xml"
CALL=input/call-ess-2018-2020.xml
run_status 1 env LANG=C "$ESSDOCS" report "$T_TMP/s.xml" --call $CALL \
    -o "$T_TMP/sc" --date 2026-11-26 -q
has "C: the Hebrew script in English" "$T_TMP/err" \
    "error: <name>: Hebrew script \(U\+05E2\) cannot be printed.*\(application S1\)$"
has "C: a two-word script in English" "$T_TMP/err" \
    "error: <name>: Canadian Aboriginal script \(U\+1403\)"
pdftotext -raw "$T_TMP/sc/s/report.pdf" - | tr '\n' ' ' >"$T_TMP/sc.txt"
has "report under C: l'écriture hébraïque" "$T_TMP/sc.txt" \
    "l’écriture hébraïque \(U\+05E2\) ne peut pas être imprimée"
has "report under C: l'écriture syllabique autochtone canadienne" \
    "$T_TMP/sc.txt" "l’écriture syllabique autochtone canadienne"
hasnt "report: no English script name" "$T_TMP/sc.txt" "Hebrew|Aboriginal|script"
if have_locale fr_FR.UTF-8; then
	run_status 1 env LANG=fr_FR.UTF-8 "$ESSDOCS" check "$T_TMP/s.xml" \
	    --call $CALL
	has "fr_FR: l'écriture hébraïque on stderr" "$T_TMP/err" \
	    "erreur : <name> : l'écriture hébraïque \(U\+05E2\) ne peut pas être imprimée.*\(dossier S1\)$"
	hasnt "fr_FR: no English script name" "$T_TMP/err" "Hebrew|Aboriginal"
fi

done_testing
