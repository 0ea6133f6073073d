"""Find the quantities stated in a bulletin's text: 投入759亿元 → 75900000000 元, labelled 投入.

One compiled pattern proposes candidates (qualifier, number, multiplier, unit, qualifier);
plain rules then throw out the look-alikes a Chinese bulletin is full of: dates and years,
ordinals (第四代), identifiers (H7N9, C919, 4G), programme names in short quotes (“千人计划”),
and idioms (一批, 万众创新, 千家万户). A bare number directly before a connector and a
figure with a unit shares that unit (55和40纳米, 3-5万人). Fractions and 成 are shares in % (三分之一 → 33.33).

A label names what is counted: the noun after a measure word (169个高新区), else the subject before the
clause's verb (粮食产量|比上年增加|888万吨); a change or range after a figure (增长4.5%, 60%~65%) is of the
figure just named. No label is better than a wrong one, so a label that cannot be found stays empty.

The modules, in the order the text goes through them: ``numbers`` (units, numerals, the pattern),
``candidates`` (what the pattern finds, look-alikes thrown out), ``labels`` (what each figure counts), and
``presenting`` (a figure as an editor quotes it, the chart's amounts, the key figures, JSON and a text table).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model import Block, Document, Figure, Paragraph, Section, Table
from .candidates import find_candidates
from .labels import Quantity, labelled
from .numbers import chinese_number
from .presenting import (
    ChartAmount, Stated, amount_kind, chart_amounts, figures_to_json, format_table, json_value, key_figures,
    key_weight, money_figures, stated,
)

__all__ = ["ChartAmount", "Quantity", "Stated", "amount_kind", "chart_amounts", "chinese_number", "extract",
           "figures_to_json", "find_quantities", "format_table", "json_value", "key_figures", "key_weight",
           "money_figures", "stated"]


def find_quantities(text: str) -> list[Quantity]:
    """Every figure in one paragraph's text, in order."""
    return [Quantity(*found) for found in labelled(text, find_candidates(text))]


def extract(document: Document, articles: Sequence[Section] | None = None) -> tuple[Figure, ...]:
    """Every figure in the articles (or in ``articles``, some of them), with its article and sub-heading
    (front matter is not an article)."""
    figures: list[Figure] = []
    for article in document.sections if articles is None else articles:
        _collect(article, article, None, figures)
    return tuple(figures)


def _collect(article: Section, section: Section, subsection: Section | None, out: list[Figure]) -> None:
    title, anchor = article.title, article.anchor
    sub_title, sub_anchor = (subsection.title, subsection.anchor) if subsection else (None, None)
    for paragraph in _texts(section.blocks):
        for text, _, _, value, unit, approx, label, sentence in labelled(paragraph, find_candidates(paragraph)):
            out.append(Figure(text, value, unit, approx, label, sentence, title, anchor, sub_title, sub_anchor))
    for child in section.sections:
        _collect(article, child, child, out)


def _texts(blocks: Sequence[Block]) -> Iterable[str]:
    for block in blocks:
        if isinstance(block, Paragraph):
            text = block.text
            if text.strip():
                yield text
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    yield from _texts(cell.blocks)
