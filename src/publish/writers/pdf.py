"""The PDF digest: an A4 bulletin set with reportlab's platypus in an embedded Chinese font.

Layout: the masthead (cover block) and the contents on page 1, then the articles. Text is set by
``_Text``, a flowable of our own rather than platypus' Paragraph: it breaks lines by the Chinese rules
in ``linebreak`` (Paragraph's CJK mode breaks anywhere), justifies with character spacing, mixes the
regular and bold instances per run, and never parses the input as markup.

Page numbers that are only known at the end (the contents' numbers, "共 M 页") are drawn as form
XObjects that the pages reference while they are laid out and that are defined just before the file is
saved, so the document is laid out once, not twice.
"""

from __future__ import annotations

import functools
import itertools
import re
import types
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..figures import money_figures
from ..model import Document, Figure, Image, Masthead, Paragraph, Section, Table
from . import fonts as font_cache
from .linebreak import break_lines

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 595.2756, 841.8898  # A4
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 25 * MM, 25 * MM, 28 * MM, 25 * MM
RED = (0.80, 0.0, 0.0)
GREY = (0.35, 0.35, 0.35)
BLACK = (0.0, 0.0, 0.0)
DIGEST_BUDGET = 160  # characters of shortened text per section, beyond the lead paragraph
KEY_FIGURES = 6  # per article, in the box under its digest


@dataclass(frozen=True)
class Style:
    size: float
    leading: float
    bold: bool = False
    color: tuple[float, float, float] = BLACK
    align: str = "justify"  # justify | left | center | right
    indent: float = 0.0  # first line
    space_before: float = 0.0
    space_after: float = 0.0


BODY = Style(12, 21, indent=24, space_after=4)
LEAD = BODY
TITLE = Style(17, 25, bold=True, align="center", space_before=14, space_after=4)
SUBHEAD = Style(13.5, 22, bold=True, align="left", space_before=8, space_after=2)
MINOR_HEAD = Style(12, 21, bold=True, align="left", space_before=4)
SOURCE = Style(10.5, 16, color=GREY, align="center", space_after=8)
NOTE = Style(9.5, 15, color=GREY, align="right", space_before=2)
CELL = Style(10, 14.5, align="left")
CELL_HEAD = Style(10, 14.5, bold=True, align="center")
CONTENTS_HEAD = Style(18, 28, bold=True, align="center", space_before=18, space_after=10)


