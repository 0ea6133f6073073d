"""The PDF digest of the sample, checked the way a reader's tools see it: poppler, qpdf and pypdf."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import docxkit
import pytest
from pypdf import PdfReader
from support import needs, run

from publish.model import (
    Cell, Document, Equation, Figure, Image, Link, ListDefinition, ListItem, ListLevel, Masthead, Note, Paragraph, Run,
    Section, Table,
)
from publish.reader import read
from publish.layout.linebreak import unbreakable_words, violations
from publish.writers.pdf.document import first_sentence, write_pdf

MASTHEAD = Masthead(name="国际科技合作动态", issue="第1期", unit="科技部国际合作司", date="2016年5月27日")
ACHIEVEMENTS, ACHIEVEMENTS_BOOKMARK = "国家科技重大专项成就", "_Toc5078"


def figure(text: str, value: str | None, unit: str, label: str | None, subsection: str | None,
           approx: str | None = None, section: str = ACHIEVEMENTS, bookmark: str = ACHIEVEMENTS_BOOKMARK) -> Figure:
    return Figure(text=text, value=Decimal(value) if value else None, unit=unit, approx=approx, label=label,
                  sentence="", section=section, bookmark=bookmark, subsection=subsection)


# Hand-made, so these tests do not depend on the extractor's choices.
FIGURES = (
    figure("400余人", "400", "人", "投资机构、企业代表", None, "余", "首届中美创新与投资对接大会在休斯敦举办", "_Toc21497"),
    figure("759亿元", "75900000000", "元", "投入", "专项投入"),
    figure("1080亿元", "108000000000", "元", "带动投入", "专项投入"),
    figure("31个", "31", "个", "省市", "覆盖面"),
    figure("24.3万名", "243000", "名", "科研人员", "覆盖面"),
    figure("数千家", None, "家", "科研院所高校和企业", "覆盖面", "数"),
    figure("超过400亿元", "40000000000", "元", "主营收入", "新药创制", "超过"),
    figure("514架", "514", "架", "意向订单", "大飞机"),
)


@pytest.fixture(scope="module")
def document(sample_docx: Path) -> Document:
    return read(sample_docx).document


@pytest.fixture(scope="module")
def digest(document: Document, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[str, ...]]:
    path = tmp_path_factory.mktemp("pdf") / "bulletin.pdf"
    warnings = write_pdf(document, FIGURES, MASTHEAD, path)
    return path, warnings


@pytest.fixture(scope="module")
def full(document: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "full.pdf"
    write_pdf(document, FIGURES, MASTHEAD, path, full=True)
    return path


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


def page_texts(path: Path, *options: str) -> list[str]:
    """pdftotext per page, running header and footer lines removed."""
    pages = run("pdftotext", *options, "-enc", "UTF-8", str(path), "-").split("\f")[:-1]
    furniture = re.compile(rf"^\s*(第\s*\d+\s*页\s*/\s*共\s*\d+\s*页|{MASTHEAD.name}\s+{MASTHEAD.issue}.*)\s*$")
    return ["\n".join(line for line in page.splitlines() if not furniture.match(line)) for page in pages]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def lead(section: Section) -> str:
    return next(p.text.strip() for s in section.walk() for p in s.paragraphs if p.text.strip())


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
        assert names == {"NotoSansSC-Regular", "NotoSansSC-Bold"}  # a real bold, and no Helvetica


@needs("pdftotext")
def test_every_article_title_and_lead_paragraph_comes_back_exactly(digest, document: Document) -> None:  # noqa: ANN001
    text = squeeze("".join(page_texts(digest[0])))
    for article in document.sections:
        assert squeeze(article.title) in text
        assert squeeze(lead(article)) in text, lead(article)[:20]


@needs("pdftotext")
def test_full_gives_every_paragraph_and_the_digest_shortens_the_rest(digest, full, document) -> None:  # noqa: ANN001
    full_text = squeeze("".join(page_texts(full)))
    digest_text = squeeze("".join(page_texts(digest[0])))
    paragraphs = [p.text.strip() for s in document.walk() for p in s.paragraphs if p.text.strip()]
    for paragraph in paragraphs:
        assert squeeze(paragraph) in full_text, paragraph[:20]
    # A later paragraph of the first article: its first sentence stays in the digest, the rest goes.
    second = document.sections[0].paragraphs[1].text.strip()
    assert squeeze(first_sentence(second)) in digest_text
    assert squeeze(second) not in digest_text
    assert "有删节" in digest_text and "有删节" not in full_text
    assert len(digest_text) < 0.8 * len(full_text)


@needs("qpdf")
def test_qpdf_finds_no_errors(digest, full) -> None:  # noqa: ANN001
    for path in (digest[0], full):
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors" in result.stdout


def outline_titles(outline: list, reader: PdfReader, depth: int = 0) -> list[tuple[int, str, int]]:
    entries = []
    for item in outline:
        if isinstance(item, list):
            entries.extend(outline_titles(item, reader, depth + 1))
        else:
            entries.append((depth, item.title, reader.get_destination_page_number(item) + 1))
    return entries


@needs("pdftotext")
def test_the_outline_mirrors_the_section_tree_and_points_at_each_heading(digest, document) -> None:  # noqa: ANN001
    reader = PdfReader(digest[0])
    entries = outline_titles(reader.outline, reader)
    assert [(depth, title) for depth, title, _ in entries] == \
        [(s.level - 1, s.title.strip()) for s in document.walk()]
    pages = page_texts(digest[0], "-layout")
    for _depth, title, page in entries:
        assert any(line.strip() == title for line in pages[page - 1].splitlines()), (title, page)


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
def test_pages_carry_the_running_header_and_page_n_of_m(digest) -> None:  # noqa: ANN001
    pages = run("pdftotext", "-layout", "-enc", "UTF-8", str(digest[0]), "-").split("\f")[:-1]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"第{number}页/共{len(pages)}页" in squeeze(page)  # -layout drops the thin spaces
        header = page.strip().splitlines()[0]
        assert (MASTHEAD.name in header and MASTHEAD.issue in header) == (number > 1), header


@needs("pdftotext")
def test_no_line_breaks_the_chinese_rules_and_no_number_or_word_is_split(full, document) -> None:  # noqa: ANN001
    lines = "\n".join(page_texts(full, "-layout")).splitlines()
    assert [(line, violations(line)) for line in lines if violations(line)] == []
    words = {w for s in document.walk() for p in s.paragraphs for w in unbreakable_words(p.text)}
    assert {"2016", "TD-LTE", "Bernard", "Harris", "24.3", "759", "C919"} <= words
    for word in words:
        assert any(re.search(rf"(?<![A-Za-z0-9.]){re.escape(word)}(?![A-Za-z0-9])", line) for line in lines), word


@needs("pdftotext")
def test_the_masthead_contents_and_figures_are_on_their_pages(digest) -> None:  # noqa: ANN001
    pages = page_texts(digest[0], "-layout")
    cover = squeeze(pages[0])
    for part in (MASTHEAD.issue, MASTHEAD.unit, MASTHEAD.date, "目录"):
        assert part in cover
    assert squeeze(MASTHEAD.name) in cover or squeeze(" ".join(MASTHEAD.name)) in cover
    everything = squeeze("".join(pages))
    for cell in ("专项成就数据", "759亿元", "75,900,000,000元", "108,000,000,000元", "数千家", "科研院所高校和企业",
                 "文中的金额（亿元）", "投入（759亿元）", "带动投入（1080亿元）", "主营收入（超过400亿元）",
                 "关键数字", "投资机构、企业代表", "400余人"):
        assert cell in everything, cell
    assert "意向订单（514架）" not in everything  # only money goes into the chart


def test_the_metadata_names_the_bulletin_and_the_language(digest) -> None:  # noqa: ANN001
    reader = PdfReader(digest[0])
    info = reader.metadata
    assert info.title == "国际科技合作动态 第1期"
    assert info.author == MASTHEAD.unit
    assert "2016年5月27日" in info.subject
    assert "中荷在京开展科技合作交流" in info["/Keywords"]
    assert info.creator.startswith("publish ")
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


@needs("pdftoppm")
def test_the_cover_is_red_at_the_top_and_the_pages_are_not_blank(digest, tmp_path: Path) -> None:  # noqa: ANN001
    from PIL import Image

    run("pdftoppm", "-png", "-r", "30", str(digest[0]), str(tmp_path / "page"))
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == len(PdfReader(digest[0]).pages)
    cover = Image.open(images[0]).convert("RGB")
    top = cover.crop((0, 0, cover.width, cover.height // 5))
    red = sum(1 for r, g, b in top.get_flattened_data() if r > 150 and g < 80 and b < 80)
    assert red > 200  # the masthead name and rule
    for image in images:
        ink = sum(1 for r, g, b in Image.open(image).convert("RGB").get_flattened_data() if r + g + b < 300)
        assert ink > 500, image.name


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


# -- what the author wrote: a document holding each kind, read back as a reader's tools see it ---------

FRAME_LEFT, FRAME_RIGHT = 25 * 72 / 25.4, 595.2756 - 25 * 72 / 25.4
NUMBERED = ListDefinition("7", "numbered", (ListLevel("decimal", "%1.", indent=720, hanging=480),
                                            ListLevel("decimal", "(%2)", indent=1440, hanging=480)))



def png(width: int, height: int) -> bytes:
    return docxkit.png(width, height, b"\x00\x80\x00")  # green: told apart from the page's red in pixels


def cell(text: str, column_span: int = 1, row_span: int = 1) -> Cell:
    return Cell((Paragraph.plain(text),), column_span, row_span)


def every_kind(*, damaged_picture: bool = True) -> Document:
    """Two articles: the first holds each kind of content the PDF must show, the second is a link target."""
    source_note = Note("footnote", "1", (Paragraph((Run("数据来源："), Run("科技部", link=Link(url="https://www.most.gov.cn/")),
                                                     Run("。"))),))
    kept_note = Note("footnote", "2", (Paragraph.plain("第一句的脚注。"),))
    dropped_note = Note("footnote", "3", (Paragraph.plain("第二句的脚注。"),))
    endnote = Note("endnote", "i", (Paragraph.plain("本文据合作司材料整理。"),))
    lead = Paragraph((
        Run("示范面积达100 m"), Run("2", vertical="superscript"), Run("，减排CO"), Run("2", vertical="subscript"),
        Run("约三成"), Run("1", vertical="superscript", note=source_note), Run("。详见"),
        Run("科技部网站", link=Link(url="https://www.most.gov.cn/kjbgz/")), Run("，另见"),
        Run("第二篇", link=Link(anchor="_Toc200")), Run("与"), Run("旧稿", link=Link(anchor="_Toc999")), Run("。"),
    ))
    two_sentences = Paragraph((Run("第一句有注释"), Run("2", vertical="superscript", note=kept_note),
                               Run("。第二句也有注释"), Run("3", vertical="superscript", note=dropped_note), Run("。")))
    lined = Paragraph((Run("这是"), Run("下划线文字", underline=True), Run("和"), Run("删除线文字", strike=True),
                       Run("，然后是普通文字。"), Run("i", vertical="superscript", note=endnote)))
    long_item = "第一项：" + "加强政策对话与创新合作，" * 6 + "推动成果转化。"
    items = (Paragraph((Run(long_item),), list_item=ListItem("7", 0, "1.")),
             Paragraph((Run("第一项下的细目"),), list_item=ListItem("7", 1, "(1)")),
             Paragraph((Run("第二项"),), list_item=ListItem("7", 0, "2.")),
             Paragraph((Run("没有定义的项目"),), list_item=ListItem("missing", 0, "•")))
    inline = Paragraph((Run("公式"), Run("a₁+b²", equation=Equation("a₁+b²")), Run("成立。")))
    display = Paragraph((Run("x=(−b±√(b²−4ac))/2a", equation=Equation("x=(−b±√(b²−4ac))/2a", display=True)),))
    merged = Table(((cell("地区", row_span=2), cell("合作经费", column_span=2)), (cell("中方"), cell("外方")),
                    (cell("亚洲"), cell("12万元"), cell("9万元"))), (60.0, 200.0, 200.0), header_rows=1)
    long_table = Table(((cell("序号"), cell("经费")),)
                       + tuple((cell(f"第{n}项"), cell(f"{n * 3}万元")) for n in range(1, 61)), (100.0, 100.0),
                       header_rows=1)
    inner = Table(((cell("内层甲"), cell("内层乙")),))
    nested = Table(((Cell((Paragraph.plain("外层"),)), Cell((inner,))),
                    (Cell((Paragraph.plain("图"),)), Cell((Image(png(40, 20), "image/png", 40 * 12700, 20 * 12700,
                                                                 "绿色方块"),))),), (100.0, 300.0))
    tall = Table(((cell("说明"), cell("很长的回答。" * 600)),), (80.0, 380.0))
    pictures = (Image(b"\x01\x00\x00\x00" + b"\x00" * 36 + b" EMF" + b"\x00" * 40, "image/x-emf", 914400, 457200,
                      "流程示意图"),
                Image(b"\xd7\xcd\xc6\x9a" + b"\x00" * 40, "image/x-wmf", None, None, "组织结构图"),
                Image(b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "image/png", None, None, "损坏的照片"))[:3 if damaged_picture else 2]
    first = Section("总体情况", 1, ("_Toc100",), None, (
        lead, two_sentences, lined, *items, inline, display,
        Paragraph((Run("图1 合作示意"),), align="center"), Paragraph((Run("国际合作司"),), align="right"),
        merged, long_table, nested, tall, *pictures,
    ), list_item=ListItem("h", 0, "一、"))
    second = Section("第二篇文章", 1, ("_Toc200",), None, (Paragraph.plain("第二篇的正文。"),),
                     list_item=ListItem("h", 0, "二、"))
    return Document(sections=(first, second), lists=(NUMBERED,))


@pytest.fixture(scope="module")
def every(tmp_path_factory) -> tuple[Path, tuple[str, ...]]:
    path = tmp_path_factory.mktemp("every") / "full.pdf"
    return path, write_pdf(every_kind(), (), MASTHEAD, path, full=True)


@pytest.fixture(scope="module")
def every_digest(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("every") / "digest.pdf"
    write_pdf(every_kind(), (), MASTHEAD, path)
    return path


@dataclass(frozen=True)
class Word:
    text: str
    page: int
    x0: float
    y0: float  # from the top of the page, as pdftotext gives it
    x1: float
    y1: float


def placed_words(path: Path) -> list[Word]:
    """Every word pdftotext finds, with its page and box."""
    found, page = [], 0
    for line in run("pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-").splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>', line)
        if match:
            found.append(Word(match[5], page, *(float(match[n]) for n in range(1, 5))))
    return found


def the(words: list[Word], text: str) -> Word:
    found = [w for w in words if w.text == text]
    assert len(found) == 1, (text, found)
    return found[0]


def reading(path: Path) -> str:
    """The words of the pages' frames in pdftotext's order, without running header and footer, squeezed."""
    return "".join(w.text for w in placed_words(path) if 28 * 72 / 25.4 - 2 < w.y0 < 841.8898 - 25 * 72 / 25.4)


def page_text(path: Path, page: int) -> str:
    return run("pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(path), "-")


def text_under(path: Path, page: int, rect: list) -> str:
    """What pdftotext reads inside a PDF rectangle (x0, y0, x1, y1 from the bottom) of one page."""
    x0, y0, x1, y1 = (float(v) for v in rect)
    inset = min(1.0, (x1 - x0) / 4)  # whole points inside the rectangle, not the neighbours' edges
    left, top = round(x0 + inset), math.ceil(841.8898 - y1)
    width, height = max(1, round(x1 - inset) - left), math.floor(841.8898 - y0) - top
    return squeeze(run("pdftotext", "-f", str(page), "-l", str(page), "-x", str(left), "-y", str(top),
                       "-W", str(width), "-H", str(height), "-enc", "UTF-8", str(path), "-"))


def link_annotations(path: Path) -> list[tuple[int, dict]]:
    """(page number, annotation) for every link annotation after the contents page."""
    reader = PdfReader(path)
    return [(number, annotation.get_object()) for number, page in enumerate(reader.pages, start=1) if number > 1
            for annotation in page.get("/Annots", []) or [] if annotation.get_object()["/Subtype"] == "/Link"]


@needs("pdftotext")
def test_list_labels_hang_before_their_text_at_each_level(every) -> None:  # noqa: ANN001
    words = placed_words(every[0])
    first_line = next(w for w in words if w.text.startswith("第一项：加强政策对话"))
    second_line = next(w for w in words if w.text.startswith("与创新合作") and w.y0 > first_line.y0)
    # Level 0: indent 720, hanging 480 twentieths of a point: the label at 12 pt, the text at 36 pt.
    assert the(words, "1.").x0 == pytest.approx(FRAME_LEFT + 12, abs=0.5)
    assert first_line.x0 == second_line.x0 == pytest.approx(FRAME_LEFT + 36, abs=0.5)  # the lines hang
    assert the(words, "2.").x0 == pytest.approx(FRAME_LEFT + 12, abs=0.5)
    assert the(words, "第二项").x0 == pytest.approx(FRAME_LEFT + 36, abs=0.5)
    # Level 1: indent 1440, the label at 48 pt, the text at 72 pt.
    assert the(words, "(1)").x0 == pytest.approx(FRAME_LEFT + 48, abs=0.5)
    assert the(words, "第一项下的细目").x0 == pytest.approx(FRAME_LEFT + 72, abs=0.5)
    # A list the document does not define: two characters a level, the label hanging by two.
    assert the(words, "•").x0 == pytest.approx(FRAME_LEFT, abs=0.5)
    assert the(words, "没有定义的项目").x0 == pytest.approx(FRAME_LEFT + 24, abs=0.5)
    assert the(words, "•").y0 == the(words, "没有定义的项目").y0


@needs("pdftotext")
def test_numbered_headings_show_their_labels_in_the_title_contents_and_outline(every) -> None:  # noqa: ANN001
    reader = PdfReader(every[0])
    assert [title for _depth, title, _page in outline_titles(reader.outline, reader)] == ["一、总体情况", "二、第二篇文章"]
    second = next(n for n in range(2, len(reader.pages) + 1) if "二、第二篇文章" in page_text(every[0], n).splitlines())
    contents = [line.split() for line in page_texts(every[0], "-layout")[0].splitlines() if "、" in line]
    assert [(parts[0], parts[-1]) for parts in contents] == [("一、总体情况", "2"), ("二、第二篇文章", str(second))]
    assert "一、总体情况" in page_text(every[0], 2).splitlines()


@needs("pdftotext")
def test_note_marks_are_raised_and_the_notes_follow_the_article_with_their_marks(every) -> None:  # noqa: ANN001
    words = placed_words(every[0])
    line = next(w for w in words if w.text == "示范面积达100")
    mark = next(w for w in words if w.text == "1" and w.page == line.page and abs(w.y0 - line.y0) < 3)
    assert mark.y1 < line.y1 - 3 and (mark.y1 - mark.y0) < 0.7 * (line.y1 - line.y0)  # raised and smaller
    text = reading(every[0])
    notes = "注释1数据来源：科技部。2第一句的脚注。3第二句的脚注。i本文据合作司材料整理。"  # footnotes, then the endnote
    assert text.count(notes) == 1
    assert text.index("［图片：损坏的照片") < text.index(notes) < text.rindex("二、第二篇文章")  # at the article's end


@needs("pdftotext")
def test_the_digest_keeps_marks_in_the_sentences_it_shows_and_prints_only_their_notes(every_digest) -> None:  # noqa: ANN001
    text = squeeze("".join(page_texts(every_digest)))
    assert "示范面积达100m2，减排CO2约三成1。详见科技部网站" in text  # the lead paragraph, whole
    assert "第一句有注释2。" in text and "第二句" not in text
    assert "注释1数据来源：科技部。2第一句的脚注。i本文据合作司材料整理。" in text
    assert "1.第一项：" in text and "(1)第一项下的细目" in text  # list labels in the digest too
    uris = {annotation["/A"]["/URI"] for _page, annotation in link_annotations(every_digest) if "/A" in annotation}
    assert uris == {"https://www.most.gov.cn/kjbgz/", "https://www.most.gov.cn/"}
    reader = PdfReader(every_digest)
    jumps = [(text_under(every_digest, page, annotation["/Rect"]),
              reader.get_page_number(annotation["/Dest"][0].get_object()) + 1)
             for page, annotation in link_annotations(every_digest) if "/Dest" in annotation]
    notes_page = next(n for n in range(2, len(reader.pages) + 1) if "注释" in page_text(every_digest, n).splitlines())
    assert [text for text, _page in jumps] == ["1", "第二篇", "2", "i"]  # no jump from the dropped sentence's 3
    assert all(page == notes_page for text, page in jumps if text != "第二篇")


@needs("pdftotext")
def test_links_are_annotations_over_their_text(every) -> None:  # noqa: ANN001
    path, warnings = every
    reader = PdfReader(path)
    uris, internal = {}, []
    for page, annotation in link_annotations(path):
        if "/A" in annotation:
            assert annotation["/A"]["/S"] == "/URI"
            uris[annotation["/A"]["/URI"]] = text_under(path, page, annotation["/Rect"])
        else:
            target = reader.get_page_number(annotation["/Dest"][0].get_object()) + 1
            internal.append((text_under(path, page, annotation["/Rect"]), target))
    assert uris == {"https://www.most.gov.cn/kjbgz/": "科技部网站", "https://www.most.gov.cn/": "科技部"}
    second_page = next(n for n in range(2, len(reader.pages) + 1) if "二、第二篇文章" in page_text(path, n).splitlines())
    notes_page = next(n for n in range(2, len(reader.pages) + 1) if "注释" in page_text(path, n).splitlines())
    endnote_page = next(n for n in range(2, len(reader.pages) + 1) if "本文据合作司材料整理。" in page_text(path, n))
    # 旧稿 leads to no heading: plain text, and a warning. Each note mark jumps to its note.
    assert internal == [("1", notes_page), ("第二篇", second_page), ("2", notes_page), ("3", notes_page),
                        ("i", endnote_page)]
    assert "1 link(s) lead to a bookmark that is not a heading's and are plain text in the PDF: _Toc999" in warnings


@needs("pdftotext")
def test_superscripts_are_raised_and_subscripts_lowered(every) -> None:  # noqa: ANN001
    words = placed_words(every[0])
    line = next(w for w in words if w.text == "示范面积达100")
    near = sorted((w for w in words if w.text == "2" and w.page == line.page and abs(w.y0 - line.y0) < 8),
                  key=lambda w: w.x0)
    square, carbon = near  # m², then CO₂
    assert square.y1 < line.y1 - 3 < line.y1 < carbon.y1
    for script in (square, carbon):
        assert script.y1 - script.y0 < 0.7 * (line.y1 - line.y0)
    # An equation's Unicode subscript, which the font lacks, is drawn as a lowered 1.
    formula = next(w for w in words if w.text.startswith("公式a"))
    lowered = next(w for w in words if w.text == "1" and w.page == formula.page and abs(w.y0 - formula.y0) < 8)
    assert lowered.y1 > formula.y1


@needs("pdftoppm")
def test_underline_and_strike_through_are_drawn_as_lines(every, tmp_path: Path) -> None:  # noqa: ANN001
    from PIL import Image as PILImage

    words = placed_words(every[0])
    line = next(w for w in words if w.text.startswith("这是下划线文字和删除线文字"))
    run("pdftoppm", "-png", "-r", "144", "-f", str(line.page), "-l", str(line.page), str(every[0]), str(tmp_path / "p"))
    picture = PILImage.open(next(tmp_path.glob("p-*.png"))).convert("L")
    scale = 2  # 144 dpi

    def full_rows(first_char: int, last_char: int) -> list[float]:
        """Rows (in points below the line's top) inked across characters first..last (12 pt each)."""
        left, right = int((line.x0 + 12 * first_char + 1) * scale), int((line.x0 + 12 * last_char - 1) * scale)
        rows = []
        for y in range(int((line.y0 - 2) * scale), int((line.y1 + 4) * scale)):
            inked = sum(1 for x in range(left, right) if picture.getpixel((x, y)) < 170)
            if inked >= 0.95 * (right - left):
                rows.append(y / scale - line.y0)
        return rows

    height = line.y1 - line.y0
    underline, strike, plain = full_rows(2, 7), full_rows(8, 13), full_rows(18, 22)  # 下划线文字, 删除线文字, 普通文字
    assert underline and min(underline) > 0.85 * height  # at the foot of the line
    assert strike and all(0.3 * height < y < 0.75 * height for y in strike)  # through the middle
    assert plain == []


@needs("pdftotext")
def test_a_merged_header_spans_its_columns_and_rows_at_the_scaled_widths(every) -> None:  # noqa: ANN001
    words = placed_words(every[0])
    scale = (FRAME_RIGHT - FRAME_LEFT) / 460  # column widths 60, 200, 200 scaled to the frame
    merged, area, ours = the(words, "合作经费"), the(words, "地区"), the(words, "中方")
    assert (merged.x0 + merged.x1) / 2 == pytest.approx(FRAME_LEFT + 260 * scale, abs=1)  # centred over two columns
    assert (ours.x0 + ours.x1) / 2 == pytest.approx(FRAME_LEFT + 160 * scale, abs=1)
    assert (the(words, "外方").x0 + the(words, "外方").x1) / 2 == pytest.approx(FRAME_LEFT + 360 * scale, abs=1)
    assert merged.y0 < area.y0 < ours.y0  # 地区 spans both header rows
    asia = the(words, "亚洲")
    row = {w.text: w for w in words if w.page == asia.page and w.y0 == asia.y0}
    assert asia.x0 == pytest.approx(FRAME_LEFT + 5, abs=0.5)  # cell padding 5
    assert row["12万元"].x0 == pytest.approx(FRAME_LEFT + 60 * scale + 5, abs=0.5)
    assert row["9万元"].x0 == pytest.approx(FRAME_LEFT + 260 * scale + 5, abs=0.5)


@needs("pdftotext")
def test_header_rows_repeat_on_every_page_a_table_reaches(every) -> None:  # noqa: ANN001
    words = placed_words(every[0])
    rows = {int(w.text[1:-1]): w.page for w in words if re.fullmatch(r"第\d+项", w.text)}
    assert sorted(rows) == list(range(1, 61))
    pages = set(rows.values())
    assert len(pages) >= 2
    for page in pages:
        header = [w for w in words if w.text == "序号" and w.page == page]
        first_row = min(w.y0 for w in words if re.fullmatch(r"第\d+项", w.text) and w.page == page)
        assert len(header) == 1 and header[0].y0 < first_row


@needs("pdfimages")
def test_a_nested_table_and_a_picture_sit_inside_their_cells(every) -> None:  # noqa: ANN001
    words = placed_words(every[0])
    scale = (FRAME_RIGHT - FRAME_LEFT) / 400
    outer, first, second = the(words, "外层"), the(words, "内层甲"), the(words, "内层乙")
    assert first.y0 == second.y0 == outer.y0 + 3  # the inner cells' own top padding
    inner_left = FRAME_LEFT + 100 * scale + 5  # the outer cell's content box
    inner_column = (FRAME_RIGHT - 5 - inner_left) / 2
    assert first.x0 == pytest.approx(inner_left + 5, abs=0.5)
    assert second.x0 == pytest.approx(inner_left + inner_column + 5, abs=0.5)
    listing = run("pdfimages", "-list", str(every[0])).splitlines()[2:]
    pictures = [(int(row.split()[0]), int(row.split()[3]), int(row.split()[4])) for row in listing]
    assert pictures == [(the(words, "图").page, 40, 20)]  # one picture: the cell's, on its row's page


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


@needs("pdftotext")
def test_equations_print_their_linear_form_with_one_warning(every) -> None:  # noqa: ANN001
    path, warnings = every
    words = placed_words(path)
    display = the(words, "x=(−b±√(b²−4ac))/2a")  # the minus sign U+2212 itself, now in the font
    assert (display.x0 + display.x1) / 2 == pytest.approx((FRAME_LEFT + FRAME_RIGHT) / 2, abs=1)  # a display: centred
    assert [w for w in warnings if "quation" in w] == \
        ["Equations are shown in the PDF in a simplified linear form (a/b, x², √x)"]
    assert not [w for w in warnings if "not in the PDF font" in w]


@needs("pdftotext")
def test_centred_and_right_aligned_paragraphs(every) -> None:  # noqa: ANN001
    words = placed_words(every[0])
    caption = [w for w in words if w.text in ("图1", "合作示意")]
    assert (caption[0].x0 + caption[-1].x1) / 2 == pytest.approx((FRAME_LEFT + FRAME_RIGHT) / 2, abs=1)
    assert the(words, "国际合作司").x1 == pytest.approx(FRAME_RIGHT, abs=0.5)


@needs("pdftotext")
def test_a_centred_list_item_keeps_its_label_in_the_line(tmp_path: Path) -> None:
    item = Paragraph((Run("居中的项目"),), align="center", list_item=ListItem("7", 0, "3."))
    path = tmp_path / "centred.pdf"
    write_pdf(Document(sections=(Section("列表", 1, ("_Toc1",), blocks=(item,)),), lists=(NUMBERED,)), (), MASTHEAD,
              path, full=True)
    words = placed_words(path)
    label, text = the(words, "3."), the(words, "居中的项目")
    assert label.y0 == text.y0 and (label.x0 + text.x1) / 2 == pytest.approx((FRAME_LEFT + FRAME_RIGHT) / 2, abs=1)


@needs("pdftotext")
def test_a_table_row_taller_than_a_page_goes_on_over_the_break(every) -> None:  # noqa: ANN001
    holding = {w.page for w in placed_words(every[0]) if "很长的回答" in w.text}
    assert len(holding) >= 2
    assert reading(every[0]).count("很长的回答。") == 600


@needs("pdffonts")
def test_every_kind_keeps_the_fonts_embedded_and_qpdf_finds_no_errors(every, every_digest) -> None:  # noqa: ANN001
    for path in (every[0], every_digest):
        names = {re.sub(r"^[A-Z]{6}\+", "", row.split()[0]) for row in run("pdffonts", str(path)).splitlines()[2:]}
        assert names == {"NotoSansSC-Regular", "NotoSansSC-Bold"}
        assert all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in run("pdffonts", str(path)).splitlines()[2:])
        if shutil.which("qpdf"):
            assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0


