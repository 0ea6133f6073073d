"""What the author wrote shows in the PDF (``--full``, and the digest where the paragraph appears).

The bulletin is ``tools/rich_bulletin.py``; each test reads the PDF as a reader's tools do: pdftotext
for the words and their places, pypdf for the links.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import rich_bulletin
from pypdf import PdfReader
from support import needs

from publish.model import Document, Image, Paragraph, Run, Section
from publish.writers.pdf.document import write_pdf

pytestmark = needs("pdftotext")


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> tuple[Path, tuple[str, ...]]:
    path = tmp_path_factory.mktemp("rich") / "full.pdf"
    return path, write_pdf(rich_bulletin.rich_document(), (), rich_bulletin.MASTHEAD, path, full=True)


def text(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def words(pdf: Path) -> list[tuple[str, float, float, int]]:
    """(word, x, y, page) from pdftotext's bounding boxes."""
    found, page = [], 0
    for line in text(pdf, "-bbox").splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)</word>', line)
        if match:
            found.append((match[3], float(match[1]), float(match[2]), page))
    return found


def test_list_labels_notes_and_the_equation_are_printed(full):
    pdf, warnings = full
    layout = text(pdf, "-layout")
    for label, item in (("一、", "加强政策对话"), ("（一）", "完善合作机制"), ("（二）", "扩大人员交流"),
                        ("二、", "推动联合研发"), ("•", "农业")):
        assert re.search(rf"^\s*{re.escape(label)}\s+{item}$", layout, re.M), label  # the label hangs apart
    assert "两者之比为a/b。" in layout
    joined = re.sub(r"\s+", "", text(pdf))  # a raised mark sits on a baseline of its own
    assert "注释1数据来源：中国国际科技合作网，2016年5月27日。i本文据科技部国际合作司材料整理。" in joined
    assert warnings == ("Equations are shown in the PDF in a simplified linear form (a/b, x², √x)",)


def test_note_marks_and_scripts_are_raised(full):
    pdf, _ = full
    placed = words(pdf)
    line = [w for w in placed if w[0].startswith("示范区面积达100")][0]
    near = [w for w in placed if w[3] == line[3] and abs(w[2] - line[2]) < 8 and w[0] in ("2", "i")]
    (square, carbon, endnote) = sorted(near, key=lambda w: w[1])  # m², CO₂, the endnote mark, left to right
    assert square[2] == endnote[2] < carbon[2]  # raised marks sit higher than the lowered 2 of CO₂


def test_links_are_clickable(full):
    pdf, _ = full
    reader = PdfReader(str(pdf))
    uris, internal = set(), 0
    for page in reader.pages:
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            action = annotation.get("/A") or {}
            if action.get("/URI"):
                uris.add(action["/URI"])
            elif annotation.get("/Dest") is not None or action.get("/D") is not None:
                internal += 1
    assert uris == {"https://www.cistc.gov.cn/"}
    assert internal == 4 + 1 + 2  # the four contents entries, the link to the second article, the two note marks


def test_merged_header_cell_spans_its_rows(full):
    pdf, _ = full
    placed = {w[0]: w for w in words(pdf)}
    assert [w for w in words(pdf) if w[0] == "合作项目"].__len__() == 1
    area, project, ours = placed["领域"], placed["合作项目"], placed["中方"]
    assert project[2] < area[2] < ours[2]  # 领域 sits between the two header rows it spans


def test_header_rows_repeat_when_a_table_breaks(full):
    pdf, _ = full
    pages_with_header = {w[3] for w in words(pdf) if w[0] == "序号"}
    pages_with_rows = {w[3] for w in words(pdf) if re.fullmatch(r"第\d+项", w[0])}
    assert len(pages_with_rows) >= 2 and pages_with_rows <= pages_with_header


def test_a_picture_the_pdf_cannot_draw_is_a_visible_placeholder(tmp_path):
    emf = b"\x01\x00\x00\x00" + b"\x00" * 36 + b" EMF" + b"\x00" * 40
    document = Document(sections=(Section("图", 1, ("_Toc1",), None, (
        Paragraph((Run("见下图。"),)), Image(emf, "image/x-emf", 914400, 457200, "流程示意图"))),))
    pdf = tmp_path / "emf.pdf"
    warnings = write_pdf(document, (), rich_bulletin.MASTHEAD, pdf, full=True)
    assert "［图片：流程示意图（EMF 格式，PDF 中无法显示，见 .docx）］" in text(pdf).replace("\n", "")
    assert warnings == ("A EMF picture is shown in the PDF as a framed placeholder (the PDF cannot draw it); "
                        "the .docx keeps the picture",)


def test_the_digest_keeps_the_lead_paragraphs_note(tmp_path):
    pdf = tmp_path / "digest.pdf"
    write_pdf(rich_bulletin.rich_document(), (), rich_bulletin.MASTHEAD, pdf)
    assert "注释1数据来源：中国国际科技合作网，2016年5月27日。" in re.sub(r"\s+", "", text(pdf))
