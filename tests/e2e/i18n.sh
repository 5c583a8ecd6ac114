#!/bin/bash
# i18n.sh: what essdocs prints is French under a French locale and English
# under C; po/fr.po translates every message of src/ (a message added
# without its French translation, or left fuzzy, fails here); the catalogue
# is found in the build tree and in an installed prefix.
. tests/e2e/lib.sh
. tests/e2e/locale.sh

FR=fr_FR.UTF-8
R=input/round-2019-1.xml

# --- The catalogue is complete -------------------------------------------
# Extract with the Makefile's own keywords (diag_msg:8 and the readers'
# error functions), as a translator would.
make -s pot POT="$T_TMP/essdocs.pot" >/dev/null 2>"$T_TMP/xg.err"
check "xgettext extracts the messages of src/" test -s "$T_TMP/essdocs.pot"
sed 's/charset=CHARSET/charset=UTF-8/' "$T_TMP/essdocs.pot" >"$T_TMP/u.pot"
# "%s" (a message already made) is no message to translate.
msggrep --invert-match --msgid -E -e '^%s$' "$T_TMP/u.pot" -o "$T_TMP/m.pot"
check "extracted more than 150 messages" \
    test "$(grep -c '^msgid ' "$T_TMP/m.pot")" -gt 150
if msgcmp po/fr.po "$T_TMP/m.pot" >"$T_TMP/cmp" 2>&1; then pass; else
	fail "po/fr.po lacks French for messages of src/ (make pot; msgmerge --update po/fr.po po/essdocs.pot; translate):"
	sed 's/^/  | /' "$T_TMP/cmp" >&2
fi
check "po/fr.po compiles with msgfmt --check" msgfmt --check -o /dev/null po/fr.po
n_untr=$(msgattrib --untranslated --no-obsolete po/fr.po | grep -c '^msgid ')
check "no untranslated entry in po/fr.po ($n_untr)" test "$n_untr" -le 1
n_fuzzy=$(msgattrib --only-fuzzy --no-obsolete po/fr.po | grep -c '^msgid ')
check "no fuzzy entry in po/fr.po ($n_fuzzy)" test "$n_fuzzy" -eq 0
# The check itself sees a fuzzy entry and a missing one.
sed '0,/^msgid "not a directory"/s//#, fuzzy\nmsgid "not a directory"/' \
    po/fr.po >"$T_TMP/fuzzy.po"
check "a fuzzy translation counts as missing" \
    bash -c "! msgcmp '$T_TMP/fuzzy.po' '$T_TMP/m.pot' 2>/dev/null"
printf '\nmsgid "a message nobody translated"\nmsgstr ""\n' >>"$T_TMP/m.pot"
check "a new message counts as missing" \
    bash -c "! msgcmp po/fr.po '$T_TMP/m.pot' 2>/dev/null"

# --- French under fr_FR.UTF-8 -------------------------------------------
if ! have_locale "$FR"; then
	fail "the $FR locale is missing and could not be generated"
	done_testing; exit
fi
frun() { env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=$FR "$@"; }
crun() { env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=C "$@"; }

run_status 1 frun "$ESSDOCS" check "$R"
cp "$T_TMP/out" "$T_TMP/check.fr"; cp "$T_TMP/err" "$T_TMP/check.fr.err"
has "check's title in French" "$T_TMP/check.fr" \
    '^session 2019-1 \(appel ess-2018-2020\) : 23 dossiers$'
has "check's header in French" "$T_TMP/check.fr" '^N° +STRUCTURE +AIDE +AVIS +MOTIFS$'
has "verdicts in French, reasons in the call's words" "$T_TMP/check.fr" ' inéligible +Moins de 3 ans d’existence$'
has "check's totals in French" "$T_TMP/check.fr" \
    '^éligibles : [0-9]+, inéligibles : [0-9]+, incomplets : [0-9]+, en erreur : [0-9]+$'
has "a capped request in French" "$T_TMP/check.fr" 'plafonnée : demande au-dessus du maximum'
hasnt "no English word in check's table" "$T_TMP/check.fr" \
    '\b(eligible|ineligible|incomplete|applications?|round|failed|missing|capped|error|errors|APPLICANT|VERDICT|REASONS)\b'
has "a reader error in French, with file, line and application" \
    "$T_TMP/check.fr.err" \
    "^essdocs: $R:[0-9]+: erreur : <siret> : 51732048700105 n'est pas un SIRET valide \(clé de Luhn\) \(dossier 2019-0021\)$"
has "a rules error in French" "$T_TMP/check.fr.err" \
    "erreur : accordée, mais les règles trouvent le dossier inéligible \(« Moins de 3 ans d’existence »\) \(dossier 2019-0019\)$"
hasnt "no English in the diagnostics" "$T_TMP/check.fr.err" \
    '\b(error|warning|application|granted|not|the|is)\b'