@needs("pdftoppm")
def test_links_are_blue_on_the_rendered_page(every, tmp_path: Path) -> None:  # noqa: ANN001
    from PIL import Image as PILImage

    run("pdftoppm", "-png", "-r", "60", "-f", "2", "-l", "2", str(every[0]), str(tmp_path / "p"))
    page = PILImage.open(next(tmp_path.glob("p-*.png"))).convert("RGB")
    blue = sum(1 for r, g, b in page.get_flattened_data() if b > 100 and b > r + 60 and b > g + 30)
    assert blue > 30


@pytest.fixture(scope="module")
def from_docx(tmp_path_factory) -> tuple[Path, tuple[str, ...]]:
    """The rich bulletin written as a .docx by publish, read back by the reader and set in full."""
    import rich_bulletin

    from publish.writers.docx import write_docx

    folder = tmp_path_factory.mktemp("from_docx")
    write_docx(rich_bulletin.rich_document(), rich_bulletin.MASTHEAD, folder / "rich.docx")
    document = read(folder / "rich.docx").document
    path = folder / "rich.pdf"
    return path, write_pdf(document, (), rich_bulletin.MASTHEAD, path, full=True)


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


def test_link_targets_are_ascii_uris_and_only_web_and_mail_ones_are_followed(tmp_path: Path) -> None:
    targets = ("https://例子.中国/路径?q=a b#节", "mailto:office@most.gov.cn", "javascript:app.alert(1)",
               "file:///etc/passwd", "https://[::1")
    paragraph = Paragraph(tuple(Run(f"链接{n}", link=Link(url=url)) for n, url in enumerate(targets)))
    path = tmp_path / "links.pdf"
    warnings = write_pdf(Document(sections=(Section("链接", 1, ("_Toc1",), blocks=(paragraph,)),)), (), MASTHEAD,
                         path, full=True)
    uris = [annotation["/A"]["/URI"] for _page, annotation in link_annotations(path)]
    assert uris == ["https://xn--fsqu00a.xn--fiqs8s/%E8%B7%AF%E5%BE%84?q=a%20b#%E8%8A%82", "mailto:office@most.gov.cn"]
    assert warnings == ("Links that are malformed or of a kind a PDF reader should not follow are plain text in the "
                        "PDF: file:, https:, javascript:",)
    if shutil.which("pdftotext"):
        assert "链接0链接1链接2链接3链接4" in squeeze("".join(page_texts(path)))  # their text stays


