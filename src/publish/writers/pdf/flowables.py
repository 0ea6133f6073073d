"""The flowables that set text: ``Text`` (a paragraph) with its spans and their looks, the masthead
(``Cover``), a contents line (``ContentsEntry``) and ``Later``, which stands for flowables made late.

``Text`` is a flowable of our own rather than platypus' Paragraph: it breaks lines by the Chinese rules
in ``linebreak`` (Paragraph's CJK mode breaks anywhere), justifies with character spacing, mixes the
regular and bold instances per run, and never parses the input as markup.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from reportlab.platypus import flowables as platypus
from reportlab.platypus.flowables import Flowable

from ...layout.linebreak import break_lines
from ...model import Masthead, Note
from .state import State
from .styles import BLACK, BODY, GREY, LINK_BLUE, RED, Style


@dataclass(frozen=True)
class Look:
    """How a character is drawn beyond its font: raised or lowered, lined, linked."""

    vertical: str = ""
    underline: bool = False
    strike: bool = False
    link: tuple[str, str] | None = None  # ("url", address) or ("dest", destination key)
    drawn: str = ""  # a symbol the font lacks, drawn as a shape (``_SYMBOL_SHAPES``)


PLAIN = Look()
RAISED = Look(vertical="superscript")
RAISED_SCALE = 0.62  # superscripts and subscripts at about 3/5 of the text size
RISE = {"superscript": 0.33, "subscript": -0.12}  # baseline shift, in text sizes


@dataclass(frozen=True)
class Span:
    """A stretch of a paragraph as the PDF sets it; ``note`` when it is a note's reference mark."""

    text: str
    bold: bool = False
    look: Look = PLAIN
    note: Note | None = None


def make_text(text: str | Sequence[Span], style: Style, state: State, *,
              mark: tuple[str, str, int] | None = None, label: str = "", label_x: float = 0.0,
              destination: str | None = None) -> Text:
    """A ``Text`` of a plain string or of spans."""
    spans = [Span(text)] if isinstance(text, str) else list(text)
    return Text(spans, style, state, mark=mark, label=label, label_x=label_x, destination=destination)


TAB_SHOWN = "\u3000"  # a tab is set as a wide space: the fonts have no glyph for it


class Text(Flowable):
    """A paragraph set by the Chinese line-breaking rules; splits across pages by whole lines.

    ``label`` (a list item's 一、 or •) is drawn ``label_x`` from the frame's left on the first line,
    outside the text, so that the lines after the first hang under the text, not under the label.
    """

    def __init__(self, spans: Sequence[Span], style: Style, state: State, *,
                 mark: tuple[str, str, int] | None = None, label: str = "", label_x: float = 0.0,
                 destination: str | None = None) -> None:
        super().__init__()
        # A tab as a wide space (the font has no glyph for it); a line break (\n) is never drawn.
        self.text = "".join(span.text for span in spans).replace("\t", TAB_SHOWN)
        # Per character: bold or not, the look, the advance. Built a span at a time with C-level list
        # operations: a Python step per character was a tenth of a big digest's time.
        fonts = state.fonts
        size = style.size
        self.bolds: list[bool] = []
        self.advances: list[float] = []
        for span in spans:
            bold = span.bold or style.bold
            self.bolds += [bold] * len(span.text)
            shown = span.text.replace("\t", TAB_SHOWN)
            self.advances += map(fonts.advances(bold, size).__getitem__, shown)
        # Raised text, underline, strike-through and links, per character; None when the paragraph has none.
        self.looks = None
        if any(span.look is not PLAIN for span in spans):
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
                looks = self.looks or [PLAIN] * len(self.text)
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
            page = self.state.pages[key] = canvas.getPageNumber()
            for name in self.state.names.get(key, ()):  # bulletin.pdf#_Toc5078 opens at the heading
                canvas.bookmarkHorizontal(name, 0, self.height)
                if self.state.on_heading is not None:
                    self.state.on_heading(name, page)
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
                look = self.looks[piece_start] if self.looks else PLAIN
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


_BEFORE_LINE_BREAK = re.compile(r"[^\S\n]*\n")  # a line the author ended: not justified


def _segments(bolds: list[bool], looks: list | None, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of the stretches of one line set in one font, at one height, in one colour."""
    piece_start = start
    for index in range(start + 1, end + 1):
        if index == end or bolds[index] != bolds[piece_start] or (
                looks is not None and looks[index] != looks[piece_start]):
            yield piece_start, index
            piece_start = index


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


class Cover(Flowable):
    """The 简报 head: name large and red, the issue, unit left and date right, a red rule."""

    def __init__(self, masthead: Masthead, state: State) -> None:
        super().__init__()
        self.masthead, self.state = masthead, state
        state.fonts.note_missing(masthead.name + masthead.issue + masthead.unit + masthead.date, state.missing)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, 150
        return self.width, self.height

    def draw(self) -> None:
        canvas, fonts, masthead = self.canv, self.state.fonts, self.masthead
        name_size = 40.0
        natural = fonts.text_width(masthead.name, True, 1.0)  # at 1 pt, scaled to fit below
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

    def __init__(self, title: str, key: str, level: int, state: State) -> None:
        super().__init__()
        self.key, self.level = key, level
        self.style = Style(BODY.size if level == 1 else 11, 22 if level == 1 else 19, bold=level == 1,
                           align="left")
        self.indent = 0.0 if level == 1 else 2 * BODY.size
        self.state = state
        self.text = Text([Span(title)], self.style, state)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.text.wrap(available_width - self.indent - self.number_room, available_height)
        self.height = self.text.height
        return self.width, self.height

    def draw(self) -> None:
        # All in the one graphics state platypus saves and restores around this flowable (not one more each
        # for the title and the leader): the leader's stroke and dash do not touch the title, drawn last.
        canvas, style = self.canv, self.style
        last_start, last_end = self.text.lines[-1]
        prefix = self.text._prefix()
        leader_from = self.indent + prefix[last_end] - prefix[last_start] + 6
        leader_to = self.width - self.number_room + 6
        baseline = style.leading / 2 - style.size * 0.36
        canvas.setStrokeColorRGB(*GREY)
        canvas.setLineWidth(0.7)
        canvas.setDash(0.7, 2.8)
        if leader_to > leader_from:
            canvas.line(leader_from, baseline + 1, leader_to, baseline + 1)
        # The number is drawn on this page by ``document._finish_pages``, once every page is known.
        x, y = canvas.absolutePosition(self.width, baseline)
        self.state.contents_numbers.setdefault(canvas.getPageNumber(), []).append((x, y, self.key))
        canvas.linkRect("", self.key, (self.indent, 0, self.width, self.height), relative=1, thickness=0)
        if self.indent:
            canvas.translate(self.indent, 0)
        self.text.canv = canvas
        self.text.draw()
        del self.text.canv


class CondPageBreak(platypus.CondPageBreak):
    """platypus' CondPageBreak (a new page unless ``height`` is left on this one), which draws nothing: placed
    without the graphics state that ``Flowable.drawOn`` saves, moves and restores around every flowable."""

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: ANN001, N803 - platypus' own
        pass


class Later(Flowable):
    """Stands in the story for flowables made only when the layout reaches it (``make()``)."""

    def __init__(self, make: Callable[[], list]) -> None:
        super().__init__()
        self.make = make
