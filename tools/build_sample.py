"""Build ``input/bulletin.docx`` from ``input/bulletin.txt`` as an editor's WPS/Word file.

The result carries what real files from the editorial office carry: Chinese
Word heading style ids (``1``, ``2`` named ``heading 1``/``heading 2``), WPS's
short ``_Toc`` bookmark names on the headings, a TOC field at the top (no
``w:sdt``, as WPS writes it) whose entries link to those bookmarks with stale
page numbers, the column line, short bold sub-heading lines, right-aligned
source lines, 仿宋_GB2312 body text with a two-character first-line indent, and a
stray ``_GoBack`` bookmark.

    python tools/build_sample.py [input/bulletin.txt] [input/bulletin.docx]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docxkit import Package, paragraph, run, toc_field  # noqa: E402
from seed_text import parse  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BODY_FONT = "仿宋_GB2312"


def build(text: str, target: Path, masthead: tuple[str, ...] = ()) -> None:
    """``masthead``: lines typed above everything as an editor types a masthead (the name, then
    ``2016年第5期（总第87期）``, then ``科技部国际合作司编　　2016年6月3日``), before a red rule."""
    seed = parse(text)
    package = Package(heading_style_ids=("1", "2", "3"))
    package.core_title = seed.column
    for index, line in enumerate(masthead):
        big = index == 0 and len(masthead) > 2
        package.add(paragraph(run(line, east_asia="方正小标宋简体" if big else BODY_FONT, size_pt=36 if big else 16),
                              align="center" if index < 2 else None))
    if masthead:
        package.add('<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="18" w:space="1" w:color="FF0000"/>'
                    '</w:pBdr></w:pPr></w:p>')

    # Stale page numbers, as left by an editor who moved text after updating the TOC.
    entries = [(s.title, 1, s.bookmark, 2 + i) for i, s in enumerate(seed.sections)]
    package.add(toc_field(entries, in_sdt=False))
    package.add(paragraph(run(f" · {seed.column}", bold=True, east_asia="黑体", size_pt=16)))
    for index, section in enumerate(seed.sections):
        title = run(section.title, east_asia="方正小标宋简体")
        package.add(paragraph(package.bookmark(section.bookmark, title), style="1", align="center"))
        for body in section.paragraphs:
            add_body(package, body, go_back=(index == 2 and body is section.paragraphs[-1]))
        for child in section.children:
            package.add(paragraph(run(child.title, bold=True, east_asia="楷体_GB2312"),
                                  first_line_chars=2))
            for body in child.paragraphs:
                add_body(package, body)
        if section.source:
            package.add(paragraph(run(section.source, east_asia=BODY_FONT), align="right"))
    package.save(target)


def add_body(package: Package, text: str, *, go_back: bool = False) -> None:
    content = run(text, east_asia=BODY_FONT)
    if go_back:
        content = package.bookmark("_GoBack", content, point=True)
    package.add(paragraph(content, first_line_chars=2))


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else ROOT / "input" / "bulletin.txt"
    target = Path(argv[1]) if len(argv) > 1 else ROOT / "input" / "bulletin.docx"
    build(source.read_text(encoding="utf-8"), target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
