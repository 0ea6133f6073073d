"""The machine's faces that fill what the PDF's Chinese faces lack (DejaVu Sans, DejaVu Math TeX Gyre): on real
corpus files and small strings, in the bundled pair and in a machine face; right-to-left letters never filled."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import publish
from publish.writers.pdf import fillers, fonts, machine, system_fonts

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture
def dejavu() -> dict[str, Path]:
    """The DejaVu fillers fontconfig finds here, by PostScript name; the test is skipped without them."""
    if not shutil.which("fc-list"):
        pytest.skip("no fontconfig (fc-list): the fillers are found through it")
    found = {face.family: face.path for weights, face in fillers._found()}
    names = ("DejaVuSans", "DejaVuSans-Bold", "DejaVuMathTeXGyre-Regular")
    if not set(names) <= set(found):
        pytest.skip("DejaVu Sans or DejaVu Math TeX Gyre missing: apt install fonts-dejavu-core fonts-dejavu-extra")
    return found


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_the_fillers_come_in_the_tables_order_for_each_weight(dejavu) -> None:  # noqa: ANN001
    assert [face.family for face in fillers.faces("regular")] == ["DejaVuSans", "DejaVuMathTeXGyre-Regular"]
    # bold: DejaVu Sans Bold first; what it lacks from the regular faces rather than a box
    assert [face.family for face in fillers.faces("bold")] == ["DejaVuSans-Bold", "DejaVuSans",
                                                                      "DejaVuMathTeXGyre-Regular"]


@pytest.mark.parametrize("font", [None, system_fonts.BUNDLED])
def test_math_letters_of_a_real_document_print_in_either_face_and_leave_the_warning(dejavu, font, tmp_path) -> None:  # noqa: ANN001
    # POI's bug57031: a statistics answer sheet with 𝐻 𝑆 𝑒 𝛼 (math italic) and ∙, which neither UMing nor
    # Noto Sans SC has: they printed as boxes and were listed in the warning.
    if font is None and system_fonts.find() is None:
        pytest.skip("no 仿宋/宋 face on this machine: the bundled case covers the fill")
    result = publish.publish(CORPUS / "poi__test-data_document_bug57031.docx",
                             publish.Options(output_dir=tmp_path, outputs=("pdf",), pdf_font=font))
    text = pdf_text(tmp_path / "poi__test-data_document_bug57031.pdf")
    assert set("𝐻𝑆𝑒𝑠𝑡𝑧𝛼∙") <= set(text)
    assert not [warning for warning in result.warnings if "not in the PDF font" in warning]


def test_letters_of_other_latin_and_cyrillic_languages_print(dejavu, tmp_path) -> None:  # noqa: ANN001
    # POI's 56392 (a Czech letter: Č ř ů) and WordWithAttachments (Uzbek Cyrillic: Ў ғ Қ Ҳ).
    for name, letters in (("poi__test-data_document_56392.docx", "Ččřšů"),
                          ("poi__test-data_document_WordWithAttachments.docx", "ЎўғҚқҲ")):
        result = publish.publish(CORPUS / name, publish.Options(output_dir=tmp_path, outputs=("pdf",)))
        assert set(letters) <= set(pdf_text(tmp_path / name.replace(".docx", ".pdf"))), name
        assert not [warning for warning in result.warnings if "not in the PDF font" in warning], name


def test_arabic_is_never_filled_and_stays_in_the_warning(dejavu, tmp_path) -> None:  # noqa: ANN001
    # docx4j's arabic_align: DejaVu Sans has these letters, but reportlab would draw them unjoined and
    # left to right: another text. They stay missing, and the warning says why.
    name = "docx4j__docx4j-core-tests_src_test_resources_multilingual_arabic_arabic_align.docx"
    result = publish.publish(CORPUS / name, publish.Options(output_dir=tmp_path, outputs=("pdf",), full_pdf=True))
    [warning] = [warning for warning in result.warnings if "not in the PDF font" in warning]
    assert warning.startswith("14 right-to-left character(s) (Arabic, Hebrew)") and "ب" in warning
    files, _ = system_fonts.choose("بةت")
    from fontTools.ttLib import TTFont

    for path in (files.regular, files.bold):
        assert not {ord(c) for c in "بةت"} & set(TTFont(path).getBestCmap())


def test_every_right_to_left_character_is_in_the_blocks_never_filled() -> None:
    import unicodedata

    outside = [hex(code) for code in range(0x110000)
               if unicodedata.bidirectional(chr(code)) in ("R", "AL", "AN") and not fillers.right_to_left(chr(code))]
    assert outside == ["0x200f"]  # the right-to-left mark: a format character, invisible, never filled either
    assert not fillers.fillable("ب") and not fillers.fillable("\u200b") and not fillers.fillable("\uf0b7")
    assert fillers.fillable("Č") and fillers.fillable("𝐻") and fillers.fillable("\u2002")


def test_a_character_no_face_has_is_not_asked_for_and_a_fillers_one_is_asked_once(dejavu, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv(machine.CACHE_VARIABLE, str(tmp_path))
    monkeypatch.setattr(fonts, "core_charset", lambda: "国际科技ABC")
    monkeypatch.setattr(fonts, "_can_fork", lambda: False)
    built: list[str] = []
    real_build = fonts.build_instances

    def counting_build(source: Path, targets: dict, characters: str, step) -> None:  # noqa: ANN001
        built.append(characters)
        real_build(source, targets, characters, step)

    monkeypatch.setattr(fonts, "build_instances", counting_build)
    first = fonts.font_files("国")
    # Gothic, Arabic, CJK Extension B, private use: no face here gives them (Arabic: none may)
    assert not set("𐌲ب\U00020000\uf0b7") & fillers.offered()
    assert fonts.font_files("国𐌲ب\U00020000\uf0b7") == first
    second = fonts.font_files("国Č𝐻")
    assert second != first and fonts.font_files("Č") == second  # asked once, then covered
    assert len(built) == 2 and set("Č𝐻") <= set(built[1])
    from fontTools.ttLib import TTFont
    from reportlab.pdfbase.ttfonts import TTFontFace

    for path in (second.regular, second.bold):
        assert {ord("Č"), 0x1D43B} <= set(TTFont(path).getBestCmap())
        assert 0x1D43B in TTFontFace(str(path)).charToGlyph  # past 16 bits: a format 12 cmap, which reportlab reads
    # Without the fillers (DejaVu removed), the cache is another one: what was filled is not taken as covered.
    monkeypatch.setattr(fillers, "_found", lambda: [])
    assert fonts.font_files("国").regular.parent.parent != second.regular.parent.parent


@pytest.mark.skipif(not UMING.is_file(), reason="no serif CJK TrueType face: apt install fonts-arphic-uming")
def test_a_machine_face_is_filled_from_the_bundled_face_then_the_fillers(dejavu, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv(machine.CACHE_VARIABLE, str(tmp_path))
    monkeypatch.setattr(fonts, "core_charset", lambda: "国际科技ABC")
    monkeypatch.setattr(fonts, "_can_fork", lambda: False)
    from fontTools.ttLib import TTFont

    face = system_fonts.Face(UMING, 0, "AR PL UMing CN")
    bundled = fonts.font_files("中™𝐻")
    subset = TTFont(system_fonts._subset_cached(face, "中™𝐻ب", lambda line: None, bundled.regular))
    cmap = subset.getBestCmap()
    assert {ord("中"), ord("™"), 0x1D43B} <= set(cmap) and ord("ب") not in cmap
    glyph = subset["glyf"][cmap[0x1D43B]]
    glyph.recalcBounds(subset["glyf"])
    # DejaVu Math's 𝐻 (2048 units an em) scaled to UMing's 1024: a capital's height, on the baseline
    assert 0.6 * 1024 < glyph.yMax < 0.8 * 1024 and abs(glyph.yMin) < 0.02 * 1024


def test_the_spaces_a_filler_has_are_asked_for_and_filled(dejavu, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    # An en space, a thin space and a narrow no-break space (Word's typography): Noto Sans SC's charset has
    # none of them, DejaVu Sans has all. Unasked, they printed as Noto's crossed .notdef box, and unreported,
    # as a space is never listed missing.
    monkeypatch.setenv(machine.CACHE_VARIABLE, str(tmp_path))
    monkeypatch.setattr(fonts, "core_charset", lambda: "国际科技ABC")
    monkeypatch.setattr(fonts, "_can_fork", lambda: False)
    from fontTools.ttLib import TTFont

    spaces = "\u2002\u2009\u202f"
    assert set(spaces) <= fillers.offered()
    files = fonts.font_files("国" + spaces)
    for path in (files.regular, files.bold):
        assert {ord(char) for char in spaces} <= set(TTFont(path).getBestCmap()), path.name
    assert fonts.cache_covers("国" + spaces)


def test_a_damaged_filler_gives_nothing_and_the_next_one_fills(dejavu, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    # A filler cut short (a broken package, a full disk): its first bytes say TrueType, so it is found, but
    # its cmap cannot be read. It gave a traceback from the PDF writer; as in ``offered``, it gives nothing.
    from fontTools.ttLib import TTFont

    monkeypatch.setenv(machine.CACHE_VARIABLE, str(tmp_path / "cache"))
    monkeypatch.setattr(fonts, "core_charset", lambda: "国际科技ABC")
    monkeypatch.setattr(fonts, "_can_fork", lambda: False)
    damaged = tmp_path / "DejaVuSans.ttf"
    damaged.write_bytes(dejavu["DejaVuSans"].read_bytes()[:20000])
    font = TTFont(fonts.font_files("国").regular)
    assert ord("Ў") not in font.getBestCmap()
    order = font.getGlyphOrder()
    fillers.fill(font, "Ў", [fillers.Face(damaged, 0, "DejaVuSans")])
    assert font.getGlyphOrder() == order and ord("Ў") not in font.getBestCmap()
    fillers.fill(font, "Ў", [fillers.Face(damaged, 0, "DejaVuSans"),
                             fillers.Face(dejavu["DejaVuSans"], 0, "DejaVuSans")])
    assert ord("Ў") in font.getBestCmap()
