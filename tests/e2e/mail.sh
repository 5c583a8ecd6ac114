# mail.sh: `essdocs mail` (issue 15): the outbox for review, then sending
# through msmtp to a real SMTP server on 127.0.0.1 (tests/mail/smtpd.py,
# python3-aiosmtpd): headers, body, attachment bytes, the manifest's
# record, no second sending, a reissue of a sent document reported, a
# refused recipient that loses nothing.
. tests/e2e/lib.sh

PY=/usr/bin/python3
CALL=input/call-ess-2018-2020.xml
R=$T_TMP/round.xml
O=$T_TMP/o
M=$O/2019-1
SRV_PID=
stop_server() {
	if [ -n "$SRV_PID" ]; then
		kill "$SRV_PID" 2>/dev/null
		wait "$SRV_PID" 2>/dev/null
		SRV_PID=
	fi
}
trap 'stop_server; rm -rf "$T_TMP"' EXIT

# start_server DIR REFUSE...: the SMTP server, its port in $PORT and an
# msmtp configuration for it in $T_TMP/msmtprc (no TLS, no auth).
start_server() {
	local dir=$1 i; shift
	stop_server
	mkdir -p "$dir"
	rm -f "$T_TMP/port"
	timeout 300 "$PY" tests/mail/smtpd.py "$dir" "$T_TMP/port" "$@" \
	    2>"$T_TMP/smtpd.err" &
	SRV_PID=$!
	for i in $(seq 100); do
		[ -s "$T_TMP/port" ] && break
		sleep 0.1
	done
	PORT=$(cat "$T_TMP/port" 2>/dev/null)
	cat > "$T_TMP/msmtprc" <<RC
defaults
auth off
tls off
logfile
account local
host 127.0.0.1
port $PORT
from ess@valenciennes-metropole.fr
account default : local
RC
	chmod 600 "$T_TMP/msmtprc"
}
SENDMAIL="msmtp -C $T_TMP/msmtprc -t"

