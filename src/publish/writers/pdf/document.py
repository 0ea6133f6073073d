"""The PDF digest: an A4 bulletin set with reportlab's platypus in an embedded Chinese font.

Layout: the masthead (cover block) and the contents on page 1, then the articles. Text is set by
``_Text``, a flowable of our own rather than platypus' Paragraph: it breaks lines by the Chinese rules
in ``linebreak`` (Paragraph's CJK mode breaks anywhere), justifies with character spacing, mixes the
regular and bold instances per run, and never parses the input as markup.

What the author wrote is kept, in the full text and in the digest's sentences alike: list labels hang
before their items (the author's indents), note marks are raised and the notes cited in what is shown
follow the article under 注释 (not at the page foot: platypus knows a page only once it is laid out, and
the digest drops sentences, so the notes must follow what is shown), links are URI annotations or jumps
to the heading's destination, sub/superscripts are smaller and shifted, underline and strike-through
are drawn lines, the author's tables keep their spans, widths and header rows, and what the PDF cannot
draw (EMF/WMF/SVG, a damaged picture, a check box the font lacks) is shown as a framed placeholder or a
drawn shape, with a warning where something is simplified.

Page numbers that are only known at the end (the contents' numbers, "共 M 页") are added to each page's
content just before the file is saved, so the document is laid out once, not twice. Each weight of the
font is embedded as one CID-keyed font (``cidfont``), not as reportlab's 256-character subsets.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
import types
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from ...figures import money_figures
from ...model import (
    Cell, Document, Figure, Image, ListDefinition, ListItem, Masthead, Note, Paragraph, Section, Table, iter_paragraphs,
    labelled_title,
)
from . import fonts as font_cache
from ...layout.linebreak import break_lines

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFontFace

    from .cidfont import CIDFont

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
    indent: float = 0.0  # the first line's, from ``left``
    left: float = 0.0  # every line's
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


def prepare() -> None:
    """What the writer needs before any document: reportlab's modules and the font pair cached now.

    Run by a child forked for the PDF while the parent still reads (``publish.parallel.ReadyChild``).
    """
    from reportlab.pdfgen import canvas  # noqa: F401
    from reportlab.platypus import doctemplate  # noqa: F401

    _flowables()
    files = font_cache.cached_font_files()
    if files is not None:
        _Fonts.load_files(files)


def write_pdf(document: Document, figures: Sequence[Figure] | Callable[[], Sequence[Figure]], masthead: Masthead,
              path: Path, *, full: bool = False, characters: str | None = None) -> tuple[str, ...]:
    """Write the digest (``full``: every paragraph) to ``path``; return warnings.

    ``figures``: the document's figures, or a function giving them, called when the layout first needs
    them (at the end of the first article): the PDF's own process lays out the text meanwhile.
    ``characters``: every character of the document and masthead (the figures are cut from the document's
    text), when the caller has them already.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Frame, PageTemplate

    fonts = _Fonts.load(characters if characters is not None
                        else font_cache.characters_in(document, masthead))
    state = _State(masthead=masthead, fonts=fonts, shown=fonts.for_document())
    story = _story(document, figures, masthead, state, full)

    doc = _flowables().DocTemplate(
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

    # Binary streams: smaller, and no slow pure-Python ASCII85.
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        doc.build(story, canvasmaker=_canvas_class(state))
    finally:
        rl_config.useA85 = saved
    state.warnings.extend(_picture_warnings(state.placeholders))
    if state.unknown_anchors:
        names = sorted(state.unknown_anchors)
        state.warnings.append(f"{len(names)} link(s) lead to a bookmark that is not a heading's and are plain text "
                              f"in the PDF: {', '.join(names[:5])}")
    if state.unfollowed_links:
        state.warnings.append("Links that are malformed or of a kind a PDF reader should not follow are plain text "
                              "in the PDF: "
                              + ", ".join(sorted(state.unfollowed_links)))
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
    faces: dict[str, TTFontFace]  # font name → reportlab's parsed TrueType face
    _scaled: dict = field(default_factory=dict, repr=False)  # (bold, size) → _ScaledWidths

    _loaded = None  # one registration per process: reportlab's registry is global

    @classmethod
    def load(cls, text: str) -> _Fonts:
        return cls.load_files(font_cache.font_files(text))  # publish_file has built it already, with progress

    @classmethod
    def load_files(cls, files: font_cache.FontFiles) -> _Fonts:
        if cls._loaded is None or cls._loaded.files != files:  # a newer pair holds more characters
            from reportlab.pdfbase.ttfonts import TTFontFace

            regular, bold = TTFontFace(str(files.regular)), TTFontFace(str(files.bold))
            cls._loaded = cls(files.regular_name, files.bold_name,
                              {files.regular_name: _WidthTable(regular), files.bold_name: _WidthTable(bold)},
                              frozenset(map(chr, regular.charToGlyph)), files,
                              {files.regular_name: regular, files.bold_name: bold})
        return cls._loaded

    def for_document(self) -> dict[str, CIDFont]:
        """Both weights as fonts of their own for one document, registered with reportlab under our names.

        reportlab's registry is global and keeps the first font registered under a name, with no public
        way to replace it: the previous document's entries are dropped first.
        """
        from reportlab.pdfbase import pdfmetrics

        from .cidfont import CIDFont

        fonts = {name: CIDFont(name, face) for name, face in self.faces.items()}
        for font in fonts.values():
            pdfmetrics._fonts.pop(font.fontName, None)
            pdfmetrics.registerFont(font)
        pdfmetrics.registerFontFamily(self.regular, normal=self.regular, bold=self.bold, italic=self.regular,
                                      boldItalic=self.bold)
        return fonts

    def name(self, bold: bool) -> str:
        return self.bold if bold else self.regular

    def advances(self, bold: bool, size: float) -> dict[str, float]:
        """Character → its advance in this weight at ``size`` points."""
        table = self._scaled.get((bold, size))
        if table is None:
            table = self._scaled[bold, size] = _ScaledWidths(self.widths[self.name(bold)], size)
        return table

    def text_width(self, text: str, bold: bool, size: float) -> float:
        """How wide ``text`` is set on one line in this weight and size, in points."""
        return sum(map(self.widths[self.name(bold)].__getitem__, text)) * size

    def note_missing(self, text: str, missing: set[str]) -> None:
        if not self.covered.issuperset(text):  # the common case, decided in C
            missing.update(c for c in set(text) - self.covered if not c.isspace())


class _WidthTable(dict):
    """Advance widths at 1 pt, looked up once per character."""

    def __init__(self, face: TTFontFace) -> None:
        super().__init__()
        self._widths, self._default = face.charWidths, face.defaultWidth

    def __missing__(self, char: str) -> float:
        width = self._widths.get(ord(char), self._default) / 1000.0
        self[char] = width
        return width


class _ScaledWidths(dict):
    """Advance widths at one size, each computed once from the table at 1 pt."""

    def __init__(self, at_one_point: _WidthTable, size: float) -> None:
        super().__init__()
        self._at_one_point, self._size = at_one_point, size

    def __missing__(self, char: str) -> float:
        width = self[char] = self._at_one_point[char] * self._size
        return width


# -- layout state: what is known only after the pages are laid out --------------------------------------


@dataclass
class _State:
    masthead: Masthead
    fonts: _Fonts
    shown: dict[str, CIDFont]  # font name → this document's font, which shows text (``CIDFont.show``)
    pages: dict[str, int] = field(default_factory=dict)  # destination key → page number
    # Contents page numbers still to print: page of the contents line → (x, y of its right end, destination key)
    contents_numbers: dict[int, list[tuple[float, float, str]]] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    anchors: dict[str, str] = field(default_factory=dict)  # bookmark name → destination key of its heading
    lists: dict[str, ListDefinition] = field(default_factory=dict)  # by key
    unknown_anchors: set[str] = field(default_factory=set)  # links to bookmarks that are no heading's
    unfollowed_links: set[str] = field(default_factory=set)  # schemes of links left as plain text
    note_keys: dict[int, str] = field(default_factory=dict)  # id of a Note → its destination
    placeholders: Counter = field(default_factory=Counter)  # picture kind → pictures shown as a box

    def note_key(self, note: Note) -> str:
        """The destination of a note's printed text, which its marks link to."""
        return self.note_keys.setdefault(id(note), f"note{len(self.note_keys) + 1}")

    def warn_once(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def decorate_page(self, canvas, doc) -> None:  # noqa: ANN001 - reportlab canvas and doc
        """The running header, on every page but the first (which has the masthead)."""
        if canvas.getPageNumber() == 1:
            return
        canvas.saveState()
        canvas.setFont(self.fonts.regular, 9.5)
        canvas.setFillColorRGB(*RED)
        top = PAGE_HEIGHT - MARGIN_TOP + 14
        canvas.drawString(MARGIN_LEFT, top, self.masthead.name)
        canvas.setFillColorRGB(*GREY)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, top, f"{self.masthead.issue}　{self.masthead.date}")
        canvas.setStrokeColorRGB(*RED)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_LEFT, top - 5, PAGE_WIDTH - MARGIN_RIGHT, top - 5)
        canvas.restoreState()

    def finish(self, canvas) -> None:  # noqa: ANN001
        """Add what is known only now to every page laid out: its footer ("第 N 页 / 共 M 页") and, on a
        contents page, the page number of each contents line.

        reportlab keeps a finished page's content as a string until the file is saved, so this is added
        to its end. (Forms defined here and called by each page as it was laid out did the same, at a
        twentieth of a big digest's time: one form object per page.)
        """
        pages = canvas._doc.Pages.pages
        next_page_code = canvas._code  # the page reportlab has begun after the last: left empty
        for number, page in enumerate(pages, start=1):
            canvas._code = []
            canvas.saveState()
            canvas.setFont(self.fonts.regular, 9.5)
            canvas.setFillColorRGB(*GREY)
            canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN_BOTTOM - 28, f"第 {number} 页 / 共 {len(pages)} 页")
            if number in self.contents_numbers:
                canvas.setFont(self.fonts.regular, BODY.size)
                canvas.setFillColorRGB(*BLACK)
                for x, y, key in self.contents_numbers[number]:
                    canvas.drawRightString(x, y, str(self.pages.get(key, "")))
            canvas.restoreState()
            page.stream += "\n".join(canvas._code) + "\n"
        canvas._code = next_page_code


