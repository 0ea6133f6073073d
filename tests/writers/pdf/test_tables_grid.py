"""The digest's figure tables (``Grid``) look exactly as reportlab's Table drew them with the same style.

Grid replaced reportlab's Table for speed; these tests build the same tables both ways, split across
pages at many places, and compare the rendered pages pixel for pixel (pdftoppm).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from support import needs

from publish.model import Masthead
from publish.writers.pdf import fonts as font_cache
from publish.writers.pdf import tables
from publish.writers.pdf.faces import Fonts
from publish.writers.pdf.state import State
from publish.writers.pdf.styles import CELL, GREY, RED

MASTHEAD = Masthead(name="国际科技合作动态", issue="第1期", unit="科技部国际合作司", date="2016年5月27日")
HEAD = ("子项", "指标", "原文", "数值")
LONG = "国家科技重大专项带动地方和企业投入超过一千亿元，覆盖全国三十一个省市的科研院所高校和企业"


def rows_for(state: State, count: int, widths: list[float], *, header: bool) -> list[list]:
    """Fresh cells (Text cells keep layout state): short strings, and long ones that wrap."""
    rows = [[tables._cell(text, width, state, bold=True, align="center") for text, width in zip(HEAD, widths)]] \
        if header else []
    for index in range(count):
        texts = (f"专项{index}" if index % 3 == 0 else "", LONG[: 4 + (index * 7) % len(LONG)], f"{index * 37}亿元",
                 f"{index * 1.5:,.1f}")
        rows.append([tables._cell(text, width, state, align=align)
                     for text, width, align in zip(texts, widths, ("left", "left", "left", "right"))])
    return rows


def reportlab_table(rows: list[list], widths: list[float], state: State, *, header: bool,
                    aligns: tuple[str, ...], group_starts: list[int]):  # noqa: ANN201
    """The digest's table as it was made before Grid: reportlab's Table with these style commands."""
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), state.fonts.regular),
        ("FONTSIZE", (0, 0), (-1, -1), CELL.size),
        ("LEADING", (0, 0), (-1, -1), CELL.leading),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEABOVE", (0, 0), (-1, 0), 1.0, RED),
        ("LINEBELOW", (0, -1), (-1, -1), 1.0, RED),
        ("INNERGRID", (0, 0), (-1, -1), 0.3, (0.75, 0.75, 0.75)),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), tables.CELL_PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), tables.CELL_PADDING),
    ]
    for column, align in enumerate(aligns):
        commands.append(("ALIGN", (column, 0), (column, -1), align.upper()))
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), (0.97, 0.92, 0.92)))
        commands.append(("FONTNAME", (0, 0), (-1, 0), state.fonts.bold))
        commands.append(("ALIGN", (0, 0), (-1, 0), "CENTER"))
    commands.extend(("LINEABOVE", (0, row), (-1, row), 0.8, GREY) for row in group_starts)
    table.setStyle(TableStyle(commands))
    return table


def build(path: Path, make_table, offset: float) -> None:  # noqa: ANN001
    """A small page, ``offset`` points of space, then the table: it splits at a different row per offset."""
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer

    document = BaseDocTemplate(str(path), pagesize=(420, 400), leftMargin=20, rightMargin=20, topMargin=20,
                               bottomMargin=20, pageCompression=0)
    document.addPageTemplates([PageTemplate(frames=[Frame(20, 20, 380, 360, leftPadding=0, rightPadding=0,
                                                          topPadding=0, bottomPadding=0)])])
    document.build([Spacer(1, offset), make_table()])


def pages(path: Path, folder: Path, name: str) -> list[Path]:
    subprocess.run(["pdftoppm", "-png", "-r", "100", str(path), str(folder / name)], check=True)
    return sorted(folder.glob(f"{name}-*.png"))


@pytest.fixture(scope="module")
def state() -> State:
    characters = font_cache.characters_in(HEAD, LONG, "专项亿元0123456789.,")
    fonts = Fonts.load(characters)
    return State(masthead=MASTHEAD, fonts=fonts, shown=fonts.for_document())


@needs("pdftoppm")
@pytest.mark.parametrize("header, groups", [(True, [1, 4, 8, 9, 15]), (False, [])])
@pytest.mark.parametrize("offset", [0, 60, 130, 200, 275, 330])
def test_grid_draws_and_splits_as_reportlab_table(state: State, tmp_path: Path, header: bool, groups: list[int],
                                                  offset: float) -> None:
    widths = [60.0, 150.0, 90.0, 80.0]
    aligns = ("left", "left", "left", "right")

    def old() -> object:
        return reportlab_table(rows_for(state, 18, widths, header=header), widths, state, header=header,
                               aligns=aligns, group_starts=groups)

    def new() -> object:
        return tables._table(rows_for(state, 18, widths, header=header), widths, state, header=header,
                          aligns=aligns, group_starts=groups)

    build(tmp_path / "old.pdf", old, offset)
    build(tmp_path / "new.pdf", new, offset)
    before, after = pages(tmp_path / "old.pdf", tmp_path, "old"), pages(tmp_path / "new.pdf", tmp_path, "new")
    assert len(before) == len(after) >= 2
    for old_page, new_page in zip(before, after):
        difference = ImageChops.difference(Image.open(old_page).convert("RGB"), Image.open(new_page).convert("RGB"))
        assert difference.getbbox() is None, f"{new_page.name} differs in {difference.getbbox()}"


def test_a_tab_in_a_one_line_cell_is_a_wide_space_not_a_box(state: State) -> None:
    """MinerU's sub-heading 1.2.5<tab>Tables, in the 子项 column: the fonts have no glyph for a tab."""
    assert tables._cell("1.2.5\tTables", 300, state) == "1.2.5\u3000Tables"