def write_pdf(document: Document, figures: Sequence[Figure], masthead: Masthead, path: Path, *,
              full: bool = False) -> tuple[str, ...]:
    """Write the digest (``full``: every paragraph) to ``path``; return warnings."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    fonts = _Fonts.load(font_cache.characters_in(document, figures, masthead))
    state = _State(masthead=masthead, fonts=fonts)
    story = _story(document, figures, masthead, state, full)

    doc = BaseDocTemplate(
        str(path), pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=f"{masthead.name} {masthead.issue}", author=masthead.unit,
        subject=f"{masthead.name}（{masthead.issue}，{masthead.date}）摘编",
        keywords=[section.title for section in document.sections][:20],
        creator=_creator(), producer=_creator(), lang="zh-CN",
        initialFontName=fonts.regular, initialFontSize=BODY.size, pageCompression=1,
    )
    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT,
                  PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=state.decorate_page)])
    from reportlab import rl_config

    # Binary streams (smaller, and no slow pure-Python ASCII85), and no attribute checks on the chart's
    # shapes, whose values we set ourselves: together a third of the time of a big digest.
    saved = rl_config.useA85, rl_config.shapeChecking
    rl_config.useA85, rl_config.shapeChecking = 0, 0
    try:
        doc.build(story, canvasmaker=_canvas_class(state))
    finally:
        rl_config.useA85, rl_config.shapeChecking = saved
    missing = sorted(state.missing)
    if missing:
        state.warnings.append(f"{len(missing)} character(s) are not in the PDF font and print as blanks: "
                              + "".join(missing[:20]))
    return tuple(state.warnings)


# -- fonts ------------------------------------------------------------------------------------------


@dataclass
class _Fonts:
    regular: str
    bold: str
    widths: dict[str, dict[str, float]]  # font → character → advance at 1 pt
    covered: frozenset[str]
    files: font_cache.FontFiles

    _loaded = None  # one registration per process: reportlab's registry is global

    @classmethod
    def load(cls, text: str) -> _Fonts:
        files = font_cache.font_files(text)  # publish_file has built it already, with progress
        if cls._loaded is None or cls._loaded.files != files:  # a newer pair holds more characters
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            regular, bold = TTFont(files.regular_name, str(files.regular)), TTFont(files.bold_name, str(files.bold))
            for font in (regular, bold):
                pdfmetrics.registerFont(font)
            pdfmetrics.registerFontFamily(files.regular_name, normal=files.regular_name, bold=files.bold_name,
                                          italic=files.regular_name, boldItalic=files.bold_name)
            cls._loaded = cls(files.regular_name, files.bold_name,
                              {files.regular_name: _WidthTable(regular.face), files.bold_name: _WidthTable(bold.face)},
                              frozenset(map(chr, regular.face.charToGlyph)), files)
        return cls._loaded

    def name(self, bold: bool) -> str:
        return self.bold if bold else self.regular

    def note_missing(self, text: str, missing: set[str]) -> None:
        missing.update(c for c in set(text) - self.covered if not c.isspace())


class _WidthTable(dict):
    """Advance widths at 1 pt, looked up once per character."""

    def __init__(self, face) -> None:  # noqa: ANN001 - reportlab TTFontFace
        super().__init__()
        self._widths, self._default = face.charWidths, face.defaultWidth

    def __missing__(self, char: str) -> float:
        width = self._widths.get(ord(char), self._default) / 1000.0
        self[char] = width
        return width


# -- layout state: what is known only after the pages are laid out --------------------------------------


@dataclass
class _State:
    masthead: Masthead
    fonts: _Fonts
    pages: dict[str, int] = field(default_factory=dict)  # destination key → page number
    contents_forms: list[tuple[str, str]] = field(default_factory=list)  # (form name, destination key)
    page_count: int = 0
    missing: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)

    def decorate_page(self, canvas, doc) -> None:  # noqa: ANN001 - reportlab canvas and doc
        """Running header (not on page 1, which has the masthead) and the footer form for this page."""
        number = canvas.getPageNumber()
        self.page_count = max(self.page_count, number)
        canvas.saveState()
        if number > 1:
            canvas.setFont(self.fonts.regular, 9.5)
            canvas.setFillColorRGB(*RED)
            top = PAGE_HEIGHT - MARGIN_TOP + 14
            canvas.drawString(MARGIN_LEFT, top, self.masthead.name)
            canvas.setFillColorRGB(*GREY)
            canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, top, f"{self.masthead.issue}　{self.masthead.date}")
            canvas.setStrokeColorRGB(*RED)
            canvas.setLineWidth(0.6)
            canvas.line(MARGIN_LEFT, top - 5, PAGE_WIDTH - MARGIN_RIGHT, top - 5)
        canvas.doForm(f"footer{number}")
        canvas.restoreState()

    def finish(self, canvas) -> None:  # noqa: ANN001
        """Define the forms the pages refer to, now that every number is known."""
        for number in range(1, self.page_count + 1):
            canvas.beginForm(f"footer{number}")
            canvas.setFont(self.fonts.regular, 9.5)
            canvas.setFillColorRGB(*GREY)
            canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN_BOTTOM - 28, f"第 {number} 页 / 共 {self.page_count} 页")
            canvas.endForm()
        for form, key in self.contents_forms:
            canvas.beginForm(form, lowerx=-60, lowery=-6, upperx=1, uppery=20)
            canvas.setFont(self.fonts.regular, BODY.size)
            canvas.drawRightString(0, 0, str(self.pages.get(key, "")))
            canvas.endForm()


def _canvas_class(state: _State):  # noqa: ANN202
    from reportlab.pdfgen.canvas import Canvas

    class _Canvas(Canvas):
        def save(self) -> None:
            state.finish(self)
            super().save()

    return _Canvas


def _creator() -> str:
    from .. import __version__

    return f"publish {__version__} (reportlab)"


# -- flowables --------------------------------------------------------------------------------------


@functools.cache
def _flowables() -> types.SimpleNamespace:
    """Our flowable classes, defined on first use so that reportlab is imported only when writing a PDF."""
    from reportlab.platypus.flowables import Flowable

    class Text(Flowable):
        """A paragraph set by the Chinese line-breaking rules; splits across pages by whole lines."""

        def __init__(self, runs: Sequence[tuple[str, bool]], style: Style, state: _State, *,
                     mark: tuple[str, str, int] | None = None) -> None:
            super().__init__()
            self.text = "".join(text for text, _ in runs)
            self.bolds = [bold or style.bold for text, bold in runs for _ in text]
            self.style, self.state, self.mark = style, state, mark
            self.spaceBefore, self.spaceAfter = style.space_before, style.space_after
            self.lines: list[tuple[int, int]] | None = None
            self.first_line = 0  # index of this part's first line in the whole paragraph
            self.last_part = True
            self._width: float | None = None
            self._prefix_widths: list[float] | None = None
            fonts = state.fonts
            size = style.size
            if len(runs) == 1:  # the common case: one font for the whole paragraph
                widths = fonts.widths[fonts.name(self.bolds[0] if self.bolds else style.bold)]
                self.advances = [widths[char] * size for char in self.text]
            else:
                self.advances = [fonts.widths[fonts.name(bold)][char] * size
                                 for char, bold in zip(self.text, self.bolds)]
            fonts.note_missing(self.text, state.missing)
            self.uniform = len(set(self.bolds)) <= 1

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            if self.lines is None or (self._width != available_width and self.first_line == 0
                                      and self.last_part):
                indent = self.style.indent
                self.lines = break_lines(self.text, self.advances,
                                         lambda index: available_width - (indent if index == 0 else 0))
                self._width = available_width
            self.width = available_width
            self.height = len(self.lines) * self.style.leading
            return self.width, self.height

        def split(self, available_width: float, available_height: float) -> list:
            self.wrap(available_width, available_height)
            assert self.lines is not None
            total = len(self.lines)
            fit = int((available_height + 1e-6) // self.style.leading)
            if fit >= total:
                return [self]
            if total - fit == 1:
                fit -= 1  # no widow: at least two lines go over
            if fit < 2:
                return []  # no orphan: move the whole paragraph
            return [self._part(0, fit, last=False), self._part(fit, total, last=self.last_part)]

        def _part(self, start: int, end: int, *, last: bool) -> Text:
            self._prefix()  # before the copy, so that every part shares the one list
            part = Text.__new__(Text)
            Flowable.__init__(part)
            # Not reportlab's per-flowable layout state: a part carrying _postponed from its parent
            # would be taken as already moved once and raise LayoutError for a many-page paragraph.
            part.__dict__.update({k: v for k, v in self.__dict__.items()
                                  if k not in ("canv", "_frame", "_postponed")})
            part.lines = self.lines[start:end]
            part.first_line = self.first_line + start
            part.last_part = last
            part.mark = self.mark if start == 0 else None
            part.spaceBefore = self.spaceBefore if start == 0 else 0
            part.spaceAfter = self.spaceAfter if last else 0
            return part

        def draw(self) -> None:
            canvas, style, fonts = self.canv, self.style, self.state.fonts
            assert self.lines is not None
            if self.mark:
                key, title, level = self.mark
                canvas.bookmarkHorizontal(key, 0, self.height)
                canvas.addOutlineEntry(title, key, level, closed=False)
                self.state.pages[key] = canvas.getPageNumber()
            canvas.setFillColorRGB(*style.color)
            text_object = canvas.beginText()
            current_bold: bool | None = None
            current_spacing = 0.0
            prefix = self._prefix()
            for row, (start, end) in enumerate(self.lines):
                index = self.first_line + row
                x = style.indent if index == 0 else 0.0
                room = self.width - x
                used = prefix[end] - prefix[start]
                spacing = 0.0
                if style.align == "center":
                    x += max(0.0, (room - used) / 2)
                elif style.align == "right":
                    x += max(0.0, room - used)
                elif style.align == "justify" and not (self.last_part and row == len(self.lines) - 1) \
                        and end - start > 1:
                    spacing = min(max(0.0, room - used) / (end - start - 1), style.size * 0.12)
                baseline = self.height - row * style.leading - style.leading / 2 - style.size * 0.36
                text_object.setTextOrigin(x, baseline)
                if spacing != current_spacing:
                    text_object.setCharSpace(spacing)
                    current_spacing = spacing
                pieces = ((self.text[start:end], self.bolds[start]),) if self.uniform \
                    else _segments(self.text, self.bolds, start, end)
                for piece, bold in pieces:
                    if bold != current_bold:
                        text_object.setFont(fonts.name(bold), style.size, style.leading)
                        current_bold = bold
                    text_object.textOut(piece)
            canvas.drawText(text_object)

        def _prefix(self) -> list[float]:
            # Running widths of the whole paragraph, computed once and shared by all its parts:
            # recomputing them per page made a many-page paragraph quadratic.
            if self._prefix_widths is None:
                self._prefix_widths = [0.0, *itertools.accumulate(self.advances)]
            return self._prefix_widths

    class Cover(Flowable):
        """The 简报 head: name large and red, the issue, unit left and date right, a red rule."""

        def __init__(self, masthead: Masthead, state: _State) -> None:
            super().__init__()
            self.masthead, self.state = masthead, state
            state.fonts.note_missing(masthead.name + masthead.issue + masthead.unit + masthead.date, state.missing)

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            self.width, self.height = available_width, 150
            return self.width, self.height

        def draw(self) -> None:
            canvas, fonts, masthead = self.canv, self.state.fonts, self.masthead
            name_size = 40.0
            widths = fonts.widths[fonts.bold]
            natural = sum(widths[c] for c in masthead.name)
            if natural * name_size > self.width:
                name_size = max(18.0, self.width / max(natural, 1e-6))
            # Letter-spaced like a printed masthead, when short enough for it.
            spacing = name_size * 0.3 if len(masthead.name) <= 8 else 0.0
            total = natural * name_size + spacing * max(len(masthead.name) - 1, 0)
            canvas.saveState()  # the letter spacing must not leak into the lines below
            canvas.setFillColorRGB(*RED)
            text_object = canvas.beginText((self.width - total) / 2, self.height - 52)
            text_object.setFont(fonts.bold, name_size)
            text_object.setCharSpace(spacing)
            text_object.textOut(masthead.name)
            canvas.drawText(text_object)
            canvas.restoreState()
            canvas.setFillColorRGB(*BLACK)
            canvas.setFont(fonts.regular, 15)
            canvas.drawCentredString(self.width / 2, self.height - 88, masthead.issue)
            canvas.setFont(fonts.regular, 13)
            canvas.drawString(0, 14, masthead.unit)
            canvas.drawRightString(self.width, 14, masthead.date)
            canvas.setStrokeColorRGB(*RED)
            canvas.setLineWidth(2.2)
            canvas.line(0, 4, self.width, 4)

    class ContentsEntry(Flowable):
        """One contents line: title, dot leader, page number (a form filled in at the end), a link."""

        number_room = 40.0

        def __init__(self, title: str, key: str, level: int, state: _State) -> None:
            super().__init__()
            self.key, self.level = key, level
            self.style = Style(BODY.size if level == 1 else 11, 22 if level == 1 else 19, bold=level == 1,
                               align="left")
            self.indent = 0.0 if level == 1 else 2 * BODY.size
            self.form = f"contents{len(state.contents_forms)}"
            state.contents_forms.append((self.form, key))
            self.text = Text([(title, False)], self.style, state)

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            self.width = available_width
            self.text.wrap(available_width - self.indent - self.number_room, available_height)
            self.height = self.text.height
            return self.width, self.height

        def draw(self) -> None:
            canvas, style = self.canv, self.style
            self.text.drawOn(canvas, self.indent, 0)
            last_start, last_end = self.text.lines[-1]
            prefix = self.text._prefix()
            leader_from = self.indent + prefix[last_end] - prefix[last_start] + 6
            leader_to = self.width - self.number_room + 6
            baseline = style.leading / 2 - style.size * 0.36
            canvas.saveState()
            canvas.setStrokeColorRGB(*GREY)
            canvas.setLineWidth(0.7)
            canvas.setDash(0.7, 2.8)
            if leader_to > leader_from:
                canvas.line(leader_from, baseline + 1, leader_to, baseline + 1)
            canvas.translate(self.width, baseline)
            canvas.doForm(self.form)
            canvas.restoreState()
            canvas.linkRect("", self.key, (self.indent, 0, self.width, self.height), relative=1, thickness=0)

    return types.SimpleNamespace(Text=Text, Cover=Cover, ContentsEntry=ContentsEntry)


def _segments(text: str, bolds: list[bool], start: int, end: int):  # noqa: ANN202
    """Stretches of one line set in one font."""
    piece_start = start
    for index in range(start + 1, end + 1):
        if index == end or bolds[index] != bolds[piece_start]:
            yield text[piece_start:index], bolds[piece_start]
            piece_start = index


def _make_text(text: str | Sequence[tuple[str, bool]], style: Style, state: _State, *,
               mark: tuple[str, str, int] | None = None):  # noqa: ANN202
    runs = [(text, False)] if isinstance(text, str) else list(text)
    return _flowables().Text(runs, style, state, mark=mark)


def _masthead_block(masthead: Masthead, state: _State):  # noqa: ANN202
    return _flowables().Cover(masthead, state)


def _contents_entry(title: str, key: str, level: int, state: _State):  # noqa: ANN202
    return _flowables().ContentsEntry(title, key, level, state)


# -- the story --------------------------------------------------------------------------------------


def _story(document: Document, figures: Sequence[Figure], masthead: Masthead, state: _State,
           full: bool) -> list:
    from reportlab.platypus import CondPageBreak, PageBreak

    keys = {id(section): f"section{index}" for index, section in enumerate(document.walk(), start=1)}
    story: list = [_masthead_block(masthead, state), _make_text("目　录", CONTENTS_HEAD, state)]
    for section in document.walk():
        if section.level <= 2:
            story.append(_contents_entry(section.title.strip(), keys[id(section)], min(section.level, 2), state))
    if not document.sections:
        story.append(_make_text("（本期没有文章）", SOURCE, state))
    story.append(PageBreak())
    for paragraph in (b for b in document.preamble if isinstance(b, Paragraph)):
        if paragraph.text.strip():
            story.append(_make_text(_runs(paragraph), BODY, state))
    by_article = _figures_by_article(document, figures)
    for article in document.sections:
        story.append(CondPageBreak(TITLE.leading * 2 + SOURCE.leading + BODY.leading * 3 + TITLE.space_before))
        story.extend(_article(article, by_article.get(id(article), []), keys, state, full))
    return story


def _article(article: Section, figures: list[Figure], keys: dict[int, str], state: _State, full: bool) -> list:
    from reportlab.platypus import CondPageBreak

    flowables: list = []
    levels: list[int] = []  # outline depth may rise by one at a time
    shortened = False
    lead_done = False
    for section in article.walk():
        depth = min(section.level - article.level, (levels[-1] + 1) if levels else 0)
        levels.append(depth)
        mark = (keys[id(section)], section.title.strip(), depth)
        if section is article:
            flowables.append(_make_text(section.title.strip(), TITLE, state, mark=mark))
            if section.source:
                flowables.append(_make_text(_source_line(section), SOURCE, state))
        else:
            style = SUBHEAD if depth == 1 else MINOR_HEAD
            flowables.append(CondPageBreak(style.leading + style.space_before + BODY.leading * 2))
            flowables.append(_make_text(section.title.strip(), style, state, mark=mark))
        used = 0
        for block in section.blocks:
            if isinstance(block, Paragraph):
                text = block.text.strip()
                if not text:
                    continue
                if not lead_done or full:
                    flowables.append(_make_text(_runs(block), LEAD, state))
                    lead_done = True
                    continue
                if used >= DIGEST_BUDGET:
                    shortened = True
                    continue
                sentence = first_sentence(text)
                shortened = shortened or sentence != text
                used += len(sentence)
                flowables.append(_make_text(sentence, BODY, state))
            elif full:
                flowables.extend(_block(block, state))
            else:
                shortened = True
    subsection_figures = [f for f in figures if f.subsection]
    if subsection_figures:
        flowables.extend(_figures_table(subsection_figures, state))
        currency, money = money_figures(subsection_figures)
        if len(money) >= 2:
            flowables.append(_money_chart(money, currency, state))
    elif figures:
        flowables.extend(_key_figures(figures, state))
    if shortened:
        flowables.append(_make_text("（摘编，有删节）", NOTE, state))
    return flowables


def first_sentence(text: str) -> str:
    """The text up to its first full stop (with closing quotes), or all of it when it has none."""
    match = re.match(r"[^。！？!?]*[。！？!?]+[”’」』）)]*", text)
    return match.group(0) if match else text


def _runs(paragraph: Paragraph) -> list[tuple[str, bool]]:
    runs = [(run.text, run.bold) for run in paragraph.runs if run.text]
    # strip the paragraph's outer whitespace without losing run boundaries
    while runs and not runs[0][0].strip():
        runs.pop(0)
    while runs and not runs[-1][0].strip():
        runs.pop()
    if runs:
        runs[0] = (runs[0][0].lstrip(), runs[0][1])
        runs[-1] = (runs[-1][0].rstrip(), runs[-1][1])
    return runs


def _source_line(section: Section) -> str:
    source = section.source
    assert source is not None
    if source.date:
        return f"来源：{source.name}　{source.date.year}年{source.date.month}月{source.date.day}日"
    return source.text.strip().strip("（）()") or source.name


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


def _figure_value(figure: Figure) -> str:
    if figure.value is None:
        return "—"
    number = format(figure.value.normalize(), ",f") if isinstance(figure.value, Decimal) else str(figure.value)
    return f"{number} {figure.unit}".strip()


CELL_PADDING = 5


def _cell(text: str, width: float, state: _State, *, bold: bool = False, align: str = "left"):  # noqa: ANN202
    """A table cell: a plain string when it fits on one line (cheap to draw), else a wrapped paragraph."""
    fonts = state.fonts
    table = fonts.widths[fonts.name(bold)]
    if sum(table[c] for c in text) * CELL.size <= width - 2 * CELL_PADDING and "\n" not in text:
        fonts.note_missing(text, state.missing)
        return text
    return _make_text(text, Style(CELL.size, CELL.leading, bold=bold, align=align), state)


def _table(rows: list[list], widths: list[float], state: _State, *, header: bool = True,
           aligns: Sequence[str] = (), extra: Sequence[tuple] = ()):  # noqa: ANN202
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), state.fonts.regular),  # plain string cells
        ("FONTSIZE", (0, 0), (-1, -1), CELL.size),
        ("LEADING", (0, 0), (-1, -1), CELL.leading),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEABOVE", (0, 0), (-1, 0), 1.0, RED),
        ("LINEBELOW", (0, -1), (-1, -1), 1.0, RED),
        ("INNERGRID", (0, 0), (-1, -1), 0.3, (0.75, 0.75, 0.75)),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    for column, align in enumerate(aligns):
        commands.append(("ALIGN", (column, 0), (column, -1), align.upper()))
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), (0.97, 0.92, 0.92)))
        commands.append(("FONTNAME", (0, 0), (-1, 0), state.fonts.bold))
        commands.append(("ALIGN", (0, 0), (-1, 0), "CENTER"))
    commands.extend(extra)
    table.setStyle(TableStyle(commands))
    return table


def _figures_table(figures: list[Figure], state: _State) -> list:
    """Every figure of the article's sub-sections, one row each, the sub-section named once per group."""
    from reportlab.platypus import CondPageBreak

    width = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    widths = [0.17 * width, 0.33 * width, 0.22 * width, 0.28 * width]
    aligns = ("left", "left", "left", "right")
    rows = [[_cell(head, w, state, bold=True, align="center") for head, w in zip(("子项", "指标", "原文", "数值"), widths)]]
    group_starts = []
    previous = None
    for figure in figures:
        first_of_group = figure.subsection != previous
        if first_of_group and previous is not None:
            group_starts.append(len(rows))
        previous = figure.subsection
        texts = ((figure.subsection or "") if first_of_group else "", figure.label or "—", figure.text,
                 _figure_value(figure))
        rows.append([_cell(text, w, state, align=a) for text, w, a in zip(texts, widths, aligns)])
    caption = _make_text("专项成就数据", Style(12, 20, bold=True, align="center", space_before=10, space_after=4),
                         state)
    table = _table(rows, widths, state, aligns=aligns,
                   extra=[("LINEABOVE", (0, row), (-1, row), 0.8, GREY) for row in group_starts])
    return [CondPageBreak(caption.style.leading + caption.style.space_before + 5 * 20), caption, table]