def _canvas_class(state: _State):  # noqa: ANN202
    from reportlab.pdfgen.canvas import Canvas

    class _Canvas(Canvas):
        def save(self) -> None:
            state.finish(self)
            super().save()

    return _Canvas


def _creator() -> str:
    from ... import __version__

    return f"publish {__version__} (reportlab)"


# -- flowables --------------------------------------------------------------------------------------


@functools.cache
def _flowables() -> types.SimpleNamespace:
    """Our flowable classes and doc template, defined on first use so that reportlab is imported only when
    writing a PDF."""
    from reportlab.platypus import BaseDocTemplate
    from reportlab.platypus.flowables import Flowable

    class Text(Flowable):
        """A paragraph set by the Chinese line-breaking rules; splits across pages by whole lines.

        ``label`` (a list item's 一、 or •) is drawn ``label_x`` from the frame's left on the first line,
        outside the text, so that the lines after the first hang under the text, not under the label.
        """

        def __init__(self, spans: Sequence[_Span], style: Style, state: _State, *,
                     mark: tuple[str, str, int] | None = None, label: str = "", label_x: float = 0.0,
                     destination: str | None = None) -> None:
            super().__init__()
            # A tab as a wide space (the font has no glyph for it); a line break (\n) is never drawn.
            self.text = "".join(span.text for span in spans).replace("\t", "\u3000")
            # Per character: bold or not, the look, the advance. Built a span at a time with C-level list
            # operations: a Python step per character was a tenth of a big digest's time.
            fonts = state.fonts
            size = style.size
            self.bolds: list[bool] = []
            self.advances: list[float] = []
            for span in spans:
                bold = span.bold or style.bold
                self.bolds += [bold] * len(span.text)
                shown = span.text.replace("\t", "\u3000")
                self.advances += map(fonts.advances(bold, size).__getitem__, shown)
            # Raised text, underline, strike-through and links, per character; None when the paragraph has none.
            self.looks = None
            if any(span.look is not _PLAIN for span in spans):
                self.looks = []
                for span in spans:
                    self.looks += [span.look] * len(span.text)
            self.style, self.state, self.mark = style, state, mark
            self.label, self.label_x = label, label_x
            self.destination = destination  # a place links jump to (a note's), without an outline entry
            self.spaceBefore, self.spaceAfter = style.space_before, style.space_after
            self.lines: list[tuple[int, int]] | None = None
            self.first_line = 0  # index of this part's first line in the whole paragraph
            self.last_part = True
            self._width: float | None = None
            self._prefix_widths: list[float] | None = None
            if self.looks is not None:
                for index, look in enumerate(self.looks):
                    if look.vertical:
                        self.advances[index] *= RAISED_SCALE
            checked = self.text + label
            if not _SYMBOL_SHAPES.keys().isdisjoint(self.text):
                # Check boxes and ticks the font lacks are drawn as shapes (its blank box would hide which is ticked).
                drawn = {c for c in _SYMBOL_SHAPES if c in self.text and c not in fonts.covered}
                if drawn:
                    looks = self.looks or [_PLAIN] * len(self.text)
                    self.looks = [dataclasses.replace(look, drawn=char) if char in drawn else look
                                  for char, look in zip(self.text, looks)]
                    checked = "".join(c for c in checked if c not in drawn)
            fonts.note_missing(checked, state.missing)
            self.uniform = len(set(self.bolds)) <= 1 and self.looks is None

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            if self.lines is None or (self._width != available_width and self.first_line == 0
                                      and self.last_part):
                left, indent = self.style.left, self.style.indent
                self.lines = break_lines(self.text, self.advances,
                                         lambda index: available_width - left - (indent if index == 0 else 0))
                self._width = available_width
            self.width = available_width
            self.height = max(len(self.lines), 1 if self.label else 0) * self.style.leading
            return self.width, self.height

        def split(self, available_width: float, available_height: float) -> list:
            self.wrap(available_width, available_height)
            assert self.lines is not None
            total = len(self.lines)
            fit = int((available_height + 1e-6) // self.style.leading)
            if fit >= total:
                # It fits after all, or is a list label alone: no split. Not [self], which platypus and
                # reportlab's table cells both take for a failed split (LayoutError, IndexError).
                return []
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
            part.destination = self.destination if start == 0 else None
            part.spaceBefore = self.spaceBefore if start == 0 else 0
            part.spaceAfter = self.spaceAfter if last else 0
            return part

        def _line(self, row: int, prefix: list[float]) -> tuple[float, float, float]:
            """Where line ``row`` of this part starts, the spacing added after each character, its baseline."""
            style = self.style
            start, end = self.lines[row]
            x = style.left + (style.indent if self.first_line + row == 0 else 0.0)
            room = self.width - x
            used = prefix[end] - prefix[start]
            spacing = 0.0
            if style.align == "center":
                x += max(0.0, (room - used) / 2)
            elif style.align == "right":
                x += max(0.0, room - used)
            elif style.align == "justify" and not (self.last_part and row == len(self.lines) - 1) \
                    and end - start > 1 and not _BEFORE_LINE_BREAK.match(self.text, end):
                spacing = min(max(0.0, room - used) / (end - start - 1), style.size * 0.12)
            baseline = self.height - row * style.leading - style.leading / 2 - style.size * 0.36
            return x, spacing, baseline

        def draw(self) -> None:
            canvas, style, fonts = self.canv, self.style, self.state.fonts
            assert self.lines is not None
            if self.mark:
                key, title, level = self.mark
                canvas.bookmarkHorizontal(key, 0, self.height)
                canvas.addOutlineEntry(title, key, level, closed=False)
                self.state.pages[key] = canvas.getPageNumber()
            if self.destination:
                canvas.bookmarkHorizontal(self.destination, 0, self.height)
            canvas.setFillColorRGB(*style.color)
            # Every piece is placed by setTextOrigin or follows the one before in the PDF itself, so the
            # pieces go straight into the text object as CIDFont.show makes them: reportlab's textOut
            # would also measure each one to move a cursor nothing reads.
            text_object = canvas.beginText()
            shown = text_object._code.append
            current_bold: bool | None = None
            current_spacing = 0.0
            prefix = self._prefix()
            if self.label and self.first_line == 0:
                current_bold = style.bold
                font = self.state.shown[fonts.name(current_bold)]
                text_object.setFont(font.fontName, style.size, style.leading)
                text_object.setTextOrigin(self.label_x, self.height - style.leading / 2 - style.size * 0.36)
                shown(font.show(self.label))
            for row, (start, end) in enumerate(self.lines):
                if start == end:
                    continue  # an empty line, between two line breaks
                x, spacing, baseline = self._line(row, prefix)
                text_object.setTextOrigin(x, baseline)
                if spacing != current_spacing:
                    text_object.setCharSpace(spacing)
                    current_spacing = spacing
                if self.uniform:
                    if self.bolds[start] != current_bold:
                        current_bold = self.bolds[start]
                        font = self.state.shown[fonts.name(current_bold)]
                        text_object.setFont(font.fontName, style.size, style.leading)
                    shown(font.show(self.text[start:end]))
                    continue
                for piece_start, piece_end in _segments(self.bolds, self.looks, start, end):
                    bold = self.bolds[piece_start]
                    look = self.looks[piece_start] if self.looks else _PLAIN
                    font = self.state.shown[fonts.name(bold)]
                    text_object.setFont(font.fontName, style.size * (RAISED_SCALE if look.vertical else 1),
                                        style.leading)
                    text_object.setRise(style.size * RISE.get(look.vertical, 0.0))
                    text_object.setFillColorRGB(*(LINK_BLUE if look.link else style.color))
                    text_object.setTextRenderMode(3 if look.drawn else 0)  # a drawn symbol: its glyph unpainted
                    current_bold = None
                    shown(font.show(self.text[piece_start:piece_end]))
                text_object.setRise(0)
            canvas.drawText(text_object)
            if self.looks is not None:
                self._decorate(prefix)

        def _decorate(self, prefix: list[float]) -> None:
            """Underlines, strike-through lines and link areas, over the text drawn."""
            canvas, style = self.canv, self.style
            canvas.saveState()
            canvas.setLineWidth(max(0.5, style.size / 20))
            for row, (start, end) in enumerate(self.lines):
                x, spacing, baseline = self._line(row, prefix)
                piece = start
                while piece < end:
                    look = self.looks[piece]
                    stop = piece + 1
                    while stop < end and self.looks[stop] == look:
                        stop += 1
                    left = x + prefix[piece] - prefix[start] + spacing * (piece - start)
                    right = x + prefix[stop] - prefix[start] + spacing * (stop - start - 1)
                    canvas.setStrokeColorRGB(*(LINK_BLUE if look.link else style.color))
                    if look.underline or (look.link and not look.vertical):  # a raised note mark: blue is enough
                        canvas.line(left, baseline - style.size * 0.12, right, baseline - style.size * 0.12)
                    if look.strike:
                        canvas.line(left, baseline + style.size * 0.3, right, baseline + style.size * 0.3)
                    if look.drawn:
                        for index in range(piece, stop):
                            x_char = x + prefix[index] - prefix[start] + spacing * (index - start)
                            _draw_symbol(canvas, look.drawn, x_char, baseline, self.advances[index], style.size)
                    if look.link:
                        area = (left, baseline - style.size * 0.25, right, baseline + style.size * 0.9)
                        if look.link[0] == "url":
                            canvas.linkURL(look.link[1], area, relative=1, thickness=0)
                        else:
                            canvas.linkRect("", look.link[1], area, relative=1, thickness=0)
                    piece = stop
            canvas.restoreState()

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
        """One contents line: title, dot leader, page number (drawn at the end, once known), a link."""

        number_room = 40.0

        def __init__(self, title: str, key: str, level: int, state: _State) -> None:
            super().__init__()
            self.key, self.level = key, level
            self.style = Style(BODY.size if level == 1 else 11, 22 if level == 1 else 19, bold=level == 1,
                               align="left")
            self.indent = 0.0 if level == 1 else 2 * BODY.size
            self.state = state
            self.text = Text([_Span(title)], self.style, state)

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
            canvas.restoreState()
            # The number is drawn on this page by ``_State.finish``, once every page is known.
            x, y = canvas.absolutePosition(self.width, baseline)
            self.state.contents_numbers.setdefault(canvas.getPageNumber(), []).append((x, y, self.key))
            canvas.linkRect("", self.key, (self.indent, 0, self.width, self.height), relative=1, thickness=0)

    class Grid(Flowable):
        """A table of one-line strings and wrapped ``Text`` cells, as reportlab's Table sets it with our
        style (the same paddings, row heights, middle alignment, rules, and splits between rows with the
        header repeated), drawn with one text object for all its strings: reportlab draws each cell's
        string as a text object of its own and resolves its style commands per cell, a fifth of the time
        of a digest with many figure tables.

        Where a table is split, reportlab's grid rules go on across the split: a grey rule closes the
        part above and opens the part below (under its repeated header), and a group starting at the
        split is ruled below the part above too (``group_below``). The red rule on top is on every part
        with a header, and on the first part only of one without; the red rule at the bottom is on the
        part holding the table's last row (``last``).
        """

        TOP = BOTTOM = 3.0  # paddings
        RULE, GRID, GROUP = (1.0, RED), (0.3, (0.75, 0.75, 0.75)), (0.8, GREY)
        SHADE = (0.97, 0.92, 0.92)

        def __init__(self, rows: list[list], widths: list[float], state: _State, *, header: bool,
                     aligns: tuple[str, ...], group_starts: frozenset[int], continued: bool = False,
                     last: bool = True, group_below: bool = False) -> None:
            super().__init__()
            self.rows, self.widths, self.state = rows, widths, state
            self.header, self.aligns, self.group_starts = header, aligns, group_starts
            self.continued, self.last, self.group_below = continued, last, group_below
            self.heights: list[float] | None = None
            self.hAlign = "LEFT"

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            if self.heights is None:
                self.heights = [self.TOP + self.BOTTOM + max(
                    CELL.leading if isinstance(cell, str) else
                    cell.wrap(width - 2 * CELL_PADDING, available_height)[1]
                    for cell, width in zip(row, self.widths)) for row in self.rows]
            self.width, self.height = sum(self.widths), sum(self.heights)
            return self.width, self.height

        def split(self, available_width: float, available_height: float) -> list:
            self.wrap(available_width, available_height)
            assert self.heights is not None
            fit, used = 0, 0.0
            for height in self.heights:
                if used + height > available_height:
                    break
                used += height
                fit += 1
            if fit <= (1 if self.header else 0) or fit == len(self.rows):
                return [] if fit < len(self.rows) else [self]
            repeated = self.rows[:1] if self.header else []
            shift = fit - len(repeated)
            first = Grid(self.rows[:fit], self.widths, self.state, header=self.header, aligns=self.aligns,
                         group_starts=frozenset(row for row in self.group_starts if row < fit),
                         continued=self.continued, last=False, group_below=fit in self.group_starts)
            rest = Grid(repeated + self.rows[fit:], self.widths, self.state, header=self.header,
                        aligns=self.aligns, group_starts=frozenset(row - shift for row in self.group_starts
                                                                   if row >= fit),
                        continued=True, last=self.last)
            return [first, rest]

        def draw(self) -> None:
            canvas, fonts = self.canv, self.state.fonts
            assert self.heights is not None
            tops = [self.height, *(self.height - used for used in itertools.accumulate(self.heights))]
            lefts = [0.0, *itertools.accumulate(self.widths)]
            canvas.saveState()
            if self.header:
                canvas.setFillColorRGB(*self.SHADE)
                canvas.rect(0, tops[0], self.width, tops[1] - tops[0], stroke=0, fill=1)
            canvas.setFillColorRGB(*BLACK)
            text_object = canvas.beginText()
            shown = text_object._code.append
            current_font = None
            for index, row in enumerate(self.rows):
                is_header = self.header and index == 0
                bottom, height = tops[index + 1], self.heights[index]
                for column, cell in enumerate(row):
                    left, width = lefts[column], self.widths[column]
                    if not isinstance(cell, str):
                        cell_height = cell.height
                        y = bottom + (height + self.BOTTOM - self.TOP + cell_height) / 2 - cell_height
                        cell.drawOn(canvas, left + CELL_PADDING, y)
                        continue
                    font = self.state.shown[fonts.name(is_header)]
                    if font is not current_font:
                        text_object.setFont(font.fontName, CELL.size, CELL.leading)
                        current_font = font
                    align = "center" if is_header else (self.aligns[column] if column < len(self.aligns) else "left")
                    x = left + CELL_PADDING
                    if align != "left":
                        advance = fonts.text_width(cell, is_header, CELL.size)
                        x = left + width / 2 - advance / 2 if align == "center" else left + width - CELL_PADDING - advance
                    text_object.setTextOrigin(x, bottom + (self.BOTTOM + height - self.TOP + CELL.leading) / 2 - CELL.size)
                    shown(current_font.show(cell))
            canvas.drawText(text_object)
            self._rules(canvas, tops, lefts)
            canvas.restoreState()

        def _rules(self, canvas, tops: list[float], lefts: list[float]) -> None:  # noqa: ANN001
            """In reportlab's order: the red rules, the grey grid, the group rules (the later on top)."""
            canvas.setLineCap(1)
            canvas.setLineJoin(1)
            right, rows = lefts[-1], len(self.rows)

            def rule(weight_and_colour: tuple[float, tuple], ys: list[float], xs: list[float] = ()) -> None:
                if ys or xs:
                    canvas.setStrokeColorRGB(*weight_and_colour[1])
                    canvas.setLineWidth(weight_and_colour[0])
                    for y in ys:
                        canvas.line(0, y, right, y)
                    for x in xs:
                        canvas.line(x, tops[-1], x, tops[0])

            rule(self.RULE, ([tops[0]] if self.header or not self.continued else [])
                 + ([tops[-1]] if self.last else []))
            grid = tops[1:rows] + ([tops[-1]] if not self.last else []) + (
                [tops[0]] if self.continued and not self.header else [])
            rule(self.GRID, grid, lefts[1:-1])
            rule(self.GROUP, [tops[row] for row in sorted(self.group_starts)]
                 + ([tops[-1]] if self.group_below else []))

    class Sketch(Flowable):
        """A fixed-size picture of lines, then filled bars, then strings, drawn straight onto the page."""

        def __init__(self, width: float, height: float, lines: list[tuple], bars: list[tuple],
                     strings: list[tuple]) -> None:
            super().__init__()
            self.width, self.height = width, height
            self.lines, self.bars, self.strings = lines, bars, strings
            self.hAlign = "CENTER"

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            return self.width, self.height

        def draw(self) -> None:
            canvas = self.canv
            for x1, y1, x2, y2, colour, thickness in self.lines:
                canvas.setStrokeColorRGB(*colour)
                canvas.setLineWidth(thickness)
                canvas.line(x1, y1, x2, y2)
            for x, y, width, height, colour in self.bars:
                canvas.setFillColorRGB(*colour)
                canvas.rect(x, y, width, height, stroke=0, fill=1)
            anchored = {"start": canvas.drawString, "middle": canvas.drawCentredString, "end": canvas.drawRightString}
            for x, y, text, font, size, anchor, colour in self.strings:
                canvas.setFillColorRGB(*colour)
                canvas.setFont(font, size)
                anchored[anchor](x, y, text)

    class Later(Flowable):
        """Stands in the story for flowables made only when the layout reaches it (``make()``)."""

        def __init__(self, make: Callable[[], list]) -> None:
            super().__init__()
            self.make = make

    class DocTemplate(BaseDocTemplate):
        def filterFlowables(self, flowables: list) -> None:  # noqa: N802 - platypus' hook, run on the next flowable
            while flowables and isinstance(flowables[0], Later):
                # None, which platypus skips, when there is nothing to set: the list must not run empty here.
                flowables[0:1] = flowables[0].make() or [None]

    return types.SimpleNamespace(Text=Text, Cover=Cover, ContentsEntry=ContentsEntry, Sketch=Sketch,
                                 Grid=Grid, Later=Later, DocTemplate=DocTemplate)


_BEFORE_LINE_BREAK = re.compile(r"[^\S\n]*\n")  # a line the author ended: not justified


def _segments(bolds: list[bool], looks: list | None, start: int, end: int):  # noqa: ANN202
    """(start, end) of the stretches of one line set in one font, at one height, in one colour."""
    piece_start = start
    for index in range(start + 1, end + 1):
        if index == end or bolds[index] != bolds[piece_start] or (
                looks is not None and looks[index] != looks[piece_start]):
            yield piece_start, index
            piece_start = index


@dataclass(frozen=True)
class _Look:
    """How a character is drawn beyond its font: raised or lowered, lined, linked."""

    vertical: str = ""
    underline: bool = False
    strike: bool = False
    link: tuple[str, str] | None = None  # ("url", address) or ("dest", destination key)
    drawn: str = ""  # a symbol the font lacks, drawn as a shape (``_SYMBOL_SHAPES``)


_PLAIN = _Look()

# Check boxes and ticks (w:sym in forms) that Noto Sans SC lacks, as a box, a tick and a cross.
_SYMBOL_SHAPES = {"☐": (True, False, False), "☑": (True, True, False), "☒": (True, False, True),
                  "✓": (False, True, False), "✔": (False, True, False), "✗": (False, False, True),
                  "✘": (False, False, True)}


def _draw_symbol(canvas, symbol: str, x: float, baseline: float, advance: float, size: float) -> None:  # noqa: ANN001
    box, tick, cross = _SYMBOL_SHAPES[symbol]
    side = size * 0.72
    left, bottom = x + (advance - side) / 2, baseline - size * 0.06
    canvas.saveState()
    canvas.setLineWidth(size * 0.06)
    if box:
        canvas.rect(left, bottom, side, side, stroke=1, fill=0)
    if tick:
        path = canvas.beginPath()
        path.moveTo(left + side * 0.18, bottom + side * 0.5)
        path.lineTo(left + side * 0.42, bottom + side * 0.2)
        path.lineTo(left + side * 0.85, bottom + side * 0.85)
        canvas.drawPath(path, stroke=1, fill=0)
    if cross:
        inset = side * 0.2
        canvas.line(left + inset, bottom + inset, left + side - inset, bottom + side - inset)
        canvas.line(left + inset, bottom + side - inset, left + side - inset, bottom + inset)
    canvas.restoreState()
_RAISED = _Look(vertical="superscript")
RAISED_SCALE = 0.62  # superscripts and subscripts at about 3/5 of the text size
RISE = {"superscript": 0.33, "subscript": -0.12}  # baseline shift, in text sizes
LINK_BLUE = (0.0, 0.2, 0.6)


@dataclass(frozen=True)
class _Span:
    """A stretch of a paragraph as the PDF sets it; ``note`` when it is a note's reference mark."""

    text: str
    bold: bool = False
    look: _Look = _PLAIN
    note: Note | None = None


def _make_text(text: str | Sequence[_Span], style: Style, state: _State, *,
               mark: tuple[str, str, int] | None = None, label: str = "", label_x: float = 0.0,
               destination: str | None = None):  # noqa: ANN202
    spans = [_Span(text)] if isinstance(text, str) else list(text)
    return _flowables().Text(spans, style, state, mark=mark, label=label, label_x=label_x, destination=destination)


def _masthead_block(masthead: Masthead, state: _State):  # noqa: ANN202
    return _flowables().Cover(masthead, state)


def _contents_entry(title: str, key: str, level: int, state: _State):  # noqa: ANN202
    return _flowables().ContentsEntry(title, key, level, state)


# -- the story --------------------------------------------------------------------------------------


def _story(document: Document, figures: Sequence[Figure], masthead: Masthead, state: _State,
           full: bool) -> list:
    from reportlab.platypus import CondPageBreak, PageBreak

    keys = {id(section): f"section{index}" for index, section in enumerate(document.walk(), start=1)}
    state.anchors = {name: keys[id(section)] for section in document.walk() for name in section.bookmarks}
    state.lists = {definition.key: definition for definition in document.lists}
    story: list = [_masthead_block(masthead, state), _make_text("目　录", CONTENTS_HEAD, state)]
    for section in document.walk():
        if section.level <= 2:
            story.append(_contents_entry(_title(section), keys[id(section)], min(section.level, 2), state))
    if not document.sections:
        story.append(_make_text("（本期没有文章）", SOURCE, state))
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
        return _figures_by_article(document, figures() if callable(figures) else figures)

    for article in document.sections:
        story.append(CondPageBreak(TITLE.leading * 2 + SOURCE.leading + BODY.leading * 3 + TITLE.space_before))
        story.extend(_article(article, lambda article=article: by_article().get(id(article), []), keys, state,
                              full))
    return story


def _article(article: Section, figures: Callable[[], list[Figure]], keys: dict[int, str], state: _State,
             full: bool) -> list:
    """The article's flowables; its figures (``figures()``) are set only when the layout reaches them."""
    from reportlab.platypus import CondPageBreak

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
            flowables.append(_make_text(_title(section), TITLE, state, mark=mark))
            if section.source:
                flowables.append(_make_text(_source_line(section), SOURCE, state))
        else:
            style = SUBHEAD if depth == 1 else MINOR_HEAD
            flowables.append(CondPageBreak(style.leading + style.space_before + BODY.leading * 2))
            flowables.append(_make_text(_title(section), style, state, mark=mark))
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
    flowables.append(_flowables().Later(functools.partial(_article_end, figures, shortened, state)))
    return flowables


def _article_end(figures: Callable[[], list[Figure]], shortened: bool, state: _State) -> list:
    """The article's figures (a table and chart, or its key figures) and the note that it is shortened."""
    flowables: list = []
    article_figures = figures()
    subsection_figures = [f for f in article_figures if f.subsection]
    if subsection_figures:
        flowables.extend(_figures_table(subsection_figures, state))
        currency, money = money_figures(subsection_figures)
        if len(money) >= 2:
            flowables.append(_money_chart(money, currency, state))
    elif article_figures:
        flowables.extend(_key_figures(article_figures, state))
    if shortened:
        flowables.append(_make_text("（摘编，有删节）", NOTE, state))
    return flowables


def first_sentence(text: str) -> str:
    """The text up to its first full stop (with closing quotes), or all of it when it has none."""
    match = re.match(r"[^。！？!?]*[。！？!?]+[”’」』）)]*", text)
    return match.group(0) if match else text


def _spans(paragraph: Paragraph, state: _State, length: int | None = None) -> list[_Span]:
    """The paragraph as spans: note marks raised, links resolved to URLs or headings' destinations.

    ``length``: only the first that many characters of its stripped text (the digest's first sentence),
    with the note marks among them or right after them.
    """
    spans: list[_Span] = []
    for run in paragraph.runs:
        if not run.text:
            continue
        if run.note is not None:
            spans.append(_Span(run.text, look=_RAISED, note=run.note))
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
        look = _Look(run.vertical, run.underline, run.strike, link)
        spans.extend(_scripts_drawn_raised(_Span(run.text, run.bold, _PLAIN if look == _PLAIN else look), state))
    # strip the paragraph's outer whitespace without losing run boundaries
    while spans and not spans[0].text.strip():
        spans.pop(0)
    while spans and not spans[-1].text.strip():
        spans.pop()
    if spans:
        spans[0] = dataclasses.replace(spans[0], text=spans[0].text.lstrip())
        spans[-1] = dataclasses.replace(spans[-1], text=spans[-1].text.rstrip())
    return spans if length is None else _first(spans, length)


FOLLOWED_SCHEMES = ("http", "https", "mailto", "ftp", "tel")  # not javascript:, file: and the like


def _pdf_uri(url: str) -> str | None:
    """``url`` as a PDF URI action holds it (7-bit ASCII: IDNA host, %-escaped rest), or None when its scheme is
    not one a reader should be sent to from a bulletin."""
    from urllib.parse import quote, urlsplit, urlunsplit

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


def _first(spans: list[_Span], length: int) -> list[_Span]:
    """The spans of the first ``length`` characters of text, and the note marks among or right after them."""
    kept: list[_Span] = []
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


def _scripts_drawn_raised(span: _Span, state: _State) -> list[_Span]:
    """``span`` with the characters of ``_SCRIPT_CHARACTERS`` that the font lacks replaced."""
    if _SCRIPT_CHARACTERS.keys().isdisjoint(span.text):
        return [span]
    pieces: list[_Span] = []
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
            pieces.append(_Span(plain, span.bold, _PLAIN if look == _PLAIN else look))
    return pieces


LABEL_GAP = 0.5  # at least this many text sizes between a list label and its text


def _paragraph(paragraph: Paragraph, style: Style, state: _State, notes: list[Note] | None, *,
               length: int | None = None, lead: Sequence[_Span] = (), destination: str | None = None):  # noqa: ANN202
    """A paragraph in ``style``, aligned as the author aligned it, a list item's label hanging before it.

    The notes it cites are added to ``notes``; ``length`` sets only the start of it (see ``_spans``);
    ``lead`` goes before its text (a note's mark).
    """
    spans = [*lead, *_spans(paragraph, state, length)]
    if notes is not None:  # the notes will be printed: each mark jumps to its note
        notes.extend(span.note for span in spans if span.note is not None and span.note not in notes)
        spans = [span if span.note is None else
                 dataclasses.replace(span, look=dataclasses.replace(span.look, link=("dest", state.note_key(span.note))))
                 for span in spans]
    runs = paragraph.runs
    align = paragraph.align
    if len(runs) == 1 and runs[0].equation is not None and runs[0].equation.display:
        align = "center"
    label, label_x = "", 0.0
    if align in ("center", "right"):
        style = dataclasses.replace(style, align=align, indent=0.0)
        if paragraph.list_item is not None and paragraph.list_item.label:  # nothing to hang from: label in line
            spans.insert(0, _Span(paragraph.list_item.label + " "))
    elif paragraph.list_item is not None and paragraph.list_item.label:
        label = paragraph.list_item.label
        left, hang = _list_indents(paragraph.list_item, style, state)
        width = state.fonts.text_width(label, style.bold, style.size)
        style = dataclasses.replace(style, left=left, indent=max(0.0, width + LABEL_GAP * style.size - hang),
                                    align=align if align in ("left", "justify") else "left")
        label_x = left - hang
    elif align in ("left", "justify"):
        style = dataclasses.replace(style, align=align)
    return _make_text(spans, style, state, label=label, label_x=label_x, destination=destination)


def _list_indents(item: ListItem, style: Style, state: _State) -> tuple[float, float]:
    """A list item's left indent and how far its label hangs before it, in points: the author's, else two
    characters per level."""
    definition = state.lists.get(item.list)
    level = definition.levels[item.level] if definition and 0 <= item.level < len(definition.levels) else None
    if level is not None and level.indent is not None:
        hang = (level.hanging or 0) / 20
        return min(max(level.indent / 20, hang), style.size * 12), hang  # twentieths of a point
    return style.size * 2 * (item.level + 1), style.size * 2


NOTE_HEAD = Style(NOTE.size, NOTE.leading, bold=True, color=GREY, align="left", space_before=6)
NOTE_TEXT = Style(NOTE.size, NOTE.leading, color=GREY, align="left")


def _notes(notes: list[Note], state: _State) -> list:
    """The notes cited in what an article shows, at its end, each after its raised mark: footnotes, then
    endnotes (their marks are numbered apart: 1, 2 … and i, ii …)."""
    if not notes:
        return []
    flowables = [_make_text("注释", NOTE_HEAD, state)]
    for note in sorted(notes, key=lambda n: n.kind != "footnote"):
        paragraphs = [p for p in iter_paragraphs(note.blocks) if p.text.strip()] or [Paragraph(())]
        mark = (_Span(note.mark, look=_RAISED), _Span(" "))
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
    if fonts.text_width(text, bold, CELL.size) <= width - 2 * CELL_PADDING and "\n" not in text:
        fonts.note_missing(text, state.missing)
        return text
    return _make_text(text, Style(CELL.size, CELL.leading, bold=bold, align=align), state)


def _table(rows: list[list], widths: list[float], state: _State, *, header: bool = True,
           aligns: Sequence[str] = (), group_starts: Sequence[int] = ()):  # noqa: ANN202
    """A digest table (figures, key figures): red rules above and below, a grey inner grid, the header
    row shaded, bold and centred and repeated on each page; ``group_starts`` rows get a darker rule above."""
    return _flowables().Grid(rows, widths, state, header=header, aligns=tuple(aligns),
                             group_starts=frozenset(group_starts))


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
    table = _table(rows, widths, state, aligns=aligns, group_starts=group_starts)
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

    Lines, bars and strings drawn straight onto the page (``Sketch``): reportlab's chart widgets, and
    even its shape renderer, cost several times as much, which counts when a long bulletin has many.
    """
    fonts = state.fonts
    width = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    labels = [_chart_label(f) for f in figures]
    values = [float(f.value) / 1e8 for f in figures if f.value is not None]
    label_size, bar_pitch, bar_height = 9.5, 24, 15
    label_room = min(0.45 * width, 8 + max(fonts.text_width(label, False, label_size) for label in labels))
    plot_left, plot_width = label_room, width - label_room - 50
    plot_bottom, plot_height = 20, bar_pitch * len(figures)
    height = plot_bottom + plot_height + 30
    step = _nice_step(max(values))
    top_value = max(step, -(-max(values) // step) * step)
    scale = plot_width / top_value
    grey, rule = (0.55, 0.55, 0.55), (0.88, 0.88, 0.88)
    lines: list[tuple] = []  # (x1, y1, x2, y2, colour, thickness)
    bars: list[tuple] = []  # (x, y, width, height, colour)
    strings: list[tuple] = [(width / 2, height - 14, f"文中的金额（亿{currency}）", fonts.bold, 11, "middle", BLACK)]
    tick = 0.0
    while tick <= top_value + 1e-9:
        x = plot_left + tick * scale
        lines.append((x, plot_bottom, x, plot_bottom + plot_height, rule, 0.5))
        strings.append((x, plot_bottom - 11, _chart_number(tick), fonts.regular, 8.5, "middle", grey))
        tick += step
    lines.append((plot_left, plot_bottom, plot_left + plot_width, plot_bottom, grey, 0.7))
    lines.append((plot_left, plot_bottom, plot_left, plot_bottom + plot_height, grey, 0.7))
    for index, (label, value) in enumerate(zip(labels, values)):
        middle = plot_bottom + plot_height - bar_pitch * (index + 0.5)
        bars.append((plot_left, middle - bar_height / 2, value * scale, bar_height, RED))
        strings.append((plot_left - 6, middle - label_size * 0.36, label, fonts.regular, label_size, "end", BLACK))
        strings.append((plot_left + value * scale + 4, middle - 9 * 0.36, _chart_number(value), fonts.regular, 9,
                        "start", BLACK))
    for label in labels:
        fonts.note_missing(label, state.missing)
    return _flowables().Sketch(width, height, lines, bars, strings)


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


def _block(block: Table | Image | Paragraph, state: _State, notes: list[Note] | None = None,
           width: float | None = None, depth: int = 0, style: Style = CELL) -> list:
    """A table, picture or paragraph carried over in the full text (``width``: what a table cell leaves)."""
    width = width if width is not None else PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    if isinstance(block, Table):
        return _author_table(block, state, notes, width, depth)
    if isinstance(block, Image):
        return _image(block, state, width)
    if isinstance(block, Paragraph) and (block.text.strip() or block.list_item):
        return [_paragraph(block, style if depth else BODY, state, notes)]
    return []


MAX_TABLE_DEPTH = 4  # tables nested deeper are set as their text: reportlab's cells get too narrow


def _author_table(table: Table, state: _State, notes: list[Note] | None, width: float, depth: int) -> list:
    """The author's table: the same grid, merged cells spanning the same way, header rows repeated."""
    from reportlab.platypus import Table as GridTable
    from reportlab.platypus import TableStyle

    columns = table.columns
    if not columns or not table.rows:
        return []
    if depth >= MAX_TABLE_DEPTH:
        return [_make_text(cell.text, CELL, state) for row in table.rows for cell in row if cell.text.strip()]
    widths, padding = _column_widths(table.column_widths[:columns], columns, width)
    placed = [(row, column, cell) for row, column, cell in table.placed() if column < columns]
    header = _header_rows(table, placed)
    grid: list[list] = [["" for _ in range(columns)] for _ in table.rows]
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), state.fonts.regular), ("FONTSIZE", (0, 0), (-1, -1), CELL.size),
        ("LEADING", (0, 0), (-1, -1), CELL.leading), ("VALIGN", (0, 0), (-1, -1), "TOP"),  # Word's default
        ("GRID", (0, 0), (-1, -1), 0.5, (0.45, 0.45, 0.45)),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), padding), ("RIGHTPADDING", (0, 0), (-1, -1), padding),
    ]
    for row, column, cell in placed:
        span = min(cell.column_span, columns - column)
        last_row = min(len(table.rows), row + cell.row_span) - 1
        cell_width = sum(widths[column:column + span]) - 2 * padding
        style = CELL_HEAD if row < header else CELL
        content: list = []
        for block in cell.blocks:
            content.extend(_block(block, state, notes, cell_width, depth + 1, style))
        grid[row][column] = content if content else ""
        if span > 1 or last_row > row:
            commands.append(("SPAN", (column, row), (column + span - 1, last_row)))
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, header - 1), (0.95, 0.95, 0.95)))
        commands.append(("VALIGN", (0, 0), (-1, header - 1), "MIDDLE"))  # a merged header cell between its rows
    # splitInRow: a row taller than a page (a long answer in a form) goes on over the page break.
    flowable = GridTable(grid, colWidths=widths, repeatRows=header, hAlign="LEFT", splitInRow=1,
                         spaceBefore=0 if depth else 6, spaceAfter=0 if depth else 6)  # apart from its neighbours
    flowable.setStyle(TableStyle(commands))
    return [flowable]


