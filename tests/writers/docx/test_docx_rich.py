"""Nothing the author wrote is lost: lists, notes, links, merged cells, sub/superscripts, equations and
pictures come out of the .docx writer as Word's own constructs, and LibreOffice shows them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from docxkit import png
from support import needs

from publish.model import (Cell, Document, Equation, Image, Link, ListDefinition, ListItem, ListLevel, Masthead,
                           Note, Paragraph, Run, Section, Table)
from publish.writers.docx import write_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MASTHEAD = Masthead(name="国际科技合作动态", issue="第1期", unit="科技部国际合作司", date="2016年5月27日")
URL = "https://www.most.gov.cn/kjbgz/201603/t20160309_124583.html"
FRACTION = ('<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:f><m:num><m:r><m:t>a'
            '</m:t></m:r></m:num><m:den><m:r><m:t>b</m:t></m:r></m:den></m:f></m:oMath>')
TEXT = "中国与欧盟在可再生能源领域的合作不断深化，双方在太阳能、风能和生物质能等方面开展了多项联合研究。"
FOOTNOTE = "数据来源：国家统计局《2015年国民经济和社会发展统计公报》。"
ENDNOTE = "本文根据科技日报报道整理。"




CHINESE_LIST = ListDefinition("1", "chinese", (ListLevel("chineseCounting", "%1、"),
                                                ListLevel("chineseCounting", "（%2）")))
POINTS = ListDefinition("2", "points", (ListLevel("decimal", "%1."), ListLevel("decimalEnclosedCircle", "%2")))
POINTS_AGAIN = ListDefinition("3", "points", POINTS.levels, starts=((0, 5),))


def item(list_key: str, level: int, label: str, text: str) -> Paragraph:
    return Paragraph((Run(text),), list_item=ListItem(list_key, level, label))


def merged_header_table(rows: int = 40) -> Table:
    header = (Cell((Paragraph.plain("地区"),), row_span=2), Cell((Paragraph.plain("投入（亿元）"),), column_span=2),
              Cell((Paragraph.plain("备注"),), row_span=2))
    second = (Cell((Paragraph.plain("2015年"),)), Cell((Paragraph.plain("2016年"),)))
    body = tuple((Cell((Paragraph.plain(f"地区{n}"),)), Cell((Paragraph.plain(str(100 + n)),)),
                  Cell((Paragraph.plain(str(120 + n)),)),
                  Cell((Paragraph.plain("较上年增长明显，主要来自新能源项目" if n % 7 == 0 else "—"),)))
                 for n in range(1, rows + 1))
    return Table((header, second, *body), column_widths=(90.0, 120.0, 120.0, 200.0), header_rows=2)


def rich_document() -> Document:
    footnote = Note("footnote", "1", (Paragraph.plain(FOOTNOTE),))
    endnote = Note("endnote", "1", (Paragraph.plain(ENDNOTE),))
    nested = Table(((Cell((Paragraph.plain("内层甲"),)), Cell((Paragraph.plain("内层乙"),))),))
    picture = Image(png(40, 20), "image/png", 1_828_800, 914_400, "合作项目分布示意图")
    first = Section(
        "中欧可再生能源合作取得新进展", 1, ("_Toc100000001",), list_item=ListItem("1", 0, "一、"),
        blocks=(
            Paragraph((Run(TEXT), Run("1", note=footnote), Run("详见"), Run("科技部网站", link=Link(url=URL)),
                       Run("，参见"), Run("下一篇", link=Link(anchor="_Toc100000002")),
                       Run("与"), Run("已删除的书签", link=Link(anchor="_Toc999")), Run("。"))),
            Paragraph((Run("新建厂房面积达5000 m"), Run("2", vertical="superscript"), Run("，减排CO"),
                       Run("2", vertical="subscript"), Run("约3万吨，"), Run("重点", underline=True),
                       Run("旧数据", strike=True), Run("，效率"), Run("a/b", equation=Equation("a/b", FRACTION)),
                       Run("。"), Run("1", note=endnote))),
            Paragraph((Run("a/b", equation=Equation("a/b", FRACTION, display=True)),)),
            item("1", 1, "（一）", "加强联合研究。"),
            item("1", 1, "（二）", "推动成果转化。"),
            item("2", 0, "1.", "太阳能。"),
            item("2", 1, "①", "光伏。"),
            item("3", 0, "5.", "风能。"),
            Paragraph((Run("科技部国际合作司供稿"),), align="right"),
            Paragraph((Run("图1 合作项目分布"),), align="center"),
            picture,
            merged_header_table(),
            Table(((Cell((Paragraph.plain("外层"), nested)), Cell((Paragraph.plain("图"), picture))),)),
        ))
    second = Section("中美清洁能源研究中心启动", 1, ("_Toc100000002",), list_item=ListItem("1", 0, "二、"),
                     blocks=(Paragraph.plain(TEXT * 3),))
    return Document(column="国际科技合作动态", sections=(first, second),
                    lists=(CHINESE_LIST, POINTS, POINTS_AGAIN))


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Path, tuple[str, ...]]:
    path = tmp_path_factory.mktemp("rich") / "rich.docx"
    # the model's own numbers and warnings; "compute" would ask LibreOffice (equations: the model is unsure)
    return path, write_docx(rich_document(), MASTHEAD, path, page_numbers="model")


def xml(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def relationships(path: Path, name: str) -> dict[str, tuple[str, str, str | None]]:
    root = xml(path, name)
    return {r.get("Id"): (r.get("Type").rsplit("/", 1)[-1], r.get("Target"), r.get("TargetMode"))
            for r in root}


def body_paragraph(path: Path, start: str) -> etree._Element:
    for p in xml(path, "word/document.xml").iter(f"{W}p"):
        if "".join(t.text or "" for t in p.iter(f"{W}t")).startswith(start):
            return p
    raise AssertionError(f"no paragraph starts with {start!r}")


def test_warnings_name_the_lost_anchor_and_the_uncertain_layout(written):
    _, warnings = written
    assert sum("link to a bookmark" in w and "plain text" in w for w in warnings) == 1
    layout = [w for w in warnings if "--page-numbers libreoffice" in w]
    assert len(layout) == 1 and "equations" in layout[0] and "unlinked" not in layout[0]


def test_python_docx_reopens_it_with_all_its_parts(written):
    import docx

    path, _ = written
    document = docx.Document(str(path))
    related = {rel.reltype.rsplit("/", 1)[-1] for rel in document.part.rels.values()}
    assert {"numbering", "footnotes", "endnotes", "hyperlink", "image", "styles"} <= related
    with zipfile.ZipFile(path) as archive:
        types = archive.read("[Content_Types].xml").decode()
    assert "wordprocessingml.footnotes+xml" in types and "wordprocessingml.numbering+xml" in types
    assert 'Extension="png"' in types


def test_numbering_has_the_authors_formats_starts_and_shared_counters(written):
    path, _ = written
    numbering = xml(path, "word/numbering.xml")
    abstracts = {a.get(f"{W}abstractNumId"): [(lvl.find(f"{W}numFmt").get(f"{W}val"),
                                                lvl.find(f"{W}lvlText").get(f"{W}val"),
                                                lvl.find(f"{W}start").get(f"{W}val"))
                                               for lvl in a.iterfind(f"{W}lvl")]
                 for a in numbering.iterfind(f"{W}abstractNum")}
    assert sorted(abstracts.values()) == [
        [("chineseCounting", "%1、", "1"), ("chineseCounting", "（%2）", "1")],
        [("decimal", "%1.", "1"), ("decimalEnclosedCircle", "%2", "1")]]
    nums = {n.get(f"{W}numId"): (n.find(f"{W}abstractNumId").get(f"{W}val"),
                                 [(o.get(f"{W}ilvl"), o.find(f"{W}startOverride").get(f"{W}val"))
                                  for o in n.iterfind(f"{W}lvlOverride")])
            for n in numbering.iterfind(f"{W}num")}
    assert len(nums) == 3
    # definitions 2 and 3 are one family: one abstractNum, and the second restarts at 5
    assert nums["2"][0] == nums["3"][0] != nums["1"][0]
    assert nums["3"][1] == [("0", "5")] and nums["1"][1] == []

    def num_pr(start: str) -> tuple[str, str]:
        pr = body_paragraph(path, start).find(f"{W}pPr/{W}numPr")
        return pr.find(f"{W}ilvl").get(f"{W}val"), pr.find(f"{W}numId").get(f"{W}val")

    assert num_pr("推动成果转化") == ("1", "1")
    assert num_pr("光伏") == ("1", "2")
    assert num_pr("风能") == ("0", "3")
    assert num_pr("中欧可再生能源合作") == ("0", "1")  # a numbered heading: the label is Word's, not text


def test_notes_are_real_notes_with_their_references_in_place(written):
    path, _ = written
    footnotes = xml(path, "word/footnotes.xml")
    notes = {n.get(f"{W}id"): (n.get(f"{W}type"), "".join(t.text or "" for t in n.iter(f"{W}t")).strip())
             for n in footnotes.iterfind(f"{W}footnote")}
    assert notes == {"-1": ("separator", ""), "0": ("continuationSeparator", ""), "1": (None, FOOTNOTE)}
    assert footnotes.find(f".//{W}footnote[@{W}id='1']//{W}footnoteRef") is not None
    endnotes = xml(path, "word/endnotes.xml")
    assert [("".join(t.text or "" for t in n.iter(f"{W}t")).strip()) for n in endnotes.iterfind(f"{W}endnote")
            if n.get(f"{W}type") is None] == [ENDNOTE]
    paragraph = body_paragraph(path, TEXT[:10])
    reference = paragraph.find(f".//{W}footnoteReference")
    assert reference.get(f"{W}id") == "1"
    # the reference sits after the sentence it belongs to, before the link text
    texts = [e.tag for e in paragraph.iter(f"{W}t", f"{W}footnoteReference")]
    assert texts.index(f"{W}footnoteReference") == 1
    assert body_paragraph(path, "新建厂房").find(f".//{W}endnoteReference").get(f"{W}id") == "1"


def test_links_external_by_relationship_internal_by_anchor_unknown_as_text(written):
    path, _ = written
    rels = relationships(path, "word/_rels/document.xml.rels")
    paragraph = body_paragraph(path, TEXT[:10])
    links = paragraph.findall(f"{W}hyperlink")
    assert len(links) == 2
    assert rels[links[0].get(f"{R}id")] == ("hyperlink", URL, "External")
    assert links[1].get(f"{W}anchor") == "_Toc100000002"
    assert "".join(t.text for t in links[0].iter(f"{W}t")) == "科技部网站"
    assert "已删除的书签" in "".join(t.text for t in paragraph.iter(f"{W}t"))


def test_inline_formatting_and_equations(written):
    path, _ = written
    paragraph = body_paragraph(path, "新建厂房")
    runs = {"".join(t.text for t in r.iter(f"{W}t")): r.find(f"{W}rPr") for r in paragraph.iterfind(f"{W}r")}
    assert runs["2"] is not None and {e.get(f"{W}val") for e in paragraph.iter(f"{W}vertAlign")} == {
        "superscript", "subscript"}
    assert runs["重点"].find(f"{W}u").get(f"{W}val") == "single"
    assert runs["旧数据"].find(f"{W}strike") is not None
    inline = paragraph.find(f"{M}oMath")
    assert inline is not None and inline.find(f"{M}f/{M}num//{M}t").text == "a"
    display = [p for p in xml(path, "word/document.xml").iter(f"{W}p") if p.find(f"{M}oMathPara") is not None]
    assert len(display) == 1 and display[0].find(f"{M}oMathPara/{M}oMath/{M}f") is not None


def test_alignment(written):
    path, _ = written
    assert body_paragraph(path, "科技部国际合作司供稿").find(f"{W}pPr/{W}jc").get(f"{W}val") == "right"
    assert body_paragraph(path, "图1").find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"


def test_tables_keep_spans_widths_header_rows_nesting_and_pictures(written):
    path, _ = written
    tables = xml(path, "word/document.xml").find(f"{W}body").findall(f"{W}tbl")
    merged = tables[0]
    grid = [int(c.get(f"{W}w")) for c in merged.iterfind(f"{W}tblGrid/{W}gridCol")]
    # 90:120:120:200 pt is 10600 twips, wider than the 8845 of the text: scaled down in proportion
    assert len(grid) == 4 and sum(grid) <= 8845 and grid[1] == grid[2] and abs(grid[3] / grid[0] - 200 / 90) < 0.01
    rows = merged.findall(f"{W}tr")
    assert len(rows) == 42
    assert [r.find(f"{W}trPr/{W}tblHeader") is not None for r in rows[:3]] == [True, True, False]

    def shape(row) -> list[tuple[str, str | None, str | None]]:
        return [("".join(t.text or "" for t in c.iter(f"{W}t")),
                 c.find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") if c.find(f"{W}tcPr/{W}gridSpan") is not None else None,
                 c.find(f"{W}tcPr/{W}vMerge").get(f"{W}val", "continue")
                 if c.find(f"{W}tcPr/{W}vMerge") is not None else None)
                for c in row.iterfind(f"{W}tc")]

    assert shape(rows[0]) == [("地区", None, "restart"), ("投入（亿元）", "2", None), ("备注", None, "restart")]
    assert shape(rows[1]) == [("", None, "continue"), ("2015年", None, None), ("2016年", None, None),
                              ("", None, "continue")]
    assert shape(rows[41])[:3] == [("地区40", None, None), ("140", None, None), ("160", None, None)]
    outer = tables[1]
    cells = outer.findall(f"{W}tr/{W}tc")
    assert cells[0].find(f"{W}tbl") is not None
    assert [t.text for t in cells[0].find(f"{W}tbl").iter(f"{W}t")] == ["内层甲", "内层乙"]
    assert cells[0][-1].tag == f"{W}p"  # a cell ends in a paragraph
    assert cells[1].find(f".//{W}drawing") is not None


def test_pictures_of_every_kind_are_kept(tmp_path):
    emf = b"\x01\x00\x00\x00" + bytes(100)
    document = Document(sections=(Section("图", 1, ("_Toc1",), blocks=(
        Image(emf, "image/x-emf", 914_400, 914_400, "流程图"), Image(png(4, 4), "image/png"),
        Image(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"))),))
    path = tmp_path / "pictures.docx"
    warnings = write_docx(document, MASTHEAD, path, page_numbers="model")
    rels = relationships(path, "word/_rels/document.xml.rels")
    images = sorted(target for kind, target, _ in rels.values() if kind == "image")
    assert [Path(t).suffix for t in images] == [".emf", ".png", ".svg"]
    descriptions = [d.get("descr") for d in xml(path, "word/document.xml").iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert descriptions == ["流程图", "", ""]
    assert any("pictures without a size" in w for w in warnings)  # the SVG's size is not known


# -- what LibreOffice shows ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def converted(written, tmp_path_factory) -> Path:
    import docx_pages

    path, _ = written
    return docx_pages.convert(path, tmp_path_factory.mktemp("rich-pdf"))


@needs("soffice")
@needs("pdftotext")
def test_libreoffice_draws_labels_notes_and_links(written, converted):
    import docx_pages
    from pypdf import PdfReader

    pages = docx_pages.page_texts(converted)
    text = "\n".join("\n".join(page) for page in pages)
    for label in ("一、中欧可再生能源合作取得新进展", "二、中美清洁能源研究中心启动", "（一）加强联合研究",
                  "（二）推动成果转化", "1.太阳能", "①光伏", "5.风能"):
        assert label in text, label
    # the footnote is at the foot of the page whose text refers to it
    note_page = next(page for page in pages if any(line.endswith(FOOTNOTE[-10:]) for line in page))
    assert any(TEXT[:10] in line for line in note_page)
    # its mark, then its text, just above the page number (—2—)
    note_line = next(i for i, line in enumerate(note_page) if line.startswith(FOOTNOTE[:6]))
    assert note_page[note_line - 1] == "1" and note_line == len(note_page) - 2 and note_page[-1].startswith("—")
    # the endnote keeps the author's mark "1" (Word's and LibreOffice's default would draw "i")
    endnote_page = next(page for page in pages if ENDNOTE in page)
    assert endnote_page[endnote_page.index(ENDNOTE) - 1] == "1"
    # every row of the 40-row table is drawn (LibreOffice once left them out of a page with a footnote)
    assert all(any(line.startswith(f"地区{n}{100 + n}{120 + n}") for line in text.splitlines()) for n in range(1, 41))
    uris = [a.get_object().get("/A", {}).get("/URI") for page in PdfReader(str(converted)).pages
            for a in page.get("/Annots") or []]
    assert URL in uris


@needs("soffice")
@needs("pdftotext")
def test_contents_page_numbers_match_libreoffice(written, converted):
    import docx_pages

    path, _ = written
    results = docx_pages.check(path, converted)
    assert [r.title for r in results] == ["一、中欧可再生能源合作取得新进展", "二、中美清洁能源研究中心启动"]
    assert [(r.title, r.cached, r.heading_page, r.link_page) for r in results if not r.ok] == []
    assert results[1].heading_page >= 4  # the 40-row table pushed the second article on


# -- end to end: the rich bulletin as Word wrote it (tools/build_rich_sample.py), read and written ------


FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "rich_bulletin.docx"


def test_the_fixture_is_what_its_builder_writes(tmp_path):
    import build_rich_sample

    built = build_rich_sample.build(tmp_path / "rich_bulletin.docx")
    with zipfile.ZipFile(built) as fresh, zipfile.ZipFile(FIXTURE) as kept:
        assert sorted(fresh.namelist()) == sorted(kept.namelist())
        assert all(fresh.read(name) == kept.read(name) for name in fresh.namelist())


@pytest.fixture(scope="module")
def from_fixture(tmp_path_factory) -> tuple[Path, tuple[str, ...]]:
    from publish.reader import read

    path = tmp_path_factory.mktemp("rich-e2e") / "rich_bulletin.docx"
    return path, write_docx(read(FIXTURE).document, MASTHEAD, path, page_numbers="model")


def test_the_rich_bulletin_keeps_every_kind_in_the_docx(from_fixture):
    import build_rich_sample as sample

    path, warnings = from_fixture
    document = xml(path, "word/document.xml")
    numbering = xml(path, "word/numbering.xml")
    assert [lvl.find(f"{W}lvlText").get(f"{W}val") for lvl in numbering.iter(f"{W}lvl")] == ["%1、", "（%2）"]
    listed = [("".join(t.text for t in p.iter(f"{W}t")), p.find(f"{W}pPr/{W}numPr/{W}ilvl").get(f"{W}val"))
              for p in document.iter(f"{W}p") if p.find(f"{W}pPr/{W}numPr") is not None]
    assert listed == [(text, str(level)) for _, level, text in sample.LIST_ITEMS]
    notes = xml(path, "word/footnotes.xml")
    assert ["".join(t.text for t in n.iter(f"{W}t")).strip() for n in notes if n.get(f"{W}type") is None] == [
        sample.FOOTNOTE]
    assert len(list(document.iter(f"{W}footnoteReference"))) == 1
    rels = relationships(path, "word/_rels/document.xml.rels")
    assert ("hyperlink", sample.URL, "External") in rels.values()
    assert {e.get(f"{W}val") for e in document.iter(f"{W}vertAlign")} == {"superscript", "subscript"}
    assert len(list(document.iter(f"{M}oMath"))) == 1
    table = document.find(f"{W}body/{W}tbl")
    assert len(table.findall(f"{W}tr")) == 42
    assert [r.find(f"{W}trPr/{W}tblHeader") is not None for r in table.findall(f"{W}tr")[:3]] == [True, True, False]
    assert len(table.findall(f".//{W}gridSpan")) == 1 and len(table.findall(f".//{W}vMerge")) == 4
    assert [d.get("descr") for d in document.iter(f"{{{sample.NAMESPACES['wp']}}}docPr")] == [
        sample.PICTURE_DESCRIPTION]
    assert sample.TEXT_BOX in "".join(t.text or "" for t in document.iter(f"{W}t"))
    assert any("--page-numbers libreoffice" in w for w in warnings)  # the equation


@needs("soffice")
@needs("pdftotext")
def test_the_rich_bulletin_in_libreoffice(from_fixture, tmp_path):
    import build_rich_sample as sample
    import docx_pages

    path, _ = from_fixture
    pdf = docx_pages.convert(path, tmp_path)
    results = docx_pages.check(path, pdf)
    assert [r.title for r in results] == [sample.FIRST_TITLE, sample.SECOND_TITLE]
    assert [(r.title, r.cached, r.heading_page, r.link_page) for r in results if not r.ok] == []
    pages = docx_pages.page_texts(pdf)
    text = "\n".join("\n".join(page) for page in pages)
    for label, _, item_text in sample.LIST_ITEMS:
        assert label + item_text in text
    assert all(f"地区{n}{100 + n}{120 + n}" in text for n in range(1, sample.TABLE_ROWS + 1))
    note_page = next(page for page in pages if any(line.startswith(sample.FOOTNOTE[:6]) for line in page))
    note_line = next(i for i, line in enumerate(note_page) if line.startswith(sample.FOOTNOTE[:6]))
    assert note_line >= len(note_page) - 3 and any(sample.BODY[:10] in line for line in note_page)


# -- footnotes at the foot of the page: long ones continue on the next page, several start on the citing page --


NOTE = "数据来源：国家统计局《2015年国民经济和社会发展统计公报》，以及各省区市统计局发布的年度公报。"


def cited_articles(notes_per_paragraph: int, note_length: int) -> Document:
    """24 articles of 1 to 5 paragraphs; every other paragraph cites notes mid-sentence, so headings,
    citing lines and notes fall at every height of the page."""
    sections = []
    for k in range(1, 25):
        blocks = []
        for j in range(k % 5 + 1):
            runs = [Run(TEXT)]
            if j % 2 == 0:
                runs += [Run(str(n + 1), note=Note("footnote", str(n + 1), (Paragraph.plain(NOTE * note_length),)))
                         for n in range(notes_per_paragraph)]
                runs.append(Run(TEXT[:20]))
            blocks.append(Paragraph(tuple(runs)))
        sections.append(Section(f"第{k}篇文章标题", 1, (f"_Toc{100000000 + k}",), blocks=tuple(blocks)))
    return Document(sections=tuple(sections))


@needs("soffice")
@needs("pdftotext")
@pytest.mark.parametrize(("notes_per_paragraph", "note_length"), [(1, 1), (2, 2), (1, 3)])
def test_contents_page_numbers_hold_with_footnotes_everywhere(tmp_path, notes_per_paragraph, note_length):
    import docx_pages

    path = tmp_path / "cited.docx"
    write_docx(cited_articles(notes_per_paragraph, note_length), MASTHEAD, path, page_numbers="model")
    results = docx_pages.check(path, docx_pages.convert(path, tmp_path))
    assert len(results) == 24
    assert [(r.title, r.cached, r.heading_page) for r in results if not r.ok] == []


@needs("soffice")
@needs("pdftotext")
def test_contents_page_numbers_hold_after_long_tables_with_repeated_headers(tmp_path):
    import docx_pages

    def table(rows: int) -> Table:
        header = tuple((Cell((Paragraph.plain(f"表头{n}"),)),) * 3 for n in (1, 2))
        body = tuple((Cell((Paragraph.plain(f"第{n}行"),)), Cell((Paragraph.plain(str(n)),)),
                      Cell((Paragraph.plain("说明文字较长时会折成两行显示在单元格里" if n % 9 == 0 else "—"),)))
                     for n in range(rows))
        return Table(header + body, column_widths=(120.0, 120.0, 120.0), header_rows=2)

    sections = tuple(Section(f"第{k}篇文章标题", 1, (f"_Toc{100000000 + k}",),
                             blocks=(Paragraph.plain(TEXT), table(20 + 7 * k)))
                     for k in range(1, 9))
    path = tmp_path / "tables.docx"
    write_docx(Document(sections=sections), MASTHEAD, path, page_numbers="model")
    results = docx_pages.check(path, docx_pages.convert(path, tmp_path))
    assert len(results) == 8
    assert [(r.title, r.cached, r.heading_page) for r in results if not r.ok] == []
