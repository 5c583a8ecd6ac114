# gen.sh: bash helpers that write synthetic round files for tests/e2e/hostile.sh and faults.sh.
# Every round is for the call ess-2018-2020 (pass --call input/call-ess-2018-2020.xml)
# and valid against input/round.xsd unless a test makes it otherwise.

# gen_head ROUND-ID: the XML declaration and the opening <round>.
gen_head() {
	printf '<?xml version="1.0" encoding="UTF-8"?>\n'
	printf '<round id="%s" call="ess-2018-2020" date="2019-03-15">\n' "$1"
}

gen_tail() {
	printf '</round>\n'
}

# gen_app ID NAME [REQUEST-XML [EXTRA-XML]]: one eligible start-up-aid
# application (a letter, no agreement: no decision).  ID and NAME are
# written as given (XML markup and character references pass through);
# REQUEST-XML goes after <title>, EXTRA-XML after </declarations>.
# $GEN_AID overrides the aid.
gen_app() {
	cat <<EOF
  <application id="$1" received="2019-02-11">
    <applicant>
      <name>$2</name>
      <legal-form>association</legal-form>
      <founded>2018-01-15</founded>
      <address>
        <line>12 rue de Famars</line>
        <postcode>59300</postcode>
        <city>Valenciennes</city>
      </address>
      <contact civility="Mme" first-name="Claire" last-name="Dupont" role="Présidente"
               email="contact@example.org" phone="03 27 00 00 00"/>
    </applicant>
    <request aid="${GEN_AID:-demarrage}" amount="8000.00">
      <title>Projet solidaire</title>${3:-}
      <jobs-created>2</jobs-created>
    </request>
    <declarations ess-governance="yes" viable-activity="yes"
                  economic-layoffs-12-months="no" unmet-need="yes"/>${4:-}
  </application>
EOF
}

# gen_round ROUND-ID N: a round of N applications R-00001..R-N, each with
# a letter and no agreement.
gen_round() {
	gen_head "$1"
	awk -v n="$2" 'BEGIN {
		for (i = 1; i <= n; i++) {
			printf "  <application id=\"R-%05d\" received=\"2019-02-11\">\n", i
			printf "    <applicant>\n"
			printf "      <name>Association solidaire numéro %d</name>\n", i
			printf "      <legal-form>association</legal-form>\n"
			printf "      <founded>2018-01-15</founded>\n"
			printf "      <address><line>%d rue de Famars</line>", i
			printf "<postcode>59300</postcode><city>Valenciennes</city></address>\n"
			printf "      <contact civility=\"Mme\" first-name=\"Claire\" last-name=\"Dupont\"/>\n"
			printf "    </applicant>\n"
			printf "    <request aid=\"demarrage\" amount=\"%d.00\"><jobs-created>1</jobs-created></request>\n", 1000 + i
			printf "    <declarations ess-governance=\"yes\" viable-activity=\"yes\"\n"
			printf "                  economic-layoffs-12-months=\"no\" unmet-need=\"yes\"/>\n"
			printf "  </application>\n"
		}
	}'
	gen_tail
}
