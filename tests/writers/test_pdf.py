"""The PDF digest of the sample, checked the way a reader's tools see it: poppler, qpdf and pypdf."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from support import needs

from publish.model import Document, Figure, Masthead, Paragraph, Run, Section
from publish.reader import read
from publish.writers.linebreak import unbreakable_words, violations
from publish.writers.pdf import first_sentence, write_pdf

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


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


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
    red = sum(1 for r, g, b in top.getdata() if r > 150 and g < 80 and b < 80)
    assert red > 200  # the masthead name and rule
    for image in images:
        ink = sum(1 for r, g, b in Image.open(image).convert("RGB").getdata() if r + g + b < 300)
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