run_status 64 frun "$ESSDOCS" frobnicate "$R"
has "usage error in French" "$T_TMP/err" '^essdocs: erreur : commande inconnue « frobnicate »'
has "usage hint in French" "$T_TMP/err" '^Voir « essdocs --help »\.$'
run_status 64 frun "$ESSDOCS" run "$R" --date 2019-02-30
has "option error in French" "$T_TMP/err" '--date attend une date réelle au format AAAA-MM-JJ'
run_status 0 frun "$ESSDOCS" --help
has "--help in French" "$T_TMP/out" '^usage : essdocs COMMANDE FICHIER \[options\]$'
has "--help lists the commands in French" "$T_TMP/out" 'les documents d.une seule sorte'
run_status 66 frun "$ESSDOCS" check "$T_TMP/absent.xml"
hasnt "system errors in French too" "$T_TMP/err" 'No such file'
has "a missing file said in French" "$T_TMP/err" 'impossible d.ouvrir|Aucun fichier'

# LC_ALL and LC_MESSAGES win over LANG, as everywhere.
run_status 1 env LANG=C LC_MESSAGES=$FR "$ESSDOCS" check "$R"
has "LC_MESSAGES=fr gives French" "$T_TMP/out" '^session 2019-1 '
run_status 1 env LANG=$FR LC_ALL=C "$ESSDOCS" check "$R"
has "LC_ALL=C gives English" "$T_TMP/out" '^round 2019-1 '

# --- English under C, as cron logs expect --------------------------------
run_status 1 crun "$ESSDOCS" check "$R"
has "check's title in English" "$T_TMP/out" '^round 2019-1 \(call ess-2018-2020\): 23 applications$'
has "check's header in English" "$T_TMP/out" '^ID +APPLICANT +AID +VERDICT +REASONS$'
has "English diagnostics" "$T_TMP/err" \
    "^essdocs: $R:[0-9]+: error: <siret>: 51732048700105 is not a valid SIRET \(Luhn check\) \(application 2019-0021\)$"
hasnt "no French in the English diagnostics" "$T_TMP/err" 'erreur|dossier'
run_status 64 crun "$ESSDOCS" frobnicate "$R"
has "English usage error" "$T_TMP/err" "^essdocs: error: unknown command 'frobnicate'"
run_status 0 crun "$ESSDOCS" --help
has "English --help" "$T_TMP/out" '^usage: essdocs COMMAND FILE \[options\]$'

# --- Schema errors in the user's terms, in both languages ----------------
# One application per mistake: an element out of order, a French date, a
# French amount, an enumeration in the wrong case or unknown, a SIRET with
# spaces, a missing attribute or element, one given twice, an empty one...
S=tests/data/round/schema-terms.xml
run_status 1 frun "$ESSDOCS" check "$S" --call input/call-ess-2018-2020.xml
same_file "schema errors in French" "$T_TMP/err" tests/golden/i18n/schema-terms.fr.err
run_status 1 crun "$ESSDOCS" check "$S" --call input/call-ess-2018-2020.xml
same_file "schema errors in English" "$T_TMP/err" tests/golden/i18n/schema-terms.C.err
hasnt "no raw libxml2 message" "$T_TMP/err" "Element '|facet|Expected is"

# The parser's errors that a hand-edited file makes, in the user's terms.
C=input/call-ess-2018-2020.xml
run_status 65 frun "$ESSDOCS" check tests/data/round/parse-amp.xml --call $C
has "a raw & in French" "$T_TMP/err" \
    "parse-amp.xml:68:[0-9]+: erreur : XML mal formé : un & dans un texte s'écrit &amp;$"
run_status 65 crun "$ESSDOCS" check tests/data/round/parse-amp.xml --call $C
has "a raw & in English" "$T_TMP/err" \
    "parse-amp.xml:68:[0-9]+: error: not well-formed XML: an & in a text is written &amp;$"
run_status 65 frun "$ESSDOCS" check tests/data/round/parse-mismatch.xml --call $C
has "a tag closed by another name" "$T_TMP/err" \
    "erreur : XML mal formé : <name>, ouvert à la ligne 68, est fermé par </nom>$"
run_status 65 frun "$ESSDOCS" check tests/data/round/parse-noquote.xml --call $C
has "a value without quotes" "$T_TMP/err" \
    "erreur : XML mal formé : la valeur d'un attribut se met entre guillemets, comme amount=\"9000\"$"