@needs("pdftoppm")
def test_check_boxes_the_font_lacks_are_drawn_ticked_or_empty(tmp_path: Path) -> None:
    from PIL import Image as PILImage

    paragraph = Paragraph.plain("同意☑ 不同意☐ 作废☒")
    path = tmp_path / "boxes.pdf"
    assert write_pdf(Document(sections=(Section("勾选", 1, ("_Toc1",), blocks=(paragraph,)),)), (), MASTHEAD, path,
                     full=True) == ()  # no "print as blanks" warning: they are drawn
    words = placed_words(path)
    run("pdftoppm", "-png", "-r", "144", "-f", "2", "-l", "2", str(path), str(tmp_path / "p"))
    page = PILImage.open(next(tmp_path.glob("p-*.png"))).convert("L")

    def ink(word_ending_in_box: str, top: float, bottom: float, left: float, right: float) -> int:
        """Dark pixels in the part of the 12 pt box that ends the word (fractions of the box)."""
        word = the(words, word_ending_in_box)  # the box's glyph is unpainted, but copied text keeps it
        x0, y0 = word.x1 - 12, word.y0
        return sum(1 for x in range(int((x0 + 12 * left) * 2), int((x0 + 12 * right) * 2))
                   for y in range(int((y0 + 12 * top) * 2), int((y0 + 12 * bottom) * 2)) if page.getpixel((x, y)) < 128)

    ticked, empty, crossed = ink("同意☑", 0.35, 0.75, 0.3, 0.7), ink("不同意☐", 0.35, 0.75, 0.3, 0.7), \
        ink("作废☒", 0.35, 0.75, 0.3, 0.7)
    assert ticked > 4 and crossed > 4 and empty == 0  # the middle of the box: a tick, a cross, nothing
    assert ink("不同意☐", 0.0, 1.0, 0.0, 1.0) > 20  # but the empty box has its frame


