"""tools/fidelity.py counts each kind right, on small packages built here, and survives bad files."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

import fidelity

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
)
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def build(path: Path, body: str, *, relationships: str = "", styles: str = "", numbering: str = "",
          footnotes: str = "", endnotes: str = "", application: str | None = None) -> Path:
    """A minimal package: document, its relationships and whichever other parts are given."""
    parts = {"word/document.xml": f"<w:document {NAMESPACES}><w:body>{body}</w:body></w:document>"}
    rels = relationships
    for name, content, kind in (("styles", styles, "styles"), ("numbering", numbering, "numbering"),
                                ("footnotes", footnotes, "footnotes"), ("endnotes", endnotes, "endnotes")):
        if content:
            root = {"styles": "styles", "numbering": "numbering"}.get(name, name)
            parts[f"word/{name}.xml"] = f"<w:{root} {NAMESPACES}>{content}</w:{root}>"
            rels += f'<Relationship Id="rPart{name}" Type="{REL_TYPE}{kind}" Target="{name}.xml"/>'
    parts["word/_rels/document.xml.rels"] = (
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
    parts["_rels/.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL_TYPE}officeDocument" Target="word/document.xml"/></Relationships>')
    if application:
        parts["docProps/app.xml"] = (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f"<Application>{application}</Application><AppVersion>11.1</AppVersion></Properties>")
    with zipfile.ZipFile(path, "w") as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return path


def replace_part(path: Path, name: str, xml: str) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[name] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def counts(path: Path) -> fidelity.Counts:
    return fidelity.count(fidelity.open_package(path))


def para(text: str = "", ppr: str = "", runs: str = "") -> str:
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}<w:r><w:t>{text}</w:t></w:r></w:p>"


IMAGE_REL = f'<Relationship Id="rImg" Type="{REL_TYPE}image" Target="media/image1.png"/>'


# -- each kind --------------------------------------------------------------------------------------


def test_lists_count_direct_and_style_numbering_that_numbering_defines(tmp_path: Path) -> None:
    numbering = ('<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
                 '<w:lvl w:ilvl="1"><w:numFmt w:val="none"/><w:lvlText w:val="%2"/></w:lvl>'
                 '<w:lvl w:ilvl="2"><w:numFmt w:val="none"/><w:lvlText w:val="%1.%3"/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    styles = ('<w:style w:type="paragraph" w:styleId="ListBase"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="Point"><w:basedOn w:val="ListBase"/></w:style>')
    body = (para("direct", '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
            + para("through the style it is based on", '<w:pStyle w:val="Point"/>')
            + para("numbering switched off", '<w:pStyle w:val="Point"/><w:numPr><w:numId w:val="0"/></w:numPr>')
            + para("undefined list", '<w:numPr><w:numId w:val="7"/></w:numPr>')
            + para("a level that draws nothing", '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>')
            + para("a level that still draws 1.", '<w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr>')
            + para("plain"))
    path = build(tmp_path / "lists.docx", body, styles=styles, numbering=numbering)
    assert counts(path).kinds["lists"] == 3


def test_notes_count_references_to_the_authors_notes_not_separators(tmp_path: Path) -> None:
    footnotes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:id="1"><w:p><w:r><w:t>Source: the ministry.</w:t></w:r></w:p></w:footnote>')
    endnotes = ('<w:endnote w:type="separator" w:id="-1"><w:p/></w:endnote>'
                '<w:endnote w:id="2"><w:p><w:r><w:t>An endnote.</w:t></w:r></w:p></w:endnote>')
    body = ('<w:p><w:r><w:t>Text</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'
            '<w:r><w:endnoteReference w:id="2"/></w:r>'
            '<w:r><w:footnoteReference w:id="0"/></w:r><w:r><w:footnoteReference w:id="9"/></w:r></w:p>')
    path = build(tmp_path / "notes.docx", body, footnotes=footnotes, endnotes=endnotes)
    assert counts(path).kinds["notes"] == 2


def test_links_count_external_relationships_and_hyperlink_fields_without_l(tmp_path: Path) -> None:
    rels = (f'<Relationship Id="rWeb" Type="{REL_TYPE}hyperlink" Target="https://example.org/a" TargetMode="External"/>'
            f'<Relationship Id="rInside" Type="{REL_TYPE}hyperlink" Target="other.xml"/>')
    body = ('<w:p><w:hyperlink r:id="rWeb"><w:r><w:t>web</w:t></w:r></w:hyperlink>'
            '<w:hyperlink w:anchor="_Toc1"><w:r><w:t>bookmark</w:t></w:r></w:hyperlink>'
            '<w:hyperlink r:id="rInside"><w:r><w:t>internal part</w:t></w:r></w:hyperlink></w:p>'
            # one complex field whose instruction is split over two runs
            '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPER</w:instrText></w:r>'
            '<w:r><w:instrText>LINK "https://example.org/b" </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>b</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
            '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK \\l "_Toc1" </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
            '<w:p><w:fldSimple w:instr=" HYPERLINK &quot;mailto:editor@example.org&quot; "><w:r><w:t>mail</w:t></w:r></w:fldSimple></w:p>')
    path = build(tmp_path / "links.docx", body, relationships=rels)
    assert counts(path).kinds["links"] == 3


def cell(text: str, tcpr: str = "") -> str:
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{para(text)}</w:tc>"


def test_merged_cells_count_one_per_merge(tmp_path: Path) -> None:
    span, restart, below = '<w:gridSpan w:val="2"/>', '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    h_restart, h_continue = '<w:hMerge w:val="restart"/>', "<w:hMerge/>"
    body = ("<w:tbl>"
            f"<w:tr>{cell('header over two', span)}{cell('tall', restart)}</w:tr>"
            f"<w:tr>{cell('a')}{cell('b', '<w:gridSpan w:val=' + chr(34) + '1' + chr(34) + '/>')}{cell('', below)}</w:tr>"
            f"<w:tr>{cell('legacy', h_restart)}{cell('', h_continue)}{cell('', below)}</w:tr>"
            "</w:tbl>")
    path = build(tmp_path / "merged.docx", body)
    assert counts(path).kinds["merged"] == 3
    assert counts(path).kinds["tables"] == 1


def test_tables_count_nested_ones(tmp_path: Path) -> None:
    inner = f"<w:tbl><w:tr>{cell('inner')}</w:tr></w:tbl>"
    body = f"<w:tbl><w:tr><w:tc>{inner}{para('after')}</w:tc></w:tr></w:tbl>{para()}"
    assert counts(build(tmp_path / "nested.docx", body)).kinds["tables"] == 2


def blip(rel_id: str = "rImg") -> str:
    return f'<a:graphic><a:graphicData><pic:pic xmlns:pic="p"><pic:blipFill><a:blip r:embed="{rel_id}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>'


def test_pictures_count_blips_and_vml_images_once_per_alternate_content(tmp_path: Path) -> None:
    body = (f'<w:p><w:r><w:drawing><wp:inline>{blip()}</wp:inline></w:drawing></w:r></w:p>'
            '<w:p><w:r><w:object><v:shape><v:imagedata r:id="rImg"/></v:shape></w:object></w:r></w:p>'
            f'<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>{blip()}</w:drawing></mc:Choice>'
            '<mc:Fallback><w:pict><v:shape><v:imagedata r:id="rImg"/></v:shape></w:pict></mc:Fallback>'
            '</mc:AlternateContent></w:r></w:p>'
            f'<w:p><w:r><w:drawing>{blip("rMissing")}</w:drawing></w:r></w:p>')
    path = build(tmp_path / "pictures.docx", body, relationships=IMAGE_REL)
    assert counts(path).kinds["pictures"] == 3


def test_superscript_and_subscript_runs_with_text_direct_or_by_style(tmp_path: Path) -> None:
    styles = ('<w:style w:type="character" w:styleId="Low"><w:rPr><w:vertAlign w:val="subscript"/></w:rPr></w:style>'
              '<w:style w:type="character" w:styleId="NoteMark"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>')
    footnotes = '<w:footnote w:id="1"><w:p><w:r><w:t>n</w:t></w:r></w:p></w:footnote>'
    body = ('<w:p><w:r><w:t>m</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>2</w:t></w:r>'
            '<w:r><w:t>CO</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Low"/></w:rPr><w:t>2</w:t></w:r>'
            '<w:r><w:rPr><w:rStyle w:val="NoteMark"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
            '<w:r><w:rPr><w:vertAlign w:val="baseline"/></w:rPr><w:t>plain</w:t></w:r></w:p>')
    path = build(tmp_path / "supsub.docx", body, styles=styles, footnotes=footnotes)
    assert counts(path).kinds["supsub"] == 2


def test_equations_count_outermost_omath(tmp_path: Path) -> None:
    math = '<m:oMath><m:r><m:t>x</m:t></m:r></m:oMath>'
    body = f"<w:p>{math}</w:p><w:p><m:oMathPara>{math}{math}</m:oMathPara></w:p>"
    assert counts(build(tmp_path / "equations.docx", body)).kinds["equations"] == 3


def text_box_choice_and_fallback(text: str) -> str:
    box = f"<w:txbxContent>{para(text)}</w:txbxContent>"
    return (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>{box}</wps:txbx>'
            f'</wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox>'
            "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>")


def test_text_boxes_count_once_per_box_with_text(tmp_path: Path) -> None:
    body = (f"<w:p><w:r><w:t>anchor</w:t></w:r>{text_box_choice_and_fallback('图1 示意')}</w:p>"
            f"<w:p>{text_box_choice_and_fallback(' ')}</w:p>"  # an empty box
            "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>" + para("old VML box")
            + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>")
    found = counts(build(tmp_path / "boxes.docx", body))
    assert found.kinds["textboxes"] == 2
    assert found.boxes == ["图1示意", "oldVMLbox"]
    # the box's paragraph is text once, not twice
    assert found.paragraphs == ["anchor", "图1示意", "oldVMLbox"]


# -- text -------------------------------------------------------------------------------------------


def test_text_is_paragraphs_without_whitespace_deletions_or_an_old_contents(tmp_path: Path) -> None:
    body = ('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
            f'<w:sdtContent>{para("Old contents entry 3")}</w:sdtContent></w:sdt>'
            '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \\o "1-3" </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Field entry 1</w:t></w:r></w:p>'
            '<w:p><w:r><w:t>Field entry 2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
            "<w:p><w:r><w:t xml:space=\"preserve\">一、 总 体</w:t></w:r>"
            "<w:del><w:r><w:delText>gone</w:delText><w:t>gone too</w:t></w:r></w:del></w:p>"
            + para("  ") + para("Second"))
    found = counts(build(tmp_path / "text.docx", body))
    assert found.paragraphs == ["一、总体", "Second"]
    assert found.characters == 10


def test_notes_text_and_kinds_count_but_not_separators(tmp_path: Path) -> None:
    rels = f'<Relationship Id="rWeb" Type="{REL_TYPE}hyperlink" Target="https://example.org" TargetMode="External"/>'
    footnotes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>---</w:t></w:r></w:p></w:footnote>'
                 '<w:footnote w:id="1"><w:p><w:r><w:t>见</w:t></w:r><w:hyperlink r:id="rWeb"><w:r><w:t>原文</w:t></w:r>'
                 '</w:hyperlink></w:p></w:footnote>')
    body = '<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
    found = counts(build(tmp_path / "note.docx", body, relationships=rels, footnotes=footnotes))
    assert found.paragraphs == ["正文", "见原文"]
    assert (found.kinds["notes"], found.kinds["links"]) == (1, 1)


def test_contents_entries_by_style_name_are_not_text(tmp_path: Path) -> None:
    styles = ('<w:style w:type="paragraph" w:styleId="11"><w:name w:val="toc 1"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="目录 2"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="Body"><w:name w:val="Body Text"/></w:style>')
    body = (para("第一章 总则 1", '<w:pStyle w:val="11"/>') + para("第一节 2", '<w:pStyle w:val="a3"/>')
            + para("正文", '<w:pStyle w:val="Body"/>'))
    assert counts(build(tmp_path / "toc-styles.docx", body, styles=styles)).paragraphs == ["正文"]


def test_written_side_leaves_out_the_writers_masthead_and_contents(tmp_path: Path) -> None:
    body = (para("国际科技合作动态", '<w:pStyle w:val="MastheadName"/>')
            + '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
            f'<w:sdtContent>{para("目录")}</w:sdtContent></w:sdt>' + para("正文"))
    path = build(tmp_path / "written.docx", body)
    written = fidelity.count(fidelity.open_package(path), written=True)
    assert written.paragraphs == ["正文"]
    # an input's own masthead-styled paragraph is the author's text
    assert counts(path).paragraphs == ["国际科技合作动态", "正文"]


def test_characters_kept_compares_paragraph_by_paragraph() -> None:
    source = ["标题", "第一段文字", "第二段", "dropped"]
    assert fidelity.characters_kept(source, source) == 17
    assert fidelity.characters_kept(source, ["标题", "第一段文字", "第二段"]) == 10
    # a changed paragraph keeps the characters it shares, in order
    assert fidelity.characters_kept(["abcdef"], ["abXdef"]) == 5
    # paragraphs the writer adds cost nothing; a paragraph's characters count once even if repeated
    assert fidelity.characters_kept(["正文"], ["刊头", "正文", "正文"]) == 2


def test_compare_keeps_a_text_box_when_its_text_is_in_the_output(tmp_path: Path) -> None:
    source = counts(build(tmp_path / "in.docx", f"<w:p>{text_box_choice_and_fallback('框中文字')}</w:p>"
                          + f"<w:p>{text_box_choice_and_fallback('lost box')}</w:p>"))
    output = counts(build(tmp_path / "out.docx", para("框中文字")))
    kept = fidelity.compare(source, output)
    assert (kept["textboxes"], source.kinds["textboxes"]) == (1, 2)
    assert kept["text"] == 4


def test_strict_ooxml_namespaces_are_counted_like_transitional(tmp_path: Path) -> None:
    transitional = build(tmp_path / "t.docx", para("Strict", '<w:jc w:val="center"/>')
                         + "<w:tbl><w:tr>" + cell("x", '<w:gridSpan w:val="2"/>') + "</w:tr></w:tbl>")
    strict = tmp_path / "strict.docx"
    with zipfile.ZipFile(transitional) as source, zipfile.ZipFile(strict, "w") as target:
        for info in source.infolist():
            data = source.read(info).replace(
                W_NS.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main").replace(
                b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                b"http://purl.oclc.org/ooxml/officeDocument/relationships")
            target.writestr(info, data)
    assert counts(strict).kinds == counts(transitional).kinds
    assert counts(strict).paragraphs == ["Strict", "x"]


def test_producer_comes_from_app_properties(tmp_path: Path) -> None:
    path = build(tmp_path / "wps.docx", para("x"), application="WPS Office")
    assert fidelity.open_package(path).producer == "WPS Office 11.1"


# -- whole files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("content, reason", [
    (b"not a zip at all", "not a zip package"),
    (b"PK\x03\x04broken", "not a zip package"),
])
def test_unreadable_input_is_reported_not_raised(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    result = fidelity.check_file(path)
    assert not result.written and reason in result.error


def test_an_entity_declaring_part_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "entities.docx"
    build(path, para("x"))
    replace_part(path, "word/document.xml", '<!DOCTYPE d [<!ENTITY e "boom">]><w:document/>')
    result = fidelity.check_file(path)
    assert "DOCTYPE" in result.error


def test_sample_is_written_and_keeps_its_text(sample_docx: Path) -> None:
    result = fidelity.check_file(sample_docx)
    assert result.written, result.error
    assert result.total["text"] > 3000
    # the author's own "目  录" line and the column line, which only repeats the masthead's name (GB/T 9704
    # has no running repeat), are all the writer changes
    assert result.total["text"] - result.kept["text"] <= 5 + len(" · 国际科技合作动态")


def test_a_slow_file_is_stopped_and_counted_as_not_written(sample_docx: Path) -> None:
    result = fidelity.check_file(sample_docx, timeout=0.01)
    assert result.error.startswith("publish docx took longer than")
    kept, total = fidelity.totals([result])
    assert kept["text"] == 0 and total["text"] == result.total["text"]


def test_refused_file_reports_the_writers_error(tmp_path: Path) -> None:
    path = build(tmp_path / "unsafe-member.docx", para("countable"))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("../evil.txt", "x")  # publish refuses the package; the counts do not read that member
    result = fidelity.check_file(path)
    assert result.total["text"] == len("countable")
    assert result.error.startswith("publish: ") and "unsafe name" in result.error
    assert fidelity.totals([result])[0]["text"] == 0


def test_report_lines_totals_and_json(tmp_path: Path, sample_docx: Path, capsys: pytest.CaptureFixture) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"nope")
    assert fidelity.main([str(sample_docx), str(bad)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("bulletin.docx") and re.search(r"text \d{4}/\d{4}$", lines[0])
    assert "NOT WRITTEN: input not countable: not a zip package" in lines[1]
    assert lines[-1].startswith("TOTAL: 1/2 files written;")
    assert fidelity.main(["--json", str(bad)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["totals"]["written"] == 0 and report["files"][0]["written"] is False
    assert set(report["files"][0]["kinds"]) == {*fidelity.KINDS, "text"}
