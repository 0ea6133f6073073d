"""The Excel annex: the figures as sortable numeric data, the sections, and a chart of the money figures.

Sheets: 数据 (one row per figure, an Excel table, each row linked to its heading in the written .docx),
文章 (one row per section), 图表 (the money figures in 亿元 and a bar chart) when there are two or more.
Text from the document is data: strings are always written as strings (never formulas), with
characters XML cannot hold dropped.

The package is written here as SpreadsheetML text, part for part what openpyxl wrote for this annex
before: openpyxl's cell writer takes about 15 µs a cell (a cell object, a style hash, four lxml calls),
which made the 57,000 cells of a 600-article annex take over a second; a formatted string per cell
takes a tenth of that. The stock Office theme is openpyxl's, kept in office_theme.xml.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from ..version import __version__
from ..figures import json_value, money_figures
from ..safexml import NOT_XML_CHARS, escape
from ..model import Document, Figure, Section

FIGURES_SHEET, SECTIONS_SHEET, CHART_SHEET = "数据", "文章", "图表"
FIGURE_HEADERS = ("文章", "小标题", "指标", "数值", "单位", "约数", "原文", "所在句子")
SECTION_HEADERS = ("标题", "级别", "书签", "来源", "日期", "段落数", "数据条数")
# Widths in Excel character units; a Chinese character takes about two.
FIGURE_WIDTH_LIMITS = (34, 14, 24, 18, 7, 7, 14, 70)
SECTION_WIDTH_LIMITS = (48, 6, 22, 22, 12, 8, 10)
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0##"
DATE_FORMAT = "yyyy-mm-dd"
AMOUNT_FORMAT = "#,##0.##"
HUNDRED_MILLION = Decimal(100_000_000)
MAX_CELL_CHARS = 32_767  # Excel's limit per cell
_FORMULA_START = ("=", "+", "-", "@")
_COLUMN_LETTERS = "ABCDEFGH"
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_LINK_COLOUR = "000563C1"
# the one table, drawing and chart an annex can have
_TABLE_PART, _DRAWING_PART, _CHART_PART = "xl/tables/table1.xml", "xl/drawings/drawing1.xml", "xl/charts/chart1.xml"


def write_xlsx(document: Document, figures: Sequence[Figure], path: Path, *, docx_name: str) -> tuple[str, ...]:
    """Write the annex to ``path``; ``docx_name`` is the written .docx the rows link to (bulletin.docx#_Toc5078)."""
    writer = _SheetWriter()
    styles = _Styles()
    sheets = [_figures_sheet(figures, docx_name, writer, styles),
              _sections_sheet(document, figures, docx_name, writer, styles)]
    chart = _chart_sheet(figures, writer, styles)
    if chart is not None:
        sheets.append(chart)
    _save(path, sheets, styles, _properties(document, docx_name, writer))
    return tuple(writer.warnings())


class _SheetWriter:
    """Makes document text safe for a cell and remembers what it had to change."""

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

    def warnings(self) -> list[str]:
        notes = []
        if self.dropped:
            notes.append(f"Excel annex: dropped {self.dropped} control character(s) that a workbook cannot hold")
        if self.truncated:
            notes.append(f"Excel annex: cut {self.truncated} cell(s) to Excel's {MAX_CELL_CHARS} characters")
        return notes


# A cell style: (link font, alignment attributes, number format). Text starting like a formula
# gets the same style with quotePrefix, so that it stays text when someone edits it in Excel.
_PLAIN = (False, "", "General")
_TOP = (False, ' vertical="top"', "General")
_WRAP = (False, ' vertical="top" wrapText="1"', "General")
_LINK = (True, ' vertical="top"', "General")
_INTEGER = (False, ' vertical="top"', INTEGER_FORMAT)
_DECIMAL = (False, ' vertical="top"', DECIMAL_FORMAT)
_DATE = (False, "", DATE_FORMAT)
_AMOUNT = (False, "", AMOUNT_FORMAT)
_BUILT_IN_FORMATS = {"General": 0, INTEGER_FORMAT: 3}


def _title_style(level: int) -> tuple:
    """A section title: a link, indented by its level."""
    return (True, f' indent="{level - 1}"' if level > 1 else "", "General")


class _Styles:
    """The workbook's cell formats (cellXfs), numbered in the order cells first use them."""

    def __init__(self) -> None:
        self._ids: dict[tuple, int] = {(_PLAIN, False): 0}
        self._formats: dict[str, int] = {}  # custom number formats, numbered from 164 as Excel does

    def id(self, style: tuple, quoted: bool = False) -> int:
        found = self._ids.get((style, quoted))
        if found is None:
            number_format = style[2]
            if number_format not in _BUILT_IN_FORMATS and number_format not in self._formats:
                self._formats[number_format] = 164 + len(self._formats)
            found = self._ids[(style, quoted)] = len(self._ids)
        return found

    def xml(self) -> str:
        formats = "".join(f'<numFmt numFmtId="{number}" formatCode="{_attribute(code)}"/>'
                          for code, number in self._formats.items())
        link_used = any(style[0] for style, _ in self._ids)
        fonts = ('<font><name val="Calibri"/><family val="2"/><color theme="1"/><sz val="11"/>'
                 '<scheme val="minor"/></font>')
        if link_used:
            fonts += f'<font><color rgb="{_LINK_COLOUR}"/><u val="single"/></font>'
        formats_of = {**_BUILT_IN_FORMATS, **self._formats}
        xfs = []
        for (link, alignment, number_format), quoted in self._ids:
            attributes = (f'numFmtId="{formats_of[number_format]}" fontId="{int(link)}" fillId="0" borderId="0"'
                          + (' applyAlignment="1"' if alignment else "")
                          + f' pivotButton="0" quotePrefix="{int(quoted)}" xfId="0"')
            xfs.append(f"<xf {attributes}><alignment{alignment}/></xf>" if alignment else f"<xf {attributes}/>")
        return (f'<styleSheet xmlns="{_MAIN_NS}"><numFmts count="{len(self._formats)}">{formats}</numFmts>'
                f'<fonts count="{1 + link_used}">{fonts}</fonts>'
                '<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0" hidden="0"/></cellStyles>'
                '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
                '</styleSheet>')


class _Sheet:
    """One worksheet's rows as SpreadsheetML, with what goes around them."""

    def __init__(self, name: str, headers: Sequence[str], writer: _SheetWriter, styles: _Styles) -> None:
        self.name = name
        self.columns = len(headers)
        self.widths: list[int] = []
        self.links: list[tuple[str, str]] = []  # (cell, target)
        self.auto_filter: str | None = None
        self.table: str | None = None  # the range of the sheet's Excel table
        self.chart: str | None = None  # the chart's XML
        self.chart_height = 0.0  # cm
        self._writer = writer
        self._styles = styles
        self._rows: list[str] = []
        self.row = 1  # the row being built
        self.add_row([self.text(column, header, _PLAIN) for column, header in enumerate(headers, start=1)])

    def add_row(self, cells: Sequence[str]) -> None:
        self._rows.append(f'<row r="{self.row}">{"".join(cells)}</row>')
        self.row += 1

    def text(self, column: int, value: str | None, style: tuple) -> str:
        """A cell of document text: cleaned, always a string, quoted when it starts like a formula."""
        value = self._writer.text(value)
        reference = self._reference(column)
        if not value:
            return self._empty(reference, style, "n" if value is None else "inlineStr")
        quoted = value.startswith(_FORMULA_START)
        style_id = self._styles.id(style, quoted)
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return (f'<c r="{reference}"{_style_attribute(style_id)} t="inlineStr">'
                f"<is><t{space}>{_text(value)}</t></is></c>")

    def number(self, column: int, value: int | float | dt.date | None, style: tuple) -> str:
        reference = self._reference(column)
        if value is None:
            return self._empty(reference, style, "n")
        if isinstance(value, dt.date):
            value = _excel_date(value)
        style_id = self._styles.id(style)
        return f'<c r="{reference}"{_style_attribute(style_id)} t="n"><v>{value:.16g}</v></c>'

    def link(self, column: int, docx_name: str, anchor: str | None) -> None:
        """The cell links to the heading ``anchor`` names in the written .docx (to the file without one)."""
        self.links.append((self._reference(column), f"{docx_name}#{anchor}" if anchor else docx_name))

    def _reference(self, column: int) -> str:
        return f"{_COLUMN_LETTERS[column - 1]}{self.row}"

    def _empty(self, reference: str, style: tuple, kind: str) -> str:
        style_id = self._styles.id(style)
        if not style_id and kind == "n":
            return ""  # a cell with nothing to show or format is not written at all
        return f'<c r="{reference}"{_style_attribute(style_id)} t="{kind}"/>'

    def xml(self) -> str:
        last = f"{_COLUMN_LETTERS[self.columns - 1]}{self.row - 1}"
        columns = "".join(f'<col width="{width}" customWidth="1" min="{index}" max="{index}"/>'
                          for index, width in enumerate(self.widths, start=1))
        parts = [f'<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
                 '<sheetPr><outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr fitToPage="1"/></sheetPr>'
                 f'<dimension ref="A1:{last}"/>'
                 # the header row stays in view
                 '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft"'
                 ' state="frozen"/><selection pane="bottomLeft" activeCell="A1" sqref="A1"/></sheetView></sheetViews>'
                 f'<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/><cols>{columns}</cols><sheetData>',
                 *self._rows, "</sheetData>"]
        if self.auto_filter:
            parts.append(f'<autoFilter ref="{self.auto_filter}"/>')
        if self.links:
            parts.append("<hyperlinks>")
            parts.extend(f'<hyperlink ref="{cell}" r:id="rId{number}"/>'
                         for number, (cell, _) in enumerate(self.links, start=1))
            parts.append("</hyperlinks>")
        # printed landscape on A4, one page wide, the header row on every page, "page / pages" below
        parts.append('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
                     '<pageSetup orientation="landscape" paperSize="9" fitToHeight="0" fitToWidth="1"/>'
                     "<headerFooter><oddHeader></oddHeader><oddFooter>&amp;C&amp;P / &amp;N</oddFooter><evenHeader>"
                     "</evenHeader><evenFooter></evenFooter><firstHeader></firstHeader><firstFooter></firstFooter>"
                     "</headerFooter>")
        numbers = {kind: number for number, (kind, _, _) in enumerate(self.relationships(), start=1)}
        if self.chart:
            parts.append(f'<drawing r:id="rId{numbers["drawing"]}"/>')
        if self.table:
            parts.append(f'<tableParts count="1"><tablePart r:id="rId{numbers["table"]}"/></tableParts>')
        parts.append("</worksheet>")
        return "".join(parts)

    def relationships(self) -> list[tuple[str, str, bool]]:
        """(type, target, external) of the sheet's relationships, rId1 first."""
        found = [("hyperlink", target, True) for _, target in self.links]
        if self.chart:
            found.append(("drawing", f"/{_DRAWING_PART}", False))
        if self.table:
            found.append(("table", f"/{_TABLE_PART}", False))
        return found

    def set_widths(self, widths: Sequence[int], limits: Sequence[int]) -> None:
        self.widths = [min(max(width + 2, 6), limit) for width, limit in zip(widths, limits)]


def _figures_sheet(figures: Sequence[Figure], docx_name: str, writer: _SheetWriter, styles: _Styles) -> _Sheet:
    sheet = _Sheet(FIGURES_SHEET, FIGURE_HEADERS, writer, styles)
    widths = [_display_width(h) for h in FIGURE_HEADERS]
    limits = FIGURE_WIDTH_LIMITS
    for figure in figures:
        anchor = figure.subsection_bookmark or figure.bookmark
        number = json_value(figure.value)
        sheet.link(1, docx_name, anchor)
        sheet.add_row((
            sheet.text(1, figure.section, _LINK), sheet.text(2, figure.subsection, _TOP),
            sheet.text(3, figure.label, _TOP),
            sheet.number(4, number, _INTEGER if isinstance(number, int) or number is None else _DECIMAL),
            sheet.text(5, figure.unit, _TOP), sheet.text(6, figure.approx, _TOP), sheet.text(7, figure.text, _TOP),
            sheet.text(8, figure.sentence, _WRAP)))
        if number is not None and widths[3] < limits[3]:
            widths[3] = max(widths[3], len(f"{number:,}") + 2)
        for column, value in ((1, figure.section), (2, figure.subsection), (3, figure.label), (7, figure.text),
                              (8, figure.sentence)):
            if value and widths[column - 1] < limits[column - 1]:
                widths[column - 1] = max(widths[column - 1], _display_width(value))
    sheet.set_widths(widths, limits)
    last = f"{_COLUMN_LETTERS[len(FIGURE_HEADERS) - 1]}{len(figures) + 1}"
    if figures:
        sheet.table = f"A1:{last}"
    else:
        sheet.auto_filter = f"A1:{last}"
    return sheet


def _sections_sheet(document: Document, figures: Sequence[Figure], docx_name: str, writer: _SheetWriter,
                    styles: _Styles) -> _Sheet:
    # each row counts its own figures (an article's sub-sections have their own rows), so the column sums
    counts = Counter((f.bookmark, f.section, f.subsection) for f in figures)
    sheet = _Sheet(SECTIONS_SHEET, SECTION_HEADERS, writer, styles)
    widths = [_display_width(h) for h in SECTION_HEADERS]
    for article in document.sections:
        for section in article.walk():
            count = counts[(article.anchor, article.title, None if section is article else section.title)]
            source = section.source
            bookmarks, source_name = " ".join(section.bookmarks), source.name if source else None
            date = source.date if source else None
            anchor = section.anchor or article.anchor
            sheet.link(1, docx_name, anchor)
            sheet.add_row((
                sheet.text(1, section.title, _title_style(section.level)), sheet.number(2, section.level, _PLAIN),
                sheet.text(3, bookmarks, _PLAIN), sheet.text(4, source_name, _PLAIN),
                sheet.number(5, date, _PLAIN if date is None else _DATE),
                sheet.number(6, len(_paragraphs_of(section)), _PLAIN), sheet.number(7, count, _PLAIN)))
            for column, value in ((1, section.title), (3, bookmarks), (4, source_name)):
                if value:
                    widths[column - 1] = max(widths[column - 1], _display_width(value) + 2 * (section.level - 1))
    sheet.set_widths(widths, SECTION_WIDTH_LIMITS)
    if sheet.row > 2:
        sheet.auto_filter = f"A1:G{sheet.row - 1}"
    return sheet


def _paragraphs_of(section: Section) -> tuple:
    """The section's own paragraphs, table cells included: an article's sub-sections have their own rows."""
    from ..model import iter_paragraphs

    return tuple(p for p in iter_paragraphs(section.blocks) if p.text.strip())


def _chart_sheet(figures: Sequence[Figure], writer: _SheetWriter, styles: _Styles) -> _Sheet | None:
    """The money figures in 亿元, largest first, and a bar chart of them: read at a glance, which the numbers are not."""
    currency, money = money_figures(figures)
    money.sort(key=lambda f: f.value, reverse=True)
    if len(money) < 2:
        return None
    headers = ("指标", f"金额（亿{currency}）", "原文", "文章")
    sheet = _Sheet(CHART_SHEET, headers, writer, styles)
    shown = [list(headers)]  # each cell as text, for the column widths
    for figure in money:
        name = figure.label or figure.subsection or figure.section[:12]
        # cleaned here for the widths; cleaning them again in the cells changes and counts nothing
        row = (writer.text(f"{name}（{figure.text}）"), float(figure.value / HUNDRED_MILLION),
               writer.text(figure.text), writer.text(figure.section))
        sheet.add_row((sheet.text(1, row[0], _PLAIN), sheet.number(2, row[1], _AMOUNT),
                       sheet.text(3, row[2], _PLAIN), sheet.text(4, row[3], _PLAIN)))
        shown.append([str(value or "") for value in row])
    sheet.set_widths([max(_display_width(text) for text in column) for column in zip(*shown)], (30, 14, 16, 40))
    last = len(money) + 1
    sheet.chart_height = max(7.5, 0.8 * len(money) + 3)
    sheet.chart = _chart_xml(f"金额（亿{currency}）", f"亿{currency}", last)
    return sheet


def _chart_xml(title: str, axis_title: str, last_row: int) -> str:
    """Horizontal bars, largest at the top, each labelled with its value only, on an axis of 亿元."""
    def rich(text: str) -> str:
        return (f'<title><tx><rich><a:bodyPr/><a:p><a:pPr><a:defRPr/></a:pPr><a:r><a:t>{_text(text)}</a:t></a:r>'
                "</a:p></rich></tx></title>")

    sheet = _quoted(CHART_SHEET)
    # every data label flag explicit: LibreOffice shows the series and category names beside the value otherwise
    return (f'<chartSpace xmlns="{_CHART_NS}" xmlns:a="{_DRAWING_NS}"><style val="10"/><chart>{rich(title)}'
            '<plotArea><barChart><barDir val="bar"/><grouping val="clustered"/><ser><idx val="0"/><order val="0"/>'
            f"<tx><strRef><f>{_text(sheet)}!B1</f></strRef></tx>"
            '<spPr><a:ln><a:prstDash val="solid"/></a:ln></spPr>'
            f"<cat><numRef><f>{_text(sheet)}!$A$2:$A${last_row}</f></numRef></cat>"
            f"<val><numRef><f>{_text(sheet)}!$B$2:$B${last_row}</f></numRef></val></ser>"
            '<dLbls><showLegendKey val="0"/><showVal val="1"/><showCatName val="0"/><showSerName val="0"/>'
            '<showPercent val="0"/><showLeaderLines val="0"/></dLbls><gapWidth val="150"/>'
            '<axId val="10"/><axId val="100"/></barChart>'
            '<catAx><axId val="10"/><scaling><orientation val="maxMin"/></scaling><delete val="0"/><axPos val="l"/>'
            '<majorTickMark val="none"/><minorTickMark val="none"/><crossAx val="100"/><lblOffset val="100"/></catAx>'
            '<valAx><axId val="100"/><scaling><orientation val="minMax"/></scaling><delete val="0"/><axPos val="l"/>'
            f'<majorGridlines/>{rich(axis_title)}<numFmt formatCode="#,##0" sourceLinked="0"/>'
            '<majorTickMark val="none"/><minorTickMark val="none"/><crossAx val="10"/></valAx></plotArea>'
            '<plotVisOnly val="1"/><dispBlanksAs val="gap"/></chart></chartSpace>')


def _drawing_xml(height_cm: float) -> str:
    """The chart at F2, 22 cm wide."""
    return (f'<wsDr xmlns="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="{_DRAWING_NS}"'
            f' xmlns:c="{_CHART_NS}" xmlns:r="{_REL_NS}"><oneCellAnchor><from><col>5</col><colOff>0</colOff>'
            f'<row>1</row><rowOff>0</rowOff></from><ext cx="{int(22 * 360000)}" cy="{int(height_cm * 360000)}"/>'
            '<graphicFrame><nvGraphicFramePr><cNvPr id="1" name="Chart 1"/><cNvGraphicFramePr/></nvGraphicFramePr>'
            f'<xfrm/><a:graphic><a:graphicData uri="{_CHART_NS}"><c:chart r:id="rId1"/></a:graphicData></a:graphic>'
            "</graphicFrame><clientData/></oneCellAnchor></wsDr>")


def _table_xml(ref: str) -> str:
    columns = "".join(f'<tableColumn id="{number}" name="{_attribute(header)}"/>'
                      for number, header in enumerate(FIGURE_HEADERS, start=1))
    return (f'<table xmlns="{_MAIN_NS}" id="1" name="Figures" displayName="Figures" ref="{ref}" headerRowCount="1">'
            f'<autoFilter ref="{ref}"/><tableColumns count="{len(FIGURE_HEADERS)}">{columns}</tableColumns>'
            '<tableStyleInfo name="TableStyleMedium2" showRowStripes="1"/></table>')


def _properties(document: Document, docx_name: str, writer: _SheetWriter) -> dict[str, str]:
    title = document.title or document.column or Path(docx_name).stem
    return {"title": writer.text(f"{title} 数据附表"),
            "subject": writer.text(f"{title}：文中成就数据（数值、单位、出处）"),
            "description": writer.text(f"Figures found in the text of {docx_name}, linked to its headings.")}


def _core_xml(properties: dict[str, str]) -> str:
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:creator>publish</dc:creator><dc:title>{_text(properties['title'])}</dc:title>"
            f"<dc:description>{_text(properties['description'])}</dc:description>"
            f"<dc:subject>{_text(properties['subject'])}</dc:subject><dc:language>zh-CN</dc:language>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
            "<cp:keywords>成就数据; 国际科技合作</cp:keywords></cp:coreProperties>")


