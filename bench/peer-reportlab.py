#!/usr/bin/python3
"""peer-reportlab.py: the ReportLab peer of make bench.

usage: bench/peer-reportlab.py FONTDIR DUMPDIR OUTDIR

Writes OUTDIR/<name>.pdf for every DUMPDIR/<name>.dump: the same letter
text as essdocs's letter, laid out by ReportLab.  The dumps (essdocs
--dump, written before the timing starts) give the text only: each run
of lines of one face and size, one leading apart and starting at about
the same x, becomes one paragraph again (a line ending in a hyphen is
joined without a space, a line that ended well short of the others
keeps its break), which ReportLab breaks and justifies itself
(greedy line breaking, no hyphenation), drawn where essdocs put it.
The rule under the letterhead is drawn as a line.  Both faces are
Lato (regular, bold: the faces essdocs embeds), embedded as subsets, the content streams
compressed: what essdocs does.
"""
import json
import os
import re
import sys

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

ITEM = re.compile(r'^\s+text (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (".*")$')
LINE = re.compile(r'^\s+line (\S+) (\S+) (\S+) (\S+) \S+ (\S+)$')
FONTS = {"regular": "Lato-Regular", "bold": "Lato-Bold"}
RIGHT = A4[0] - 20 * 72 / 25.4


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def blocks(path):
    """The paragraphs of a dump: (x, top y, face, size, leading, text)."""
    out, rules, cur = [], [], None
    with open(path, encoding="utf-8") as f:
        for ln in f:
            m = ITEM.match(ln)
            if m is None:
                m = LINE.match(ln)
                if m:
                    rules.append(tuple(float(v) for v in m.groups()))
                continue
            x, y, w, size = (float(m.group(i)) for i in (1, 2, 3, 5))
            face, text = m.group(4), json.loads(m.group(7))
            if face not in FONTS:
                face = "regular"
            if cur and cur["face"] == face and cur["size"] == size:
                if abs(y - cur["y"]) < 0.01:
                    cur["lines"][-1].append(text)
                    cur["ends"][-1] = x + w
                    continue
                step = cur["y"] - y
                if 0 < step <= 1.6 * size and abs(x - cur["x"]) < 30 and \
                        (cur["lead"] is None or abs(step - cur["lead"]) < 0.1):
                    cur["lead"] = step
                    cur["y"] = y
                    cur["lines"].append([text])
                    cur["ends"].append(x + w)
                    cur["firsts"].append(w)
                    continue
            cur = {"x": x, "top": y, "y": y, "face": face, "size": size,
                   "lead": None, "lines": [[text]], "ends": [x + w],
                   "firsts": [w]}
            out.append(cur)
    res = []
    for b in out:
        s = ""
        right = max(b["ends"])
        for i, words in enumerate(b["lines"]):
            line = esc(" ".join(words))
            # A line that ended well short of the others: a hard break.
            if i > 0 and b["ends"][i - 1] + b["firsts"][i] + \
                    b["size"] / 2 < right:
                s += "<br/>"
            elif s and not s.endswith("-"):
                s += " "
            elif s.endswith("-") and len(s) > 1 and s[-2].islower() and \
                    line[:1].islower():
                s = s[:-1]
            s += line
        res.append((b["x"], b["top"], b["face"], b["size"],
                    b["lead"] or b["size"] * 1.25, s, len(b["lines"])))
    return res, rules


def letter(path, out):
    paras, rules = blocks(path)
    c = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    c.setTitle(os.path.basename(out))
    for x, y, w, h, lw in rules:
        c.setLineWidth(lw)
        c.line(x, y, x + w, y + h)
    for x, top, face, size, lead, text, n in paras:
        st = ParagraphStyle("p", fontName=FONTS[face], fontSize=size,
                            leading=lead,
                            alignment=TA_JUSTIFY if n > 1 else TA_LEFT)
        p = Paragraph(text, st)
        _, h = p.wrapOn(c, max(RIGHT - x, 50), 800)
        p.drawOn(c, x, top + size * 0.8 - h + (lead - size))
    c.showPage()
    c.save()


def main():
    if len(sys.argv) != 4:
        sys.stderr.write("usage: peer-reportlab.py FONTDIR DUMPDIR OUTDIR\n")
        return 64
    fontdir, dumps, outdir = sys.argv[1:]
    for name, face in FONTS.items():
        pdfmetrics.registerFont(TTFont(face, os.path.join(fontdir,
                                                          face + ".ttf")))
    os.makedirs(outdir, exist_ok=True)
    for name in sorted(os.listdir(dumps)):
        if name.endswith(".dump"):
            letter(os.path.join(dumps, name),
                   os.path.join(outdir, name[:-5] + ".pdf"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
