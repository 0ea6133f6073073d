"""The story: the flowables of the contents and of each article, in the digest (its lead paragraph, then
each paragraph's first sentence up to a budget) or in full; paragraphs as spans with their list labels,
note marks, links and scripts; the notes cited, after each article.

What the author wrote is kept, in the full text and in the digest's sentences alike: list labels hang
before their items (the author's indents), note marks are raised and the notes cited in what is shown
follow the article under 注释 (not at the page foot: platypus knows a page only once it is laid out, and
the digest drops sentences, so the notes must follow what is shown), links are URI annotations or jumps
to the heading's destination, sub/superscripts are smaller and shifted, underline and strike-through
are drawn lines, the author's tables keep their spans, widths and header rows, and what the PDF cannot
draw (EMF/WMF/SVG, a damaged picture, a check box the font lacks) is shown as a framed placeholder or a
drawn shape, with a warning where something is simplified.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Sequence
from urllib.parse import quote, urlsplit, urlunsplit

from reportlab.platypus import PageBreak

from ...figures import chart_amounts
from ...model import heading_anchors
from ...model import (
    Document, Figure, Image, ListItem, Masthead, Note, Paragraph, Section, Table, iter_paragraphs, labelled_title,
)
from .chart import money_chart
from .distribution import distribution
from .flowables import PLAIN, RAISED, CondPageBreak, ContentsEntry, Cover, Later, Look, Span, Text, make_text
from .images import image_flowables
from .state import State
from .styles import (
    BODY, CELL, CONTENTS_HEAD, LEAD, MINOR_HEAD, NOTE, NOTE_HEAD, NOTE_TEXT, SOURCE, SUBHEAD, TEXT_WIDTH, TITLE, Style,
)
from .tables import author_table, figures_table, key_figures

DIGEST_BUDGET = 160  # characters of shortened text per section, beyond the lead paragraph


def build_story(document: Document, figures: Sequence[Figure], masthead: Masthead, state: State,
           full: bool) -> list:
    keys = {id(section): f"section{index}" for index, section in enumerate(document.walk(), start=1)}
    state.anchors = {name: keys[id(section)] for section in document.walk() for name in section.bookmarks}
    # a PDF destination for each bookmark and for the heading's link target (bulletin.pdf#_Toc5078)
    targets = heading_anchors(document)
    state.names = {keys[id(s)]: tuple(dict.fromkeys((targets[id(s)], *s.bookmarks))) for s in document.walk()}
    state.lists = {definition.key: definition for definition in document.lists}
    story: list = [Cover(masthead, state), make_text("目　录", CONTENTS_HEAD, state)]
    for section in document.walk():
        if section.level <= 2:
            story.append(ContentsEntry(_title(section), keys[id(section)], min(section.level, 2), state))
    if not document.sections:
        story.append(make_text("（本期没有文章）", SOURCE, state))
    story.append(PageBreak())
    preamble_notes: list[Note] = []
    for block in document.preamble:
        if isinstance(block, Paragraph):
            if block.text.strip() or block.list_item:
                story.append(_paragraph(block, BODY, state, preamble_notes))
        elif full:
            story.extend(_block(block, state, preamble_notes))
    story.extend(_notes(preamble_notes, state))

    @functools.cache
    def by_article() -> dict[int, list[Figure]]:
        found = figures() if callable(figures) else figures
        state.chart = _place_chart(document, found)
        return _figures_by_article(document, found)

    for article in document.sections:
        story.append(CondPageBreak(TITLE.leading * 2 + SOURCE.leading + BODY.leading * 3 + TITLE.space_before))
        story.extend(_article(article, lambda article=article: by_article().get(id(article), []), keys, state,
                              full))
    story.extend(distribution(masthead.distribution, masthead.print_run, state))
    return story


def _article(article: Section, figures: Callable[[], list[Figure]], keys: dict[int, str], state: State,
             full: bool) -> list:
    """The article's flowables; its figures (``figures()``) are set only when the layout reaches them."""
    flowables: list = []
    notes: list[Note] = []  # the notes cited in what is shown, printed at the article's end
    levels: list[int] = []  # outline depth may rise by one at a time
    shortened = False
    lead_done = False
    for section in article.walk():
        depth = min(section.level - article.level, (levels[-1] + 1) if levels else 0)
        levels.append(depth)
        mark = (keys[id(section)], _title(section), depth)
        if section is article:
            flowables.append(_heading(section, TITLE, state, notes, mark))
            if section.source:
                flowables.append(make_text(_source_line(section), SOURCE, state))
        else:
            style = SUBHEAD if depth == 1 else MINOR_HEAD
            flowables.append(CondPageBreak(style.leading + style.space_before + BODY.leading * 2))
            flowables.append(_heading(section, style, state, notes, mark))
        used = 0
        for block in section.blocks:
            if isinstance(block, Paragraph):
                text = block.text.strip()
                if not text and not block.list_item:
                    continue
                if not lead_done or full:
                    flowables.append(_paragraph(block, LEAD, state, notes))
                    lead_done = True
                    continue
                if used >= DIGEST_BUDGET:
                    shortened = True
                    continue
                sentence = first_sentence(text)
                shortened = shortened or sentence != text
                used += len(sentence)
                flowables.append(_paragraph(block, BODY, state, notes, length=len(sentence)))
            elif full:
                flowables.extend(_block(block, state, notes))
            else:
                shortened = True
    flowables.extend(_notes(notes, state))
    flowables.append(Later(functools.partial(_article_end, figures, shortened, state)))
    return flowables


