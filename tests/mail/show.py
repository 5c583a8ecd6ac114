"""Print what mail clients would show of messages, one line each, for tests/e2e/mail.sh.

usage: show.py ROUNDDIR FILE.eml...

For each message: its document (X-Essdocs-Document), then tab-separated
From, To, Reply-To, Bcc (decoded display names and addresses), Subject
(decoded), the body's first line, whether the attachment's bytes equal
ROUNDDIR/<document> ("pdf=same", "pdf=differs", "pdf=none"), its file
name, content type, the Message-ID, whether it has a Date, and
whether its header is 7-bit ASCII (encoded words for the rest).
"""
import email
import email.policy
import sys

rounddir = sys.argv[1]
for path in sys.argv[2:]:
    with open(path, "rb") as f:
        raw = f.read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    head = raw.split(b"\n\n", 1)[0]
    ascii_head = "headers=ascii" if all(b < 0x80 for b in head) else "headers=8bit"
    doc = str(msg.get("X-Essdocs-Document", ""))
    body = msg.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    first = text.strip().splitlines()[0] if text.strip() else ""
    atts = list(msg.iter_attachments())
    verdict, fname, ctype = "pdf=none", "", ""
    if len(atts) == 1:
        data = atts[0].get_content()
        with open(rounddir + "/" + doc, "rb") as f:
            verdict = "pdf=same" if f.read() == data else "pdf=differs"
        fname = atts[0].get_filename() or ""
        ctype = atts[0].get_content_type()
    elif len(atts) > 1:
        verdict = "pdf=%d attachments" % len(atts)
    print("\t".join([doc, "from=" + str(msg.get("From", "")),
                     "to=" + str(msg.get("To", "")),
                     "reply-to=" + str(msg.get("Reply-To", "")),
                     "bcc=" + str(msg.get("Bcc", "")),
                     "subject=" + str(msg.get("Subject", "")),
                     "body=" + first, verdict, "file=" + fname,
                     "type=" + ctype,
                     "msgid=" + str(msg.get("Message-ID", "")),
                     "date=" + ("yes" if msg.get("Date") else "no"),
                     ascii_head]))
    # the whole body, for checks on its text
    sys.stderr.write(text)
