"""The PDF's body face from the machine (仿宋/宋 TrueType), a named one, or the bundled Noto Sans SC with one line."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import publish
from publish.errors import PublishError
from publish.writers.pdf import fonts, system_fonts

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
NOTO_SERIF = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
NOTE = ("PDF: no 仿宋 or 宋体 face on this machine (on Linux: apt install fonts-arphic-uming or fonts-noto-cjk; "
        "or give --font); set in the bundled Noto Sans SC")


def embedded(pdf: Path) -> list[tuple[str, int]]:
    """(font name without its subset tag, size of its embedded font program) for each font of the PDF:
    FontFile2 (TrueType) or FontFile3 (CFF)."""
    from pypdf import PdfReader

    found = []
    for page in PdfReader(str(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"]
            program = descriptor.get("/FontFile2", descriptor.get("/FontFile3")).get_object()
            found.append((str(font["/BaseFont"]).split("+", 1)[1], len(program.get_data())))
    return sorted(set(found))


def test_the_ranking_prefers_fangsong_then_song_then_ming_then_a_cjk_serif():
    ranks = [system_fonts._rank(f) for f in ("FangSong", "仿宋", "SimSun", "AR PL UMing CN", "Noto Serif CJK SC",
                                             "Noto Sans CJK SC")]
    assert ranks[0] == ranks[1] > ranks[2] > ranks[3] > ranks[4] > ranks[5] == 0


def test_without_a_song_face_the_bundled_font_is_used_and_said_once(monkeypatch, tmp_path, sample_docx):
    monkeypatch.setattr(system_fonts, "_candidates", lambda: [])
    monkeypatch.setattr(system_fonts, "_SAID", False)
    heard: list[str] = []
    files, note = system_fonts.choose("中文", progress=heard.append)
    assert (files, note, heard) == (fonts.font_files("中文"), NOTE, [NOTE])
    assert system_fonts.choose("中文", progress=heard.append) == (files, NOTE) and heard == [NOTE]  # once
    assert system_fonts.choose("中文", "bundled") == (fonts.font_files("中文"), None)
    monkeypatch.setattr(system_fonts, "_SAID", False)
    said: list[str] = []
    result = publish.publish(sample_docx, publish.Options(output_dir=tmp_path, outputs=("pdf", "docx")),
                             progress=said.append)
    assert said == [NOTE] and NOTE not in result.warnings


def test_a_named_font_that_is_not_there_is_a_one_line_error(tmp_path):
    with pytest.raises(PublishError, match=r"^--font 楷体不存在: no Chinese face of that name"):
        system_fonts.find("楷体不存在")
    with pytest.raises(PublishError, match=r"^--font .*nothing.ttf: no such font file$"):
        system_fonts.find(str(tmp_path / "nothing.ttf"))


def test_a_file_that_is_no_font_is_refused_in_one_line(tmp_path):
    (tmp_path / "notes.ttf").write_bytes(b"not a font at all")
    with pytest.raises(PublishError, match=r"^--font .*notes.ttf: not a TrueType or OpenType \(CFF\) font$"):
        system_fonts.find(str(tmp_path / "notes.ttf"))


@pytest.mark.skipif(not UMING.is_file(), reason="no serif CJK TrueType face: apt install fonts-arphic-uming")
def test_ar_pl_uming_is_found_and_embedded_as_small_as_the_bundled_font(tmp_path, sample_docx):
    face = system_fonts.find()
    assert (face.path, face.index, face.family) == (UMING, 0, "AR PL UMing CN")
    result = publish.publish(sample_docx, publish.Options(output_dir=tmp_path / "found", outputs=("pdf",)))
    assert not [w for w in result.warnings if w.startswith("PDF: ")]
    found = embedded(tmp_path / "found" / "bulletin.pdf")
    publish.publish(sample_docx, publish.Options(output_dir=tmp_path / "bundled", outputs=("pdf",),
                                                 pdf_font="bundled"))
    bundled = embedded(tmp_path / "bundled" / "bulletin.pdf")
    assert [name for name, _ in found] == ["NotoSansSC-Bold", "UMingCN"]  # bold headings: a 黑体-like face
    assert [name for name, _ in bundled] == ["NotoSansSC-Bold", "NotoSansSC-Regular"]
    # the document's glyphs only (measured: 270 KB of UMing's 21 MB against 127 KB of Noto Sans SC: its
    # outlines carry about twice the points); the whole PDF grows from 129 to 165 KB
    assert dict(found)["UMingCN"] < min(UMING.stat().st_size / 50, 2.5 * dict(bundled)["NotoSansSC-Regular"])
    if shutil.which("pdffonts"):
        listed = subprocess.run(["pdffonts", str(tmp_path / "found" / "bulletin.pdf")], capture_output=True,
                                text=True, check=True).stdout
        assert "+UMingCN" in listed and "CID TrueType" in listed


@pytest.mark.skipif(not UMING.is_file(), reason="no serif CJK TrueType face: apt install fonts-arphic-uming")
def test_the_font_option_and_the_config_key_name_a_face(tmp_path, sample_docx):
    from io import StringIO

    from publish.cli import Environment, main

    err = StringIO()
    status = main(["pdf", str(sample_docx), "-o", str(tmp_path / "a"), "--font", str(UMING), "-q"],
                  Environment(stdout=StringIO(), stderr=err, variables={}))
    assert (status, err.getvalue()) == (0, "")
    assert [name for name, _ in embedded(tmp_path / "a" / "bulletin.pdf")] == ["NotoSansSC-Bold", "UMingCN"]
    templates = tmp_path / "templates"
    templates.mkdir()
    shutil.copy(Path(publish.__file__).resolve().parents[2] / "templates" / "reference.docx", templates)
    (templates / "bulletin.toml").write_text('[pdf]\nfont = "bundled"\n', encoding="utf-8")
    publish.publish(sample_docx, publish.Options(output_dir=tmp_path / "b", outputs=("pdf",),
                                                 template=templates / "reference.docx"))
    assert [name for name, _ in embedded(tmp_path / "b" / "bulletin.pdf")] == ["NotoSansSC-Bold", "NotoSansSC-Regular"]


@pytest.fixture
def only_noto_serif(tmp_path, monkeypatch):
    """fontconfig pointed at the Noto CJK folder alone: UMing hidden, as on a machine without it."""
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><fontconfig><dir>{NOTO_SERIF.parent}</dir>'
                      f'<cachedir>{tmp_path / "fc-cache"}</cachedir></fontconfig>', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))


@pytest.mark.skipif(not NOTO_SERIF.is_file() or not shutil.which("fc-list"),
                    reason="fonts-noto-cjk's Noto Serif CJK (or fontconfig) is not installed")
def test_without_uming_noto_serif_cjk_sc_is_chosen_and_embedded_as_cff(only_noto_serif, tmp_path, sample_docx):
    face = system_fonts.find()
    assert (face.path, face.family) == (NOTO_SERIF, "Noto Serif CJK SC")  # SC before JP/KR/TC/HK, regular not bold
    said: list[str] = []
    result = publish.publish(sample_docx, publish.Options(output_dir=tmp_path / "serif", outputs=("pdf",)),
                             progress=said.append)
    assert not [w for w in result.warnings if w.startswith("PDF: ")] and NOTE not in said
    pdf = tmp_path / "serif" / "bulletin.pdf"
    found = embedded(pdf)
    assert [name for name, _ in found] == ["NotoSansSC-Bold", "NotoSerifCJKsc-Regular"]
    # the document's glyphs only: about as much as Noto Sans SC's of the same text (measured 76 KB)
    assert dict(found)["NotoSerifCJKsc-Regular"] < NOTO_SERIF.stat().st_size / 100
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    descendant = reader.pages[0]["/Resources"]["/Font"]
    kinds = {str(f.get_object()["/DescendantFonts"][0].get_object()["/Subtype"]) for f in descendant.values()}
    assert kinds == {"/CIDFontType0", "/CIDFontType2"}
    text = "".join(page.extract_text() for page in reader.pages)
    assert "中荷在京开展科技合作交流" in text and "科技部国际合作司" in text
    if shutil.which("pdffonts") and shutil.which("pdftotext"):
        listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        row = next(line for line in listed.splitlines() if "+NotoSerifCJKsc-Regular" in line)
        assert "CID Type 0C" in row and row.split()[-5:-2] == ["yes", "yes", "yes"]  # embedded, subset, ToUnicode
        extracted = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "首届中美创新与投资对接大会在休斯敦举办" in extracted


@pytest.mark.skipif(not NOTO_SERIF.is_file() or not UMING.is_file() or not shutil.which("fc-list"),
                    reason="needs both AR PL UMing and Noto Serif CJK")
def test_a_song_truetype_face_comes_before_noto_serif_cjk():
    assert system_fonts.find().path == UMING


@pytest.mark.skipif(not UMING.is_file(), reason="no serif CJK TrueType face: apt install fonts-arphic-uming")
def test_a_machine_face_rebuilt_for_more_characters_marks_and_later_drops_the_old_subset(tmp_path, monkeypatch):
    monkeypatch.setenv(fonts.CACHE_VARIABLE, str(tmp_path))
    monkeypatch.setattr(fonts, "core_charset", lambda: "国际科技ABC")
    monkeypatch.setattr(fonts, "_can_fork", lambda: False)
    face = system_fonts.Face(UMING, 0, "AR PL UMing CN")
    bundled = fonts.font_files("中")
    first = system_fonts._subset_cached(face, "中文", lambda line: None, bundled.regular)
    second = system_fonts._subset_cached(face, "中文镕", lambda line: None, bundled.regular)
    assert first != second and (first.parent / fonts.SUPERSEDED).is_file()
    old = first.parent / fonts.SUPERSEDED
    os.utime(old, (old.stat().st_mtime - fonts.SUPERSEDED_GRACE_SECONDS - 1,) * 2)  # marked over an hour ago
    third = system_fonts._subset_cached(face, "中文镕喆", lambda line: None, bundled.regular)
    assert not first.parent.exists() and second.parent.exists() and third.is_file()
    assert system_fonts._subset_cached(face, "中喆", lambda line: None, bundled.regular) == third  # covered: reused


# -- what the machine's filler faces give, and what they may not ------------------------------------------------

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture
def dejavu() -> dict[str, Path]:
    """The DejaVu fillers fontconfig finds here, by PostScript name; the test is skipped without them."""
    if not shutil.which("fc-list"):
        pytest.skip("no fontconfig (fc-list): the fillers are found through it")
    found = {face.family: face.path for weights, face in system_fonts._fillers()}
    names = ("DejaVuSans", "DejaVuSans-Bold", "DejaVuMathTeXGyre-Regular")
    if not set(names) <= set(found):
        pytest.skip("DejaVu Sans or DejaVu Math TeX Gyre missing: apt install fonts-dejavu-core fonts-dejavu-extra")
    return found


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_the_fillers_come_in_the_tables_order_for_each_weight(dejavu) -> None:  # noqa: ANN001
    assert [face.family for face in system_fonts.fillers("regular")] == ["DejaVuSans", "DejaVuMathTeXGyre-Regular"]
    # bold: DejaVu Sans Bold first; what it lacks from the regular faces rather than a box
    assert [face.family for face in system_fonts.fillers("bold")] == ["DejaVuSans-Bold", "DejaVuSans",
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
               if unicodedata.bidirectional(chr(code)) in ("R", "AL", "AN") and not system_fonts.right_to_left(chr(code))]
    assert outside == ["0x200f"]  # the right-to-left mark: a format character, invisible, never filled either
    assert not system_fonts.fillable("ب") and not system_fonts.fillable("\u200b") and not system_fonts.fillable("\uf0b7")
    assert system_fonts.fillable("Č") and system_fonts.fillable("𝐻") and system_fonts.fillable("\u2002")


def test_a_character_no_face_has_is_not_asked_for_and_a_fillers_one_is_asked_once(dejavu, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv(fonts.CACHE_VARIABLE, str(tmp_path))
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
    assert not set("𐌲ب\U00020000\uf0b7") & system_fonts.filled_characters()
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
    monkeypatch.setattr(system_fonts, "_fillers", lambda: [])
    assert fonts.font_files("国").regular.parent.parent != second.regular.parent.parent


@pytest.mark.skipif(not UMING.is_file(), reason="no serif CJK TrueType face: apt install fonts-arphic-uming")
def test_a_machine_face_is_filled_from_the_bundled_face_then_the_fillers(dejavu, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv(fonts.CACHE_VARIABLE, str(tmp_path))
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
