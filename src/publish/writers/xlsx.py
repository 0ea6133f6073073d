"""The Excel annex: the figures as sortable numeric data, the sections, and a chart of the money figures.

Sheets: 数据 (one row per figure, an Excel table, each row linked to its heading in the written .docx),
文章 (one row per section), 图表 (the money figures in 亿元 and a bar chart) when there are two or more.
Text from the document is data: strings are always written as strings (never formulas), with
characters XML cannot hold dropped.
"""

from __future__ import annotations

import datetime as dt
from copy import copy
import sys
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from ..figures import json_value, money_figures
from ..safexml import NOT_XML_CHARS
from ..model import Document, Figure, Section

FIGURES_SHEET, SECTIONS_SHEET, CHART_SHEET = "数据", "文章", "图表"
FIGURE_HEADERS = ("文章", "小标题", "指标", "数值", "单位", "约数", "原文", "所在句子")
SECTION_HEADERS = ("标题", "级别", "书签", "来源", "日期", "段落数", "数据条数")
# Widths in Excel character units; a Chinese character takes about two.
FIGURE_WIDTH_LIMITS = (34, 14, 24, 18, 7, 7, 14, 70)
SECTION_WIDTH_LIMITS = (48, 6, 22, 22, 12, 8, 10)
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0##"
HUNDRED_MILLION = Decimal(100_000_000)
MAX_CELL_CHARS = 32_767  # Excel's limit per cell
_FORMULA_START = ("=", "+", "-", "@")


def write_xlsx(document: Document, figures: Sequence[Figure], path: Path, *, docx_name: str) -> tuple[str, ...]:
    """Write the annex to ``path``; ``docx_name`` is the written .docx the rows link to (bulletin.docx#_Toc5078)."""
    Workbook = _openpyxl_workbook()  # noqa: N806 - a class

    sheet_writer = _SheetWriter()
    workbook = Workbook()
    figures_sheet = workbook.active
    figures_sheet.title = FIGURES_SHEET
    _write_figures(figures_sheet, figures, docx_name, sheet_writer)
    _write_sections(workbook.create_sheet(SECTIONS_SHEET), document, figures, docx_name, sheet_writer)
    _write_chart(workbook, figures, sheet_writer)
    _set_properties(workbook, document, docx_name, sheet_writer)
    workbook.save(path)
    return tuple(sheet_writer.warnings())


def _openpyxl_workbook():  # noqa: ANN202
    """openpyxl's Workbook, imported without numpy.

    openpyxl imports numpy when it is installed only to recognise numpy scalars, which we never pass;
    that costs about 50 ms of the 0.6 s budget. Hide numpy during the import unless something already
    loaded it, and put things back afterwards.
    """
    if "openpyxl" not in sys.modules and "numpy" not in sys.modules:
        sys.modules["numpy"] = None  # type: ignore[assignment] # makes `import numpy` raise ImportError
        try:
            from openpyxl import Workbook
        finally:
            del sys.modules["numpy"]
    from openpyxl import Workbook

    return Workbook


class _SheetWriter:
    """Puts document text into cells safely and remembers what it had to change."""

    def __init__(self) -> None:
        self.dropped = 0
        self.truncated = 0

    def text(self, value: str | None) -> str | None:
        if value is None:
            return None
        cleaned, count = NOT_XML_CHARS.subn("", value)
        self.dropped += count
        if len(cleaned) > MAX_CELL_CHARS:
            cleaned = cleaned[:MAX_CELL_CHARS]
            self.truncated += 1
        return cleaned

    def put_text(self, cell, value: str | None) -> None:  # noqa: ANN001 - openpyxl cell
        value = self.text(value)
        cell.value = value
        if value:
            cell.data_type = "s"  # openpyxl reads a leading = as a formula: this is text from the document
            if value.startswith(_FORMULA_START):
                cell.quotePrefix = True  # and stays text when someone edits it in Excel

    def warnings(self) -> list[str]:
        notes = []
        if self.dropped:
            notes.append(f"Excel annex: dropped {self.dropped} control character(s) that a workbook cannot hold")
        if self.truncated:
            notes.append(f"Excel annex: cut {self.truncated} cell(s) to Excel's {MAX_CELL_CHARS} characters")
        return notes


