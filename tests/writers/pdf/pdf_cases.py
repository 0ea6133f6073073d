"""What the PDF writer's tests share: the sample's masthead and hand-made figures, a document holding each
kind of content, and readers of a PDF as a reader's tools see it (pdftotext, pypdf)."""

from __future__ import annotations

import math
import re
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import docxkit
from pypdf import PdfReader
from support import run

from publish.model import (
    Cell, Document, Equation, Figure, Image, Link, ListDefinition, ListItem, ListLevel, Masthead, Note, Paragraph, Run,
    Section, Table,
)

MASTHEAD = Masthead(name="国际科技合作动态", issue="第1期", unit="科技部国际合作司", date="2016年5月27日")
ACHIEVEMENTS, ACHIEVEMENTS_BOOKMARK = "国家科技重大专项成就", "_Toc5078"


def figure(text: str, value: str | None, unit: str, label: str | None, subsection: str | None,
           approx: str | None = None, section: str = ACHIEVEMENTS, bookmark: str = ACHIEVEMENTS_BOOKMARK) -> Figure:
    return Figure(text=text, value=Decimal(value) if value else None, unit=unit, approx=approx, label=label,
                  sentence="", section=section, bookmark=bookmark, subsection=subsection)


# Hand-made, so these tests do not depend on the extractor's choices.
FIGURES = (
    figure("400余人", "400", "人", "投资机构、企业代表", None, "余", "首届中美创新与投资对接大会在休斯敦举办", "_Toc21497"),
    figure("759亿元", "75900000000", "元", "投入", "专项投入"),
    figure("1080亿元", "108000000000", "元", "带动投入", "专项投入"),
    figure("31个", "31", "个", "省市", "覆盖面"),
    figure("24.3万名", "243000", "名", "科研人员", "覆盖面"),
    figure("数千家", None, "家", "科研院所高校和企业", "覆盖面", "数"),
    figure("超过400亿元", "40000000000", "元", "主营收入", "新药创制", "超过"),
    figure("514架", "514", "架", "意向订单", "大飞机"),
)


def page_texts(path: Path, *options: str) -> list[str]:
    """pdftotext per page, running header and footer lines removed."""
    pages = run("pdftotext", *options, "-enc", "UTF-8", str(path), "-").split("\f")[:-1]
    furniture = re.compile(rf"^\s*(第\s*\d+\s*页\s*/\s*共\s*\d+\s*页|{MASTHEAD.name}\s+{MASTHEAD.issue}.*)\s*$")
    return ["\n".join(line for line in page.splitlines() if not furniture.match(line)) for page in pages]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def lead(section: Section) -> str:
    return next(p.text.strip() for s in section.walk() for p in s.paragraphs if p.text.strip())


def outline_titles(outline: list, reader: PdfReader, depth: int = 0) -> list[tuple[int, str, int]]:
    entries = []
    for item in outline:
        if isinstance(item, list):
            entries.extend(outline_titles(item, reader, depth + 1))
        else:
            entries.append((depth, item.title, reader.get_destination_page_number(item) + 1))
    return entries


# -- what the author wrote: a document holding each kind, read back as a reader's tools see it ---------

FRAME_LEFT, FRAME_RIGHT = 25 * 72 / 25.4, 595.2756 - 25 * 72 / 25.4
NUMBERED = ListDefinition("7", "numbered", (ListLevel("decimal", "%1.", indent=720, hanging=480),
                                            ListLevel("decimal", "(%2)", indent=1440, hanging=480)))


def png(width: int, height: int) -> bytes:
    return docxkit.png(width, height, b"\x00\x80\x00")  # green: told apart from the page's red in pixels


def cell(text: str, column_span: int = 1, row_span: int = 1) -> Cell:
    return Cell((Paragraph.plain(text),), column_span, row_span)


