"""A bulletin that holds every kind of content an editor may put in: the writers' tests lay it out.

``rich_document()`` is the sample's first articles (their real text) with, added the way editors add
them: a footnote and an endnote, an external link and a link back to a heading, a numbered list in
the Chinese manner (一、 then （一）) and a bulleted one, m² and CO₂, underlined and struck words, an
equation, a table whose header merges cells across and down, a 40-row table with a repeating header,
a centred caption, a right-aligned signature and a picture.

    python tools/rich_bulletin.py OUT.docx    # the bulletin written by publish's own .docx writer
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

from docxkit import png  # noqa: E402
from publish.model import (  # noqa: E402
    Cell, Document, Equation, Image, Link, ListDefinition, ListItem, ListLevel, Masthead, Note, Paragraph, Run,
    Section, Source, Table,
)

MASTHEAD = Masthead(name="国际科技合作动态", issue="第1期", unit="科技部国际合作司", date="2016年5月27日")
OMML = ('<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:f><m:num><m:r><m:t>a'
        '</m:t></m:r></m:num><m:den><m:r><m:t>b</m:t></m:r></m:den></m:f></m:oMath>')
OUTLINE = ListDefinition("1", "outline", (ListLevel("chineseCounting", "%1、", indent=640, hanging=640),
                                          ListLevel("chineseCounting", "（%2）", indent=1280, hanging=640)))
BULLETS = ListDefinition("2", "bullets", (ListLevel("bullet", "•", indent=640, hanging=320),))




def _sample_articles() -> list[tuple[str, str, list[str]]]:
    """(title, bookmark, paragraphs) of the sample's articles, from the editor's text."""
    sys.path.insert(0, str(ROOT / "tools"))
    from seed_text import parse

    seed = parse((ROOT / "input" / "bulletin.txt").read_text(encoding="utf-8"))
    return [(s.title, s.bookmark, [p for p in s.paragraphs if p.strip()]) for s in seed.sections]


def rich_document() -> Document:
    articles = _sample_articles()
    first_title, first_mark, first_text = articles[0]
    second_title, second_mark, second_text = articles[1]
    footnote = Note("footnote", "1", (Paragraph.plain("数据来源：中国国际科技合作网，2016年5月27日。"),))
    endnote = Note("endnote", "i", (Paragraph.plain("本文据科技部国际合作司材料整理。"),))
    opening = Paragraph((
        Run(first_text[0][:40]), Run("1", vertical="superscript", note=footnote), Run(first_text[0][40:]),
        Run("详见"), Run("中国国际科技合作网", link=Link(url="https://www.cistc.gov.cn/")), Run("，另见"),
        Run("第二篇", link=Link(anchor=second_mark)), Run("。"),
    ))
    formatted = Paragraph((Run("示范区面积达100 m"), Run("2", vertical="superscript"), Run("，减排CO"),
                           Run("2", vertical="subscript"), Run("约三成，"), Run("重点项目", underline=True),
                           Run("（原定计划", strike=True), Run("如期完成。"),
                           Run("i", vertical="superscript", note=endnote)))
    equation = Paragraph((Run("两者之比为"), Run("a/b", equation=Equation("a/b", OMML)), Run("。")))
    outline = [("加强政策对话", 0, "一、"), ("完善合作机制", 1, "（一）"), ("扩大人员交流", 1, "（二）"),
               ("推动联合研发", 0, "二、")]
    items = tuple(Paragraph((Run(text),), list_item=ListItem("1", level, label))
                  for text, level, label in outline)
    bullets = tuple(Paragraph((Run(text),), list_item=ListItem("2", 0, "•")) for text in ("农业", "能源", "水资源"))
    header = (Cell((Paragraph.plain("领域"),), row_span=2), Cell((Paragraph.plain("合作项目"),), column_span=2))
    subheader = (Cell((Paragraph.plain("中方"),)), Cell((Paragraph.plain("荷方"),)))
    merged = Table((header, subheader, (Cell((Paragraph.plain("农业"),)), Cell((Paragraph.plain("12项"),)),
                                        Cell((Paragraph.plain("9项"),)))), (90.0, 170.0, 170.0), header_rows=2)
    long_rows = tuple((Cell((Paragraph.plain(f"第{n}项"),)), Cell((Paragraph.plain(f"{n * 3}万元"),)))
                      for n in range(1, 40))
    long_table = Table(((Cell((Paragraph.plain("序号"),)), Cell((Paragraph.plain("经费"),))),) + long_rows,
                       (200.0, 200.0), header_rows=1)
    caption = Paragraph((Run("图1 合作示意"),), align="center")
    signature = Paragraph((Run("国际合作司"),), align="right")
    picture = Image(png(300, 150, b"\xcc\x00\x00"), "image/png", description="合作示意图")
    first = Section(first_title, 1, (first_mark,), Source("中国国际科技合作网", None, "（来源：中国国际科技合作网）"),
                    (opening, *[Paragraph.plain(t) for t in first_text[1:]], formatted, equation, *items, *bullets,
                     merged, picture, caption, signature))
    second = Section(second_title, 1, (second_mark,), None,
                     (*[Paragraph.plain(t) for t in second_text], long_table))
    rest = [Section(title, 1, (mark,), None, tuple(Paragraph.plain(t) for t in text))
            for title, mark, text in articles[2:4]]
    return Document(title=None, column="国际科技合作动态", sections=(first, second, *rest),
                    lists=(OUTLINE, BULLETS))


if __name__ == "__main__":
    from publish.writers.docx import write_docx

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out" / "rich_bulletin.docx"
    for warning in write_docx(rich_document(), MASTHEAD, target):
        print("warning:", warning)
    print(target)
