"""The formatted .docx: its structure, its contents as Word writes them, and LibreOffice's pages."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docxkit
import producers
import pytest
from lxml import etree
from support import needs

from publish.model import Cell, Document, Image, Masthead, Paragraph, Run, Section, Source, Table
from publish.reader import read
from publish.writers.docx import STYLE_NAMES, write_docx

R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MASTHEAD = Masthead(name="国际科技合作动态", issue="第1期", unit="科技部国际合作司", date="2016年5月27日")
# Where LibreOffice 7.4 puts each heading of the sample (checked by converting the output to PDF).
SAMPLE_PAGES = [2, 2, 3, 4, 5, 9, 9, 9, 9, 10, 10, 10, 11]


@pytest.fixture(scope="module")
def sample_document():
    return read(Path(__file__).resolve().parents[3] / "input" / "bulletin.docx").document


@pytest.fixture(scope="module")
def written(sample_document, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "bulletin.docx"
    assert write_docx(sample_document, MASTHEAD, path) == ()
    return path


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def style_names(path: Path) -> dict[str, str]:
    styles = part(path, "word/styles.xml")
    return {s.get(f"{W}styleId"): s.find(f"{W}name").get(f"{W}val") for s in styles.iter(f"{W}style")}


def paragraphs_by_style(path: Path) -> list[tuple[str, str]]:
    names = style_names(path)
    body = part(path, "word/document.xml")
    found = []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        found.append((names.get(style.get(f"{W}val")) if style is not None else None, text))
    return found


def toc_entries(path: Path) -> list[tuple[str, str, str, str]]:
    """(style name, anchor, PAGEREF instruction, cached number) per contents entry."""
    names = style_names(path)
    entries = []
    for p in part(path, "word/document.xml").iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is None or not names[style.get(f"{W}val")].startswith("toc "):
            continue
        link = p.find(f"{W}hyperlink")
        instruction = "".join(t.text for t in link.iter(f"{W}instrText"))
        number = "".join(t.text for t in link.iter(f"{W}t"))[len("".join(
            t.text for t in link.find(f"{W}r").iter(f"{W}t"))):]
        entries.append((names[style.get(f"{W}val")], link.get(f"{W}anchor"), instruction, number))
    return entries


def test_contents_are_written_as_word_writes_them(written, sample_document):
    body = part(written, "word/document.xml")
    sdt = body.find(f"{W}body/{W}sdt")
    assert sdt.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery").get(f"{W}val") == "Table of Contents"
    entries = toc_entries(written)
    headings = [s for s in sample_document.walk() if s.level <= 2]
    assert len(entries) == len(headings) == 13
    assert [e[0] for e in entries] == [f"toc {s.level}" for s in headings]
    for (_, anchor, instruction, number), pages in zip(entries, SAMPLE_PAGES):
        assert instruction == f" PAGEREF {anchor} \\h "
        assert number == str(pages)
    instructions = [t.text for t in sdt.iter(f"{W}instrText")]
    assert instructions[0] == ' TOC \\o "1-2" \\h \\z \\u '
    kinds = [c.get(f"{W}fldCharType") for c in sdt.iter(f"{W}fldChar")]
    assert kinds[:3] == ["begin", "separate", "begin"] and kinds[-2:] == ["end", "end"]
    assert kinds.count("begin") == kinds.count("end") == 14
    # No w:updateFields: Word would ask on every open whether to update the fields.
    settings = part(written, "word/settings.xml")
    assert settings.find(f"{W}updateFields") is None


def test_update_fields_on_open_when_asked_and_where_the_schema_puts_it(sample_document, tmp_path):
    path = tmp_path / "asks.docx"
    write_docx(sample_document, MASTHEAD, path, update_fields=True)
    settings = part(path, "word/settings.xml")
    update = settings.find(f"{W}updateFields")
    assert update.get(f"{W}val") == "true"
    assert etree.QName(update.getnext()).localname == "compat"  # just before w:compat, as CT_Settings orders it
    assert etree.QName(update.getprevious()).localname == "characterSpacingControl"


def test_headings_keep_the_input_bookmarks_and_every_link_has_its_target(written, sample_document):
    body = part(written, "word/document.xml")
    starts = list(body.iter(f"{W}bookmarkStart"))
    ends = list(body.iter(f"{W}bookmarkEnd"))
    ids = [s.get(f"{W}id") for s in starts]
    assert len(set(ids)) == len(ids)
    assert sorted(ids) == sorted(e.get(f"{W}id") for e in ends)
    names = [s.get(f"{W}name") for s in starts]
    assert len(set(names)) == len(names)
    kept = [b for s in sample_document.walk() for b in s.bookmarks]
    assert kept == ["_Toc22406", "_Toc21497", "_Toc27194", "_Toc5082", "_Toc25668", "_Toc5078"]
    assert names[:6] == kept
    assert all(re.fullmatch(r"_Toc\d+", name) for name in names)
    for link in body.iter(f"{W}hyperlink"):
        assert link.get(f"{W}anchor") in names
        assert "".join(t.text or "" for t in link.iter(f"{W}t")).strip()


def test_masthead_column_sources_and_styles(written):
    found = paragraphs_by_style(written)
    assert found[:3] == [("Masthead Name", "国际科技合作动态"), ("Masthead Issue", "第1期"),
                         ("Masthead Line", "科技部国际合作司2016年5月27日")]
    assert ("TOC Heading", "目  录") in found
    # GB/T 9704: the column line that only repeats the masthead's name is not printed under the contents
    assert not [text for style, text in found if style == "Column Label"]
    sources = [text for style, text in found if style == "Source Line"]
    assert sources[0] == "（来源：中国国际科技合作网，2016年05月27日）" and len(sources) == 6
    assert found[found.index(("TOC Heading", "目  录")) + 14] == ("heading 1", "中荷在京开展科技合作交流")
    assert set(STYLE_NAMES.values()) <= set(style_names(written).values())


def test_template_styles_follow_the_official_layout(written):
    styles = part(written, "word/styles.xml")
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == "仿宋"  # what a stock Chinese Windows has
    assert defaults.find(f"{W}sz").get(f"{W}val") == "32"
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    heading = by_id["Heading1"]
    assert heading.find(f"{W}pPr/{W}outlineLvl").get(f"{W}val") == "0"
    assert heading.find(f"{W}pPr/{W}keepNext") is not None
    body = by_id["BodyText"].find(f"{W}pPr")
    assert body.find(f"{W}ind").get(f"{W}firstLine") == "640"
    spacing = styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}spacing")
    assert (spacing.get(f"{W}line"), spacing.get(f"{W}lineRule")) == ("579", "exact")
    section = part(written, "word/document.xml").find(f"{W}body/{W}sectPr")
    margins = section.find(f"{W}pgMar")
    assert [margins.get(f"{W}{k}") for k in ("top", "left", "bottom", "right")] == ["2098", "1587", "1984", "1474"]
    # 22 lines of 28 characters declared as Word's document grid: 15.795 pt = 16 pt - 841/4096 pt
    grid = section.find(f"{W}docGrid")
    assert (grid.get(f"{W}type"), grid.get(f"{W}linePitch"), grid.get(f"{W}charSpace")) == ("linesAndChars", "579", "-841")
    assert defaults.find(f"{W}spacing").get(f"{W}val") == "-7"
    # page numbers: odd pages right, even pages left, one 14 pt character in (GB/T 9704 7.5)
    references = {r.get(f"{W}type"): r.get(f"{R}id") for r in section.iter(f"{W}footerReference")}
    assert set(references) == {"default", "even"}
    assert part(written, "word/settings.xml").find(f"{W}evenAndOddHeaders") is not None
    for name, side in (("word/footer1.xml", "right"), ("word/footer2.xml", "left")):
        footer = part(written, name)
        assert "".join(t.text for t in footer.iter(f"{W}t")) == "— 1 —"
        assert [t.text for t in footer.iter(f"{W}instrText")] == [" PAGE "]
        ppr = footer.find(f"{W}p/{W}pPr")
        assert (ppr.find(f"{W}jc").get(f"{W}val"), ppr.find(f"{W}ind").get(f"{W}{side}")) == (side, "280")
    # faces a stock Chinese Windows and WPS have; 小标宋 declared a 宋 face that falls back to 宋体
    used = {f.get(f"{W}eastAsia") for f in styles.iter(f"{W}rFonts")}
    assert used == {"仿宋", "黑体", "楷体", "宋体", "方正小标宋简体"}
    fonts = {f.get(f"{W}name"): f for f in part(written, "word/fontTable.xml").iter(f"{W}font")}
    described = {name: (f.find(f"{W}altName").get(f"{W}val") if f.find(f"{W}altName") is not None else None,
                        f.find(f"{W}panose1").get(f"{W}val"), f.find(f"{W}charset").get(f"{W}val"))
                 for name, f in fonts.items()}
    assert described["方正小标宋简体"] == ("宋体", "02010600030101010101", "86")
    assert described["仿宋"] == ("FangSong", "02010609060101010101", "86")
    assert described["宋体"] == ("SimSun", "02010600030101010101", "86")


def test_core_properties(written):
    core = part(written, "docProps/core.xml")
    ns = {"dc": "http://purl.org/dc/elements/1.1/", "cp": core.nsmap["cp"], "dcterms": "http://purl.org/dc/terms/"}
    assert core.findtext("dc:title", namespaces=ns) == "国际科技合作动态"
    assert core.findtext("dc:subject", namespaces=ns) == "国际科技合作动态"
    assert core.findtext("dc:creator", namespaces=ns) == "科技部国际合作司"
    assert core.findtext("cp:keywords", namespaces=ns) == "国际科技合作动态；第1期"
    assert core.findtext("dc:language", namespaces=ns) == "zh-CN"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", core.findtext("dcterms:created", namespaces=ns))


def test_python_docx_reopens_it(written):
    import docx

    opened = docx.Document(str(written))
    texts = [p.text for p in opened.paragraphs]
    assert texts[0] == "国际科技合作动态"
    assert "中荷在京开展科技合作交流" in texts
    assert opened.core_properties.title == "国际科技合作动态"


def test_reading_the_output_gives_the_input_tree(written, sample_document):
    again = read(written).document

    def shape(document: Document, fresh: bool) -> list:
        rows = []
        for s in document.walk():
            bookmarks = s.bookmarks if s.bookmarks or not fresh else ("fresh",)
            if not fresh and s.bookmarks and s.bookmarks[0].startswith("_Toc5000"):
                bookmarks = ("fresh",)
            rows.append((s.title, s.level, bookmarks, s.source, [p.runs for p in s.paragraphs]))
        return rows

    assert shape(again, fresh=False) == shape(sample_document, fresh=True)
    # the column line repeated the masthead's name, so it is not written (GB/T 9704): the title keeps the name
    assert (again.title, again.column, again.preamble) == (sample_document.title, None, ())


def test_tables_images_and_inline_formatting(tmp_path):
    png = docxkit.png(40, 20)
    document = Document(title="表", column=None, sections=(Section(
        "图表", 1, ("_Toc1",), Source("科技日报", None, "（来源：科技日报）"),
        (Paragraph((Run("粗体", bold=True), Run("与"), Run("斜体", italic=True), Run("。"))),
         Table(((Cell((Paragraph.plain("项目"),)), Cell((Paragraph.plain("数量"),))), (Cell((Paragraph.plain("平台"),)),))),
         Image(png, "image/png", description="示意图"))),))
    path = tmp_path / "table.docx"
    write_docx(document, MASTHEAD, path)
    body = part(path, "word/document.xml")
    table = body.find(f"{W}body/{W}tbl")
    assert [[("".join(t.text for t in c.iter(f"{W}t"))) for c in row.iter(f"{W}tc")] for row in table.iter(f"{W}tr")] \
        == [["项目", "数量"], ["平台", ""]]
    blip = next(body.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip"))
    rel_id = blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
    with zipfile.ZipFile(path) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
        target = re.search(rf'Id="{rel_id}"[^>]*Target="([^"]+)"', rels)[1]
        assert archive.read(f"word/{target}") == png
        assert 'Extension="png"' in archive.read("[Content_Types].xml").decode()
    again = read(path).document.sections[0]
    assert [(r.text, r.bold, r.italic) for r in again.paragraphs[0].runs] == [
        ("粗体", True, False), ("与", False, False), ("斜体", False, True), ("。", False, False)]
    assert [b for b in again.blocks if isinstance(b, Image)][0].data == png
    assert again.source.text == "（来源：科技日报）"


def test_headings_without_bookmarks_get_fresh_unique_names(tmp_path):
    path = producers.write("plain", tmp_path / "plain.docx")
    out = tmp_path / "out.docx"
    write_docx(read(path).document, MASTHEAD, out)
    names = [s.get(f"{W}name") for s in part(out, "word/document.xml").iter(f"{W}bookmarkStart")]
    assert len(names) == 4 and len(set(names)) == 4
    assert all(re.fullmatch(r"_Toc\d{9}", name) for name in names)
    assert [e[1] for e in toc_entries(out)] == names


def test_libreoffice_mode_falls_back_to_computed_numbers_without_soffice(sample_document, tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    path = tmp_path / "fallback.docx"
    warnings = write_docx(sample_document, MASTHEAD, path, page_numbers="libreoffice")
    assert warnings == ("LibreOffice could not give the page numbers (soffice is not installed); "
                        "computed ones were kept",)
    assert [e[3] for e in toc_entries(path)] == [str(p) for p in SAMPLE_PAGES]


def _unsure(document: Document) -> Document:
    """The sample with an Arabic sentence in its first article: characters the model has no widths for."""
    first = document.sections[0]
    arabic = Paragraph((Run("هذه فقرة باللغة العربية لا يعرف نموذج التخطيط عرض حروفها. " * 12),))
    return dataclasses.replace(document, sections=(
        dataclasses.replace(first, blocks=(*first.blocks, arabic)), *document.sections[1:]))


UNSURE_WITHOUT_LIBREOFFICE = (
    "The contents' page numbers are computed around characters without font metrics, which the layout model "
    "can only estimate, and LibreOffice could not lay them out (soffice is not installed); with LibreOffice "
    "installed, --page-numbers libreoffice takes them from it")


def test_an_unsure_layout_without_libreoffice_is_said_once(sample_document, tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    path = tmp_path / "unsure.docx"
    assert write_docx(_unsure(sample_document), MASTHEAD, path) == (UNSURE_WITHOUT_LIBREOFFICE,)
    assert write_docx(_unsure(sample_document), MASTHEAD, path, page_numbers="model") == (
        "The contents' page numbers are computed around characters without font metrics, which the layout model "
        "can only estimate; --page-numbers libreoffice takes them from LibreOffice",)
    # what the model is sure of asks nothing and says nothing
    assert write_docx(sample_document, MASTHEAD, path) == ()


def test_an_unsure_layout_when_libreoffice_is_too_slow_names_the_longer_wait(sample_document, tmp_path,
                                                                            monkeypatch):
    from publish import libreoffice

    def too_slow(command, timeout, cwd):
        raise subprocess.TimeoutExpired(command, timeout)

    monkeypatch.setattr(libreoffice, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(libreoffice, "run_soffice", too_slow)
    assert write_docx(_unsure(sample_document), MASTHEAD, tmp_path / "unsure.docx") == (
        "The contents' page numbers are computed around characters without font metrics, which the layout model "
        "can only estimate, and LibreOffice could not lay them out (it took longer than 60 s); "
        "--page-numbers libreoffice gives it up to 180 s",)


@needs("soffice")
def test_an_unsure_layout_takes_libreoffices_numbers(sample_document, tmp_path):
    from publish.layout import lo_pages

    path = tmp_path / "unsure.docx"
    assert write_docx(_unsure(sample_document), MASTHEAD, path) == ()
    entries = toc_entries(path)
    found, problem = lo_pages.bookmark_pages(path, [e[1] for e in entries])
    assert problem is None
    assert [e[3] for e in entries] == [str(found[e[1]]) for e in entries]


def test_toc_depth_one_lists_articles_only(sample_document, tmp_path):
    path = tmp_path / "depth1.docx"
    write_docx(sample_document, MASTHEAD, path, toc_depth=1)
    assert [e[3] for e in toc_entries(path)] == ["2", "2", "3", "4", "5", "9"]


# -- LibreOffice: the contents' numbers are the pages the headings land on, and they are links --------


@needs("soffice")
@needs("pdftotext")
@pytest.mark.parametrize("mode", ["compute", "libreoffice"])
def test_libreoffice_shows_right_page_numbers_on_the_sample(sample_document, tmp_path, mode):
    import docx_pages

    path = tmp_path / "bulletin.docx"
    assert write_docx(sample_document, MASTHEAD, path, page_numbers=mode) == ()
    results = docx_pages.check(path, docx_pages.convert(path, tmp_path))
    assert len(results) == 13
    assert [(r.title, r.cached, r.heading_page, r.link_page) for r in results if not r.ok] == []
    assert [r.heading_page for r in results] == SAMPLE_PAGES


@needs("soffice")
@needs("pdftotext")
def test_libreoffice_agrees_on_every_producer_fixture(tmp_path):
    import docx_pages

    written = []
    for flavor in producers.FLAVORS:
        document = read(producers.write(flavor, tmp_path / f"{flavor}-in.docx")).document
        out = tmp_path / f"{flavor}.docx"
        write_docx(document, MASTHEAD, out)
        written.append(out)
    for out in written:
        pdf = docx_pages.convert(out, tmp_path)
        results = docx_pages.check(out, pdf)
        assert len(results) == 4, out.stem
        assert [r for r in results if not r.ok] == [], out.stem


def test_libreoffice_mode_honours_publish_soffice(sample_document, tmp_path, monkeypatch):
    monkeypatch.setenv("PUBLISH_SOFFICE", str(tmp_path / "no-such-soffice"))
    warnings = write_docx(sample_document, MASTHEAD, tmp_path / "named.docx", page_numbers="libreoffice")
    assert warnings == (f"LibreOffice could not give the page numbers (PUBLISH_SOFFICE={tmp_path / 'no-such-soffice'} "
                        "is not a program that can be run); computed ones were kept",)