def _column_widths(given: Sequence[float], columns: int, width: float) -> tuple[list[float], float]:
    """The author's column widths scaled to ``width`` (equal when unknown), none narrower than a character
    and its padding; and the padding, thinner when the columns are too many for the usual one."""
    if len(given) == columns and all(w > 0 for w in given):
        widths = [w * width / sum(given) for w in given]
    else:
        widths = [width / columns] * columns
    padding = CELL_PADDING if width / columns >= 2 * CELL_PADDING + CELL.size else 1.0
    narrowest = min(width / columns, 2 * padding + CELL.size)
    while any(w < narrowest - 1e-6 for w in widths):  # raise narrow columns, taking room from the others
        narrow = [w < narrowest - 1e-6 for w in widths]
        wide = sum(w for w, is_narrow in zip(widths, narrow) if not is_narrow)
        spare = width - narrowest * sum(narrow)
        widths = [narrowest if is_narrow else w * spare / wide for w, is_narrow in zip(widths, narrow)]
    return widths, padding


def _header_rows(table: Table, placed: list[tuple[int, int, Cell]]) -> int:
    """The rows to repeat on each page: the author's header rows, taking in the rows that a header cell
    spans down into; none when that would be the whole table."""
    header = table.header_rows
    for row, _column, cell in placed:
        if row < header:
            header = max(header, row + cell.row_span)
    return header if header < len(table.rows) else 0


