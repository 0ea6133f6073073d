"""What the author wrote stays native in the written .docx: lists, notes, links, equations, spans, formatting.

The bulletin is ``tools/rich_bulletin.py``: the sample's articles with every kind added. Each test reads
the written package the way Word's consumers do (its XML parts, python-docx, our reader, LibreOffice).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import rich_bulletin
from lxml import etree
from support import needs

from publish.model import Table
from publish.reader import read
from publish.writers.docx import write_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("rich") / "rich.docx"
    warnings = write_docx(rich_bulletin.rich_document(), rich_bulletin.MASTHEAD, path, page_numbers="model")
    assert warnings == ("The contents' page numbers are computed around equations, which the layout model can "
                        "only estimate; --page-numbers libreoffice takes them from LibreOffice",)
    return path


def xml(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def test_lists_are_real_word_numbering(written):
    numbering = xml(written, "word/numbering.xml")
    levels = [(lvl.find(f"{W}numFmt").get(f"{W}val"), lvl.find(f"{W}lvlText").get(f"{W}val"))
              for lvl in numbering.iter(f"{W}lvl")]
    assert levels == [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("bullet", "•")]
    nums = {n.get(f"{W}numId"): n.find(f"{W}abstractNumId").get(f"{W}val") for n in numbering.iter(f"{W}num")}
    assert nums == {"1": "0", "2": "1"}
    body = xml(written, "word/document.xml")
    listed = [(text(p), p.find(f"{W}pPr/{W}numPr/{W}ilvl").get(f"{W}val"), p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val"))
              for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}numPr") is not None]
    assert listed == [("加强政策对话", "0", "1"), ("完善合作机制", "1", "1"), ("扩大人员交流", "1", "1"),
                      ("推动联合研发", "0", "1"), ("农业", "0", "2"), ("能源", "0", "2"), ("水资源", "0", "2")]


def test_notes_are_notes_with_their_references_in_place(written):
    footnotes = xml(written, "word/footnotes.xml")
    assert [(n.get(f"{W}id"), n.get(f"{W}type")) for n in footnotes] == [
        ("-1", "separator"), ("0", "continuationSeparator"), ("1", None)]
    assert text(footnotes[2]).strip() == "数据来源：中国国际科技合作网，2016年5月27日。"
    assert footnotes[2].find(f".//{W}footnoteRef") is not None
    endnotes = xml(written, "word/endnotes.xml")
    assert text(endnotes[2]).strip() == "本文据科技部国际合作司材料整理。"
    body = xml(written, "word/document.xml")
    reference = next(body.iter(f"{W}footnoteReference"))
    paragraph = next(p for p in body.iter(f"{W}p") if reference in p.iter())
    assert text(paragraph).startswith("2016年5月19日") and reference.get(f"{W}id") == "1"
    assert next(body.iter(f"{W}endnoteReference")).get(f"{W}id") == "1"


def test_links_keep_their_targets(written):
    body = xml(written, "word/document.xml")
    links = [(text(h), h.get(f"{R}id"), h.get(f"{W}anchor")) for h in body.iter(f"{W}hyperlink")
             if h.find(f".//{W}instrText") is None]
    external = [(t, rel) for t, rel, _ in links if rel]
    assert [t for t, _ in external] == ["中国国际科技合作网"]
    with zipfile.ZipFile(written) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert re.search(rf'Id="{external[0][1]}"[^>]*Target="https://www.cistc.gov.cn/"[^>]*TargetMode="External"',
                     rels) or re.search(rf'Target="https://www.cistc.gov.cn/"[^>]*Id="{external[0][1]}"', rels)
    second = rich_bulletin.rich_document().sections[1].bookmarks[0]
    assert ("第二篇", None, second) in links
    assert second in [b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")]


def test_merged_cells_widths_and_header_rows(written):
    body = xml(written, "word/document.xml")
    merged, long_table = list(body.iter(f"{W}tbl"))[:2]
    first_row = merged.find(f"{W}tr")
    cells = [(text(tc), tc.find(f"{W}tcPr/{W}gridSpan"), tc.find(f"{W}tcPr/{W}vMerge")) for tc in first_row.iter(f"{W}tc")]
    assert [(t, s.get(f"{W}val") if s is not None else None, v.get(f"{W}val") if v is not None else None)
            for t, s, v in cells] == [("领域", None, "restart"), ("合作项目", "2", None)]
    second_row = merged.findall(f"{W}tr")[1]
    continued = second_row.find(f"{W}tc/{W}tcPr/{W}vMerge")
    assert continued is not None and continued.get(f"{W}val") is None
    assert [int(c.get(f"{W}w")) for c in merged.iter(f"{W}gridCol")] == [1800, 3400, 3400]
    headers = [tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in long_table.iter(f"{W}tr")]
    assert len(headers) == 40 and headers[:2] == [True, False] and sum(headers) == 1


def test_inline_formatting_equations_and_alignment(written):
    body = xml(written, "word/document.xml")
    raised = [(text(r), r.find(f"{W}rPr/{W}vertAlign").get(f"{W}val")) for r in body.iter(f"{W}r")
              if r.find(f"{W}rPr/{W}vertAlign") is not None]
    assert raised == [("2", "superscript"), ("2", "subscript")]
    assert [text(r) for r in body.iter(f"{W}r") if r.find(f"{W}rPr/{W}u") is not None] == ["重点项目"]
    assert [text(r) for r in body.iter(f"{W}r") if r.find(f"{W}rPr/{W}strike") is not None] == ["（原定计划"]
    (equation,) = body.iter(f"{M}oMath")
    assert [t.text for t in equation.iter(f"{M}t")] == ["a", "b"]
    aligned = {text(p): p.find(f"{W}pPr/{W}jc").get(f"{W}val") for p in body.iter(f"{W}p")
               if p.find(f"{W}pPr/{W}jc") is not None}
    assert aligned == {"图1 合作示意": "center", "国际合作司": "right"}


def test_reading_it_back_gives_the_same_content(written):
    again = read(written).document
    original = rich_bulletin.rich_document()
    first, source = again.sections[0], original.sections[0]
    assert [p.text for p in first.paragraphs] == [p.text for p in source.paragraphs]
    assert [(n.kind, n.mark, n.text) for p in first.paragraphs for n in p.notes] == [
        ("footnote", "1", "数据来源：中国国际科技合作网，2016年5月27日。"), ("endnote", "i", "本文据科技部国际合作司材料整理。")]
    assert [p.list_item.label for p in first.paragraphs if p.list_item] == [
        "一、", "（一）", "（二）", "二、", "•", "•", "•"]
    tables = [b for b in first.blocks if isinstance(b, Table)]
    assert [[(c.text, c.column_span, c.row_span) for c in row] for row in tables[0].rows] == [
        [("领域", 1, 2), ("合作项目", 2, 1)], [("中方", 1, 1), ("荷方", 1, 1)], [("农业", 1, 1), ("12项", 1, 1), ("9项", 1, 1)]]
    assert tables[0].header_rows == 2
    assert [(r.text, r.equation.linear) for p in first.paragraphs for r in p.runs if r.equation] == [("a/b", "a/b")]


@needs("soffice")
@needs("pdftotext")
def test_libreoffice_shows_it_all_with_right_contents_pages(written, tmp_path):
    import subprocess

    import docx_pages
    from pypdf import PdfReader

    pdf = docx_pages.convert(written, tmp_path)
    results = docx_pages.check(written, pdf)
    assert len(results) == 4
    assert [(r.title, r.cached, r.heading_page, r.link_page) for r in results if not r.ok] == []
    pages = [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
             for n in range(1, len(PdfReader(str(pdf)).pages) + 1)]
    noted = next(i for i, page in enumerate(pages) if "数据来源" in page)
    assert "举行磋商" in pages[noted]  # the note is printed at the foot of the page that cites it
    labels = "".join(pages)
    for label in ("一、", "（一）", "（二）", "二、", "•"):
        assert label in labels
    uris = [a.get_object()["/A"].get("/URI") for page in PdfReader(str(pdf)).pages
            for a in page.get("/Annots", []) or [] if a.get_object().get("/A", {}).get("/URI")]
    assert set(uris) == {"https://www.cistc.gov.cn/"}  # one annotation per line the link covers


def test_a_damaged_picture_is_kept_as_it_came(tmp_path):
    from publish.model import Document, Image, Paragraph, Section

    damaged = rich_bulletin.png(40, 20)[:60]
    document = Document(sections=(Section("图", 1, ("_Toc1",), None, (Paragraph.plain("见图。"),
                                                                       Image(damaged, "image/png", 381000, 190500))),))
    path = tmp_path / "damaged.docx"
    write_docx(document, rich_bulletin.MASTHEAD, path)
    with zipfile.ZipFile(path) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert [archive.read(n) for n in media] == [damaged]


def test_a_heading_is_written_with_its_link(tmp_path):
    from publish.model import Document, Link, Paragraph, Run, Section

    runs = (Run("标题含"), Run("科技部", link=Link(url="https://www.most.gov.cn/")))
    document = Document(sections=(Section("标题含科技部", 1, ("_Toc1",), blocks=(Paragraph.plain("正文。"),),
                                          title_runs=runs),))
    path = tmp_path / "heading.docx"
    write_docx(document, rich_bulletin.MASTHEAD, path, page_numbers="model")
    body = xml(path, "word/document.xml")
    heading = next(p for p in body.iter(f"{W}p") if p.find(f".//{W}bookmarkStart[@{W}name='_Toc1']") is not None)
    assert text(heading) == "标题含科技部"
    link = heading.find(f"{W}hyperlink")
    assert text(link) == "科技部"
    with zipfile.ZipFile(path) as archive:
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
    assert {r.get("Id"): r.get("Target") for r in rels}[link.get(f"{R}id")] == "https://www.most.gov.cn/"
