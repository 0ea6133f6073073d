"""Check a written .docx's contents against LibreOffice's own pagination of it.

    python tools/docx_pages.py OUT.docx [OUT.docx ...]     # converts each with soffice, prints mismatches

For every contents entry (``w:hyperlink`` in a ``TOC N`` paragraph) this finds the cached page number,
the page of the converted PDF on which that heading's text starts a line, and the page the entry's
PDF link goes to. The tests use ``check`` too; it needs ``soffice``, ``pdftotext`` and pypdf.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class EntryCheck:
    title: str
    anchor: str
    level: int
    cached: int | None  # the number written in the contents
    heading_page: int | None  # where the heading starts a line in the PDF
    link_page: int | None  # where the entry's PDF link points

    @property
    def ok(self) -> bool:
        return self.cached is not None and self.cached == self.heading_page == self.link_page


def contents_entries(docx: Path) -> list[tuple[str, str, int, int | None]]:
    """(title, anchor, level, cached page) of each contents entry, in order."""
    from lxml import etree

    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
        styles = etree.fromstring(archive.read("word/styles.xml"))
    toc_styles = {}
    for style in styles.iterfind(f"{W}style"):
        name = style.find(f"{W}name")
        match = re.fullmatch(r"toc (\d)", (name.get(f"{W}val") or "").lower()) if name is not None else None
        if match:
            toc_styles[style.get(f"{W}styleId")] = int(match[1])
    entries = []
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        level = toc_styles.get(style.get(f"{W}val")) if style is not None else None
        link = paragraph.find(f"{W}hyperlink")
        if level is None or link is None:
            continue
        texts, number, in_result = [], "", False
        for element in link.iter(f"{W}t", f"{W}tab", f"{W}fldChar"):
            if element.tag == f"{W}fldChar":
                kind = element.get(f"{W}fldCharType")
                in_result = kind == "separate" or (in_result and kind != "end")
            elif element.tag == f"{W}tab":
                texts.append("\t")
            elif in_result:
                number += element.text or ""
            else:
                texts.append(element.text or "")
        title = "".join(texts).split("\t")[0]
        entries.append((title, link.get(f"{W}anchor"), level, int(number) if number.strip().isdigit() else None))
    return entries


def convert(docx: Path, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(docx)], check=True, capture_output=True, timeout=180)
    return out_dir / f"{docx.stem}.pdf"


def page_texts(pdf: Path) -> list[list[str]]:
    """Each page's lines, spaces removed (CJK text gets spaces from pdftotext where glyphs are spread)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return [[re.sub(r"\s+", "", line) for line in page.splitlines() if line.strip()] for page in text.split("\f")]


def link_pages(pdf: Path, pages: range) -> list[int]:
    """Pages (1-based) the link annotations on the given pages point to, top to bottom."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    page_numbers = {page.indirect_reference.idnum: index + 1 for index, page in enumerate(reader.pages)}
    found = []
    for index in pages:
        links = []
        for annotation in reader.pages[index - 1].get("/Annots", []) or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            destination = annotation.get("/Dest")
            if destination is None and annotation.get("/A") is not None:
                destination = annotation["/A"].get("/D")
            if isinstance(destination, str):
                destination = reader.named_destinations.get(destination)
                target = reader.get_destination_page_number(destination) + 1 if destination else None
            elif destination is not None:
                target = page_numbers.get(destination[0].idnum)
            else:
                target = None
            rect = [float(v) for v in annotation["/Rect"]]
            links.append((-max(rect[1], rect[3]), rect[0], target))
        found.extend(target for _, _, target in sorted(links))
    return found


def check(docx: Path, pdf: Path | None = None) -> list[EntryCheck]:
    entries = contents_entries(docx)
    if pdf is None:
        pdf = convert(docx, Path(tempfile.mkdtemp(prefix="docx-pages-")))
    pages = page_texts(pdf)
    last_toc_page = 1
    for index, lines in enumerate(pages, start=1):
        if any(line.endswith("." * 5 + str(e[3])) for e in entries for line in lines if e[3] is not None):
            last_toc_page = index
    links = link_pages(pdf, range(1, last_toc_page + 1))
    results = []
    page = last_toc_page + 1
    for position, (title, anchor, level, cached) in enumerate(entries):
        key = re.sub(r"\s+", "", title)
        found = None
        for candidate in range(page, len(pages) + 1):
            # the heading's own line: the whole title, or the first line of a wrapped one
            if any(line == key or (len(line) >= 8 and key.startswith(line)) for line in pages[candidate - 1]):
                found = candidate
                break
        if found is not None:
            page = found
        link = links[position] if position < len(links) and len(links) == len(entries) else None
        results.append(EntryCheck(title, anchor, level, cached, found, link))
    return results


def main(argv: list[str]) -> int:
    bad = 0
    for name in argv:
        results = check(Path(name))
        wrong = [r for r in results if not r.ok]
        bad += len(wrong)
        print(f"{name}: {len(results)} entries, {len(wrong)} mismatches")
        for r in wrong:
            print(f"  {r.title[:30]}: contents {r.cached}, heading on {r.heading_page}, link to {r.link_page}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
