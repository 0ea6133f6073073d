"""The author's tables in the PDF: merged cells, repeated header rows, nested tables, rows taller than a
page, and odd shapes from real files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import needs, run
from pdf_cases import FRAME_LEFT, FRAME_RIGHT, MASTHEAD, NUMBERED, placed_words, png, reading, the, word_positions

from publish.model import Cell, Document, Image, ListItem, Paragraph, Section, Table
from publish.writers.pdf.document import write_pdf


@needs("pdftotext")
def test_a_merged_header_spans_its_columns_and_rows_at_the_scaled_widths(every) -> None:  # noqa: ANN001
    words = placed_words(every[0])
    scale = (FRAME_RIGHT - FRAME_LEFT) / 460  # column widths 60, 200, 200 scaled to the frame
    merged, area, ours = the(words, "合作经费"), the(words, "地区"), the(words, "中方")
    assert (merged.x0 + merged.x1) / 2 == pytest.approx(FRAME_LEFT + 260 * scale, abs=1)  # centred over two columns
    assert (ours.x0 + ours.x1) / 2 == pytest.approx(FRAME_LEFT + 160 * scale, abs=1)
    assert (the(words, "外方").x0 + the(words, "外方").x1) / 2 == pytest.approx(FRAME_LEFT + 360 * scale, abs=1)
    assert merged.y0 < area.y0 < ours.y0  # 地区 spans both header rows
    asia = the(words, "亚洲")
    row = {w.text: w for w in words if w.page == asia.page and w.y0 == asia.y0}
    assert asia.x0 == pytest.approx(FRAME_LEFT + 5, abs=0.5)  # cell padding 5
    assert row["12万元"].x0 == pytest.approx(FRAME_LEFT + 60 * scale + 5, abs=0.5)
    assert row["9万元"].x0 == pytest.approx(FRAME_LEFT + 260 * scale + 5, abs=0.5)


@needs("pdftotext")
def test_header_rows_repeat_on_every_page_a_table_reaches(every) -> None:  # noqa: ANN001
    words = placed_words(every[0])
    rows = {int(w.text[1:-1]): w.page for w in words if re.fullmatch(r"第\d+项", w.text)}
    assert sorted(rows) == list(range(1, 61))
    pages = set(rows.values())
    assert len(pages) >= 2
    for page in pages:
        header = [w for w in words if w.text == "序号" and w.page == page]
        first_row = min(w.y0 for w in words if re.fullmatch(r"第\d+项", w.text) and w.page == page)
        assert len(header) == 1 and header[0].y0 < first_row


@needs("pdfimages")
def test_a_nested_table_and_a_picture_sit_inside_their_cells(every) -> None:  # noqa: ANN001
    words = placed_words(every[0])
    scale = (FRAME_RIGHT - FRAME_LEFT) / 400
    outer, first, second = the(words, "外层"), the(words, "内层甲"), the(words, "内层乙")
    assert first.y0 == second.y0 == outer.y0 + 3  # the inner cells' own top padding
    inner_left = FRAME_LEFT + 100 * scale + 5  # the outer cell's content box
    inner_column = (FRAME_RIGHT - 5 - inner_left) / 2
    assert first.x0 == pytest.approx(inner_left + 5, abs=0.5)
    assert second.x0 == pytest.approx(inner_left + inner_column + 5, abs=0.5)
    listing = run("pdfimages", "-list", str(every[0])).splitlines()[2:]
    pictures = [(int(row.split()[0]), int(row.split()[3]), int(row.split()[4])) for row in listing]
    assert pictures == [(the(words, "图").page, 40, 20)]  # one picture: the cell's, on its row's page


@needs("pdftotext")
def test_a_table_row_taller_than_a_page_goes_on_over_the_break(every) -> None:  # noqa: ANN001
    holding = {w.page for w in placed_words(every[0]) if "很长的回答" in w.text}
    assert len(holding) >= 2
    assert reading(every[0]).count("很长的回答。") == 600


@needs("pdftotext")
def test_odd_tables_and_lists_from_real_files_still_set(tmp_path: Path) -> None:
    # Shapes that made reportlab fail in the corpus: 29 columns a point wide beside a wide one, a picture in one,
    # a row of many paragraphs taller than a page, and list items that are a label alone.
    letters = "abcdefghijklmnopqrstuvwxyzABCD"
    narrow = Table((tuple(Cell((Paragraph.plain(letter),)) for letter in letters),
                    (Cell((Image(png(30, 30), "image/png", 30 * 12700, 30 * 12700, "图"),)),)), (1.0,) * 29 + (300.0,))
    many = Table(((Cell(tuple(Paragraph.plain(f"第{n}段。") for n in range(90))), Cell((Paragraph.plain("旁"),))),))
    labels = tuple(Paragraph((), list_item=ListItem("7", 0, f"{n}.")) for n in range(1, 121))
    document = Document(sections=(Section("表", 1, ("_Toc1",), blocks=(narrow, many, *labels)),), lists=(NUMBERED,))
    path = tmp_path / "odd.pdf"
    assert write_pdf(document, (), MASTHEAD, path, full=True) == ()
    words = placed_words(path)
    columns = sorted((w for w in words if re.fullmatch(r"[A-Za-z]+", w.text) and w.page == 2), key=lambda w: w.x0)
    assert "".join(w.text for w in columns) == letters  # one a column, left to right
    assert columns[-1].x1 <= FRAME_RIGHT
    assert all(f"第{n}段。" in reading(path) for n in range(90))
    assert {f"{n}." for n in range(1, 121)} <= {w.text for w in words}


# -- the rich bulletin (tools/rich_bulletin.py), read as a reader's tools do -----------------------------


@needs("pdftotext")
def test_merged_header_cell_spans_its_rows(rich_full):
    pdf, _ = rich_full
    placed = {w[0]: w for w in word_positions(pdf)}
    assert [w for w in word_positions(pdf) if w[0] == "合作项目"].__len__() == 1
    area, project, ours = placed["领域"], placed["合作项目"], placed["中方"]
    assert project[2] < area[2] < ours[2]  # 领域 sits between the two header rows it spans


@needs("pdftotext")
def test_header_rows_repeat_when_a_table_breaks(rich_full):
    pdf, _ = rich_full
    pages_with_header = {w[3] for w in word_positions(pdf) if w[0] == "序号"}
    pages_with_rows = {w[3] for w in word_positions(pdf) if re.fullmatch(r"第\d+项", w[0])}
    assert len(pages_with_rows) >= 2 and pages_with_rows <= pages_with_header
