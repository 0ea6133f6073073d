"""The Excel annex, written by openpyxl in write-only mode: the figures as sortable numeric data, the sections,
and a chart of one kind of amount.

Sheets: 数据 (one row per figure, an Excel table: the figure as the text states it, 759 | 亿元, and in the base
unit, 75,900,000,000 | 元, for sums; its page in the PDF; each row linked to its own heading), 文章 (one row per
section, an article counting its sub-headings' paragraphs and figures too), 图表 (the amounts of one kind and a bar
chart, the same bars as the PDF's) when there are three or more. Text from the document is data: strings are
always written as strings (never formulas), with characters XML cannot hold dropped.

Speed: openpyxl's ordinary worksheet keeps a Cell object per cell and a style object per styled cell. Here the
rows stream out (``Workbook(write_only=True)``), the styles are named styles made once, and each column reuses
one ``WriteOnlyCell`` per style for every row, so a cell costs its value and openpyxl's writing of it.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.packaging.relationship import Relationship
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.xml.constants import REL_NS
from openpyxl.xml.functions import Element, SubElement
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from ..figures import chart_amounts, json_value, stated
from ..model import Document, Figure, Section, heading_anchors, iter_paragraphs
from ..safexml import NOT_XML_CHARS
from ..version import __version__

FIGURES_SHEET, SECTIONS_SHEET, CHART_SHEET = "数据", "文章", "图表"
FIGURE_HEADERS = ("文章", "小标题", "指标", "数值", "单位", "约数", "基本单位数值", "基本单位", "原文", "页码",
                  "所在句子")
SECTION_HEADERS = ("标题", "级别", "书签", "来源", "日期", "段落数", "数据条数", "页码")
# Widths in Excel character units; a Chinese character takes about two.
FIGURE_WIDTH_LIMITS = (34, 14, 24, 10, 8, 7, 18, 8, 14, 6, 70)
SECTION_WIDTH_LIMITS = (48, 6, 22, 22, 12, 8, 10, 6)
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0##"
DATE_FORMAT = "yyyy-mm-dd"
AMOUNT_FORMAT = "#,##0.##"
MAX_CELL_CHARS = 32_767  # Excel's limit per cell
_FORMULA_START = ("=", "+", "-", "@")
_LINK_COLOUR = "000563C1"
# Characters a link target may not hold as they are (RFC 3986, and what Excel and LibreOffice cut a link at):
# percent-encoded; other characters, Chinese included, stay as they are, as Excel shows and follows them.
_UNSAFE_IN_LINK = {ord(c): quote(c) for c in ' "%<>[\\]^`{|}?'} | {c: f"%{c:02X}" for c in range(0x20)} \
    | {0x7F: "%7F"}

Pages = Mapping[str, int]  # bookmark name → its heading's page in the PDF


def write_xlsx(document: Document, figures: Sequence[Figure], path: Path, *, link_name: str,
               pages: Pages | Callable[[], Pages] | None = None) -> tuple[str, ...]:
    """Write the annex to ``path``; rows link to their headings in ``link_name`` (bulletin.pdf#_Toc5078).

    ``pages``: each heading's page in the PDF for the 页码 columns, or a function giving them, called once
    everything else of the annex is made (the PDF may still be being written); None: no PDF, no pages.
    """
    cleaner = _Cleaner()
    workbook = Workbook(write_only=True)
    styles = _Styles(workbook)
    rows = _figure_rows(figures, cleaner)
    figures_sheet = _sheet(workbook, FIGURES_SHEET)
    sections_sheet = _sheet(workbook, SECTIONS_SHEET)
    kind, currency, bars = chart_amounts(figures)
    if bars:
        _chart_sheet(_sheet(workbook, CHART_SHEET), kind, currency, bars, cleaner, styles)
    found = (pages() if callable(pages) else pages) or {}
    anchors = _anchors(document)
    # the figures first: their rows follow the PDF's layout as it places the headings they link to
    _figures_sheet(figures_sheet, figures, rows, link_name, found, anchors, styles)
    _sections_sheet(sections_sheet, document, figures, link_name, found, anchors, cleaner, styles)
    _properties(workbook, document, link_name, cleaner)
    workbook.save(path)
    return tuple(cleaner.warnings())


class _AnnexWriter(WorksheetWriter):
    """openpyxl's sheet writer, its links written from the sheet's (cell, target) pairs: one relationship
    per target (the rows of one heading share it), no Hyperlink object per row. openpyxl makes a Hyperlink
    object, a Relationship and a serialised element per linked cell: a quarter of the annex's time."""

    def write_hyperlinks(self) -> None:
        links = self.ws.links
        if not links:
            return
        ids: dict[str, str] = {}
        element = Element("hyperlinks")
        for reference, target in links:
            rid = ids.get(target)
            if rid is None:
                relationship = Relationship(type="hyperlink", TargetMode="External", Target=target)
                self._rels.append(relationship)
                rid = ids[target] = relationship.id
            SubElement(element, "hyperlink", {"ref": reference, f"{{{REL_NS}}}id": rid})
        self.xf.send(element)


class _AnnexSheet(WriteOnlyWorksheet):
    """openpyxl's write-only sheet, taking its rows as this module makes them: plain values (numbers, text
    that cannot be a formula) and ready cells; ``link(column, target)`` links a cell of the next row.
    openpyxl's own ``_values_to_row`` tries each value as a plain one first and takes a cell only from the
    ValueError that raises, which formats the cell's repr: a fifth of the sheet's time here."""

    def __init__(self, parent: Workbook, title: str) -> None:
        super().__init__(parent, title)
        self.links: list[tuple[str, str]] = []  # (cell, target)
        self.rows = 0  # rows appended

    def _get_writer(self) -> None:
        if self._writer is None:
            self._writer = _AnnexWriter(self)
            self._writer.write_top()

    def append(self, row) -> None:  # noqa: ANN001
        super().append(row)
        self.rows += 1

    def link(self, column: str, target: str) -> None:
        """Link the cell of ``column`` in the row appended next to ``target``."""
        self.links.append((f"{column}{self.rows + 1}", target))

    def _values_to_row(self, values, row_idx):  # noqa: ANN001, ANN202 - openpyxl's signature
        plain = WriteOnlyCell(self)
        for column, value in enumerate(values, 1):
            if value is None:
                continue
            kind = value.__class__
            if kind is Cell:  # WriteOnlyCell makes a Cell
                cell = value
            else:
                cell = plain
                if kind in _TYPES:  # text is cleaned already (_Cleaner), and never starts with = here (_Row)
                    cell._value, cell.data_type = value, _TYPES[kind]
                else:
                    cell.value = value
            cell.column, cell.row = column, row_idx
            yield cell


_TYPES = {str: "s", int: "n", float: "n"}  # the cell types of plain values, set without openpyxl's checks


def _sheet(workbook: Workbook, title: str) -> _AnnexSheet:
    """A new last sheet (Workbook.create_sheet, which makes openpyxl's own class)."""
    sheet = _AnnexSheet(parent=workbook, title=title)
    workbook._sheets.append(sheet)
    return sheet


class _Cleaner:
    """Makes document text safe for a cell and remembers what it had to change."""

    def __init__(self) -> None:
        self.dropped = 0
        self.truncated = 0

    def text(self, value: str | None) -> str | None:
        if not value:
            return value
        cleaned, count = NOT_XML_CHARS.subn("", value)
        self.dropped += count
        if len(cleaned) > MAX_CELL_CHARS:
            cleaned = cleaned[:MAX_CELL_CHARS]
            self.truncated += 1
        return cleaned

    def warnings(self) -> list[str]:
        notes = []
        if self.dropped:
            notes.append(f"Excel annex: dropped {self.dropped} control character(s) that a workbook cannot hold")
        if self.truncated:
            notes.append(f"Excel annex: cut {self.truncated} cell(s) to Excel's {MAX_CELL_CHARS} characters")
        return notes


class _Styles:
    """The annex's named styles, each made once; ``cell(sheet, name)`` is a cell of that style to fill and reuse.

    The workbook's default cell format (the one a cell without a style uses) is top-aligned, so that the
    plain cells of a row stand at the top beside a wrapped sentence: most cells then need no style at all,
    and go through openpyxl's quickest path (a plain value, written by one reused cell).
    """

    def __init__(self, workbook: Workbook) -> None:
        from openpyxl.styles.cell_style import StyleArray
        from openpyxl.utils.indexed_list import IndexedList

        top = Alignment(vertical="top")
        default = StyleArray()
        default.alignmentId = workbook._alignments.add(top)
        workbook._cell_styles = IndexedList([default])  # cellXfs[0], what an unstyled cell shows as
        link = Font(color=_LINK_COLOUR, underline="single")
        made = [
            NamedStyle("换行", alignment=Alignment(vertical="top", wrap_text=True)),
            NamedStyle("链接", font=link, alignment=top),
            NamedStyle("整数", number_format=INTEGER_FORMAT, alignment=top),
            NamedStyle("小数", number_format=DECIMAL_FORMAT, alignment=top),
            NamedStyle("日期", number_format=DATE_FORMAT, alignment=top),
            NamedStyle("金额", number_format=AMOUNT_FORMAT, alignment=top),
            NamedStyle("文本", alignment=top),
            *(NamedStyle(f"标题{level}", font=link, alignment=Alignment(vertical="top", indent=level - 1))
              for level in range(1, 10)),
        ]
        for style in made:
            workbook.add_named_style(style)

    @staticmethod
    def cell(sheet, name: str | None, quoted: bool = False) -> WriteOnlyCell:  # noqa: ANN001
        cell = WriteOnlyCell(sheet)
        cell.style = name or "文本"
        if quoted:  # text that starts like a formula stays text when someone edits the cell in Excel
            cell.quotePrefix = True
        return cell


class _Row:
    """The cells of one sheet's rows. A plain value goes to openpyxl as it is; a styled cell is one reused
    WriteOnlyCell per (column, style): each row is written before the next is filled, so one cell object
    carries each row's value in turn and its style is looked up once."""

    def __init__(self, sheet, styles: _Styles) -> None:  # noqa: ANN001
        self._sheet, self._styles = sheet, styles
        self._cells: dict[tuple, WriteOnlyCell] = {}

    def text(self, column: int, value: str | None, style: str | None = None) -> WriteOnlyCell | str | None:
        """A cell of text, always a string (never a formula), quote-prefixed when it starts like one."""
        if not value:
            return None
        quoted = value.startswith(_FORMULA_START)
        if style is None and not quoted:
            return value  # openpyxl makes a formula only of a string starting with =, quoted here
        cell = self._cell(column, style, quoted)
        cell._value, cell.data_type = value, "s"  # openpyxl would take a string starting with = for a formula
        return cell

    def number(self, column: int, value: object, style: str | None = None) -> WriteOnlyCell | object:
        if value is None or style is None:
            return value  # a plain number: openpyxl's own reused cell
        cell = self._cell(column, style, False)
        if value.__class__ in _TYPES:
            cell._value, cell.data_type = value, "n"
        else:
            cell.value = value  # a date
        return cell

    def _cell(self, column: int, style: str | None, quoted: bool) -> WriteOnlyCell:
        key = (column, style, quoted)
        cell = self._cells.get(key)
        if cell is None:
            cell = self._cells[key] = self._styles.cell(self._sheet, style, quoted)
        return cell


def link_target(name: str, anchor: str | None) -> str:
    """``name#anchor``, percent-encoded where a link cannot hold the character (第1期 a.pdf → 第1期%20a.pdf)."""
    name = NOT_XML_CHARS.sub("", name).translate(_UNSAFE_IN_LINK).replace("#", "%23")
    return f"{name}#{anchor.translate(_UNSAFE_IN_LINK).replace('#', '%23')}" if anchor else name


class _Anchors:
    """Each heading's link target (model.heading_anchors), and the one of the heading a figure sits under."""

    def __init__(self, document: Document) -> None:
        self.by_section = heading_anchors(document)
        self.by_place: dict[tuple, str] = {}  # (article's bookmark, article's title, sub-heading title or None)
        for article in document.sections:
            for section in article.walk():
                key = (article.anchor, article.title, None if section is article else section.title)
                self.by_place.setdefault(key, self.by_section[id(section)])

    def of(self, figure: Figure) -> str | None:
        return (self.by_place.get((figure.bookmark, figure.section, figure.subsection))
                or figure.subsection_bookmark or figure.bookmark)


_anchors = _Anchors


def _figure_rows(figures: Sequence[Figure], cleaner: _Cleaner) -> list[tuple]:
    """Each figure's cells as values, cleaned: (article, sub-heading, label, number, unit, approx, base value,
    base unit, text, sentence)."""
    rows = []
    for figure in figures:
        number, unit, _ = stated(figure)
        rows.append((cleaner.text(figure.section), cleaner.text(figure.subsection), cleaner.text(figure.label),
                     json_value(number), unit or None, cleaner.text(figure.approx), json_value(figure.value),
                     figure.unit or None, cleaner.text(figure.text), cleaner.text(figure.sentence)))
    return rows


def _figures_sheet(sheet, figures: Sequence[Figure], rows: list[tuple], link_name: str, pages: Pages,  # noqa: ANN001
                   anchors: _Anchors, styles: _Styles) -> None:
    widths = [_display_width(h) for h in FIGURE_HEADERS]
    limits = FIGURE_WIDTH_LIMITS
    texts = ((0, 0), (1, 1), (2, 2), (8, 8), (9, 10))  # (place in the row, column): the text columns
    for row in rows:
        for place, column in texts:
            value = row[place]
            if value and widths[column] < limits[column]:
                widths[column] = max(widths[column], _display_width(value))
        for column in (3, 6):
            value = row[column]
            if value is not None and widths[column] < limits[column]:
                widths[column] = max(widths[column], len(f"{value:,}") + 2)
    _set_widths(sheet, widths, limits)
    _frame(sheet)
    sheet.append([_header(sheet, styles, h) for h in FIGURE_HEADERS])
    cells = _Row(sheet, styles)
    text, number = cells.text, cells.number
    targets: dict[str | None, str] = {}
    for figure, (section, subsection, label, value, unit, approx, base, base_unit, written, sentence) \
            in zip(figures, rows):
        anchor = anchors.of(figure)
        target = targets.get(anchor)
        if target is None:
            target = targets[anchor] = link_target(link_name, anchor)
        first = text(1, section, "链接")
        if first is not None:
            sheet.link("A", target)
        sheet.append((first, text(2, subsection), text(3, label), value, text(5, unit), text(6, approx),
                      number(7, base, "整数" if isinstance(base, int) else "小数"), text(8, base_unit),
                      text(9, written), pages.get(anchor), text(11, sentence, "换行")))
    last = f"K{len(rows) + 1}"
    if rows:
        table = Table(displayName="Figures", ref=f"A1:{last}",
                      tableColumns=[TableColumn(id=n, name=h) for n, h in enumerate(FIGURE_HEADERS, start=1)],
                      tableStyleInfo=TableStyleInfo(name="TableStyleMedium2", showRowStripes=True))
        table._initialise_columns = lambda: None  # the columns are given: a write-only sheet has no cells to read
        with warnings.catch_warnings():  # "you must add table columns": they are added
            warnings.simplefilter("ignore", UserWarning)
            sheet.add_table(table)
    else:
        sheet.auto_filter.ref = f"A1:{last}"


def _header(sheet, styles: _Styles, text: str) -> WriteOnlyCell:  # noqa: ANN001
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"
    return cell


def _sections_sheet(sheet, document: Document, figures: Sequence[Figure], link_name: str, pages: Pages,  # noqa: ANN001
                    anchors: _Anchors, cleaner: _Cleaner, styles: _Styles) -> None:
    """One row per heading; an article counts its own paragraphs and figures and its sub-headings' (their rows
    count their own), so the level-1 rows sum to the whole bulletin."""
    own: dict[tuple, int] = {}
    for figure in figures:
        key = (figure.bookmark, figure.section, figure.subsection)
        own[key] = own.get(key, 0) + 1
    listed = []
    widths = [_display_width(h) for h in SECTION_HEADERS]
    for article in document.sections:
        for section in article.walk():
            under = list(section.walk())
            paragraphs = sum(_paragraph_count(s) for s in under)
            count = sum(own.get((article.anchor, article.title, None if s is article else s.title), 0) for s in under)
            source = section.source
            values = (cleaner.text(section.title), section.level, cleaner.text(" ".join(section.bookmarks)),
                      cleaner.text(source.name) if source else None, source.date if source else None,
                      paragraphs, count, anchors.by_section[id(section)])
            listed.append(values)
            for column in (0, 2, 3):
                if values[column]:
                    widths[column] = max(widths[column], _display_width(values[column]) + 2 * (section.level - 1))
    _set_widths(sheet, widths, SECTION_WIDTH_LIMITS)
    _frame(sheet)
    sheet.append([_header(sheet, styles, h) for h in SECTION_HEADERS])
    cells = _Row(sheet, styles)
    for title, level, bookmarks, source, date, paragraphs, count, anchor in listed:
        first = cells.text(1, title, f"标题{min(level, 9)}")
        if first is not None:
            sheet.link("A", link_target(link_name, anchor))
        sheet.append((first, level, cells.text(3, bookmarks), cells.text(4, source),
                      cells.number(5, date, "日期"), paragraphs, count, pages.get(anchor) if anchor else None))
    if listed:
        sheet.auto_filter.ref = f"A1:H{len(listed) + 1}"


def _paragraph_count(section: Section) -> int:
    """The section's own paragraphs with text, table cells included (its sub-sections are counted apart)."""
    return sum(1 for p in iter_paragraphs(section.blocks) if p.text.strip())


def _chart_sheet(sheet, kind: str, currency: str, bars: list, cleaner: _Cleaner, styles: _Styles) -> None:  # noqa: ANN001
    """The amounts of one kind in 亿, largest first, and a bar chart of them: the same bars as the PDF's."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.label import DataLabelList

    headers = ("指标", f"{kind}（亿{currency}）", "原文", "文章")
    rows = [(cleaner.text(bar.label), float(bar.value), cleaner.text(bar.figure.text), cleaner.text(bar.figure.section))
            for bar in bars]
    widths = [max([_display_width(str(row[i] or "")) for row in rows] + [_display_width(headers[i])])
              for i in range(4)]
    _set_widths(sheet, [widths[0], widths[1] + 4, widths[2], widths[3]], (30, 18, 16, 40))
    _frame(sheet)
    sheet.append([_header(sheet, styles, h) for h in headers])
    cells = _Row(sheet, styles)
    for label, value, written, section in rows:
        sheet.append((cells.text(1, label), cells.number(2, value, "金额"), cells.text(3, written),
                      cells.text(4, section)))
    chart = BarChart()
    chart.type, chart.grouping, chart.style = "bar", "clustered", 10
    chart.title = f"文中的{kind}（亿{currency}）"
    chart.legend = None
    chart.y_axis.title = f"亿{currency}"
    chart.y_axis.number_format = "#,##0"
    chart.y_axis.majorGridlines = chart.y_axis.majorGridlines  # kept: the value lines
    chart.x_axis.scaling.orientation = "maxMin"  # the largest at the top, as in the table
    chart.x_axis.delete = chart.y_axis.delete = False
    last = len(rows) + 1
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last))
    # every data label flag explicit: LibreOffice shows the series and category names beside the value otherwise
    chart.dataLabels = DataLabelList(showVal=True, showLegendKey=False, showCatName=False, showSerName=False,
                                     showPercent=False, showLeaderLines=False)
    chart.width, chart.height = 22, max(7.5, 0.8 * len(rows) + 3)
    sheet.add_chart(chart, "F2")


def _frame(sheet) -> None:  # noqa: ANN001
    """The header row frozen and printed on every page; landscape A4, one page wide, "page / pages" below."""
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = "&P / &N"


def _set_widths(sheet, widths: Sequence[int], limits: Sequence[int]) -> None:  # noqa: ANN001
    from openpyxl.utils import get_column_letter

    for index, (width, limit) in enumerate(zip(widths, limits), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 6), limit)


def _properties(workbook: Workbook, document: Document, link_name: str, cleaner: _Cleaner) -> None:
    title = document.title or document.column or Path(link_name).stem
    properties = workbook.properties
    properties.creator = "publish"
    properties.title = cleaner.text(f"{title} 数据附表")
    properties.subject = cleaner.text(f"{title}：文中成就数据（数值、单位、出处）")
    properties.description = cleaner.text(f"Figures found in the text, linked to their headings in {link_name}.")
    properties.language = "zh-CN"
    properties.keywords = "成就数据; 国际科技合作"
    properties.lastModifiedBy = f"publish {__version__}"


def _display_width(text: str) -> int:
    """Columns a text needs: a Chinese character (three UTF-8 bytes) two, an ASCII one one."""
    return (len(text.encode("utf-8")) + len(text)) // 2