@needs("pdftotext")
def test_odd_tables_and_lists_from_real_files_still_set(tmp_path: Path) -> None:
    # Shapes that made reportlab fail in the corpus: 29 columns a point wide beside a wide one, a picture in one,
    # a row of many paragraphs taller than a page, and list items that are a label alone.
    letters = "abcdefghijklmnopqrstuvwxyzABCD"
    narrow = Table((tuple(Cell((Paragraph.plain(letter),)) for letter in letters),
                    (Cell((Image(png(30, 30), "image/png", 30 * 12700, 30 * 12700, "图"),)),)), (1.0,) * 29 + (300.0,))
    many = Table(((Cell(tuple(Paragraph.plain(f"第{n}段。") for n in range(90))), Cell((Paragraph.plain("旁"),))),))
    labels = tuple(Paragraph((), list_item=ListItem("7", 0, f"{n}.")) for n in range(1, 121))
    document = Document(sections=(Section("表", 1, ("_Toc1",), blocks=(narrow, many, *labels)),), lists=(NUMBERED,))
    path = tmp_path / "odd.pdf"
    assert write_pdf(document, (), MASTHEAD, path, full=True) == ()
    words = placed_words(path)
    columns = sorted((w for w in words if re.fullmatch(r"[A-Za-z]+", w.text) and w.page == 2), key=lambda w: w.x0)
    assert "".join(w.text for w in columns) == letters  # one a column, left to right
    assert columns[-1].x1 <= FRAME_RIGHT
    assert all(f"第{n}段。" in reading(path) for n in range(90))
    assert {f"{n}." for n in range(1, 121)} <= {w.text for w in words}


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


