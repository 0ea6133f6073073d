"""GB/T 9704 where the bulletin follows it, read off the pages as LibreOffice and our PDF print them:
22 lines of 28 characters, "— N —" one character in from the outside edge (odd right, even left), no
running repeat of the name, the 报尾 from bulletin.toml."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from support import needs, soffice_convert

import publish
from gbt_check import measure

ROOT = Path(__file__).resolve().parent.parent
TYPE_LEFT, TYPE_RIGHT = 1587 / 20, (11906 - 1474) / 20  # the .docx's type area, pt from the left edge
PAGE_WIDTH = 11906 / 20


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, sample_docx) -> dict:
    out = tmp_path_factory.mktemp("gbt")
    publish.publish(sample_docx, publish.Options(output_dir=out, outputs=("docx", "pdf")))
    figures = {}
    if shutil.which("pdftotext"):
        figures["pdf"] = measure(str(out / "bulletin.pdf"))
    if shutil.which("soffice") and shutil.which("pdftotext"):
        figures["docx"] = measure(str(soffice_convert(out / "bulletin.docx", "pdf", out / "lo")))
    return figures


@needs("soffice")
@needs("pdftotext")
def test_libreoffice_sets_28_characters_a_full_line_and_22_lines_a_page(rendered):
    figures = rendered["docx"]
    assert figures["chars_per_full_line"][0][0] == 28
    assert max(page["slots"] for page in figures["pages"]) == 22
    assert all(page["slots"] <= 22 for page in figures["pages"])


@needs("soffice")
@needs("pdftotext")
def test_libreoffice_puts_page_numbers_outside_one_character_in(rendered):
    pages = rendered["docx"]["pages"]
    assert len(pages) >= 4 and all(page["footer"] == f"—{page['page']}—" for page in pages)
    for page in pages:
        if page["page"] % 2:  # odd: right, 14 pt in from the type area's right edge
            assert PAGE_WIDTH - page["from_right"] == pytest.approx(TYPE_RIGHT - 14, abs=1)
        else:
            assert page["from_left"] == pytest.approx(TYPE_LEFT + 14, abs=1)


@needs("pdftotext")
def test_the_pdf_puts_page_numbers_outside_one_character_in(rendered):
    from publish.writers.pdf.styles import MARGIN_LEFT, MARGIN_RIGHT

    pages = rendered["pdf"]["pages"]
    assert len(pages) >= 3 and all(page["footer"] == f"—{page['page']}—" for page in pages)
    for page in pages:
        if page["page"] % 2:
            assert page["from_right"] == pytest.approx(MARGIN_RIGHT + 14, abs=0.5)
        else:
            assert page["from_left"] == pytest.approx(MARGIN_LEFT + 14, abs=0.5)


def paragraphs(path: Path) -> list[tuple[str, str]]:
    import re

    with zipfile.ZipFile(path) as package:
        body = package.read("word/document.xml").decode("utf-8")
    found = []
    for paragraph in re.findall(r"<w:p\b.*?</w:p>", body):
        style = re.search(r'<w:pStyle w:val="([^"]+)"', paragraph)
        found.append((style.group(1) if style else "", "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph))))
    return found


def office_templates(tmp_path: Path, extra: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    shutil.copy(ROOT / "templates" / "reference.docx", folder)
    (folder / "bulletin.toml").write_text(extra, encoding="utf-8")
    return folder / "reference.docx"


def test_the_distribution_lines_come_from_bulletin_toml_when_filled_in(tmp_path, sample_docx):
    template = office_templates(tmp_path, '[masthead]\nissue = "第3期"\n[distribution]\nreport = "国务院办公厅"\n'
                                          'send = "各省、自治区、直辖市科技厅"\nissue = ""\ncopies = 200\n')
    publish.publish(sample_docx, publish.Options(output_dir=tmp_path / "out", outputs=("docx",), template=template))
    found = paragraphs(tmp_path / "out" / "bulletin.docx")
    assert found[-3:] == [("MastheadLine", "报：国务院办公厅"), ("MastheadLine", "送：各省、自治区、直辖市科技厅"),
                          ("MastheadLine", "共印200份")]
    again = publish.read(tmp_path / "out" / "bulletin.docx").document  # not body text when read again
    assert not [p.text for s in again.walk() for p in s.paragraphs if p.text.startswith(("报：", "送：", "共印"))]


def test_no_distribution_lines_when_bulletin_toml_leaves_them_empty(tmp_path, sample_docx):
    publish.publish(sample_docx, publish.Options(output_dir=tmp_path, outputs=("docx",)))
    found = paragraphs(tmp_path / "bulletin.docx")
    assert not [text for _, text in found if text.startswith(("报：", "送：", "发：", "共印"))]
    assert not [text for style, text in found if style == "ColumnLabel"]  # no running repeat of the name


def test_the_template_may_ask_for_the_name_repeated(tmp_path, sample_docx):
    template = office_templates(tmp_path, "[layout]\nrepeat_name = true\n")
    publish.publish(sample_docx, publish.Options(output_dir=tmp_path / "out", outputs=("docx",), template=template))
    assert ("ColumnLabel", "国际科技合作动态") in paragraphs(tmp_path / "out" / "bulletin.docx")