# --- Nothing English under fr_FR: every command, good and broken input ---
# All that essdocs prints, for the sample and for every broken input of
# tests/data, then searched for English words.  Left out before the
# search: what the input or the command line itself says (<element>
# names of the round file, « quoted » and "quoted" values, paths and
# --options), which is the user's own vocabulary.
A=$T_TMP/all
W=$T_TMP/w
mkdir -p "$W"
{
	frun "$ESSDOCS" --help
	frun "$ESSDOCS"
	frun "$ESSDOCS" frobnicate x
	frun "$ESSDOCS" run
	frun "$ESSDOCS" run a b
	frun "$ESSDOCS" run "$R" --jobs=two
	frun "$ESSDOCS" run "$R" --date demain
	frun "$ESSDOCS" run "$R" -o "$W/o" --date 2026-11-26
	frun "$ESSDOCS" run "$R" -o "$W/o" --date 2026-11-26
	frun "$ESSDOCS" check "$R"
	for k in letters receipts agreements decisions report; do
		frun "$ESSDOCS" $k "$R" -o "$W/k" --date 2026-11-26
	done
	frun "$ESSDOCS" mail "$R" -o "$W/o"
	frun "$ESSDOCS" export "$R" -o "$W/x.csv"
	frun "$ESSDOCS" import "$W/x.csv" --round 2019-1 --call $C -o "$W/x.xml"
	frun "$ESSDOCS" import tests/data/sheet/errors.csv --round r --call $C
	frun "$ESSDOCS" import tests/data/sheet/libreoffice-fr.csv --round r \
	    --call ess-2018-2020
	frun "$ESSDOCS" import tests/data/sheet/libreoffice-fr.csv --round r
	frun "$ESSDOCS" import "$W/absent.csv" --round r --call $C
	frun "$ESSDOCS" import --blank x
	frun "$ESSDOCS" export
	cp "$R" "$W/alone.xml"
	frun "$ESSDOCS" run "$W/alone.xml" -o "$W/o2"
	frun "$ESSDOCS" export "$W/alone.xml" -o "$W/alone.csv"
	frun "$ESSDOCS" check "$W/absent.xml"
	frun "$ESSDOCS" run "$R" -o /proc/essdocs-nowhere
	frun "$ESSDOCS" run "$R" -o "$W/t" --templates "$W/none"
	frun "$ESSDOCS" run "$R" -o "$W/t" --fonts "$W/none"
	for f in tests/data/round/*.xml; do
		frun "$ESSDOCS" check "$f" --call $C
	done
	for f in tests/data/call/*.xml; do
		frun "$ESSDOCS" leaflet "$f" -o "$W/c.pdf"
	done
} >"$A" 2>&1
check "the French audit ran ($(wc -l <"$A") lines)" test "$(wc -l <"$A")" -gt 400
# What the user typed or the files say, taken out; then English words.
# (French "a" and "or" are French words; granted, refused and pending
# are the values a round file writes, quoted by its messages, and so are
# yes and no.)
EN='\b(the|an|is|are|not|of|to|and|with|without|for|from|must|cannot|error|errors|warning|failed|fails|missing|invalid|unknown|expected|allowed|empty|found|file|line|eligible|ineligible|incomplete|application|applications|written|round|call|Element|Try)\b'
sed 's/<[^>]*>//g; s/«[^»]*»//g; s/"[^"]*"//g; s/'"'"'[^'"'"' ]*'"'"'//g' "$A" |
    sed 's#[^ ]*/[^ ]*##g; s/--[a-z-]*//g; s/[^ ]*\.xml//g' >"$T_TMP/all.words"
if grep -nE "$EN" "$T_TMP/all.words" >"$T_TMP/english"; then
	fail "English under fr_FR:"
	head -20 "$T_TMP/english" | sed 's/^/  | /' >&2
else
	pass
fi
# The report PDF: French words only, no rule id, no aid id.
pdftotext -raw "$W/o/2019-1/report.pdf" - >"$T_TMP/report.txt"
check "report.pdf has text" test "$(wc -l <"$T_TMP/report.txt")" -gt 50
ids=$(sed -n 's/.* rule="\([a-z-]*\)".*/\1/p; s/.*<aid id="\([a-z-]*\)".*/\1/p' $C |
    sort -u | paste -sd'|')
check "the call's rule and aid ids are known ($ids)" test -n "$ids"
hasnt "report.pdf: no rule or aid id" "$T_TMP/report.txt" "\b($ids)\b"
ENR='\b(the|an|is|are|not|no|of|to|and|or|with|without|for|from|must|cannot|error|errors|warning|failed|fails|missing|invalid|unknown|expected|allowed|empty|found|file|line|eligible|ineligible|incomplete|application|applications|written|round|call|granted|refused|pending|decision|notice|agreement|aid|reasons?|capped|exceeds)\b'
hasnt "report.pdf: no English word" "$T_TMP/report.txt" "$ENR"
# The same report made under C: French all the same, the same text.
run_status 1 crun "$ESSDOCS" report "$R" -o "$W/c" --date 2026-11-26
pdftotext -raw "$W/c/2019-1/report.pdf" - >"$T_TMP/report.c.txt"
hasnt "report.pdf under C: no English word" "$T_TMP/report.c.txt" "$ENR"
hasnt "report.pdf under C: no rule or aid id" "$T_TMP/report.c.txt" "\b($ids)\b"

# --- An installed tree finds its catalogue -------------------------------
case "$ESSDOCS" in
*/bin/essdocs)
	make -s install DESTDIR="$T_TMP/stage" PREFIX=/opt/essdocs \
	    >"$T_TMP/make.out" 2>&1
	check "make install" test $? -eq 0
	check "the catalogue is installed" test -f \
	    "$T_TMP/stage/opt/essdocs/share/locale/fr/LC_MESSAGES/essdocs.mo"
	run_status 64 frun "$T_TMP/stage/opt/essdocs/bin/essdocs" frobnicate x
	has "the installed binary speaks French" "$T_TMP/err" 'commande inconnue'
	;;
esac

done_testing