@needs("pdftoppm")
def test_line_breaks_start_new_lines_and_tabs_print_as_space(tmp_path: Path) -> None:
    from PIL import Image as PILImage

    body = Paragraph.plain("第一行" + "很长的文字，" * 6 + "写满\n第二行\t制表后")
    signature = Paragraph((Run("国际合作司\n二〇一六年五月"),), align="right")
    path = tmp_path / "breaks.pdf"
    assert write_pdf(Document(sections=(Section("换行", 1, ("_Toc1",), blocks=(body, signature)),)), (), MASTHEAD,
                     path, full=True) == ()
    words = placed_words(path)
    unit, date = the(words, "国际合作司"), the(words, "二〇一六年五月")
    assert unit.x1 == pytest.approx(FRAME_RIGHT, abs=0.5) and date.x1 == pytest.approx(FRAME_RIGHT, abs=0.5)
    assert date.y0 > unit.y0  # on a line of its own
    ended = next(w for w in words if w.text.endswith("写满"))  # the line the author ended: not stretched
    assert ended.x0 == pytest.approx(FRAME_LEFT, abs=0.5)
    assert ended.x1 - ended.x0 == pytest.approx(12 * len(ended.text), abs=0.5)
    before, after = the(words, "第二行"), the(words, "制表后")
    assert before.y0 == after.y0 > ended.y0 and after.x0 - before.x1 == pytest.approx(12, abs=0.5)
    run("pdftoppm", "-png", "-r", "144", "-f", "2", "-l", "2", str(path), str(tmp_path / "p"))
    page = PILImage.open(next(tmp_path.glob("p-*.png"))).convert("L")
    gap = [page.getpixel((x, y)) for x in range(int(before.x1 * 2) + 2, int(after.x0 * 2) - 2)
           for y in range(int(before.y0 * 2), int(before.y1 * 2))]
    assert min(gap) > 200  # blank: no missing-glyph box where the tab was