def _save(path: Path, sheets: Sequence[_Sheet], styles: _Styles, properties: dict[str, str]) -> None:
    content_types = [("/xl/styles.xml", "spreadsheetml.styles+xml"), ("/xl/theme/theme1.xml", "theme+xml"),
                     ("/docProps/core.xml", None), ("/docProps/app.xml", "extended-properties+xml")]
    parts: dict[str, str] = {}
    sheet_entries, names = [], []
    for number, sheet in enumerate(sheets, start=1):
        sheet_path = f"xl/worksheets/sheet{number}.xml"
        parts[sheet_path] = sheet.xml()
        content_types.append((f"/{sheet_path}", "spreadsheetml.worksheet+xml"))
        if sheet.table:
            parts[_TABLE_PART] = _table_xml(sheet.table)
            content_types.append((f"/{_TABLE_PART}", "spreadsheetml.table+xml"))
        relationships = sheet.relationships()
        if relationships:
            parts[f"xl/worksheets/_rels/sheet{number}.xml.rels"] = _relationships_xml(relationships)
        if sheet.chart:
            parts[_DRAWING_PART] = _drawing_xml(sheet.chart_height)
            parts["xl/drawings/_rels/drawing1.xml.rels"] = _relationships_xml([("chart", f"/{_CHART_PART}", False)])
            parts[_CHART_PART] = sheet.chart
            content_types += [(f"/{_DRAWING_PART}", "drawing+xml"), (f"/{_CHART_PART}", "drawingml.chart+xml")]
        sheet_entries.append(f'<sheet name="{_attribute(sheet.name)}" sheetId="{number}" state="visible"'
                             f' r:id="rId{number}"/>')
        quoted = _attribute(_quoted(sheet.name))
        if sheet.auto_filter:
            start, end = sheet.auto_filter.split(":")
            names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{number - 1}" hidden="1">'
                         f"{quoted}!{_absolute(start)}:{_absolute(end)}</definedName>")
        names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{number - 1}">{quoted}!$1:$1</definedName>')
    content_types.append(("/xl/workbook.xml", "spreadsheetml.sheet.main+xml"))
    parts["xl/workbook.xml"] = (
        f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><workbookPr/><workbookProtection/>'
        '<bookViews><workbookView visibility="visible" minimized="0" showHorizontalScroll="1" showVerticalScroll="1"'
        ' showSheetTabs="1" tabRatio="600" firstSheet="0" activeTab="0" autoFilterDateGrouping="1"/></bookViews>'
        f'<sheets>{"".join(sheet_entries)}</sheets><definedNames>{"".join(names)}</definedNames>'
        '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')
    parts["xl/_rels/workbook.xml.rels"] = _relationships_xml(
        [("worksheet", f"/xl/worksheets/sheet{number}.xml", False) for number in range(1, len(sheets) + 1)]
        + [("styles", "styles.xml", False), ("theme", "theme/theme1.xml", False)])
    parts["xl/styles.xml"] = styles.xml()
    parts["xl/theme/theme1.xml"] = _office_theme()
    parts["docProps/core.xml"] = _core_xml(properties)
    parts["docProps/app.xml"] = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                                 f'extended-properties"><Application>publish {_text(__version__)}</Application>'
                                 "</Properties>")
    parts["_rels/.rels"] = (
        f'<Relationships xmlns="{_PACKAGE_REL_NS}">'
        f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
        f'<Relationship Id="rId2" Type="{_PACKAGE_REL_NS}/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL_NS}/extended-properties" Target="docProps/app.xml"/></Relationships>')
    overrides = "".join(
        f'<Override PartName="{name}" ContentType="application/vnd.openxmlformats-'
        + (f'officedocument.{kind}"/>' if kind else 'package.core-properties+xml"/>')
        for name, kind in content_types)
    types = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _DECLARATION + types)
        for name, xml in parts.items():
            package.writestr(name, xml if xml.startswith("<?xml") else _DECLARATION + xml)