def _article_end(figures: Callable[[], list[Figure]], shortened: bool, state: State) -> list:
    """The article's figures (a table and chart, or its key figures) and the note that it is shortened."""
    flowables: list = []
    article_figures = figures()
    subsection_figures = [f for f in article_figures if f.subsection]
    if subsection_figures:
        flowables.extend(figures_table(subsection_figures, state))
    elif article_figures:
        flowables.extend(key_figures(article_figures, state))
    chart = state.chart
    if chart is not None and article_figures and chart[0] is article_figures[0]:
        flowables.append(money_chart(*chart[1:], state))
    if shortened:
        flowables.append(make_text("（摘编，有删节）", NOTE, state))
    return flowables


def first_sentence(text: str) -> str:
    """The text up to its first full stop (with closing quotes), or all of it when it has none."""
    match = re.match(r"[^。！？!?]*[。！？!?]+[”’」』）)]*", text)
    return match.group(0) if match else text


def _spans(paragraph: Paragraph, state: State, length: int | None = None) -> list[Span]:
    """The paragraph as spans: note marks raised, links resolved to URLs or headings' destinations.

    ``length``: only the first that many characters of its stripped text (the digest's first sentence),
    with the note marks among them or right after them.
    """
    spans: list[Span] = []
    for run in paragraph.runs:
        if not run.text:
            continue
        if run.note is not None:
            spans.append(Span(run.text, look=RAISED, note=run.note))
            continue
        if run.equation is not None:
            state.warn_once("Equations are shown in the PDF in a simplified linear form (a/b, x², √x)")
        link = None
        if run.link is not None:
            if run.link.url:
                uri = _pdf_uri(run.link.url)
                if uri:
                    link = ("url", uri)
                else:
                    state.unfollowed_links.add(run.link.url.split(":", 1)[0] + ":")
            elif run.link.anchor in state.anchors:
                link = ("dest", state.anchors[run.link.anchor])
            elif run.link.anchor:
                state.unknown_anchors.add(run.link.anchor)
        look = Look(run.vertical, run.underline, run.strike, link)
        spans.extend(_scripts_drawn_raised(Span(run.text, run.bold, PLAIN if look == PLAIN else look), state))
    # strip the paragraph's outer whitespace without losing run boundaries
    while spans and not spans[0].text.strip():
        spans.pop(0)
    while spans and not spans[-1].text.strip():
        spans.pop()
    if spans and spans[0].text[0].isspace():  # most paragraphs have no outer whitespace to strip
        spans[0] = dataclasses.replace(spans[0], text=spans[0].text.lstrip())
    if spans and spans[-1].text[-1].isspace():
        spans[-1] = dataclasses.replace(spans[-1], text=spans[-1].text.rstrip())
    return spans if length is None else _first(spans, length)


FOLLOWED_SCHEMES = ("http", "https", "mailto", "ftp", "tel")  # not javascript:, file: and the like