class _Styles:
    """Each distinct cell style is built once and copied after: openpyxl hashes a style on every assignment,
    which is most of the time a large annex takes."""

    def __init__(self) -> None:
        self._built: dict[object, object] = {}

    def apply(self, cell, key: object, **attributes: object) -> None:  # noqa: ANN001 - openpyxl cell
        built = self._built.get(key)
        if built is None:
            for name, value in attributes.items():
                setattr(cell, name, value)
            self._built[key] = copy(cell._style)
        else:
            cell._style = copy(built)


def _write_figures(sheet, figures: Sequence[Figure], docx_name: str, writer: _SheetWriter) -> None:  # noqa: ANN001
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.table import Table, TableStyleInfo

    sheet.append(FIGURE_HEADERS)
    styles = _Styles()
    link_font = Font(color="0563C1", underline="single")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    widths = [_display_width(h) for h in FIGURE_HEADERS]
    limits = FIGURE_WIDTH_LIMITS
    for row, figure in enumerate(figures, start=2):
        anchor = figure.subsection_bookmark or figure.bookmark
        link = sheet.cell(row=row, column=1)
        styles.apply(link, "link", font=link_font, alignment=top)
        writer.put_text(link, figure.section)
        link.hyperlink = f"{docx_name}#{anchor}" if anchor else docx_name
        number = json_value(figure.value)
        amount = sheet.cell(row=row, column=4, value=number)
        if isinstance(number, int) or number is None:
            styles.apply(amount, "integer", number_format=INTEGER_FORMAT, alignment=top)
        else:
            styles.apply(amount, "decimal", number_format=DECIMAL_FORMAT, alignment=top)
        if number is not None and widths[3] < limits[3]:
            widths[3] = max(widths[3], len(f"{number:,}") + 2)
        for column, value in ((2, figure.subsection), (3, figure.label), (5, figure.unit), (6, figure.approx),
                              (7, figure.text), (8, figure.sentence)):
            cell = sheet.cell(row=row, column=column)
            if column == 8:
                styles.apply(cell, "wrap", alignment=wrap)
            else:
                styles.apply(cell, "top", alignment=top)
            writer.put_text(cell, value)
        for column, value in ((1, figure.section), (2, figure.subsection), (3, figure.label), (7, figure.text),
                              (8, figure.sentence)):
            if value and widths[column - 1] < limits[column - 1]:
                widths[column - 1] = max(widths[column - 1], _display_width(value))
    _set_widths(sheet, widths, FIGURE_WIDTH_LIMITS)
    last_row = len(figures) + 1
    last_column = chr(ord("A") + len(FIGURE_HEADERS) - 1)
    if figures:
        table = Table(displayName="Figures", ref=f"A1:{last_column}{last_row}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        sheet.add_table(table)
    else:
        sheet.auto_filter.ref = f"A1:{last_column}1"
    sheet.freeze_panes = "A2"
    _print_setup(sheet)


def _write_sections(sheet, document: Document, figures: Sequence[Figure], docx_name: str,  # noqa: ANN001
                    writer: _SheetWriter) -> None:
    from openpyxl.styles import Alignment, Font

    # each row counts its own figures (an article's sub-sections have their own rows), so the column sums
    counts = Counter((f.bookmark, f.section, f.subsection) for f in figures)
    sheet.append(SECTION_HEADERS)
    styles = _Styles()
    link_font = Font(color="0563C1", underline="single")
    widths = [_display_width(h) for h in SECTION_HEADERS]
    row = 1
    for article in document.sections:
        for section in article.walk():
            row += 1
            count = counts[(article.anchor, article.title, None if section is article else section.title)]
            values = (section.title, section.level, " ".join(section.bookmarks),
                      section.source.name if section.source else None,
                      section.source.date if section.source else None,
                      len(_paragraphs_of(section)), count)
            title = sheet.cell(row=row, column=1)
            styles.apply(title, ("title", section.level), font=link_font,
                         alignment=Alignment(indent=section.level - 1))
            for column, value in enumerate(values, start=1):
                cell = title if column == 1 else sheet.cell(row=row, column=column)
                if isinstance(value, str) or value is None:
                    writer.put_text(cell, value)
                    if value:
                        widths[column - 1] = max(widths[column - 1], _display_width(value) + 2 * (section.level - 1))
                else:
                    cell.value = value
                    if isinstance(value, dt.date):
                        styles.apply(cell, "date", number_format="yyyy-mm-dd")
            anchor = section.anchor or article.anchor
            title.hyperlink = f"{docx_name}#{anchor}" if anchor else docx_name
    _set_widths(sheet, widths, SECTION_WIDTH_LIMITS)
    if row > 1:
        sheet.auto_filter.ref = f"A1:G{row}"
    sheet.freeze_panes = "A2"
    _print_setup(sheet)


def _paragraphs_of(section: Section) -> tuple:
    """The section's own paragraphs, table cells included: an article's sub-sections have their own rows."""
    from ..model import iter_paragraphs

    return tuple(p for p in iter_paragraphs(section.blocks) if p.text.strip())


def _write_chart(workbook, figures: Sequence[Figure], writer: _SheetWriter) -> None:  # noqa: ANN001
    """The money figures in 亿元, largest first: read at a glance, which the numbers are not."""
    currency, money = money_figures(figures)
    money.sort(key=lambda f: f.value, reverse=True)
    if len(money) < 2:
        return
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.label import DataLabelList

    sheet = workbook.create_sheet(CHART_SHEET)
    sheet.append(("指标", f"金额（亿{currency}）", "原文", "文章"))
    for row, figure in enumerate(money, start=2):
        name = figure.label or figure.subsection or figure.section[:12]
        writer.put_text(sheet.cell(row=row, column=1), f"{name}（{figure.text}）")
        amount = sheet.cell(row=row, column=2, value=float(figure.value / HUNDRED_MILLION))
        amount.number_format = "#,##0.##"
        writer.put_text(sheet.cell(row=row, column=3), figure.text)
        writer.put_text(sheet.cell(row=row, column=4), figure.section)
    last = len(money) + 1
    _set_widths(sheet, [max(_display_width(str(c.value or "")) for c in column) for column in sheet.columns],
                (30, 14, 16, 40))
    chart = BarChart()
    chart.type = "bar"  # horizontal bars: the Chinese labels stay readable
    chart.title = f"金额（亿{currency}）"
    chart.style = 10
    chart.legend = None
    chart.y_axis.title = f"亿{currency}"
    chart.y_axis.numFmt = "#,##0"
    chart.x_axis.scaling.orientation = "maxMin"  # largest at the top, as in the list
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last))
    # every flag explicit: LibreOffice shows the series and category names beside the value otherwise
    chart.dataLabels = DataLabelList(showVal=True, showCatName=False, showSerName=False, showLegendKey=False,
                                     showPercent=False, showLeaderLines=False)
    chart.height = max(7.5, 0.8 * len(money) + 3)
    chart.width = 22
    sheet.add_chart(chart, "F2")
    sheet.freeze_panes = "A2"
    _print_setup(sheet)


def _set_properties(workbook, document: Document, docx_name: str, writer: _SheetWriter) -> None:  # noqa: ANN001
    title = document.title or document.column or Path(docx_name).stem
    workbook.properties.title = writer.text(f"{title} 数据附表")
    workbook.properties.subject = writer.text(f"{title}：文中成就数据（数值、单位、出处）")
    workbook.properties.creator = "publish"
    workbook.properties.keywords = "成就数据; 国际科技合作"
    workbook.properties.description = writer.text(f"Figures found in the text of {docx_name}, linked to its headings.")
    workbook.properties.language = "zh-CN"


def _print_setup(sheet) -> None:  # noqa: ANN001
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.oddFooter.center.text = "&P / &N"


def _set_widths(sheet, widths: Sequence[int], limits: Sequence[int]) -> None:  # noqa: ANN001
    from openpyxl.utils import get_column_letter

    for index, (width, limit) in enumerate(zip(widths, limits), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 6), limit)


def _display_width(text: str) -> int:
    """Columns a text needs: a Chinese character (three UTF-8 bytes) two, an ASCII one one."""
    return (len(text.encode("utf-8")) + len(text)) // 2
