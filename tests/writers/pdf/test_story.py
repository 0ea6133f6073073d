"""What the story shows: the digest's and the full text's paragraphs, the outline, the contents, list
labels, notes, links, equations and alignment, as pdftotext and pypdf read them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import rich_bulletin
from pypdf import PdfReader
from support import needs
from pdf_cases import (
    FRAME_LEFT, FRAME_RIGHT, MASTHEAD, NUMBERED, lead, link_annotations, outline_titles, page_text, page_texts,
    pdftotext, placed_words, reading, squeeze, text_under, the,
)

from publish.model import Document, Link, ListItem, Paragraph, Run, Section
from publish.writers.pdf.document import write_pdf
from publish.writers.pdf.story import first_sentence


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
def test_the_masthead_contents_and_figures_are_on_their_pages(digest) -> None:  # noqa: ANN001
    pages = page_texts(digest[0], "-layout")
    cover = squeeze(pages[0])
    for part in (MASTHEAD.issue, MASTHEAD.unit, MASTHEAD.date, "目录"):
        assert part in cover
    assert squeeze(MASTHEAD.name) in cover or squeeze(" ".join(MASTHEAD.name)) in cover
    everything = squeeze("".join(pages))
    for cell in ("专项成就数据", "数千家", "科研院所高校和企业", "关键数字", "投资机构、企业代表", "400余人"):
        assert cell in everything, cell
    # the text's own magnitude, unit and qualifier, not a base-unit number the editor did not write
    for stated in ("投入759亿元", "带动投入1080亿元", "科研人员24.3万名", "主营收入超过400亿元", "意向订单514架"):
        assert stated in everything, stated
    for misquote in ("75,900,000,000", "108,000,000,000", "243,000", "40,000,000,000"):
        assert misquote not in everything, misquote


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


# -- the rich bulletin (tools/rich_bulletin.py), read as a reader's tools do -----------------------------


@needs("pdftotext")
def test_list_labels_notes_and_the_equation_are_printed(rich_full):
    pdf, warnings = rich_full
    layout = pdftotext(pdf, "-layout")
    for label, item in (("一、", "加强政策对话"), ("（一）", "完善合作机制"), ("（二）", "扩大人员交流"),
                        ("二、", "推动联合研发"), ("•", "农业")):
        assert re.search(rf"^\s*{re.escape(label)}\s+{item}$", layout, re.M), label  # the label hangs apart
    assert "两者之比为a/b。" in layout
    joined = re.sub(r"\s+", "", pdftotext(pdf))  # a raised mark sits on a baseline of its own
    assert "注释1数据来源：中国国际科技合作网，2016年5月27日。i本文据科技部国际合作司材料整理。" in joined
    assert warnings == ("Equations are shown in the PDF in a simplified linear form (a/b, x², √x)",)


@needs("pdftotext")
def test_links_are_clickable(rich_full):
    pdf, _ = rich_full
    reader = PdfReader(str(pdf))
    uris, internal = set(), 0
    for page in reader.pages:
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            action = annotation.get("/A") or {}
            if action.get("/URI"):
                uris.add(action["/URI"])
            elif annotation.get("/Dest") is not None or action.get("/D") is not None:
                internal += 1
    assert uris == {"https://www.cistc.gov.cn/"}
    assert internal == 4 + 1 + 2  # the four contents entries, the link to the second article, the two note marks


@needs("pdftotext")
def test_the_digest_keeps_the_lead_paragraphs_note(tmp_path):
    pdf = tmp_path / "digest.pdf"
    write_pdf(rich_bulletin.rich_document(), (), rich_bulletin.MASTHEAD, pdf)
    assert "注释1数据来源：中国国际科技合作网，2016年5月27日。" in re.sub(r"\s+", "", pdftotext(pdf))


def test_a_heading_keeps_its_link(tmp_path) -> None:  # noqa: ANN001
    runs = (Run("标题含"), Run("科技部", link=Link(url="https://www.most.gov.cn/")))
    document = Document(sections=(Section("标题含科技部", 1, ("_Toc1",), blocks=(Paragraph.plain("正文。"),),
                                          title_runs=runs),))
    path = tmp_path / "heading.pdf"
    write_pdf(document, [], MASTHEAD, path)
    assert [a["/A"]["/URI"] for _page, a in link_annotations(path) if "/A" in a] == ["https://www.most.gov.cn/"]
    reader = PdfReader(path)
    assert outline_titles(reader.outline, reader) == [(0, "标题含科技部", 2)]
