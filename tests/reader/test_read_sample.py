"""The sample bulletin read back against its text export, the oracle it was built from."""

from __future__ import annotations

import json
import subprocess

import pytest
from support import needs, soffice_convert

from publish.cli import tree_json
from publish.reader import read

ARTICLE_BOOKMARKS = ["_Toc22406", "_Toc21497", "_Toc27194", "_Toc5082", "_Toc25668", "_Toc5078"]
SUBHEADINGS = ["专项投入", "覆盖面", "宽带移动通信", "集成电路装备", "新药创制", "传染病防治", "大飞机"]


@pytest.fixture(scope="module")
def sample(sample_docx):
    return read(sample_docx)


def test_six_articles_with_their_exact_titles_and_bookmarks(sample, seed):
    sections = sample.document.sections
    assert [s.title for s in sections] == [s.title for s in seed.sections]
    assert sections[0].title == "中荷在京开展科技合作交流"
    assert sections[4].title == "“十二五”国家科技重大专项计划"
    assert [s.bookmarks for s in sections] == [(name,) for name in ARTICLE_BOOKMARKS]
    assert all(s.level == 1 for s in sections)


def test_seven_subsections_under_the_achievements_article(sample):
    achievements = sample.document.sections[5]
    assert achievements.title == "国家科技重大专项成就"
    assert [(s.title, s.level) for s in achievements.sections] == [(t, 2) for t in SUBHEADINGS]
    assert achievements.paragraphs == ()
    assert achievements.sections[0].paragraphs[0].text == (
        "5年来10个民口重大专项投入759亿元，带动地方、企业及其他单位投入1080亿元。")


def test_sources_become_names_and_iso_dates(sample):
    sources = [(s.source.name, s.source.date.isoformat()) for s in sample.document.sections]
    assert sources == [
        ("中国国际科技合作网", "2016-05-27"), ("中国国际科技合作网", "2016-05-23"),
        ("中国国际科技合作网", "2016-05-18"), ("中国国际科技合作网", "2016-05-17"),
        ("科技日报", "2016-03-09"), ("科技日报", "2016-03-09"),
    ]


def test_every_paragraph_present_verbatim_in_order_once(sample, seed):
    expected = [p for s in seed.walk() for p in s.paragraphs]
    found = [p.text for s in sample.document.walk() for p in s.paragraphs]
    assert found == expected
    assert len(found) == 37  # 3 + 3 + 2 + 3 + 19 + 7


def test_no_toc_entry_or_source_line_among_the_paragraphs(sample):
    texts = [p.text for s in sample.document.walk() for p in s.paragraphs]
    assert not any("目" in t and "录" in t and len(t) < 6 for t in texts)
    assert not any(t.startswith("（来源") for t in texts)
    assert sample.document.preamble == ()
    assert sample.document.column == "国际科技合作动态"


def test_guessed_subheadings_are_reported(sample):
    guessed = [w for w in sample.warnings if w.startswith("Guessed")]
    assert guessed == ["Guessed 7 level-2 headings from short bold lines: 专项投入, 覆盖面, 宽带移动通信, 集成电路装备, …"]
    assert [d.split("'")[1] for d in sample.details] == ["专项投入", "覆盖面", "宽带移动通信", "集成电路装备", "新药创制",
                                                        "传染病防治", "大飞机"]


def test_tree_json_has_the_documented_shape(sample):
    data = tree_json(sample.document)
    assert set(data) == {"title", "sections"}
    first = data["sections"][0]
    assert set(first) == {"title", "level", "bookmarks", "source", "paragraphs", "sections", "label"}
    assert first["label"] is None
    assert first["source"] == {"name": "中国国际科技合作网", "date": "2016-05-27"}
    json.dumps(data, ensure_ascii=False)


@needs("soffice")
def test_a_docx_written_by_libreoffice_reads_the_same(sample, tmp_path, sample_docx):
    converted = soffice_convert(sample_docx, "docx:MS Word 2007 XML", tmp_path)
    again = read(converted).document
    assert [(s.title, s.level) for s in again.walk()] == [(s.title, s.level) for s in sample.document.walk()]
    assert [s.bookmarks[:1] for s in again.sections] == [(b,) for b in ARTICLE_BOOKMARKS]
    assert [p.text for s in again.walk() for p in s.paragraphs] == \
        [p.text for s in sample.document.walk() for p in s.paragraphs]


@needs("pandoc")
def test_a_docx_written_by_pandoc_reads_without_error(sample, tmp_path, sample_docx):
    target = tmp_path / "pandoc.docx"
    subprocess.run(["pandoc", str(sample_docx), "-o", str(target)], check=True, timeout=120)
    again = read(target).document
    # pandoc keeps the heading styles but renames the bookmarks and drops the short bold lines' boldness.
    assert [s.title for s in again.sections] == [s.title for s in sample.document.sections]
    body = [p.text for s in again.walk() for p in s.paragraphs] + [p.text for p in again.preamble]
    for paragraph in (p.text for s in sample.document.walk() for p in s.paragraphs):
        assert paragraph in body


def test_nested_text_boxes_and_tables_keep_their_innermost_text(tmp_path):
    import hostile

    from publish.model import iter_paragraphs

    boxes = read(hostile.nested_text_boxes(tmp_path / "boxes.docx")).document
    assert [p.text for p in iter_paragraphs(boxes.sections[0].blocks)] == ["最里层"]
    tables = read(hostile.nested_tables(tmp_path / "tables.docx")).document
    texts = [p.text for p in iter_paragraphs(tables.sections[0].blocks)]
    assert texts == [f"第{level}层" for level in reversed(range(40))] + ["最里层"]
