"""How ``Text`` and ``Cover`` draw: line breaks by the Chinese rules, the red masthead, raised and
lowered scripts, lines, link colour, drawn check boxes and line breaks, read from the rendered pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from support import needs, run
from pdf_cases import FRAME_LEFT, FRAME_RIGHT, MASTHEAD, page_texts, placed_words, the, word_positions

from publish.model import Document, Paragraph, Run, Section
from publish.layout.linebreak import unbreakable_words, violations
from publish.writers.pdf import fillers
from publish.writers.pdf.document import write_pdf


@needs("pdftotext")
def test_no_line_breaks_the_chinese_rules_and_no_number_or_word_is_split(full, document) -> None:  # noqa: ANN001
    lines = "\n".join(page_texts(full, "-layout")).splitlines()
    assert [(line, violations(line)) for line in lines if violations(line)] == []
    words = {w for s in document.walk() for p in s.paragraphs for w in unbreakable_words(p.text)}
    assert {"2016", "TD-LTE", "Bernard", "Harris", "24.3", "759", "C919"} <= words
    for word in words:
        assert any(re.search(rf"(?<![A-Za-z0-9.]){re.escape(word)}(?![A-Za-z0-9])", line) for line in lines), word


@needs("pdftoppm")
def test_the_cover_is_red_at_the_top_and_the_pages_are_not_blank(digest, tmp_path: Path) -> None:  # noqa: ANN001
    from PIL import Image

    run("pdftoppm", "-png", "-r", "30", str(digest[0]), str(tmp_path / "page"))
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == len(PdfReader(digest[0]).pages)
    cover = Image.open(images[0]).convert("RGB")
    top = cover.crop((0, 0, cover.width, cover.height // 5))
    red = sum(1 for r, g, b in top.get_flattened_data() if r > 150 and g < 80 and b < 80)
    assert red > 200  # the masthead name and rule
    for image in images:
        ink = sum(1 for r, g, b in Image.open(image).convert("RGB").get_flattened_data() if r + g + b < 300)
        assert ink > 500, image.name


@needs("pdftotext")
def test_superscripts_are_raised_and_subscripts_lowered(every) -> None:  # noqa: ANN001
    words = placed_words(every[0])
    line = next(w for w in words if w.text == "示范面积达100")
    near = sorted((w for w in words if w.text == "2" and w.page == line.page and abs(w.y0 - line.y0) < 8),
                  key=lambda w: w.x0)
    square, carbon = near  # m², then CO₂
    assert square.y1 < line.y1 - 3 < line.y1 < carbon.y1
    for script in (square, carbon):
        assert script.y1 - script.y0 < 0.7 * (line.y1 - line.y0)
    # An equation's Unicode subscript prints: as itself where a filler face (DejaVu Sans) gave the font its
    # glyph, else, the font lacking it, as a lowered 1.
    formula = next(w for w in words if w.text.startswith("公式a"))
    if "₁" in formula.text:
        assert fillers.faces("regular") and not [w for w in every[1] if "not in the PDF font" in w]
    else:
        lowered = next(w for w in words if w.text == "1" and w.page == formula.page and abs(w.y0 - formula.y0) < 8)
        assert lowered.y1 > formula.y1


@needs("pdftoppm")
def test_underline_and_strike_through_are_drawn_as_lines(every, tmp_path: Path) -> None:  # noqa: ANN001
    from PIL import Image as PILImage

    words = placed_words(every[0])
    line = next(w for w in words if w.text.startswith("这是下划线文字和删除线文字"))
    run("pdftoppm", "-png", "-r", "144", "-f", str(line.page), "-l", str(line.page), str(every[0]), str(tmp_path / "p"))
    picture = PILImage.open(next(tmp_path.glob("p-*.png"))).convert("L")
    scale = 2  # 144 dpi

    def full_rows(first_char: int, last_char: int) -> list[float]:
        """Rows (in points below the line's top) inked across characters first..last (12 pt each)."""
        left, right = int((line.x0 + 12 * first_char + 1) * scale), int((line.x0 + 12 * last_char - 1) * scale)
        rows = []
        for y in range(int((line.y0 - 2) * scale), int((line.y1 + 4) * scale)):
            inked = sum(1 for x in range(left, right) if picture.getpixel((x, y)) < 170)
            if inked >= 0.95 * (right - left):
                rows.append(y / scale - line.y0)
        return rows

    height = line.y1 - line.y0
    underline, strike, plain = full_rows(2, 7), full_rows(8, 13), full_rows(18, 22)  # 下划线文字, 删除线文字, 普通文字
    assert underline and min(underline) > 0.85 * height  # at the foot of the line
    assert strike and all(0.3 * height < y < 0.75 * height for y in strike)  # through the middle
    assert plain == []


@needs("pdftoppm")
def test_links_are_blue_on_the_rendered_page(every, tmp_path: Path) -> None:  # noqa: ANN001
    from PIL import Image as PILImage

    run("pdftoppm", "-png", "-r", "60", "-f", "2", "-l", "2", str(every[0]), str(tmp_path / "p"))
    page = PILImage.open(next(tmp_path.glob("p-*.png"))).convert("RGB")
    blue = sum(1 for r, g, b in page.get_flattened_data() if b > 100 and b > r + 60 and b > g + 30)
    assert blue > 30


@needs("pdftoppm")
def test_check_boxes_the_font_lacks_are_drawn_ticked_or_empty(tmp_path: Path) -> None:
    from PIL import Image as PILImage

    paragraph = Paragraph.plain("同意☑ 不同意☐ 作废☒")
    path = tmp_path / "boxes.pdf"
    # in the bundled font, which lacks them (a system face such as UMing has its own boxes)
    assert write_pdf(Document(sections=(Section("勾选", 1, ("_Toc1",), blocks=(paragraph,)),)), (), MASTHEAD, path,
                     full=True, font="bundled") == ()  # no "print as blanks" warning: they are drawn
    words = placed_words(path)
    run("pdftoppm", "-png", "-r", "144", "-f", "2", "-l", "2", str(path), str(tmp_path / "p"))
    page = PILImage.open(next(tmp_path.glob("p-*.png"))).convert("L")

    def ink(word_ending_in_box: str, top: float, bottom: float, left: float, right: float) -> int:
        """Dark pixels in the part of the 12 pt box that ends the word (fractions of the box)."""
        word = the(words, word_ending_in_box)  # the box's glyph is unpainted, but copied text keeps it
        x0, y0 = word.x1 - 12, word.y0
        return sum(1 for x in range(int((x0 + 12 * left) * 2), int((x0 + 12 * right) * 2))
                   for y in range(int((y0 + 12 * top) * 2), int((y0 + 12 * bottom) * 2)) if page.getpixel((x, y)) < 128)

    ticked, empty, crossed = ink("同意☑", 0.35, 0.75, 0.3, 0.7), ink("不同意☐", 0.35, 0.75, 0.3, 0.7), \
        ink("作废☒", 0.35, 0.75, 0.3, 0.7)
    assert ticked > 4 and crossed > 4 and empty == 0  # the middle of the box: a tick, a cross, nothing
    assert ink("不同意☐", 0.0, 1.0, 0.0, 1.0) > 20  # but the empty box has its frame


@needs("pdftoppm")
def test_line_breaks_start_new_lines_and_tabs_print_as_space(tmp_path: Path) -> None:
    from PIL import Image as PILImage

    body = Paragraph.plain("第一行" + "很长的文字，" * 6 + "写满\n第二行\t制表后")
    signature = Paragraph((Run("国际合作司\n二〇一六年五月"),), align="right")
    path = tmp_path / "breaks.pdf"
    assert write_pdf(Document(sections=(Section("换行", 1, ("_Toc1",), blocks=(body, signature)),)), (), MASTHEAD,
                     path, full=True) == ()
    words = placed_words(path)
    unit, date = the(words, "国际合作司"), the(words, "二〇一六年五月")
    assert unit.x1 == pytest.approx(FRAME_RIGHT, abs=0.5) and date.x1 == pytest.approx(FRAME_RIGHT, abs=0.5)
    assert date.y0 > unit.y0  # on a line of its own
    ended = next(w for w in words if w.text.endswith("写满"))  # the line the author ended: not stretched
    assert ended.x0 == pytest.approx(FRAME_LEFT, abs=0.5)
    assert ended.x1 - ended.x0 == pytest.approx(12 * len(ended.text), abs=0.5)
    before, after = the(words, "第二行"), the(words, "制表后")
    assert before.y0 == after.y0 > ended.y0 and after.x0 - before.x1 == pytest.approx(12, abs=0.5)
    run("pdftoppm", "-png", "-r", "144", "-f", "2", "-l", "2", str(path), str(tmp_path / "p"))
    page = PILImage.open(next(tmp_path.glob("p-*.png"))).convert("L")
    gap = [page.getpixel((x, y)) for x in range(int(before.x1 * 2) + 2, int(after.x0 * 2) - 2)
           for y in range(int(before.y0 * 2), int(before.y1 * 2))]
    assert min(gap) > 200  # blank: no missing-glyph box where the tab was


# -- the rich bulletin (tools/rich_bulletin.py), read as a reader's tools do -----------------------------


@needs("pdftotext")
def test_note_marks_and_scripts_are_raised(rich_full):
    pdf, _ = rich_full
    placed = word_positions(pdf)
    line = [w for w in placed if w[0].startswith("示范区面积达100")][0]
    near = [w for w in placed if w[3] == line[3] and abs(w[2] - line[2]) < 8 and w[0] in ("2", "i")]
    (square, carbon, endnote) = sorted(near, key=lambda w: w[1])  # m², CO₂, the endnote mark, left to right
    assert square[2] == endnote[2] < carbon[2]  # raised marks sit higher than the lowered 2 of CO₂


@needs("pdftotext")
def test_format_characters_are_neither_drawn_nor_measured_nor_reported(tmp_path: Path) -> None:
    # A zero-width space, a pop-directional-formatting and a word joiner (WC022's U+200B, stress006's U+202C):
    # once listed as missing and drawn as .notdef boxes a character wide.
    path = tmp_path / "invisible.pdf"
    text = "甲\u200b乙丙\u202c丁戊\u2060己"
    for font in (None, "bundled"):
        warnings = write_pdf(Document(sections=(Section("格式", 1, ("_Toc1",), blocks=(Paragraph.plain(text),)),)),
                             (), MASTHEAD, path, full=True, font=font)
        assert not [w for w in warnings if "not in the PDF font" in w], font
        [word] = [w for w in placed_words(path) if w.text.startswith("甲")]
        assert word.text == "甲乙丙丁戊己"  # nothing shown for them: copied text has none either
        assert abs((word.x1 - word.x0) - 6 * 12) < 1.5, font  # six ideographs of the 12 pt body, no more