def _pdf_uri(url: str) -> str | None:
    """``url`` as a PDF URI action holds it (7-bit ASCII: IDNA host, %-escaped rest), or None when its scheme is
    not one a reader should be sent to from a bulletin."""
    try:
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in FOLLOWED_SCHEMES:
            return None
        host = parts.hostname or ""
        netloc = parts.netloc
        if host and not host.isascii():
            netloc = netloc.replace(host, host.encode("idna").decode("ascii"))
    except (ValueError, UnicodeError):
        return None
    escape = functools.partial(quote, safe="!#$%&'()*+,/:;=?@[]~-._")
    return urlunsplit((parts.scheme, escape(netloc), escape(parts.path), escape(parts.query), escape(parts.fragment)))


def _first(spans: list[Span], length: int) -> list[Span]:
    """The spans of the first ``length`` characters of text, and the note marks among or right after them."""
    kept: list[Span] = []
    used = 0
    for span in spans:
        if span.note is not None:
            if used <= length:
                kept.append(span)
            continue
        if used >= length:
            break
        piece = span.text[:length - used]
        kept.append(span if piece == span.text else dataclasses.replace(span, text=piece))
        used += len(piece)
        if piece != span.text:
            break  # cut inside this span: a mark after it belongs to the next sentence
    return kept


