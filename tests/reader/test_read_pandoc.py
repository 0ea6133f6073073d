"""What pandoc writes (a real producer) reaches the model: notes, links, lists, raised text, equations, tables."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support import needs

from publish.model import Link, Table
from publish.reader import read

SOURCE = Path(__file__).resolve().parents[1] / "fixtures" / "pandoc_rich.md"


@pytest.fixture(scope="module")
def document(tmp_path_factory):
    target = tmp_path_factory.mktemp("pandoc") / "rich.docx"
    subprocess.run(["pandoc", str(SOURCE), "-o", str(target)], check=True, timeout=60)
    return read(target).document


pytestmark = needs("pandoc")


def test_footnote_link_and_raised_text(document):
    first = document.sections[0].blocks[0]
    assert first.text == "项目投入759亿元，详见科技部网站。面积100 m2，排放CO2，旧数字。"
    (note,) = first.notes
    assert (note.kind, note.mark, note.text) == ("footnote", "1", "数据来源：国家统计局。")
    assert [r.text for r in first.runs if r.link] == ["科技部网站"]
    assert next(r.link for r in first.runs if r.link) == Link(url="https://www.most.gov.cn/")
    assert [(r.text, r.vertical) for r in first.runs if r.vertical and not r.note] == [
        ("2", "superscript"), ("2", "subscript")]
    assert [r.text for r in first.runs if r.strike] == ["旧数字"]


def test_list_labels_levels_and_definitions(document):
    items = [(b.text, b.list_item.level, b.list_item.label) for b in document.sections[0].blocks
             if getattr(b, "list_item", None)]
    assert items == [("第一项", 0, "1."), ("第二项", 0, "2."), ("子项甲", 1, "a."), ("子项乙", 1, "b."),
                     ("第三项", 0, "3."), ("要点一", 0, "•"), ("要点二", 0, "•")]
    keys = {b.list_item.list for b in document.sections[0].blocks if getattr(b, "list_item", None)}
    assert keys == {d.key for d in document.lists}
    formats = {d.levels[0].format for d in document.lists}
    assert formats == {"decimal", "lowerLetter", "bullet"}


def test_equations_inline_and_display(document):
    equations = [r.equation for b in document.sections[0].blocks for r in getattr(b, "runs", ()) if r.equation]
    assert [(e.linear, e.display) for e in equations] == [("a/b+x²", False), ("√(x+1)", True)]
    assert all(e.omml.startswith("<m:oMath") for e in equations)


def test_table_alignment_and_cells(document):
    (table,) = [b for b in document.sections[0].blocks if isinstance(b, Table)]
    assert [[c.text for c in row] for row in table.rows] == [["项目", "数量"], ["平台", "11"]]
    assert table.rows[1][1].paragraphs[0].align == "right"
