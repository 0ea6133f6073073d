"""GB/T 9704 figures of a PDF (LibreOffice's rendering of our .docx, or our own PDF digest).

    python tools/gbt_check.py OUT.pdf

Prints, from ``pdftotext -bbox-layout``: the most common number of characters on a full body line
(a line that reaches the right margin), the most lines on one page, and for each page the page number
line's text, its left and right edges (pt) and its distances from the page's edges.
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys
from xml.etree import ElementTree

NS = "{http://www.w3.org/1999/xhtml}"
PITCH = 28.95  # GB/T 9704: 22 lines on the 225 mm type area


def measure(pdf: str) -> dict:
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, check=True).stdout
    root = ElementTree.fromstring(xml)
    per_line: collections.Counter[int] = collections.Counter()
    pages = []
    for number, page in enumerate(root.iter(f"{NS}page"), start=1):
        width, height = float(page.get("width")), float(page.get("height"))
        lines = []
        for line in page.iter(f"{NS}line"):
            words = list(line.iter(f"{NS}word"))
            text = "".join(w.text or "" for w in words)
            x0, x1 = float(line.get("xMin")), float(line.get("xMax"))
            y0, y1 = float(line.get("yMin")), float(line.get("yMax"))
            lines.append((text, x0, x1, y0, y1))
        footer = [l for l in lines if re.fullmatch(r"[—-]+\s*\d+\s*[—-]+", l[0].replace(" ", ""))]
        body = [l for l in lines if l not in footer]
        right = max((l[2] for l in body), default=0)
        for text, x0, x1, *_ in body:
            if right - x1 < 2 and re.fullmatch(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’—…·]+", text):
                per_line[len(text)] += 1
        rows = sorted({round(l[3]) for l in body})
        # line slots the body spans at the 28.95 pt pitch (a heading's space before is a slot too)
        slots = round((rows[-1] - rows[0]) / PITCH) + 1 if rows else 0
        entry = {"page": number, "lines": len(rows), "slots": slots}
        if footer:
            text, x0, x1, y0, y1 = footer[0]
            entry.update(footer=text, left=round(x0, 1), right=round(x1, 1),
                         from_left=round(x0, 1), from_right=round(width - x1, 1), top=round(y0, 1))
        pages.append(entry)
    return {"chars_per_full_line": per_line.most_common(3), "pages": pages}


if __name__ == "__main__":
    result = measure(sys.argv[1])
    print("characters per full CJK line (count of lines):", result["chars_per_full_line"])
    for page in result["pages"]:
        print(page)
