"""Property: any section tree written by the .docx writer reads back as the same tree."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publish.model import Document, Masthead, Paragraph, Run, Section, Source
from publish.reader import read
from publish.writers.docx import write_docx

CJK = "科技合作国际中荷美俄日专项成就研发人员投入亿元万名平台网络产业创新发展"
ALPHABET = CJK + "ABCXYZabcxyz0123456789，。、；“”-%"
MASTHEAD = Masthead(name="国际科技合作动态", issue="第1期", unit="编辑部", date="2016年5月27日")

words = st.text(alphabet=ALPHABET, min_size=1, max_size=40).map(str.strip).filter(bool)
titles = st.text(alphabet=CJK + "ABC0123", min_size=2, max_size=24)
runs = st.builds(Run, words, st.booleans(), st.booleans())


@st.composite
def paragraphs(draw) -> Paragraph:
    parts = draw(st.lists(runs, min_size=1, max_size=3))
    # Adjacent runs with equal formatting are one run once read back; merge them up front.
    merged: list[Run] = []
    for run in parts:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(run)
    return Paragraph(tuple(merged))


@st.composite
def sections(draw, level: int = 1) -> Section:
    bookmark = draw(st.sampled_from([(), ("_Toc",)]))  # numbered uniquely by `numbered`
    source = None
    if level == 1 and draw(st.booleans()):
        day = draw(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)))
        name = draw(st.sampled_from(["科技日报", "中国国际科技合作网"]))
        source = Source(name, day, f"（来源：{name}，{day.year}年{day.month:02d}月{day.day:02d}日）")
    children = ()
    if level < 3:
        children = tuple(draw(st.lists(sections(level + 1), max_size=2)))
    return Section(
        title=draw(titles), level=level, bookmarks=bookmark, source=source,
        blocks=tuple(draw(st.lists(paragraphs(), min_size=1, max_size=3))), sections=children)


def numbered(articles: list[Section]) -> tuple[Section, ...]:
    """Give every drawn bookmark a distinct _Toc name, in document order."""
    counter = iter(range(1001, 10**6))

    def number(section: Section) -> Section:
        bookmarks = tuple(f"_Toc{next(counter)}" for _ in section.bookmarks)
        return replace(section, bookmarks=bookmarks, sections=tuple(number(c) for c in section.sections))

    return tuple(number(article) for article in articles)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(sections(), min_size=1, max_size=4))
def test_written_tree_reads_back_the_same(articles):
    document = Document(title="国际科技合作动态", column="国际科技合作动态", sections=numbered(articles))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roundtrip.docx"
        write_docx(document, MASTHEAD, path)
        again = read(path).document

    def shape(section: Section, keep_fresh: bool) -> tuple:
        bookmarks = section.bookmarks if (section.bookmarks or not keep_fresh) else ("fresh",)
        return (section.title, section.level, bookmarks, section.source and (section.source.name, section.source.date),
                tuple((tuple((r.text, r.bold, r.italic) for r in p.runs)) for p in section.paragraphs))

    written = [shape(s, keep_fresh=True) for s in document.walk()]
    found = [shape(s, keep_fresh=False) for s in again.walk()]
    assert len(found) == len(written)
    for expected, actual in zip(written, found):
        if expected[2] == ("fresh",):
            assert len(actual[2]) == 1 and actual[2][0].startswith("_Toc")
            actual = actual[:2] + (("fresh",),) + actual[3:]
        assert actual == expected
    fresh = [s.bookmarks[0] for s in again.walk()]
    assert len(set(fresh)) == len(fresh)
