"""The PDF's font as one CID-keyed font: what readers copy, where glyphs go, what is embedded."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from support import needs, run

from publish.writers.pdf import fonts as font_cache
from publish.writers.pdf.faces import Fonts

SHARED_GLYPHS = "·•–‒～〜"  # three pairs, each pair one glyph in Noto Sans SC
MISSING = "\U0001F600\u0E01"  # an emoji and a Thai letter: not in the font, shown as its blank glyph


@pytest.fixture(scope="module")
def font_pair() -> Fonts:
    return Fonts.load(font_cache.characters_in("中文iW" + SHARED_GLYPHS))


def draw(path: Path, fonts: Fonts, lines: list[tuple[str, bool]]) -> dict[str, object]:
    """One page: each (text, bold) on a line of its own at x = 50, half through ``show`` and half through
    reportlab's drawString; returns the fonts used, by name."""
    from reportlab.pdfgen.canvas import Canvas

    shown = fonts.for_document()
    canvas = Canvas(str(path), pagesize=(400, 400), initialFontName=fonts.regular)
    for row, (text, bold) in enumerate(lines):
        font = shown[fonts.name(bold)]
        if row % 2:
            canvas.setFont(font.fontName, 20)
            canvas.drawString(50, 350 - 30 * row, text)
        else:
            text_object = canvas.beginText(50, 350 - 30 * row)
            text_object.setFont(font.fontName, 20)
            text_object._code.append(font.show(text))
            canvas.drawText(text_object)
    canvas.save()
    return shown


@needs("pdftotext")
def test_copied_text_keeps_characters_that_share_a_glyph_or_lack_one(tmp_path: Path, font_pair: Fonts) -> None:
    glyphs = {char: font_pair.faces[font_pair.regular].charToGlyph.get(ord(char)) for char in SHARED_GLYPHS + MISSING}
    assert glyphs["·"] == glyphs["•"] and glyphs["–"] == glyphs["‒"] and glyphs["～"] == glyphs["〜"]
    assert glyphs["\U0001F600"] is None and glyphs["\u0E01"] is None
    lines = [("中·文•", False), ("中–文‒", False), ("～〜" + MISSING, False), ("·•～", True)]
    draw(tmp_path / "shared.pdf", font_pair, lines)
    assert run("pdftotext", "-enc", "UTF-8", str(tmp_path / "shared.pdf"), "-").split() == [text for text, _ in lines]


@needs("pdffonts")
def test_each_weight_is_one_embedded_unicode_mapped_cid_font(tmp_path: Path, font_pair: Fonts) -> None:
    draw(tmp_path / "fonts.pdf", font_pair, [("中文iW", False), ("中文", True)])
    rows = [row.split() for row in run("pdffonts", str(tmp_path / "fonts.pdf")).splitlines()[2:]]
    assert sorted((re.sub(r"^[A-Z]{6}\+", "", row[0]), *row[1:7]) for row in rows) == [
        ("NotoSansSC-Bold", "CID", "TrueType", "Identity-H", "yes", "yes", "yes"),
        ("NotoSansSC-Regular", "CID", "TrueType", "Identity-H", "yes", "yes", "yes"),
    ]


@needs("pdftotext")
def test_glyphs_advance_by_the_widths_the_layout_measured(tmp_path: Path, font_pair: Fonts) -> None:
    lines = [("iiiiWWWW中", False), ("iiiiWWWW中", False), ("W中i", True), ("W中i", True)]
    draw(tmp_path / "widths.pdf", font_pair, lines)
    words = re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"',
                       run("pdftotext", "-bbox", "-enc", "UTF-8", str(tmp_path / "widths.pdf"), "-"))
    measured = [font_pair.text_width(text, bold, 20) for text, bold in lines]
    assert [round(float(right) - float(left), 1) for left, right in words] == [round(w, 1) for w in measured]
    assert measured[0] != 9 * 20 * 0.5  # the Latin letters are not all of one width


def test_the_embedded_font_holds_only_the_outlines_shown_under_their_own_ids(tmp_path: Path,
                                                                             font_pair: Fonts) -> None:
    from fontTools.ttLib import TTFont

    shown = draw(tmp_path / "subset.pdf", font_pair, [("中文中文", False)])
    face = font_pair.faces[font_pair.regular]
    reader = PdfReader(tmp_path / "subset.pdf")
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    descendant = fonts[0]["/DescendantFonts"][0].get_object()
    assert descendant["/CIDToGIDMap"] == "/Identity"  # no two characters shared a glyph
    embedded = TTFont(io.BytesIO(descendant["/FontDescriptor"]["/FontFile2"].get_data()))
    glyf = embedded["glyf"]
    with_outlines = {index for index, name in enumerate(embedded.getGlyphOrder()) if glyf[name].numberOfContours}
    assert with_outlines == {0, face.charToGlyph[ord("中")], face.charToGlyph[ord("文")]}
    assert len(embedded.getGlyphOrder()) == face.numGlyphs
    assert shown[font_pair.regular].fontName == font_pair.regular
