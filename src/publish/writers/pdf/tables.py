"""Tables: ``Grid``, our fast table of the digest's figure tables and key-figure boxes, those tables
themselves, and the author's tables (set with platypus' Table) with their column widths."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from reportlab.platypus import TableStyle
from reportlab.platypus import Table as PlatypusTable
from reportlab.platypus.flowables import Flowable

from ...figures import key_figures as choose_key_figures
from ...figures import stated
from ...model import Cell, Figure, Table
from .flowables import TAB_SHOWN, CondPageBreak, Text, make_text
from .state import State
from .styles import BLACK, CELL, CELL_HEAD, GREY, RED, TEXT_WIDTH, Style


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

    def __init__(self, rows: list[list], widths: list[float], state: State, *, header: bool,
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
        # Colours and rules set here stay in the graphics state platypus saves and restores around the table.
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


def _figure_value(figure: Figure) -> str:
    """The figure as the text states it, in its magnitude and unit, with its qualifier: 759亿元, 超过2.7亿, 4000多名
    (75,900,000,000 元 is not what an editor writes, and 270,000,000 for 超过2.7亿 would be a misquote)."""
    return stated(figure).display


CELL_PADDING = 5


def _cell(text: str, width: float, state: State, *, bold: bool = False, align: str = "left") -> str | Text:
    """A table cell: a plain string when it fits on one line (cheap to draw), else a wrapped paragraph."""
    fonts = state.fonts
    text = text.replace("\t", TAB_SHOWN)  # 1.2.5\tTables, a sub-heading's title: a box where drawn as it is
    if fonts.text_width(text, bold, CELL.size) <= width - 2 * CELL_PADDING and "\n" not in text:
        fonts.note_missing(text, state.missing)
        return text
    return make_text(text, Style(CELL.size, CELL.leading, bold=bold, align=align), state)


def _table(rows: list[list], widths: list[float], state: State, *, header: bool = True,
           aligns: Sequence[str] = (), group_starts: Sequence[int] = ()) -> Grid:
    """A digest table (figures, key figures): red rules above and below, a grey inner grid, the header
    row shaded, bold and centred and repeated on each page; ``group_starts`` rows get a darker rule above."""
    return Grid(rows, widths, state, header=header, aligns=tuple(aligns), group_starts=frozenset(group_starts))


def figures_table(figures: list[Figure], state: State) -> list:
    """Every figure of the article's sub-sections, one row each, the sub-section named once per group."""
    width = TEXT_WIDTH
    widths = [0.22 * width, 0.5 * width, 0.28 * width]
    aligns = ("left", "left", "right")
    rows = [[_cell(head, w, state, bold=True, align="center") for head, w in zip(("子项", "指标", "数值"), widths)]]
    group_starts = []
    previous = None
    for figure in figures:
        first_of_group = figure.subsection != previous
        if first_of_group and previous is not None:
            group_starts.append(len(rows))
        previous = figure.subsection
        texts = ((figure.subsection or "") if first_of_group else "", figure.label or "—", _figure_value(figure))
        rows.append([_cell(text, w, state, align=a) for text, w, a in zip(texts, widths, aligns)])
    caption = make_text("专项成就数据", Style(12, 20, bold=True, align="center", space_before=10, space_after=4),
                        state)
    table = _table(rows, widths, state, aligns=aligns, group_starts=group_starts)
    return [CondPageBreak(caption.style.leading + caption.style.space_before + 5 * 20), caption, table]


def key_figures(figures: list[Figure], state: State) -> list:
    """The article's key figures, heaviest first (figures.key_weight says why each kind ranks where it does)."""
    chosen = choose_key_figures(figures)
    if not chosen:
        return []
    width = TEXT_WIDTH
    widths = [0.7 * width, 0.3 * width]
    rows = [[_cell(figure.label or "—", widths[0], state), _cell(_figure_value(figure), widths[1], state)]
            for figure in chosen]
    caption = make_text("关键数字", Style(10.5, 18, bold=True, color=RED, align="left", space_before=6), state)
    return [CondPageBreak(caption.style.leading + 20 * min(len(rows), 3)), caption,
            _table(rows, widths, state, header=False)]


MAX_TABLE_DEPTH = 4  # tables nested deeper are set as their text: reportlab's cells get too narrow


def author_table(table: Table, state: State, width: float, depth: int, cell_blocks: Callable[..., list]) -> list:
    """The author's table: the same grid, merged cells spanning the same way, header rows repeated.

    ``cell_blocks(block, width=, depth=, style=)`` sets what a cell holds (paragraphs, pictures, nested tables).
    """
    columns = table.columns
    if not columns or not table.rows:
        return []
    if depth >= MAX_TABLE_DEPTH:
        return [make_text(cell.text, CELL, state) for row in table.rows for cell in row if cell.text.strip()]
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
            content.extend(cell_blocks(block, width=cell_width, depth=depth + 1, style=style))
        grid[row][column] = content if content else ""
        if span > 1 or last_row > row:
            commands.append(("SPAN", (column, row), (column + span - 1, last_row)))
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, header - 1), (0.95, 0.95, 0.95)))
        commands.append(("VALIGN", (0, 0), (-1, header - 1), "MIDDLE"))  # a merged header cell between its rows
    # splitInRow: a row taller than a page (a long answer in a form) goes on over the page break.
    flowable = PlatypusTable(grid, colWidths=widths, repeatRows=header, hAlign="LEFT", splitInRow=1,
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