def every_kind(*, damaged_picture: bool = True) -> Document:
    """Two articles: the first holds each kind of content the PDF must show, the second is a link target."""
    source_note = Note("footnote", "1", (Paragraph((Run("数据来源："), Run("科技部", link=Link(url="https://www.most.gov.cn/")),
                                                     Run("。"))),))
    kept_note = Note("footnote", "2", (Paragraph.plain("第一句的脚注。"),))
    dropped_note = Note("footnote", "3", (Paragraph.plain("第二句的脚注。"),))
    endnote = Note("endnote", "i", (Paragraph.plain("本文据合作司材料整理。"),))
    lead = Paragraph((
        Run("示范面积达100 m"), Run("2", vertical="superscript"), Run("，减排CO"), Run("2", vertical="subscript"),
        Run("约三成"), Run("1", vertical="superscript", note=source_note), Run("。详见"),
        Run("科技部网站", link=Link(url="https://www.most.gov.cn/kjbgz/")), Run("，另见"),
        Run("第二篇", link=Link(anchor="_Toc200")), Run("与"), Run("旧稿", link=Link(anchor="_Toc999")), Run("。"),
    ))
    two_sentences = Paragraph((Run("第一句有注释"), Run("2", vertical="superscript", note=kept_note),
                               Run("。第二句也有注释"), Run("3", vertical="superscript", note=dropped_note), Run("。")))
    lined = Paragraph((Run("这是"), Run("下划线文字", underline=True), Run("和"), Run("删除线文字", strike=True),
                       Run("，然后是普通文字。"), Run("i", vertical="superscript", note=endnote)))
    long_item = "第一项：" + "加强政策对话与创新合作，" * 6 + "推动成果转化。"
    items = (Paragraph((Run(long_item),), list_item=ListItem("7", 0, "1.")),
             Paragraph((Run("第一项下的细目"),), list_item=ListItem("7", 1, "(1)")),
             Paragraph((Run("第二项"),), list_item=ListItem("7", 0, "2.")),
             Paragraph((Run("没有定义的项目"),), list_item=ListItem("missing", 0, "•")))
    inline = Paragraph((Run("公式"), Run("a₁+b²", equation=Equation("a₁+b²")), Run("成立。")))
    display = Paragraph((Run("x=(−b±√(b²−4ac))/2a", equation=Equation("x=(−b±√(b²−4ac))/2a", display=True)),))
    merged = Table(((cell("地区", row_span=2), cell("合作经费", column_span=2)), (cell("中方"), cell("外方")),
                    (cell("亚洲"), cell("12万元"), cell("9万元"))), (60.0, 200.0, 200.0), header_rows=1)
    long_table = Table(((cell("序号"), cell("经费")),)
                       + tuple((cell(f"第{n}项"), cell(f"{n * 3}万元")) for n in range(1, 61)), (100.0, 100.0),
                       header_rows=1)
    inner = Table(((cell("内层甲"), cell("内层乙")),))
    nested = Table(((Cell((Paragraph.plain("外层"),)), Cell((inner,))),
                    (Cell((Paragraph.plain("图"),)), Cell((Image(png(40, 20), "image/png", 40 * 12700, 20 * 12700,
                                                                 "绿色方块"),))),), (100.0, 300.0))
    tall = Table(((cell("说明"), cell("很长的回答。" * 600)),), (80.0, 380.0))
    pictures = (Image(b"\x01\x00\x00\x00" + b"\x00" * 36 + b" EMF" + b"\x00" * 40, "image/x-emf", 914400, 457200,
                      "流程示意图"),
                Image(b"\xd7\xcd\xc6\x9a" + b"\x00" * 40, "image/x-wmf", None, None, "组织结构图"),
                Image(b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "image/png", None, None, "损坏的照片"))[:3 if damaged_picture else 2]
    first = Section("总体情况", 1, ("_Toc100",), None, (
        lead, two_sentences, lined, *items, inline, display,
        Paragraph((Run("图1 合作示意"),), align="center"), Paragraph((Run("国际合作司"),), align="right"),
        merged, long_table, nested, tall, *pictures,
    ), list_item=ListItem("h", 0, "一、"))
    second = Section("第二篇文章", 1, ("_Toc200",), None, (Paragraph.plain("第二篇的正文。"),),
                     list_item=ListItem("h", 0, "二、"))
    return Document(sections=(first, second), lists=(NUMBERED,))


@dataclass(frozen=True)
class Word:
    text: str
    page: int
    x0: float
    y0: float  # from the top of the page, as pdftotext gives it
    x1: float
    y1: float


def placed_words(path: Path) -> list[Word]:
    """Every word pdftotext finds, with its page and box."""
    found, page = [], 0
    for line in run("pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-").splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>', line)
        if match:
            found.append(Word(match[5], page, *(float(match[n]) for n in range(1, 5))))
    return found


def the(words: list[Word], text: str) -> Word:
    found = [w for w in words if w.text == text]
    assert len(found) == 1, (text, found)
    return found[0]


def reading(path: Path) -> str:
    """The words of the pages' frames in pdftotext's order, without running header and footer, squeezed."""
    return "".join(w.text for w in placed_words(path) if 28 * 72 / 25.4 - 2 < w.y0 < 841.8898 - 25 * 72 / 25.4)


def page_text(path: Path, page: int) -> str:
    return run("pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(path), "-")


def text_under(path: Path, page: int, rect: list) -> str:
    """What pdftotext reads inside a PDF rectangle (x0, y0, x1, y1 from the bottom) of one page."""
    x0, y0, x1, y1 = (float(v) for v in rect)
    inset = min(1.0, (x1 - x0) / 4)  # whole points inside the rectangle, not the neighbours' edges
    left, top = round(x0 + inset), math.ceil(841.8898 - y1)
    width, height = max(1, round(x1 - inset) - left), math.floor(841.8898 - y0) - top
    return squeeze(run("pdftotext", "-f", str(page), "-l", str(page), "-x", str(left), "-y", str(top),
                       "-W", str(width), "-H", str(height), "-enc", "UTF-8", str(path), "-"))


def link_annotations(path: Path) -> list[tuple[int, dict]]:
    """(page number, annotation) for every link annotation after the contents page."""
    reader = PdfReader(path)
    return [(number, annotation.get_object()) for number, page in enumerate(reader.pages, start=1) if number > 1
            for annotation in page.get("/Annots", []) or [] if annotation.get_object()["/Subtype"] == "/Link"]


def pdftotext(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def word_positions(pdf: Path) -> list[tuple[str, float, float, int]]:
    """(word, x, y, page) from pdftotext's bounding boxes."""
    found, page = [], 0
    for line in pdftotext(pdf, "-bbox").splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)</word>', line)
        if match:
            found.append((match[3], float(match[1]), float(match[2]), page))
    return found
