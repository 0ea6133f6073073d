"""The file ``document`` writes, checked the way a reader's tools see it (poppler, qpdf, pypdf): its pages,
fonts, metadata, warnings and validity."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader
from support import needs, run
from pdf_cases import FIGURES, MASTHEAD, link_annotations, page_texts, placed_words, reading, squeeze, text_under, the

from publish.model import Document, Paragraph, Run, Section
from publish.writers.pdf.document import write_pdf


def body_face() -> str:
    """The PostScript name of the body face this machine's PDFs use: its 仿宋/宋 TrueType face (UMingCN
    with fonts-arphic-uming), else the bundled NotoSansSC-Regular."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    from publish.writers.pdf.system_fonts import choose

    return TTFontFace(str(choose("")[0].regular)).name.decode("latin-1")


@needs("pdftotext")
def test_figures_given_by_a_function_are_asked_for_once_and_set_as_figures_given_at_once(
        document: Document, digest: tuple[Path, tuple[str, ...]], tmp_path: Path) -> None:
    asked = []

    def figures() -> tuple:
        asked.append(len(asked))
        return FIGURES

    assert write_pdf(document, figures, MASTHEAD, tmp_path / "later.pdf") == digest[1]
    assert asked == [0]
    assert page_texts(tmp_path / "later.pdf", "-layout") == page_texts(digest[0], "-layout")
    assert "专项成就数据" in squeeze("".join(page_texts(digest[0])))


def test_it_returns_no_warnings_for_the_sample(digest: tuple[Path, tuple[str, ...]]) -> None:
    assert digest[1] == ()


@needs("pdffonts")
def test_every_font_is_an_embedded_unicode_mapped_noto_sans_sc_subset(digest, full) -> None:  # noqa: ANN001
    for path in (digest[0], full):
        rows = run("pdffonts", str(path)).splitlines()[2:]
        assert rows
        names = set()
        for row in rows:
            name, *_, emb, sub, uni, _obj, _gen = row.split()
            assert (emb, sub, uni) == ("yes", "yes", "yes"), row
            names.add(re.sub(r"^[A-Z]{6}\+", "", name))
        assert names == {body_face(), "NotoSansSC-Bold"}  # a real bold, and no Helvetica


@needs("qpdf")
def test_qpdf_finds_no_errors(digest, full) -> None:  # noqa: ANN001
    for path in (digest[0], full):
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors" in result.stdout


@needs("pdftotext")
def test_each_contents_entry_is_a_link_to_the_page_of_its_section_and_shows_that_number(digest, document) -> None:  # noqa: ANN001
    reader = PdfReader(digest[0])
    links = []
    for annotation in reader.pages[0]["/Annots"]:
        annotation = annotation.get_object()
        assert annotation["/Subtype"] == "/Link"
        target = reader.get_page_number(annotation["/Dest"][0].get_object()) + 1
        links.append((float(annotation["/Rect"][3]), target))
    links.sort(reverse=True)  # top to bottom
    listed = [s for s in document.walk() if s.level <= 2]
    assert len(links) == len(listed) == 13
    layout = page_texts(digest[0], "-layout")
    contents_lines = [line for line in layout[0].splitlines() if re.search(r"\s\d+\s*$", line)]
    assert len(contents_lines) == len(listed)
    for section, (_top, target), line in zip(listed, links, contents_lines):
        assert squeeze(section.title) in squeeze(layout[target - 1]), (section.title, target)
        assert line.split()[0] == section.title.strip() and int(line.split()[-1]) == target


@needs("pdftotext")
def test_pages_carry_the_running_header_and_the_page_number(digest) -> None:  # noqa: ANN001
    pages = run("pdftotext", "-layout", "-enc", "UTF-8", str(digest[0]), "-").split("\f")[:-1]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert squeeze(page).endswith(f"—{number}—")  # GB/T 9704's "— N —", the page's last line
        header = page.strip().splitlines()[0]
        assert (MASTHEAD.name in header and MASTHEAD.issue in header) == (number > 1), header


