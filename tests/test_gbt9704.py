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


DISTRIBUTION = ('[masthead]\nissue = "第3期"\n[distribution]\nreport = "国务院办公厅"\n'
                'send = "各省、自治区、直辖市科技厅"\nissue = ""\ncopies = 200\n')
DISTRIBUTION_LINES = ["报：国务院办公厅", "送：各省、自治区、直辖市科技厅", "共印200份"]


@pytest.fixture(scope="module")
def with_distribution(tmp_path_factory, sample_docx) -> Path:
    tmp_path = tmp_path_factory.mktemp("distribution")
    template = office_templates(tmp_path, DISTRIBUTION)
    publish.publish(sample_docx, publish.Options(output_dir=tmp_path / "out", outputs=("docx", "pdf"),
                                                 template=template))
    return tmp_path / "out"


def last_page_lines(pdf: Path) -> list[tuple[str, float, float]]:
    """The last page's lines as (text, left, bottom) in pt from the top-left, by pdftotext's boxes."""
    import re
    import subprocess

    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                             text=True, check=True).stdout)[1])
    boxes = subprocess.run(["pdftotext", "-f", str(pages), "-l", str(pages), "-bbox", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    lines: dict[float, list[tuple[float, str]]] = {}
    for x, bottom, text in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)'
                                      r"</word>", boxes):
        lines.setdefault(round(float(bottom)), []).append((float(x), text))
    return [("".join(text for _, text in sorted(words)), min(words)[0], bottom)
            for bottom, words in sorted(lines.items())]


def test_the_distribution_lines_come_from_bulletin_toml_as_a_table_at_the_page_foot(with_distribution):
    with zipfile.ZipFile(with_distribution / "bulletin.docx") as package:
        body = package.read("word/document.xml").decode("utf-8")
    table = body[body.rindex("<w:tbl>"):body.rindex("</w:tbl>")]
    assert 'w:vertAnchor="margin"' in table and 'w:tblpYSpec="bottom"' in table  # floated to the type area's foot
    assert [text for _, text in paragraphs(with_distribution / "bulletin.docx")][-4:] == [*DISTRIBUTION_LINES, ""]
    again = publish.read(with_distribution / "bulletin.docx").document  # not body text when read again
    assert not [block for s in again.walk() for block in s.blocks if block.__class__.__name__ == "Table"]
    assert not [p.text for s in again.walk() for p in s.paragraphs if p.text.startswith(("报：", "送：", "共印"))]


@needs("soffice")
@needs("pdftotext")
def test_libreoffice_sets_the_distribution_lines_as_the_last_page_s_last_lines(with_distribution, tmp_path):
    lines = last_page_lines(soffice_convert(with_distribution / "bulletin.docx", "pdf", tmp_path))
    footer = lines.pop()  # the page number, under the type area
    assert footer[0].startswith("—")
    assert [text for text, _, _ in lines[-3:]] == DISTRIBUTION_LINES
    type_bottom = (16838 - 1984) / 20
    assert type_bottom - 3 < lines[-1][2] <= type_bottom  # 共印200份 is the type area's last line
    assert lines[-3][1] == pytest.approx(TYPE_LEFT + 8 + 8, abs=1.5)  # one character in from the rule's end


@needs("pdftotext")
def test_the_pdf_sets_the_distribution_lines_at_the_last_page_s_foot(with_distribution):
    from publish.writers.pdf.styles import MARGIN_BOTTOM, MARGIN_LEFT, PAGE_HEIGHT

    lines = last_page_lines(with_distribution / "bulletin.pdf")
    footer = lines.pop()
    assert footer[0].startswith("—")
    assert [text for text, _, _ in lines[-3:]] == DISTRIBUTION_LINES
    assert PAGE_HEIGHT - MARGIN_BOTTOM - 12 < lines[-1][2] <= PAGE_HEIGHT - MARGIN_BOTTOM
    assert lines[-3][1] == pytest.approx(MARGIN_LEFT + 12, abs=0.5)  # one character in


def test_no_distribution_lines_when_bulletin_toml_leaves_them_empty(tmp_path, sample_docx):
    publish.publish(sample_docx, publish.Options(output_dir=tmp_path, outputs=("docx",)))
    found = paragraphs(tmp_path / "bulletin.docx")
    assert not [text for _, text in found if text.startswith(("报：", "送：", "发：", "共印"))]
    assert not [text for style, text in found if style == "ColumnLabel"]  # no running repeat of the name


def test_the_template_may_ask_for_the_name_repeated(tmp_path, sample_docx):
    template = office_templates(tmp_path, "[layout]\nrepeat_name = true\n")
    publish.publish(sample_docx, publish.Options(output_dir=tmp_path / "out", outputs=("docx",), template=template))
    assert ("ColumnLabel", "国际科技合作动态") in paragraphs(tmp_path / "out" / "bulletin.docx")
