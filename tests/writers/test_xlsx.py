"""The Excel annex: reopened with openpyxl and converted by LibreOffice, it shows the numbers of `--json`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path, PurePosixPath

import pytest
from openpyxl import load_workbook
from support import needs, soffice_convert

from publish import read
from publish.cli import Environment, main
from publish.figures import extract, figures_to_json
from publish.model import Document, Figure, Paragraph, Section, Source
from publish.writers.xlsx import CHART_SHEET, FIGURE_HEADERS, FIGURES_SHEET, SECTIONS_SHEET, write_xlsx

INJECTIONS = ('=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(1)")


@pytest.fixture(scope="module")
def sample(sample_docx, tmp_path_factory):
    document = read(sample_docx).document
    figures = extract(document)
    path = tmp_path_factory.mktemp("xlsx") / "bulletin.xlsx"
    warnings = write_xlsx(document, figures, path, link_name="bulletin.pdf",
                          pages={"_Toc5078": 4, "_Toc500000000": 4, "_Toc21497": 2})
    return document, figures, path, warnings


def figure_rows(path: Path) -> list[tuple]:
    sheet = load_workbook(path)[FIGURES_SHEET]
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_figures_sheet_has_the_numbers_of_the_json(sample):
    _, figures, path, warnings = sample
    assert warnings == ()
    expected = [(row["section"], row["subsection"], row["label"], row["approx"], row["value"], row["unit"] or None,
                 row["text"], row["sentence"]) for row in figures_to_json(figures)]
    assert [r[:3] + r[5:9] + r[10:] for r in figure_rows(path)] == expected
    assert len(expected) == 58


def test_each_figure_as_the_text_states_it_and_in_its_base_unit(sample):
    rows = {row[8]: row for row in figure_rows(sample[2])}
    # 数值 | 单位 | 约数 | 基本单位数值 | 基本单位, for the figures an editor checks first
    assert rows["759亿元"][3:8] == (759, "亿元", None, 75_900_000_000, "元")
    assert rows["超过2.7亿"][3:8] == (2.7, "亿", "超过", 270_000_000, None)
    assert rows["四千多名"][3:8] == (4000, "名", "多", 4000, "名")
    assert rows["24.3万名"][3:8] == (24.3, "万名", None, 243_000, "名")
    assert rows["96%以上"][3:8] == (96, "%", "以上", 96, "%")
    # a duration, never a bare 月 that reads as a month
    assert rows["一个月"][3:8] == (1, "个月", None, 1, "个月") and rows["3天"][3:8] == (3, "天", None, 3, "天")
    assert not [row for row in rows.values() if row[4] in ("月", "日") or row[7] in ("月", "日")]


def test_values_are_numeric_cells_with_thousands_separators(sample):
    _, _, path, _ = sample
    sheet = load_workbook(path)[FIGURES_SHEET]
    assert [c.value for c in sheet[1]] == list(FIGURE_HEADERS)
    money = next(row for row in sheet.iter_rows(min_row=2) if row[8].value == "759亿元")
    assert money[6].data_type == "n" and money[6].value == 75_900_000_000
    assert money[6].number_format == "#,##0"
    assert money[3].data_type == "n" and money[3].value == 759
    vague = next(row for row in sheet.iter_rows(min_row=2) if row[8].value == "数千家")
    assert vague[3].value is None and vague[6].value is None and vague[5].value == "数"


def test_figures_sheet_is_a_frozen_printable_table_with_links(sample):
    _, figures, path, _ = sample
    sheet = load_workbook(path)[FIGURES_SHEET]
    assert sheet.freeze_panes == "A2"
    assert list(sheet.tables) == ["Figures"] and sheet.tables["Figures"].ref == f"A1:K{len(figures) + 1}"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$1:$1"
    # each row links to its own heading: the sub-heading's (a fresh _Toc name, as in the .docx) where it has one
    orders = next(row for row in sheet.iter_rows(min_row=2) if row[8].value == "514架")
    assert orders[0].hyperlink.target == "bulletin.pdf#_Toc500000006"
    invested = next(row for row in sheet.iter_rows(min_row=2) if row[8].value == "759亿元")
    assert invested[0].hyperlink.target == "bulletin.pdf#_Toc500000000" and invested[9].value == 4
    visitors = next(row for row in sheet.iter_rows(min_row=2) if row[8].value == "400余人")
    assert visitors[0].hyperlink.target == "bulletin.pdf#_Toc21497" and visitors[9].value == 2
    # Chinese titles need room: the article column is wide, the sentence column wraps
    assert sheet.column_dimensions["A"].width >= 30 and sheet.column_dimensions["K"].width >= 60
    assert sheet.cell(row=2, column=11).alignment.wrap_text
    assert sheet.cell(row=2, column=3).alignment.vertical == "top"  # beside the wrapped sentence


def test_sections_sheet_lists_every_section_with_its_counts(sample):
    document, figures, path, _ = sample
    sheet = load_workbook(path)[SECTIONS_SHEET]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1]) for r in rows] == [(s.title, s.level) for s in document.walk()]
    assert rows[5][:5] == ("国家科技重大专项成就", 1, "_Toc5078", "科技日报", rows[5][4])
    assert rows[5][4].date().isoformat() == "2016-03-09"
    assert rows[-1][0] == "大飞机" and rows[-1][5:7] == (1, 3)
    # an article counts its sub-headings' paragraphs and figures too; the sub-headings have rows of their own
    assert rows[5][5:8] == (7, 28, 4) and [r[6] for r in rows[6:]] == [4, 9, 2, 2, 5, 3, 3]
    assert sum(r[6] for r in rows if r[1] == 1) == len(figures)
    assert sheet.cell(row=2, column=1).hyperlink.target == "bulletin.pdf#_Toc22406"
    assert sheet.cell(row=8, column=1).hyperlink.target == "bulletin.pdf#_Toc500000000"


def test_the_sample_has_no_chart_as_only_two_investments_compare(sample):
    assert load_workbook(sample[2]).sheetnames == [FIGURES_SHEET, SECTIONS_SHEET]


def test_one_kind_of_amount_is_charted_each_fact_once_largest_first(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).parent / "pdf"))
    from test_chart import amounts_document

    document = amounts_document()
    path = tmp_path / "a.xlsx"
    write_xlsx(document, extract(document), path, link_name="a.pdf")
    workbook = load_workbook(path)
    assert workbook.sheetnames == [FIGURES_SHEET, SECTIONS_SHEET, CHART_SHEET]
    rows = list(workbook[CHART_SHEET].iter_rows(values_only=True))
    assert rows == [("指标", "投入（亿元）", "原文", "文章"), ("企业投入（350亿元）", 350, "350亿元", "甲"),
                    ("中央财政投入（200亿元）", 200, "200亿元", "甲"), ("地方投入（120亿元）", 120, "120亿元", "乙")]
    with zipfile.ZipFile(path) as package:
        charts = [n for n in package.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        chart_xml = package.read(charts[0]).decode()
    assert '<barDir val="bar"/>' in chart_xml and "<f>'图表'!$B$2:$B$4</f>" in chart_xml
    assert "<f>'图表'!$A$2:$A$4</f>" in chart_xml and '<showSerName val="0"/>' in chart_xml


def test_workbook_properties(sample):
    _, _, path, _ = sample
    properties = load_workbook(path).properties
    assert properties.title == "国际科技合作动态 数据附表"
    assert properties.subject.startswith("国际科技合作动态：")
    assert properties.creator == "publish"


@needs("soffice")
def test_libreoffice_shows_the_same_numbers(sample, tmp_path):
    _, figures, path, _ = sample
    converted = soffice_convert(path, "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path)
    rows = list(csv.reader(io.StringIO(converted.read_text(encoding="utf-8"))))
    assert rows[0] == list(FIGURE_HEADERS)
    shown = [(r[8], int(r[6].replace(",", "")) if r[6] else None) for r in rows[1:]]
    assert shown == [(f["text"], f["value"]) for f in figures_to_json(figures)]
    assert ("759亿元", 75_900_000_000) in shown


def _docx_with_paragraphs(path: Path, paragraphs: list[str]) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("=HYPERLINK(\"http://x\",\"title\")", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


def test_a_formula_in_the_document_stays_text(tmp_path):
    source = _docx_with_paragraphs(tmp_path / "hostile.docx", [
        '=HYPERLINK("http://x","y")', '=HYPERLINK("http://x","y")，投入759亿元。', "+1+1共3家", "@SUM(1) 5个"])
    out, err = io.StringIO(), io.StringIO()
    status = main(["xlsx", str(source), "-o", str(tmp_path / "out"), "-q"],
                  Environment(stdout=out, stderr=err, variables={}))
    assert status == 0, err.getvalue()
    annex = tmp_path / "out" / "hostile.xlsx"
    workbook = load_workbook(annex)
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells}
    assert '=HYPERLINK("http://x","title")' in texts and '=HYPERLINK("http://x","y")，投入759亿元。' in texts
    with zipfile.ZipFile(annex) as package:
        assert not [n for n in package.namelist() if n.startswith("xl/worksheets/sheet")
                    and b"<f>" in package.read(n)]


@pytest.mark.parametrize("text", INJECTIONS)
def test_leading_formula_characters_are_written_as_quoted_text(tmp_path, text):
    document = Document(sections=(Section(text, 1, ("_Toc1",), blocks=(Paragraph.plain(f"{text}共有5家单位。"),)),))
    path = tmp_path / "a.xlsx"
    write_xlsx(document, extract(document), path, link_name="a.docx")
    sheet = load_workbook(path)[FIGURES_SHEET]
    title = sheet.cell(row=2, column=1)
    assert (title.value, title.data_type, title.quotePrefix) == (text, "s", True)


def test_characters_xml_cannot_hold_are_dropped_with_a_warning(tmp_path):
    document = Document(sections=(Section("标题\x01", 1, ("_Toc1",), source=Source("报\x0b", None, "（来源：报）"),
                                          blocks=(Paragraph.plain("共有\x0c5家\x1f单位。"),)),))
    path = tmp_path / "a.xlsx"
    warnings = write_xlsx(document, extract(document), path, link_name="a.docx")
    assert len(warnings) == 1 and "dropped" in warnings[0]
    row = figure_rows(path)[0]
    assert (row[0], row[3], row[10]) == ("标题", 5, "共有5家单位。")
    assert load_workbook(path)[SECTIONS_SHEET]["D2"].value == "报"


def test_a_docx_name_with_control_characters_still_gives_a_workbook_that_opens(tmp_path):
    # The name comes from the input's file name, which may hold any byte but / and NUL on Linux.
    document = Document(sections=(Section("标题", 1, ("_Toc1",), blocks=(Paragraph.plain("共有5家单位。"),)),))
    path = tmp_path / "a.xlsx"
    write_xlsx(document, extract(document), path, link_name="a\x01\tb.docx")
    cell = load_workbook(path)[FIGURES_SHEET]["A2"]
    assert cell.hyperlink.target == "a%09b.docx#_Toc1"  # the control character dropped, the tab percent-encoded


def test_a_document_without_figures_still_gets_an_annex(tmp_path):
    document = Document(sections=(Section("没有数字", 1, ("_Toc1",), blocks=(Paragraph.plain("进一步合作。"),)),))
    path = tmp_path / "a.xlsx"
    assert write_xlsx(document, (), path, link_name="a.docx") == ()
    workbook = load_workbook(path)
    assert workbook.sheetnames == [FIGURES_SHEET, SECTIONS_SHEET]
    assert workbook[FIGURES_SHEET].auto_filter.ref == "A1:K1" and workbook[FIGURES_SHEET].max_row == 1


def test_a_bulletin_holding_every_kind_of_content_still_gets_its_annex(tmp_path):
    # Lists, notes, links, scripts, an equation, merged tables, a picture: the annex reads their text.
    import rich_bulletin

    document = rich_bulletin.rich_document()
    figures = extract(document)
    path = tmp_path / "rich.xlsx"
    assert write_xlsx(document, figures, path, link_name="rich.docx") == ()
    rows = figure_rows(path)
    assert len(rows) == len(figures) > 0
    sentences = {row[10] for row in rows}
    assert "示范区面积达100 m2，减排CO2约三成，重点项目（原定计划如期完成。" in sentences  # no endnote mark (i)
    assert {row[8] for row in rows} >= {"12项", "9项", "3万元", "117万元"}  # figures in table cells, merged or long
    sections = list(load_workbook(path)[SECTIONS_SHEET].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[2]) for row in sections] == [(s.title, " ".join(s.bookmarks) or None) for s in document.walk()]


def test_texts_and_numbers_read_back_exactly(tmp_path):
    # The sheets are written as XML text here: markup characters, a carriage return, edge spaces,
    # a tab and characters beyond the BMP must come back as they went in, the numbers as numbers.
    sentence = "A&B <c> \"d\" 'e'\r\nline\tend 😀𠀀 "
    document = Document(sections=(Section("标题 & <一>", 1, ("_Toc1",),
                                          source=Source("报", dt.date(1900, 2, 1), "（来源：报）")),))
    figures = (Figure("0.25亿元", Decimal("25000000.5"), "元", "约", " 投入 ", sentence, "标题 & <一>", "_Toc1"),
               Figure("1.5", Decimal("1.5"), "", None, None, "s", "标题 & <一>", None))
    path = tmp_path / "a.xlsx"
    assert write_xlsx(document, figures, path, link_name="第1期 a&b#1%.pdf") == ()
    workbook = load_workbook(path)
    rows = list(workbook[FIGURES_SHEET].iter_rows(min_row=2))
    assert [c.value for c in rows[0]] == ["标题 & <一>", None, " 投入 ", 0.25, "亿元", "约", 25000000.5, "元", "0.25亿元",
                                          None, sentence]
    assert rows[0][6].number_format == "#,##0.0##" and rows[1][6].value == 1.5
    # the target percent-encoded where a link cannot hold the character; the heading's own name after #
    assert rows[0][0].hyperlink.target == "第1期%20a&b%231%25.pdf#_Toc1"
    assert rows[1][0].hyperlink.target == "第1期%20a&b%231%25.pdf"
    section = workbook[SECTIONS_SHEET]["E2"]
    assert section.value == dt.datetime(1900, 2, 1) and section.number_format == "yyyy-mm-dd"


def test_every_part_is_well_formed_declared_and_linked(sample):
    from lxml import etree

    _, _, path, _ = sample
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        parts = {name: etree.fromstring(package.read(name)) for name in names}
    declared = {o.get("PartName", "").lstrip("/") for o in parts.pop("[Content_Types].xml")}
    assert declared - {""} >= {n for n in names if not n.endswith(".rels") and n != "[Content_Types].xml"}
    for name, root in parts.items():
        if not name.endswith(".rels"):
            continue
        folder = PurePosixPath(name).parent.parent
        for relationship in root:
            target = relationship.get("Target")
            if relationship.get("TargetMode") == "External":
                assert target.startswith("bulletin.pdf#_Toc")
            else:
                assert (target.lstrip("/") if target.startswith("/") else str(folder / target)) in names