DRAWABLE = ("image/png", "image/jpeg", "image/gif", "image/bmp", "image/tiff")  # what PIL decodes for reportlab


def _image(image: Image, state: _State, width: float | None = None) -> list:
    import io

    from PIL import Image as PILImage
    from reportlab.platypus import Image as ImageFlowable

    width = max(1.0, width if width is not None else PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
    kind = image.content_type.split("/")[-1].removeprefix("x-").split("+")[0].upper()
    if image.content_type not in DRAWABLE:
        state.placeholders[kind] += 1
        return [_placeholder(image, kind, state, width)]
    try:
        with PILImage.open(io.BytesIO(image.data)) as decoded:
            decoded.load()  # the whole picture now: reportlab would only find a damaged one while drawing
        flowable = ImageFlowable(io.BytesIO(image.data))
    except Exception:  # a damaged picture must not stop the digest
        state.placeholders["damaged " + kind] += 1
        return [_placeholder(image, kind, state, width, damaged=True)]
    if image.width_emu and image.height_emu:
        flowable.drawWidth, flowable.drawHeight = image.width_emu / 12700, image.height_emu / 12700
    scale = min(1.0, width / max(flowable.drawWidth, 1), 500 / max(flowable.drawHeight, 1))
    flowable.drawWidth *= scale
    flowable.drawHeight *= scale
    return [flowable]


def _picture_warnings(placeholders: Counter) -> list[str]:
    """One warning per kind of picture shown as a placeholder."""
    warnings = []
    for kind, count in sorted(placeholders.items()):
        if kind.startswith("damaged "):
            warnings.append(f"{count} {kind.removeprefix('damaged ')} picture(s) cannot be decoded and are shown "
                            "in the PDF as framed placeholders with their descriptions")
        elif count == 1:
            warnings.append(f"A {kind} picture is shown in the PDF as a framed placeholder (the PDF cannot draw it); "
                            "the .docx keeps the picture")
        else:
            warnings.append(f"{count} {kind} pictures are shown in the PDF as framed placeholders (the PDF cannot "
                            "draw them); the .docx keeps the pictures")
    return warnings


def _placeholder(image: Image, kind: str, state: _State, width: float, *, damaged: bool = False):  # noqa: ANN202
    """A framed box where a picture stands, carrying its description."""
    from reportlab.platypus import Table as GridTable
    from reportlab.platypus import TableStyle

    description = image.description.strip() or "无说明"
    why = "图片已损坏" if damaged else f"{kind} 格式，PDF 中无法显示，见 .docx"
    text = _make_text(f"［图片：{description}（{why}）］", Style(CELL.size, CELL.leading, color=GREY, align="center"),
                      state)
    box_width = min(width, max(120.0, (image.width_emu or 0) / 12700))
    box = GridTable([[text]], colWidths=[box_width], rowHeights=[max(40.0, min(300.0, (image.height_emu or 0) / 12700))],
                    hAlign="CENTER")
    # FONTNAME although the cell holds a flowable: reportlab sets the cell's font anyway, Helvetica by default.
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, GREY), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                             ("FONTNAME", (0, 0), (-1, -1), state.fonts.regular)]))
    return box
