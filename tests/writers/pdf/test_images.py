"""The author's pictures in the PDF: drawn when they can be, else framed placeholders with their
descriptions."""

from __future__ import annotations

import shutil
from pathlib import Path

import rich_bulletin
from support import needs, run
from pdf_cases import MASTHEAD, page_texts, pdftotext, squeeze

from publish.model import Document, Image, Paragraph, Run, Section
from publish.writers.pdf.document import write_pdf


@needs("pdftotext")
def test_pictures_the_pdf_cannot_draw_are_framed_placeholders_with_their_descriptions(every) -> None:  # noqa: ANN001
    path, warnings = every
    text = squeeze("".join(page_texts(path)))
    for placeholder in ("［图片：流程示意图（EMF格式，PDF中无法显示，见.docx）］", "［图片：组织结构图（WMF格式，PDF中无法显示，见.docx）］",
                        "［图片：损坏的照片（图片已损坏）］"):
        assert placeholder in text
    assert "A EMF picture is shown in the PDF as a framed placeholder (the PDF cannot draw it); " \
           "the .docx keeps the picture" in warnings
    assert "1 PNG picture(s) cannot be decoded and are shown in the PDF as framed placeholders with their " \
           "descriptions" in warnings


@needs("pdfimages")
def test_bmp_and_tiff_pictures_are_drawn_and_an_svg_is_a_placeholder(tmp_path: Path) -> None:
    import io

    from PIL import Image as PILImage

    def encoded(kind: str) -> bytes:
        buffer = io.BytesIO()
        PILImage.new("RGB", (24, 12), (0, 0, 200)).save(buffer, kind)
        return buffer.getvalue()

    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    pictures = (Image(encoded("BMP"), "image/bmp", description="位图"), Image(encoded("TIFF"), "image/tiff"),
                Image(svg, "image/svg+xml", description="矢量图"))
    path = tmp_path / "kinds.pdf"
    warnings = write_pdf(Document(sections=(Section("图", 1, ("_Toc1",), blocks=pictures),)), (), MASTHEAD, path,
                         full=True)
    listing = run("pdfimages", "-list", str(path)).splitlines()[2:]
    assert [(row.split()[3], row.split()[4]) for row in listing] == [("24", "12"), ("24", "12")]
    assert warnings == ("A SVG picture is shown in the PDF as a framed placeholder (the PDF cannot draw it); "
                        "the .docx keeps the picture",)
    if shutil.which("pdftotext"):
        assert "［图片：矢量图（SVG格式，PDF中无法显示，见.docx）］" in squeeze("".join(page_texts(path)))


# -- the rich bulletin (tools/rich_bulletin.py), read as a reader's tools do -----------------------------


@needs("pdftotext")
def test_a_picture_the_pdf_cannot_draw_is_a_visible_placeholder(tmp_path):
    emf = b"\x01\x00\x00\x00" + b"\x00" * 36 + b" EMF" + b"\x00" * 40
    document = Document(sections=(Section("图", 1, ("_Toc1",), None, (
        Paragraph((Run("见下图。"),)), Image(emf, "image/x-emf", 914400, 457200, "流程示意图"))),))
    pdf = tmp_path / "emf.pdf"
    warnings = write_pdf(document, (), rich_bulletin.MASTHEAD, pdf, full=True)
    assert "［图片：流程示意图（EMF 格式，PDF 中无法显示，见 .docx）］" in pdftotext(pdf).replace("\n", "")
    assert warnings == ("A EMF picture is shown in the PDF as a framed placeholder (the PDF cannot draw it); "
                        "the .docx keeps the picture",)