# show DIR: one line per message received (tests/mail/show.py).
show() { "$PY" tests/mail/show.py "$M" "$1"/*.eml 2>/dev/null; }
count() { ls "$1" 2>/dev/null | grep -c '\.eml$'; }
# The documents of application $1 in the manifest.
ndocs() { awk -F'\t' -v id="$1" '$2 == id' "$M/manifest.tsv" | wc -l; }

edit() { sed -i "/<application id=\"$1\"/,/<\/application>/ $2" "$R"; }

cp input/round-2019-1.xml "$R"
# 2019-0005: no address; 2019-0007: one the check refuses (two dots);
# 2019-0010: one the server refuses.
edit 2019-0005 's/ email="[^"]*"//'
edit 2019-0007 's/email="[^"]*"/email="jean-pierre..devos@example.org"/'

run_status 1 "$ESSDOCS" run "$R" --call $CALL -o "$O" --date 2026-11-26
total=$(tail -n +3 "$M/manifest.tsv" | wc -l)
check "the round issued documents" test "$total" -gt 40
cp "$M/manifest.tsv" "$T_TMP/manifest.run"

# ---- Without --send: the outbox, nothing sent -----------------------------
n5=$(ndocs 2019-0005); n7=$(ndocs 2019-0007); n10=$(ndocs 2019-0010)
want=$((total - n5 - n7))
run_status 0 "$ESSDOCS" mail "$R" --call $CALL -o "$O"
check "outbox: one message per document with an address ($want)" \
    test "$(count "$M/outbox")" -eq $want
has "outbox: summary" "$T_TMP/out" \
    "^2019-1: $want messages to review, 0 already sent, 2 applications to send by post, 0 superseded after sending → $M/outbox$"
has "outbox: no address, by post" "$T_TMP/out" \
    "^to send by post: 2019-0005 .* \(no e-mail address\)$"
has "outbox: refused address, by post" "$T_TMP/out" \
    "^to send by post: 2019-0007 .* \(address refused: jean-pierre\.\.devos@example\.org\)$"
has "outbox: the refused address warned about" "$T_TMP/err" \
    "warning: the contact's e-mail address 'jean-pierre\.\.devos@example\.org' is not one essdocs sends to: its documents go by post \(application 2019-0007\)$"
same_file "outbox: the manifest untouched" "$M/manifest.tsv" "$T_TMP/manifest.run"
check "outbox: no sent/" test ! -e "$M/sent"
E=$M/outbox/letters-2019-0004-les-champignons-solidaires.eml
check "outbox: named by kind and document" test -f "$E"
"$PY" tests/mail/show.py "$M" "$E" > "$T_TMP/show" 2>"$T_TMP/body"
has "outbox: From, the call's sender" "$T_TMP/show" \
    "	from=Valenciennes Métropole – Mission économie sociale et solidaire <ess@valenciennes-metropole\.fr>	"
has "outbox: To, the contact's name decoded" "$T_TMP/show" \
    "	to=Ζωή Παπαδοπούλου <champignons@example\.org>	"
has "outbox: Reply-To" "$T_TMP/show" "	reply-to=[^	]* <cvasseur@valenciennes-metropole\.fr>	"
has "outbox: Bcc for the archive" "$T_TMP/show" "	bcc=archives-ess@valenciennes-metropole\.fr	"
has "outbox: French subject" "$T_TMP/show" \
    "	subject=Votre dossier n° 2019-0004 – examen de l’éligibilité – Appel à projets Économie sociale et solidaire	"
has "outbox: the PDF attached, same bytes" "$T_TMP/show" \
    "	pdf=same	file=2019-0004-les-champignons-solidaires\.pdf	type=application/pdf	"
has "outbox: Message-ID and Date" "$T_TMP/show" "	msgid=<[^	@]+@valenciennes-metropole\.fr>	date=yes	headers=ascii$"
has "outbox: the body" "$T_TMP/body" "^Madame la Gérante,$"
has "outbox: the body, the letter's date" "$T_TMP/body" "courrier du 26 novembre 2026 "
check "outbox: raw header encodes the names (RFC 2047)" grep -q '^To: =?UTF-8?' "$E"
check "outbox: attachment in base64" grep -q '^Content-Transfer-Encoding: base64' "$E"

# A review run again: the same messages, none left over from a document
# since renamed (the outbox is rebuilt, not added to).
touch "$M/outbox/letters-2019-0099-gone.eml"
ln -s /etc/hostname "$M/outbox/link.eml"
run_status 0 "$ESSDOCS" mail "$R" --call $CALL -o "$O"
check "outbox again: the same count" test "$(ls "$M/outbox" | grep -c '^[a-z]*-2019-.*\.eml$')" -eq $want
check "outbox again: a stale message removed" test ! -e "$M/outbox/letters-2019-0099-gone.eml"
check "outbox again: a link left alone" test -L "$M/outbox/link.eml"
rm "$M/outbox/link.eml"

# ---- --send through msmtp: all but the refused recipient ------------------
start_server "$T_TMP/in1" recyclerie@example.org
check "server: listening" test -n "$PORT"
run_status 1 "$ESSDOCS" mail "$R" --call $CALL -o "$O" --send --sendmail "$SENDMAIL"
sent=$((want - n10))
check "send: $sent messages received" test "$(count "$T_TMP/in1")" -eq $sent
has "send: summary" "$T_TMP/out" \
    "^2019-1: $sent sent, 0 already sent, $n10 failed, 2 applications to send by post, 0 superseded after sending → $M/sent$"
has "send: the refusal is an error naming the application" "$T_TMP/err" \
    "error: not sent to recyclerie@example\.org: 'msmtp [^']*' exited with status [0-9]+; the message stays in outbox/ \(application 2019-0010\)$"
has "send: msmtp said why" "$T_TMP/err" "550 5\.1\.1 <recyclerie@example\.org>: recipient refused"
check "send: the refused messages stay in outbox/" \
    test "$(ls "$M/outbox" | grep -c '2019-0010-')" -eq $n10
check "send: only they stay in outbox/" test "$(count "$M/outbox")" -eq $n10
check "send: the others are in sent/" test "$(count "$M/sent")" -eq $sent
show "$T_TMP/in1" > "$T_TMP/recv1"
check "send: every attachment is its PDF" test "$(grep -c '	pdf=same	' "$T_TMP/recv1")" -eq $sent
check "send: every subject French" test "$(grep -Ec '	subject=(Votre dossier|Accusé de réception de votre dossier) n° 2019-[0-9]{4} – ' "$T_TMP/recv1")" -eq $sent
check "send: every header 7-bit" test "$(grep -c '	headers=ascii$' "$T_TMP/recv1")" -eq $sent
hasnt "send: no Bcc header delivered" "$T_TMP/recv1" "	bcc=[^	]"
has "send: a receipt" "$T_TMP/recv1" \
    "^receipts/2019-0003-la-coloc-de-josephine\.pdf	from=Valenciennes Métropole[^	]*	to=Claire Dupont <contact@example\.org>	.*	subject=Accusé de réception de votre dossier n° 2019-0003 – "
has "send: an agreement" "$T_TMP/recv1" \
    "^agreements/2019-0006-colore-ma-vie\.pdf	[^	]*	to=Thị Lan Nguyễn <bonjour@colore-ma-vie\.example>	.*	subject=Votre dossier n° 2019-0006 – convention de financement – "
hasnt "send: nothing for the refused or the posted" "$T_TMP/recv1" "^[a-z]+/2019-00(05|07|10)-"
check "send: the archive in each envelope" \
    test "$(cat "$T_TMP"/in1/*.rcpt | grep -c '^archives-ess@valenciennes-metropole\.fr$')" -eq $sent
# The manifest: each sent document with its time and its Message-ID.
has "manifest: format 2 once sent" "$M/manifest.tsv" "^# essdocs manifest 2"
has "manifest: header" "$M/manifest.tsv" \
    "^kind	application	path	issued	input_sha256	pdf_sha256	sent	message_id	earlier_sent$"
check "manifest: $sent rows sent" \
    test "$(awk -F'\t' 'NR > 2 && $7 ~ /^20[0-9-]+T[0-9:]+Z$/' "$M/manifest.tsv" | wc -l)" -eq $sent
bad=0
while IFS=$'\t' read -r doc rest; do
	id=$(printf '%s\n' "$rest" | sed -n 's/.*	msgid=\([^	]*\)	.*/\1/p')
	awk -F'\t' -v p="$doc" -v m="$id" '$3 == p && $8 == m { f = 1 } END { exit !f }' \
	    "$M/manifest.tsv" || { bad=1; echo "mail.sh: $doc: $id not in the manifest" >&2; }
done < "$T_TMP/recv1"
check "manifest: each received Message-ID recorded for its document" test $bad -eq 0
check "manifest: the refused ones not recorded as sent" \
    test "$(awk -F'\t' '$2 == "2019-0010" && $7 == "-"' "$M/manifest.tsv" | wc -l)" -eq $n10

# ---- A second run sends nothing already sent ------------------------------
start_server "$T_TMP/in2"
run_status 0 "$ESSDOCS" mail "$R" --call $CALL -o "$O" --send --sendmail "$SENDMAIL"
check "rerun: only the refused ones, now accepted" test "$(count "$T_TMP/in2")" -eq $n10
show "$T_TMP/in2" > "$T_TMP/recv2"
check "rerun: they are 2019-0010's" test "$(grep -c '^[a-z]*/2019-0010-' "$T_TMP/recv2")" -eq $n10
has "rerun: summary" "$T_TMP/out" "^2019-1: $n10 sent, $sent already sent, 0 failed, "
check "rerun: outbox/ empty" test "$(count "$M/outbox")" -eq 0
cp "$M/manifest.tsv" "$T_TMP/manifest.sent"
run_status 0 "$ESSDOCS" mail "$R" --call $CALL -o "$O" --send --sendmail "$SENDMAIL"
check "third run: nothing sent" test "$(count "$T_TMP/in2")" -eq $n10
has "third run: summary" "$T_TMP/out" "^2019-1: 0 sent, $want already sent, 0 failed, "
same_file "third run: the manifest unchanged" "$M/manifest.tsv" "$T_TMP/manifest.sent"

# ---- `run` keeps the record; a reissue of a sent document is reported -------
run_status 1 "$ESSDOCS" run "$R" --call $CALL -o "$O" --date 2026-12-03
same_file "unchanged run: the sending kept in the manifest" "$M/manifest.tsv" "$T_TMP/manifest.sent"
edit 2019-0004 's/Les Champignons Solidaires/Les Champignons Solidaires du Hainaut/'
n4=$(ndocs 2019-0004)
run_status 1 "$ESSDOCS" run "$R" --call $CALL -o "$O" --date 2026-12-03
check "reissue: 2019-0004's documents carry their earlier sending" \
    test "$(awk -F'\t' '$2 == "2019-0004" && $7 == "-" && $9 ~ /Z$/' "$M/manifest.tsv" | wc -l)" -eq $n4
run_status 0 "$ESSDOCS" mail "$R" --call $CALL -o "$O" --send --sendmail "$SENDMAIL"
check "reissue: not sent unasked" test "$(count "$T_TMP/in2")" -eq $n10
has "reissue: reported for staff" "$T_TMP/out" \
    "^already sent on [0-9]+ [a-zéû]+ 20[0-9]{2}: tell the applicant \(2019-0004 Les Champignons Solidaires du Hainaut, letters/2019-0004-les-champignons-solidaires-du-hainaut\.pdf superseded since; --resend 2019-0004 to send it\)$"
has "reissue: warned" "$T_TMP/err" \
    "warning: an earlier issue of this document was sent on [0-9T:Z-]+: not sent again unasked; tell the applicant, or send it with --resend 2019-0004 \(application 2019-0004\)$"
has "reissue: counted" "$T_TMP/out" "^2019-1: 0 sent, $((want - n4)) already sent, 0 failed, 2 applications to send by post, $n4 superseded after sending"
run_status 0 "$ESSDOCS" mail "$R" --call $CALL -o "$O" --send --sendmail "$SENDMAIL" --resend 2019-0004
check "--resend: that application's documents sent" test "$(count "$T_TMP/in2")" -eq $((n10 + n4))
show "$T_TMP/in2" > "$T_TMP/recv3"
check "--resend: the new issues, their PDFs" \
    test "$(grep '^[a-z]*/2019-0004-les-champignons-solidaires-du-hainaut\.pdf	' "$T_TMP/recv3" | grep -c '	pdf=same	')" -eq $n4
run_status 0 "$ESSDOCS" mail "$R" --call $CALL -o "$O" --send --sendmail "$SENDMAIL"
check "after --resend: nothing more" test "$(count "$T_TMP/in2")" -eq $((n10 + n4))

# ---- Usage and input errors -----------------------------------------------
run_status 64 "$ESSDOCS" mail "$R" --call $CALL -o "$O" --resend 2019-0004
has "--resend without --send" "$T_TMP/err" "--resend sends: give --send too"
run_status 64 "$ESSDOCS" mail "$R" --call $CALL -o "$O" --send --sendmail "$SENDMAIL" --resend 2099-0001
has "--resend of an unknown id" "$T_TMP/err" "--resend 2099-0001: the manifest lists no document of that application"
run_status 64 "$ESSDOCS" letters "$R" --call $CALL -o "$O" --send
sed '/<mail /,/\/>/d' $CALL > "$T_TMP/call-nomail.xml"
run_status 65 "$ESSDOCS" mail "$R" --call "$T_TMP/call-nomail.xml" -o "$O"
has "a call without <mail>" "$T_TMP/err" "no <mail> element: essdocs mail needs the sender's address and name"
# sendmail missing altogether: an error per document, nothing lost.
edit 2019-0001 's/L.Espace Atria/L’Espace Atria bis/'
run_status 1 "$ESSDOCS" run "$R" --call $CALL -o "$O" --date 2026-12-03
run_status 1 "$ESSDOCS" mail "$R" --call $CALL -o "$O" --send --sendmail "$T_TMP/no-such-sendmail" --resend 2019-0001
has "no sendmail: an error naming the application" "$T_TMP/err" "exited with status 127; the message stays in outbox/ \(application 2019-0001\)$"
check "no sendmail: the messages in outbox/" test "$(count "$M/outbox")" -eq "$(ndocs 2019-0001)"

stop_server
check "server: stopped" test -z "$SRV_PID"
done_testing
