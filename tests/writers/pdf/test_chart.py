"""The chart: in the sample's digest none (two investments are all that compare); in a bulletin with more,
one chart of one kind of amount, each fact once, largest first, the same bars as the annex's."""

from __future__ import annotations

import re

from support import needs
from pdf_cases import page_texts, squeeze

from publish.model import Document, Paragraph, Section


@needs("pdftotext")
def test_the_sample_has_no_chart_as_only_two_amounts_compare(digest) -> None:  # noqa: ANN001
    everything = squeeze("".join(page_texts(digest[0], "-layout")))
    assert "文中的" not in everything and "投入（759亿元）" not in everything


def amounts_document() -> Document:
    """Investments in three articles (one repeating another), beside a revenue and a threshold."""
    first = Section("甲", 1, ("_Toc1",), blocks=(Paragraph.plain("中央财政投入200亿元，企业投入350亿元。"),
                                                 Paragraph.plain("主营收入过百亿元的企业有3家，销售收入超过400亿元。")))
    second = Section("乙", 1, ("_Toc2",), blocks=(Paragraph.plain("地方投入120亿元。"),))
    third = Section("丙", 1, ("_Toc3",), blocks=(Paragraph.plain("中央财政投入200亿元。"),))
    return Document(sections=(first, second, third))


@needs("pdftotext")
def test_one_chart_of_investments_each_once_largest_first(tmp_path) -> None:  # noqa: ANN001
    from publish.figures import extract
    from publish.model import Masthead
    from publish.writers.pdf.document import write_pdf

    document = amounts_document()
    path = tmp_path / "a.pdf"
    write_pdf(document, extract(document), Masthead("刊名", "第1期", "单位", "2016年5月27日"), path)
    text = squeeze("".join(page_texts(path, "-layout")))
    chart = text[text.index("文中的投入（亿元）"):]
    assert text.count("文中的投入（亿元）") == 1
    bars = re.findall(r"(企业投入|中央财政投入|地方投入)（(\d+)亿元）", chart)
    assert bars == [("企业投入", "350"), ("中央财政投入", "200"), ("地方投入", "120")]  # 200亿元 in two articles: once
    assert "主营收入（" not in chart and "销售收入（" not in chart  # a threshold and a bound are no amounts