def test_the_metadata_names_the_bulletin_and_the_language(digest) -> None:  # noqa: ANN001
    reader = PdfReader(digest[0])
    info = reader.metadata
    assert info.title == "国际科技合作动态 第1期"
    assert info.author == MASTHEAD.unit
    assert "2016年5月27日" in info.subject
    assert "中荷在京开展科技合作交流" in info["/Keywords"]
    assert info.creator.startswith("publish ")
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_a_character_outside_the_font_is_reported(tmp_path: Path) -> None:
    # 镕 and 喆 (names, outside GB2312) are in the font; 𠀀 (CJK Extension B) is not.
    document = Document(sections=(Section("朱镕基视察", 1, ("_Toc1",), blocks=(Paragraph.plain("张喆内容𠀀。"),)),))
    warnings = write_pdf(document, (), MASTHEAD, tmp_path / "rare.pdf")
    assert len(warnings) == 1 and "𠀀" in warnings[0]
    assert "镕" not in warnings[0] and "喆" not in warnings[0]
    text = subprocess.run(["pdftotext", str(tmp_path / "rare.pdf"), "-"], capture_output=True, text=True).stdout
    assert "朱镕基视察" in text and "张喆内容" in text


def test_odd_documents_still_make_a_valid_pdf(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    assert write_pdf(Document(), (), MASTHEAD, empty) == ()
    assert len(PdfReader(empty).pages) >= 1
    # A level-3 heading straight under level 1, bold runs, an unbreakable run longer than a line,
    # and text that looks like markup: all set as text.
    deep = Section("深层", 3, blocks=(Paragraph.plain("第三级。"),))
    body = Paragraph((Run("粗体开头，", bold=True), Run("<b>不是标记</b>&amp; " + "A" * 300 + "。")))
    document = Document(sections=(Section("第一篇", 1, blocks=(body,), sections=(deep,)),))
    path = tmp_path / "odd.pdf"
    assert write_pdf(document, (), MASTHEAD, path, full=True) == ()
    reader = PdfReader(path)
    assert [item.title if not isinstance(item, list) else [i.title for i in item] for item in reader.outline] \
        == ["第一篇", ["深层"]]
    if shutil.which("pdftotext"):
        text = squeeze("".join(page_texts(path)))
        assert "<b>不是标记</b>&amp;" + "A" * 300 in text


@needs("pdffonts")
def test_every_kind_keeps_the_fonts_embedded_and_qpdf_finds_no_errors(every, every_digest) -> None:  # noqa: ANN001
    for path in (every[0], every_digest):
        names = {re.sub(r"^[A-Z]{6}\+", "", row.split()[0]) for row in run("pdffonts", str(path)).splitlines()[2:]}
        assert names == {body_face(), "NotoSansSC-Bold"}
        assert all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in run("pdffonts", str(path)).splitlines()[2:])
        if shutil.which("qpdf"):
            assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0


@needs("pdftotext")
def test_end_to_end_from_a_docx_every_kind_shows(from_docx) -> None:  # noqa: ANN001
    path, warnings = from_docx
    words = placed_words(path)
    # The reader computed the labels from the .docx's numbering; each hangs before its item.
    for label, item in (("一、", "加强政策对话"), ("（一）", "完善合作机制"), ("（二）", "扩大人员交流"),
                        ("二、", "推动联合研发"), ("•", "农业")):
        label_word = next(w for w in words if w.text == label)
        item_word = next(w for w in words if w.text == item and w.page == label_word.page)
        assert item_word.y0 == label_word.y0 and item_word.x0 > label_word.x1, label
    text = reading(path)
    assert "注释1数据来源：中国国际科技合作网，2016年5月27日。i本文据科技部国际合作司材料整理。" in text
    assert "两者之比为a/b。" in text
    assert "Equations are shown in the PDF in a simplified linear form (a/b, x², √x)" in warnings
    uris = {annotation["/A"]["/URI"]: text_under(path, page, annotation["/Rect"])
            for page, annotation in link_annotations(path) if "/A" in annotation}
    assert uris == {"https://www.cistc.gov.cn/": "中国国际科技合作网"}
    internal = [text_under(path, page, annotation["/Rect"]) for page, annotation in link_annotations(path)
                if "/Dest" in annotation]
    assert internal == ["1", "第二篇", "i"]  # the note marks jump to their notes
    merged = the(words, "合作项目")
    ours, theirs = the(words, "中方"), the(words, "荷方")
    assert ours.x0 < (merged.x0 + merged.x1) / 2 < theirs.x1 and merged.y0 < the(words, "领域").y0 < ours.y0
    line = next(w for w in words if w.text.startswith("示范区面积达100"))
    scripts = sorted((w for w in words if w.text == "2" and w.page == line.page and abs(w.y0 - line.y0) < 8),
                     key=lambda w: w.x0)
    assert [script.y1 < line.y1 for script in scripts] == [True, False]  # m² raised, CO₂ lowered
