"""The ordering helper: children in the schema's order, from the generated ranks; the generated module
is what the schema gives; every part written validates, notes' relationships included."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import ooxml_validate
from lxml import etree
from PIL import Image as PILImage

from publish.model import Document, Image, Link, Masthead, Note, Paragraph, Run, Section
from publish.writers.docx import write_docx
from publish.writers.docx.order import properties, sort_tree

ROOT = Path(__file__).resolve().parents[3]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
MASTHEAD = Masthead(name="国际科技合作动态", issue="第1期", unit="科技部国际合作司", date="2016年5月27日")


def test_the_generated_order_is_what_the_schema_gives():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "schema_order.py"), "--check"],
                            capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")


def test_paragraph_properties_come_in_the_schema_sequence():
    pieces = ('<w:jc w:val="both"/>', '<w:spacing w:line="579"/>', '<w:overflowPunct w:val="1"/>',
              '<w:pStyle w:val="Figure"/>', "", "<w:pageBreakBefore/>")
    assert properties("CT_PPr", pieces) == ('<w:pStyle w:val="Figure"/><w:pageBreakBefore/>'
                                            '<w:overflowPunct w:val="1"/><w:spacing w:line="579"/>'
                                            '<w:jc w:val="both"/>')


def test_run_properties_come_in_the_sdk_order():
    # a choice in the schema; the SDK wants kern before sz, b before color
    pieces = ('<w:sz w:val="32"/>', '<w:kern w:val="0"/>', '<w:color w:val="FF0000"/>', "<w:b/>")
    assert properties("CT_RPr", pieces) == '<w:b/><w:color w:val="FF0000"/><w:kern w:val="0"/><w:sz w:val="32"/>'


def test_a_tree_is_sorted_but_a_body_keeps_its_order():
    root = etree.fromstring(
        f'<w:document xmlns:w="{W_NS}" xmlns:x="urn:x"><w:body>'
        '<w:p><w:pPr><w:jc w:val="center"/><w:pStyle w:val="A"/></w:pPr></w:p>'
        '<w:tbl/><w:p><w:pPr><w:rPr><w:sz w:val="2"/><w:b/></w:rPr><w:spacing/><x:ext/></w:pPr></w:p>'
        '<w:sectPr><w:docGrid/><w:pgSz/><w:footerReference/></w:sectPr></w:body></w:document>')
    assert sort_tree(root) is True
    body = root[0]
    assert [etree.QName(e).localname for e in body] == ["p", "tbl", "p", "sectPr"]
    assert [etree.QName(e).localname for e in body[0][0]] == ["pStyle", "jc"]
    # the paragraph mark's rPr goes after spacing; the unknown extension stays after what it followed
    assert [etree.QName(e).localname for e in body[2][0]] == ["spacing", "ext", "rPr"]
    assert [etree.QName(e).localname for e in body[2][0][2]] == ["b", "sz"]
    assert [etree.QName(e).localname for e in body[3]] == ["footerReference", "pgSz", "docGrid"]
    assert sort_tree(root) is False


def _png() -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (40, 20), "red").save(out, "PNG")
    return out.getvalue()


def test_links_and_pictures_in_notes_are_related_from_the_notes_own_parts(tmp_path):
    note = Note("footnote", "1", (Paragraph((Run("见"), Run("网站", link=Link(url="https://www.most.gov.cn/")))),
                                  Image(_png(), "image/png", 381000, 190500)))
    end = Note("endnote", "1", (Paragraph((Run("另见", link=Link(url="https://example.org/")),)),))
    document = Document(sections=(Section("标题", 1, bookmarks=("_Toc1",), blocks=(
        Paragraph((Run("正文", link=Link(url="https://www.most.gov.cn/")), Run("", note=note), Run("", note=end))),)),))
    path = tmp_path / "notes.docx"
    write_docx(document, MASTHEAD, path)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        footnote_rels = etree.fromstring(archive.read("word/_rels/footnotes.xml.rels"))
        footnotes = etree.fromstring(archive.read("word/footnotes.xml"))
    assert {"word/_rels/footnotes.xml.rels", "word/_rels/endnotes.xml.rels"} <= names
    targets = {r.get("Id"): (r.get("Target"), r.get("TargetMode")) for r in footnote_rels}
    link_id = footnotes.find(f".//{W}hyperlink").get(f"{{{ooxml_validate.REL}}}id")
    blip = footnotes.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
    assert targets[link_id] == ("https://www.most.gov.cn/", "External")
    assert targets[blip.get(f"{{{ooxml_validate.REL}}}embed")][0].startswith("media/image")
    assert ooxml_validate.validate(path).errors == []


def test_math_run_properties_keep_the_schema_s_choice():
    """m:rPr is lit?, (nor | (scr?, sty?)), brk?, aln?: a choice made once keeps its branch's sequence, and
    a run marked normal text (m:nor) loses the math style some producers also give it."""
    from publish.model import Equation
    from publish.writers.docx.xml import equation_xml

    m = "http://schemas.openxmlformats.org/officeDocument/2006/math"
    run = '<m:r><m:rPr>{}</m:rPr><m:t>x</m:t></m:r>'
    omml = (f'<m:oMath xmlns:m="{m}">' + run.format('<m:sty m:val="p"/><m:scr m:val="roman"/>')
            + run.format('<m:sty m:val="p"/><m:nor/>') + "</m:oMath>")
    written = etree.fromstring(equation_xml(Equation("x x", omml)))
    assert [[etree.QName(child).localname for child in properties] for properties in written.iter(f"{{{m}}}rPr")] \
        == [["scr", "sty"], ["nor"]]
