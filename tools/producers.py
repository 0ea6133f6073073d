"""A small bulletin written in the manner of each producer the reader must understand.

``write(flavor, path)`` writes the same content — two articles, the second with
two sub-headings, sources, a bold and an italic run — the way Word (English and
Chinese UI), WPS, LibreOffice, pandoc or a file without bookmarks marks its
headings and contents. ``EXPECTED`` is the tree every flavor must read back as.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from docxkit import Package, paragraph, run, toc_field

# (title, level, paragraphs, source line)
ARTICLES = [
    ("中荷在京开展科技合作交流", 1,
     ["2016年5月19日，科技部国际合作司相关负责人与荷兰代表举行磋商。", "双方就中荷科技创新合作进行了深入交流。"],
     "（来源：中国国际科技合作网，2016年05月27日）"),
    ("国家科技重大专项成就", 1, [], "（来源：科技日报，2016年03月09日）"),
    ("专项投入", 2, ["5年来10个民口重大专项投入759亿元。"], None),
    ("大飞机", 2, ["累计获得514架意向订单。"], None),
]
BOLD_PHRASE = "人才："
ITALIC_PHRASE = "C919"
MIXED_PARAGRAPH = f"{BOLD_PHRASE}24.3万名科研人员参与研发，{ITALIC_PHRASE}大型客机总装下线。"

EXPECTED = [  # (title, level, paragraphs) in document order
    ("中荷在京开展科技合作交流", 1, ARTICLES[0][2]),
    ("国家科技重大专项成就", 1, []),
    ("专项投入", 2, ARTICLES[2][2] + [MIXED_PARAGRAPH]),
    ("大飞机", 2, ARTICLES[3][2]),
]
EXPECTED_SOURCES = [("中国国际科技合作网", "2016-05-27"), ("科技日报", "2016-03-09")]

FLAVORS = ("word", "word-zh", "wps", "libreoffice", "pandoc", "plain")


def bookmark_names(flavor: str) -> list[str | None]:
    """The bookmark each heading carries in this flavor (None: none)."""
    if flavor in ("word", "word-zh"):
        return [f"_Toc{308930458 + i * 17}" for i in range(len(ARTICLES))]
    if flavor == "wps":
        return ["_Toc22406", "_Toc5078", "_Toc1201", "_Toc31877"]
    if flavor == "libreoffice":
        return [f"__RefHeading___Toc{100 + i}_{2863412133 + i}" for i in range(len(ARTICLES))]
    if flavor == "pandoc":
        return ["X" + hashlib.sha1(title.encode()).hexdigest() for title, *_ in ARTICLES]
    return [None] * len(ARTICLES)


def write(flavor: str, path: Path) -> Path:
    if flavor not in FLAVORS:
        raise ValueError(flavor)
    style_ids = ("1", "2", "3") if flavor == "word-zh" else ("Heading1", "Heading2", "Heading3")
    package = Package(heading_style_ids=style_ids)
    names = bookmark_names(flavor)

    if flavor in ("word", "word-zh", "wps", "libreoffice"):
        entries = [(title, level, name, 3 + i) for i, ((title, level, *_), name) in enumerate(zip(ARTICLES, names))]
        package.add(toc_field(entries, in_sdt=flavor != "wps", pageref=flavor != "libreoffice"))
    elif flavor == "pandoc":
        package.add('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
                    '<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>'
                    + paragraph('<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
                                '<w:r><w:instrText xml:space="preserve">TOC \\o "1-3" \\h \\z \\u</w:instrText></w:r>'
                                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                                '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
                    + '</w:sdtContent></w:sdt>')

    for index, ((title, level, paragraphs, source), name) in enumerate(zip(ARTICLES, names)):
        package.add(_heading(package, flavor, title, level, name, index))
        for text in paragraphs:
            package.add(paragraph(run(text), first_line_chars=2))
        if title == "专项投入":
            package.add(paragraph(run(BOLD_PHRASE, bold=True) + run("24.3万名科研人员参与研发，")
                                  + run(ITALIC_PHRASE, italic=True) + run("大型客机总装下线。"),
                                  first_line_chars=2))
        if source:
            package.add(paragraph(run(source), align="right"))
    # Word leaves its last-edit bookmark anywhere.
    package.add(paragraph(package.bookmark("_GoBack", "", point=True)))
    package.save(path)
    return path


def _heading(package: Package, flavor: str, title: str, level: int, name: str | None, index: int) -> str:
    text = run(title)
    if flavor == "wps":
        # Normal style, direct bold and size, outline level on the paragraph.
        text = run(title, bold=True, size_pt=18 - 2 * level)
        if index == 1:  # WPS sometimes opens the bookmark between paragraphs
            package._next_id += 1
            return (f'<w:bookmarkStart w:id="{package._next_id}" w:name="{name}"/>'
                    + paragraph(text + f'<w:bookmarkEnd w:id="{package._next_id}"/>', outline=level - 1))
        if index == 3:  # and sometimes never closes it
            package._next_id += 1
            return paragraph(f'<w:bookmarkStart w:id="{package._next_id}" w:name="{name}"/>' + text,
                             outline=level - 1)
        return paragraph(package.bookmark(name, text), outline=level - 1)
    style = package.heading_style_ids[level - 1]
    if name is None:
        return paragraph(text, style=style)
    return paragraph(package.bookmark(name, text, point=flavor == "libreoffice"), style=style)
