"""The PDF's body face from the machine (仿宋/宋 TrueType), a named one, or the bundled Noto Sans SC with one line."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import publish
from publish.errors import PublishError
from publish.writers.pdf import fonts, machine, system_fonts

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
    bundled = fonts.font_files("中文")  # built first if the cache is cold, so that its progress is not heard below
    monkeypatch.setattr(system_fonts, "_candidates", lambda: [])
    monkeypatch.setattr(system_fonts, "_SAID", False)
    heard: list[str] = []
    files, note = system_fonts.choose("中文", progress=heard.append)
    assert (files, note, heard) == (bundled, NOTE, [NOTE])
    assert system_fonts.choose("中文", progress=heard.append) == (files, NOTE) and heard == [NOTE]  # once
    assert system_fonts.choose("中文", "bundled") == (fonts.font_files("中文"), None)
    # once before, unheard, as the cache may lack the sample's characters: its build would be heard below
    publish.publish(sample_docx, publish.Options(output_dir=tmp_path / "first", outputs=("pdf",)))
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
    monkeypatch.setenv(machine.CACHE_VARIABLE, str(tmp_path))
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


def test_a_discovery_record_that_is_no_json_object_is_found_again(monkeypatch, tmp_path):
    # a record cut or written by hand ("[]"): it escaped as AttributeError ('list' has no 'get')
    monkeypatch.setenv(machine.CACHE_VARIABLE, str(tmp_path))
    monkeypatch.setattr(system_fonts, "_fontconfig_faces", lambda: [system_fonts.Face(tmp_path / "a.ttf", 0, "宋体")])
    (tmp_path / system_fonts.DISCOVERY).write_text("[]", encoding="utf-8")
    assert system_fonts._candidates() == [system_fonts.Face(tmp_path / "a.ttf", 0, "宋体")]
    monkeypatch.setattr(system_fonts, "_fontconfig_faces", lambda: [])  # remembered now: fontconfig is not asked
    assert system_fonts._candidates() == [system_fonts.Face(tmp_path / "a.ttf", 0, "宋体")]