# Characters of equations that the Chinese font lacks, and how they are drawn instead: Unicode's raised and
# lowered digits and signs (the reader's linear forms use them: 10⁻⁶, a₁) as the plain character raised or
# lowered, and the mathematical minus and operators as their look-alikes.
_SCRIPT_CHARACTERS = {
    **{raised: (plain, "superscript") for raised, plain in zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", "0123456789+-=()ni")},
    **{lowered: (plain, "subscript") for lowered, plain in zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓ", "0123456789+-=()aeox")},
    **{math: (plain, None) for math, plain in zip("−∼⋅∗", "-~·*")},
}


def _scripts_drawn_raised(span: Span, state: State) -> list[Span]:
    """``span`` with the characters of ``_SCRIPT_CHARACTERS`` that the font lacks replaced."""
    if _SCRIPT_CHARACTERS.keys().isdisjoint(span.text):
        return [span]
    pieces: list[Span] = []
    for char in span.text:
        plain, vertical = _SCRIPT_CHARACTERS.get(char, (char, None))
        if char in state.fonts.covered or vertical is None:
            vertical = span.look.vertical
        if char in state.fonts.covered:
            plain = char
        look = dataclasses.replace(span.look, vertical=vertical)
        if pieces and pieces[-1].look == look:
            pieces[-1] = dataclasses.replace(pieces[-1], text=pieces[-1].text + plain)
        else:
            pieces.append(Span(plain, span.bold, PLAIN if look == PLAIN else look))
    return pieces


LABEL_GAP = 0.5  # at least this many text sizes between a list label and its text


def _heading(section: Section, style: Style, state: State, notes: list[Note], mark: tuple[str, str, int]) -> Text:
    """A heading: its plain title, or the runs the editor set it in (a link, a note's mark, an equation)."""
    if not section.title_runs:
        return make_text(_title(section), style, state, mark=mark)
    label = labelled_title("", section.list_item)
    spans = [Span(label)] * bool(label) + _spans(Paragraph(section.title_runs), state)
    return make_text(_noted(spans, state, notes), style, state, mark=mark)


def _noted(spans: list[Span], state: State, notes: list[Note] | None) -> list[Span]:
    """The spans with each note's mark jumping to its note, the notes added to ``notes`` (None: not printed)."""
    if notes is None:
        return spans
    notes.extend(span.note for span in spans if span.note is not None and span.note not in notes)
    return [span if span.note is None else
            dataclasses.replace(span, look=dataclasses.replace(span.look, link=("dest", state.note_key(span.note))))
            for span in spans]


def _paragraph(paragraph: Paragraph, style: Style, state: State, notes: list[Note] | None, *,
               length: int | None = None, lead: Sequence[Span] = (), destination: str | None = None) -> Text:
    """A paragraph in ``style``, aligned as the author aligned it, a list item's label hanging before it.

    The notes it cites are added to ``notes``; ``length`` sets only the start of it (see ``_spans``);
    ``lead`` goes before its text (a note's mark).
    """
    spans = _noted([*lead, *_spans(paragraph, state, length)], state, notes)
    runs = paragraph.runs
    align = paragraph.align
    if len(runs) == 1 and runs[0].equation is not None and runs[0].equation.display:
        align = "center"
    label, label_x = "", 0.0
    if align in ("center", "right"):
        style = dataclasses.replace(style, align=align, indent=0.0)
        if paragraph.list_item is not None and paragraph.list_item.label:  # nothing to hang from: label in line
            spans.insert(0, Span(paragraph.list_item.label + " "))
    elif paragraph.list_item is not None and paragraph.list_item.label:
        label = paragraph.list_item.label
        left, hang = _list_indents(paragraph.list_item, style, state)
        width = state.fonts.text_width(label, style.bold, style.size)
        style = dataclasses.replace(style, left=left, indent=max(0.0, width + LABEL_GAP * style.size - hang),
                                    align=align if align in ("left", "justify") else "left")
        label_x = left - hang
    elif align in ("left", "justify") and align != style.align:
        style = dataclasses.replace(style, align=align)
    return make_text(spans, style, state, label=label, label_x=label_x, destination=destination)


def _list_indents(item: ListItem, style: Style, state: State) -> tuple[float, float]:
    """A list item's left indent and how far its label hangs before it, in points: the author's, else two
    characters per level."""
    definition = state.lists.get(item.list)
    level = definition.levels[item.level] if definition and 0 <= item.level < len(definition.levels) else None
    if level is not None and level.indent is not None:
        hang = (level.hanging or 0) / 20
        return min(max(level.indent / 20, hang), style.size * 12), hang  # twentieths of a point
    return style.size * 2 * (item.level + 1), style.size * 2


def _notes(notes: list[Note], state: State) -> list:
    """The notes cited in what an article shows, at its end, each after its raised mark: footnotes, then
    endnotes (their marks are numbered apart: 1, 2 … and i, ii …)."""
    if not notes:
        return []
    flowables = [make_text("注释", NOTE_HEAD, state)]
    for note in sorted(notes, key=lambda n: n.kind != "footnote"):
        paragraphs = [p for p in iter_paragraphs(note.blocks) if p.text.strip()] or [Paragraph(())]
        mark = (Span(note.mark, look=RAISED), Span(" "))
        for index, paragraph in enumerate(paragraphs):
            flowables.append(_paragraph(paragraph, NOTE_TEXT, state, None, lead=mark if index == 0 else (),
                                        destination=state.note_key(note) if index == 0 else None))
    return flowables


def _title(section: Section) -> str:
    """A heading's title with its number label, as the reader sees it in the document: 一、总体情况."""
    return labelled_title(section.title.strip(), section.list_item)


def _source_line(section: Section) -> str:
    source = section.source
    assert source is not None
    if source.date:
        return f"来源：{source.name}　{source.date.year}年{source.date.month}月{source.date.day}日"
    return source.text.strip().strip("（）()") or source.name


def _place_chart(document: Document, figures: Sequence[Figure]) -> tuple | None:
    """The bulletin's one chart (figures.chart_amounts: the same bars as the annex's 图表 sheet), set after the
    figures of the article holding its first amount in text order: (that article's first figure, kind,
    currency, bars); None when fewer than three comparable amounts."""
    kind, currency, bars = chart_amounts(figures)
    if not bars:
        return None
    first = min(bars, key=lambda bar: next(i for i, f in enumerate(figures) if f is bar.figure)).figure
    grouped = _figures_by_article(document, figures)
    for article_figures in grouped.values():
        if any(f is first for f in article_figures):
            return (article_figures[0], kind, currency, bars)
    return None


def _figures_by_article(document: Document, figures: Sequence[Figure]) -> dict[int, list[Figure]]:
    by_bookmark = {s.anchor: s for s in document.sections if s.anchor}
    by_title = {s.title: s for s in document.sections}
    grouped: dict[int, list[Figure]] = {}
    for figure in figures:
        article = by_bookmark.get(figure.bookmark) if figure.bookmark else None
        article = article or by_title.get(figure.section)
        if article is not None:
            grouped.setdefault(id(article), []).append(figure)
    return grouped


def _block(block: Table | Image | Paragraph, state: State, notes: list[Note] | None = None,
           width: float | None = None, depth: int = 0, style: Style = CELL) -> list:
    """A table, picture or paragraph carried over in the full text (``width``: what a table cell leaves)."""
    width = width if width is not None else TEXT_WIDTH
    if isinstance(block, Table):
        return author_table(block, state, width, depth, functools.partial(_block, state=state, notes=notes))
    if isinstance(block, Image):
        return image_flowables(block, state, width)
    if isinstance(block, Paragraph) and (block.text.strip() or block.list_item):
        return [_paragraph(block, style if depth else BODY, state, notes)]
    return []