def _key_figures(figures: list[Figure], state: _State) -> list:
    from reportlab.platypus import CondPageBreak

    candidates = [f for f in figures if f.value is not None]
    ranked = [f for f in candidates if f.label] + [f for f in candidates if not f.label]  # named ones first
    chosen: list[Figure] = []
    for figure in ranked:
        if len(chosen) < KEY_FIGURES and all(f.text != figure.text for f in chosen):
            chosen.append(figure)
    chosen.sort(key=candidates.index)  # in the order of the text
    if not chosen:
        return []
    width = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    widths = [0.7 * width, 0.3 * width]
    rows = [[_cell(figure.label or "—", widths[0], state), _cell(figure.text, widths[1], state)]
            for figure in chosen]
    caption = _make_text("关键数字", Style(10.5, 18, bold=True, color=RED, align="left", space_before=6), state)
    return [CondPageBreak(caption.style.leading + 20 * min(len(rows), 3)), caption,
            _table(rows, widths, state, header=False)]


def _money_chart(figures: list[Figure], currency: str, state: _State):  # noqa: ANN202
    """A horizontal bar chart in 亿 of ``currency``, one bar per money figure in the order of the text.

    Drawn from reportlab.graphics shapes rather than its chart widgets: the same picture at a tenth of
    the cost, which counts when a long bulletin has many such articles.
    """
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib.colors import Color

    fonts = state.fonts
    width = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    labels = [_chart_label(f) for f in figures]
    values = [float(f.value) / 1e8 for f in figures if f.value is not None]
    label_size, bar_pitch, bar_height = 9.5, 24, 15
    label_room = min(0.45 * width, 8 + max(sum(fonts.widths[fonts.regular][c] for c in label) * label_size
                                            for label in labels))
    plot_left, plot_width = label_room, width - label_room - 50
    plot_bottom, plot_height = 20, bar_pitch * len(figures)
    height = plot_bottom + plot_height + 30
    step = _nice_step(max(values))
    top_value = max(step, -(-max(values) // step) * step)
    scale = plot_width / top_value
    grey, red = Color(0.55, 0.55, 0.55), Color(*RED)
    drawing = Drawing(width, height, initialFontName=fonts.regular, initialFontSize=label_size)  # not Helvetica
    drawing.add(String(width / 2, height - 14, f"文中的金额（亿{currency}）", fontName=fonts.bold, fontSize=11,
                       textAnchor="middle"))
    tick = 0.0
    while tick <= top_value + 1e-9:
        x = plot_left + tick * scale
        drawing.add(Line(x, plot_bottom, x, plot_bottom + plot_height, strokeColor=Color(0.88, 0.88, 0.88),
                         strokeWidth=0.5))
        drawing.add(String(x, plot_bottom - 11, _chart_number(tick), fontName=fonts.regular, fontSize=8.5,
                           textAnchor="middle", fillColor=grey))
        tick += step
    drawing.add(Line(plot_left, plot_bottom, plot_left + plot_width, plot_bottom, strokeColor=grey, strokeWidth=0.7))
    drawing.add(Line(plot_left, plot_bottom, plot_left, plot_bottom + plot_height, strokeColor=grey, strokeWidth=0.7))
    for index, (label, value) in enumerate(zip(labels, values)):
        middle = plot_bottom + plot_height - bar_pitch * (index + 0.5)
        drawing.add(Rect(plot_left, middle - bar_height / 2, value * scale, bar_height, fillColor=red,
                         strokeColor=None))
        drawing.add(String(plot_left - 6, middle - label_size * 0.36, label, fontName=fonts.regular,
                           fontSize=label_size, textAnchor="end"))
        drawing.add(String(plot_left + value * scale + 4, middle - 9 * 0.36, _chart_number(value),
                           fontName=fonts.regular, fontSize=9, textAnchor="start"))
    for label in labels:
        fonts.note_missing(label, state.missing)
    drawing.hAlign = "CENTER"
    return drawing


def _chart_number(value: float) -> str:
    return f"{value:,.0f}" if abs(value - round(value)) < 1e-9 or value >= 10 else f"{value:,.2f}"


def _nice_step(largest: float) -> float:
    """A tick step of 1, 2 or 5 × 10^n giving four to eight ticks up to ``largest``."""
    import math

    magnitude = 10 ** math.floor(math.log10(largest)) if largest > 0 else 1
    for factor in (0.1, 0.2, 0.5, 1, 2, 5):
        if largest / (factor * magnitude) <= 8:
            return factor * magnitude
    return 10 * magnitude


def _chart_label(figure: Figure) -> str:
    label = (figure.label or figure.subsection or "").strip()
    if len(label) > 12:
        label = label[:11] + "…"
    return f"{label}（{figure.text}）" if label else figure.text


def _block(block: Table | Image | Paragraph, state: _State) -> list:
    """A table or picture carried over in the full text."""
    if isinstance(block, Table):
        columns = max((len(row) for row in block.rows), default=0)
        if not columns:
            return []
        column_width = (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / columns
        rows = [[_cell("\n".join(p.text.strip() for p in cell.paragraphs).strip(), column_width, state) for cell in row]
                + [""] * (columns - len(row)) for row in block.rows]
        return [_table(rows, [column_width] * columns, state, header=False)]
    if isinstance(block, Image):
        return _image(block, state)
    return []


def _image(image: Image, state: _State) -> list:
    import io

    from reportlab.platypus import Image as ImageFlowable

    if image.content_type not in ("image/png", "image/jpeg", "image/gif"):
        state.warnings.append(f"left out a picture the PDF cannot show ({image.content_type})")
        return []
    width = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    try:
        flowable = ImageFlowable(io.BytesIO(image.data))
    except Exception as error:  # a damaged picture must not stop the digest
        state.warnings.append(f"left out a picture that cannot be read ({type(error).__name__})")
        return []
    if image.width_emu and image.height_emu:
        flowable.drawWidth, flowable.drawHeight = image.width_emu / 12700, image.height_emu / 12700
    scale = min(1.0, width / max(flowable.drawWidth, 1), 500 / max(flowable.drawHeight, 1))
    flowable.drawWidth *= scale
    flowable.drawHeight *= scale
    return [flowable]