_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _relationships_xml(relationships: Sequence[tuple[str, str, bool]]) -> str:
    entries = "".join(
        f'<Relationship Id="rId{number}" Type="{_REL_NS}/{kind}" Target="{_attribute(target)}"'
        + (' TargetMode="External"/>' if external else "/>")
        for number, (kind, target, external) in enumerate(relationships, start=1))
    return f'<Relationships xmlns="{_PACKAGE_REL_NS}">{entries}</Relationships>'


def _office_theme() -> str:
    """The stock Office theme (the fonts' theme colour and scheme refer to it), the part openpyxl writes.

    Kept as a file beside this module (copied from openpyxl.writer.theme, MIT): importing openpyxl
    for it cost a tenth of a second of every run.
    """
    return Path(__file__).with_name("office_theme.xml").read_text(encoding="utf-8")


def _excel_date(value: dt.date) -> float:
    """Days since Excel's epoch, counting its 29 February 1900 as Excel does."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    days = (moment - _EXCEL_EPOCH).days
    if 0 < days <= 60:
        days -= 1
    return days + (moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 10**6) / 86400


def _style_attribute(style_id: int) -> str:
    return f' s="{style_id}"' if style_id else ""  # the default format needs none


def _quoted(sheet_name: str) -> str:
    return "'" + sheet_name.replace("'", "''") + "'"


def _absolute(reference: str) -> str:
    """A1 → $A$1."""
    letters = reference.rstrip("0123456789")
    return f"${letters}${reference[len(letters):]}"


def _text(value: str) -> str:
    """Escaped for XML element text; a carriage return kept as one (a parser would make it a line feed)."""
    return escape(value).replace("\r", "&#13;")


def _attribute(value: str) -> str:
    """Escaped for an XML attribute, without the characters XML cannot hold (a file name may have them)."""
    return _text(NOT_XML_CHARS.sub("", value)).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _display_width(text: str) -> int:
    """Columns a text needs: a Chinese character (three UTF-8 bytes) two, an ASCII one one."""
    return (len(text.encode("utf-8")) + len(text)) // 2
