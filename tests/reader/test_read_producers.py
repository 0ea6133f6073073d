"""The same small bulletin, written the way each producer writes it, reads as the same tree."""

from __future__ import annotations

import pytest
import producers

from publish.reader import read


@pytest.fixture(params=producers.FLAVORS)
def flavor_file(request, tmp_path):
    return request.param, producers.write(request.param, tmp_path / f"{request.param}.docx")


def test_titles_levels_and_paragraphs_agree(flavor_file):
    flavor, path = flavor_file
    document = read(path).document
    found = [(s.title, s.level, [p.text for p in s.paragraphs]) for s in document.walk()]
    assert found == [(t, lvl, list(ps)) for t, lvl, ps in producers.EXPECTED], flavor
    assert document.preamble == ()


def test_bookmarks_are_kept_on_their_headings(flavor_file):
    flavor, path = flavor_file
    document = read(path).document
    expected = [(name,) if name else () for name in producers.bookmark_names(flavor)]
    assert [s.bookmarks for s in document.walk()] == expected


def test_sources_and_inline_formatting(flavor_file):
    _, path = flavor_file
    document = read(path).document
    assert [(s.source.name, s.source.date.isoformat()) for s in document.sections] == producers.EXPECTED_SOURCES
    mixed = document.sections[1].sections[0].paragraphs[-1]
    assert mixed.text == producers.MIXED_PARAGRAPH
    assert [(r.text, r.bold, r.italic) for r in mixed.runs if r.bold or r.italic] == [
        (producers.BOLD_PHRASE, True, False), (producers.ITALIC_PHRASE, False, True)]


def test_toc_entries_never_become_body_text(flavor_file):
    _, path = flavor_file
    document = read(path).document
    texts = [p.text for s in document.walk() for p in s.paragraphs]
    assert not any("目" in t and "录" in t for t in texts)
    assert not any(t.endswith(("3", "4", "5", "6")) and "\t" in t for t in texts)


def test_a_wps_file_needs_no_heading_styles(tmp_path):
    # The WPS flavour marks headings with Normal + outline level only; no guess is needed.
    warnings = read(producers.write("wps", tmp_path / "wps.docx")).warnings
    assert not any(w.startswith("Guessed") for w in warnings)


def test_a_toc_pointing_at_missing_bookmarks_is_reported(tmp_path):
    from docxkit import Package, paragraph, run, toc_field

    package = Package()
    package.add(toc_field([("甲", 1, "_Toc404", 1)]))
    package.add(paragraph(run("甲"), style="Heading1"))
    package.save(tmp_path / "dangling.docx")
    result = read(tmp_path / "dangling.docx")
    assert [s.title for s in result.document.sections] == ["甲"]
    assert any("_Toc404" in w for w in result.warnings)


def test_a_stale_toc_bookmark_on_a_sentence_makes_no_heading(tmp_path):
    from docxkit import Package, paragraph, run, toc_field

    package = Package()
    package.add(toc_field([("一、范围", 1, "_Toc101", 1), ("二、术语", 1, "_Toc102", 1)]))
    package.add(paragraph(package.bookmark("_Toc101", run("一、范围"))))
    package.add(paragraph(package.bookmark("_Toc900", run("本文件没有规范性引用文件。"))))
    package.add(paragraph(package.bookmark("_Toc102", run("二、术语"))))
    package.add(paragraph(package.bookmark("_Toc901", run("三、新加的一章"))))  # added after the contents were made
    package.add(paragraph(run("正文。")))
    package.save(tmp_path / "stale.docx")
    document = read(tmp_path / "stale.docx").document
    assert [s.title for s in document.sections] == ["一、范围", "二、术语", "三、新加的一章"]
    assert [p.text for p in document.sections[0].paragraphs] == ["本文件没有规范性引用文件。"]


def test_a_toc_bookmark_on_a_line_of_no_words_makes_no_heading(tmp_path):
    """哈工大's thesis template (HIT-md2docx): a ‘……’ placeholder line keeps a _Toc bookmark of its own."""
    from docxkit import Package, paragraph, run

    package = Package()
    package.add(paragraph(package.bookmark("_Toc101", run("第1章 绪论"))))
    package.add(paragraph(run("正文。")))
    package.add(paragraph(package.bookmark("_Toc102", run("……"))))
    package.add(paragraph(run("更多正文。")))
    package.save(tmp_path / "placeholder.docx")
    document = read(tmp_path / "placeholder.docx").document
    assert [s.title for s in document.sections] == ["第1章 绪论"]
    assert [p.text for p in document.sections[0].paragraphs] == ["正文。", "……", "更多正文。"]


def test_no_heading_is_guessed_at_a_level_the_document_styles_itself(tmp_path):
    from docxkit import Package, paragraph, run

    package = Package()
    package.add(paragraph(run("第一章"), style="Heading1"))
    package.add(paragraph(run("1.1 带格式正文"), style="Heading2"))
    package.add(paragraph(run("正文。")))
    package.add(paragraph(run("bold", bold=True)))  # emphasis on a line of its own, as in MinerU's demo
    package.add(paragraph(run("更多正文。")))
    package.add(paragraph(run("1.2 图片"), style="Heading2"))
    package.add(paragraph(run("1.2.1 成组的图片"), style="Heading3"))  # level 3 is styled: none is typed there
    package.add(paragraph(run("1. 基本原则", bold=True)))  # below the deepest styled level: still a heading
    package.add(paragraph(run("正文。")))
    package.save(tmp_path / "styled.docx")
    result = read(tmp_path / "styled.docx")
    assert [(s.title, s.level) for s in result.document.walk()] == [
        ("第一章", 1), ("1.1 带格式正文", 2), ("1.2 图片", 2), ("1.2.1 成组的图片", 3), ("1. 基本原则", 4)]
    assert [w for w in result.warnings if w.startswith("Guessed")] == [
        "Guessed 1 level-4 heading from short bold lines: 1. 基本原则"]


def test_a_heading_keeps_its_link_and_raised_text_beside_its_plain_title(tmp_path):
    from docxkit import Package, paragraph, run

    package = Package(external_links={"rId90": "https://www.most.gov.cn/"})
    link = f'<w:hyperlink r:id="rId90">{run("科技部")}</w:hyperlink>'
    raised = '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>2</w:t></w:r>'
    package.add(paragraph(run("标题含") + link + run("与CO") + raised, style="Heading1"))
    package.add(paragraph(run("正文。")))
    package.add(paragraph(run("第二篇"), style="Heading1"))
    package.save(tmp_path / "rich_heading.docx")
    first, second = read(tmp_path / "rich_heading.docx").document.sections
    assert first.title == "标题含科技部与CO2"
    assert [(r.text, r.link.url if r.link else None, r.vertical) for r in first.title_runs] == [
        ("标题含", None, ""), ("科技部", "https://www.most.gov.cn/", ""), ("与CO", None, ""), ("2", None, "superscript")]
    assert second.title_runs == ()  # plain text: the title says it all


def test_without_contents_a_toc_bookmark_makes_a_heading_even_on_a_sentence(tmp_path):
    from docxkit import Package, paragraph, run

    package = Package()
    package.add(paragraph(package.bookmark("_Toc900", run("中荷在京开展科技合作交流。"))))
    package.add(paragraph(run("正文。")))
    package.save(tmp_path / "plain.docx")
    assert [s.title for s in read(tmp_path / "plain.docx").document.sections] == ["中荷在京开展科技合作交流。"]


def rewrite_parts(path, changed) -> None:  # noqa: ANN001
    """The package at ``path`` with the parts ``changed(parts)`` returns put in or replaced."""
    import zipfile

    with zipfile.ZipFile(path) as original:
        parts = {name: original.read(name) for name in original.namelist()}
    parts.update(changed(parts))
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def with_numbering(path, num_format: str, level_text: str) -> None:  # noqa: ANN001
    """The package at ``path`` with a numbering part: list 3, one level of ``num_format`` drawn as ``level_text``."""
    numbering = ('<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                 '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                 f'<w:numFmt w:val="{num_format}"/><w:lvlText w:val="{level_text}"/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    rewrite_parts(path, lambda parts: {
        "word/numbering.xml": numbering.encode(),
        "word/_rels/document.xml.rels": parts["word/_rels/document.xml.rels"].replace(
            b"</Relationships>", b'<Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/numbering" Target="numbering.xml"/></Relationships>')})


def test_numbered_headings_carry_their_labels_apart_from_their_titles(tmp_path):
    from docxkit import Package, paragraph, run

    package = Package()
    for title in ("总体情况", "主要进展"):
        package.add(paragraph(run(title), style="Heading1",
                              extra_ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>'))
        package.add(paragraph(run("正文。")))
    path = tmp_path / "numbered.docx"
    package.save(path)
    with_numbering(path, "chineseCounting", "%1、")
    document = read(path).document
    assert [(s.title, s.list_item.label) for s in document.sections] == [("总体情况", "一、"), ("主要进展", "二、")]
    assert [d.levels[0].format for d in document.lists] == ["chineseCounting"]


def test_an_empty_numbered_heading_that_only_ends_a_section_is_no_heading_and_counts_none(tmp_path):
    # 新疆大学本科毕业论文范例 (Word 16): the front matter's section ends in an empty heading-1 paragraph that holds
    # the w:sectPr and the chapter's old _Toc bookmarks; Word's contents number the chapter after it 1, not 2
    from docxkit import Package, paragraph, run

    numbered = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>'
    section_end = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
    package = Package()
    package.add(paragraph(run("摘要。")))
    package.add(paragraph(package.bookmark("_Toc27203", ""), style="Heading1", extra_ppr=numbered + section_end))
    package.add(paragraph(run("绪论"), style="Heading1", extra_ppr=numbered))
    package.add(paragraph(run("正文。")))
    package.add(paragraph(run("结论"), style="Heading1", extra_ppr=numbered + section_end))  # text: a heading still
    path = tmp_path / "section_end.docx"
    package.save(path)
    with_numbering(path, "chineseCounting", "第%1章")
    document = read(path).document
    assert [(s.title, s.list_item.label, s.bookmarks) for s in document.sections] == [
        ("绪论", "第一章", ("_Toc27203",)), ("结论", "第二章", ())]


def test_a_section_ending_heading_is_counted_before_the_text_box_anchored_in_it(tmp_path):
    """A heading that ends a section and holds something keeps its place in the list: a numbered paragraph
    in a text box anchored in it is counted after it, as in the same heading ending no section."""
    from docxkit import Package, paragraph, run

    numbered = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>'
    box = ('<w:r><w:pict><v:shape><v:textbox><w:txbxContent>' + paragraph(run("框内条目"), extra_ppr=numbered)
           + '</w:txbxContent></v:textbox></v:shape></w:pict></w:r>')

    def labels(name: str, heading_ends: str) -> list:
        package = Package()
        package.namespaces["v"] = "urn:schemas-microsoft-com:vml"
        package.add(paragraph(run("摘要。")))
        package.add(paragraph(run("绪论") + box, style="Heading1", extra_ppr=numbered + heading_ends))
        package.add(paragraph(run("结论"), style="Heading1", extra_ppr=numbered))
        package.save(tmp_path / name)
        with_numbering(tmp_path / name, "decimal", "%1、")
        document = read(tmp_path / name).document
        return [(s.title, s.list_item.label, [b.list_item.label for b in s.blocks if b.list_item])
                for s in document.sections]

    section_end = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
    assert labels("section_end.docx", section_end) == labels("plain.docx", "") == [
        ("绪论", "1、", ["2、"]), ("结论", "3、", [])]


def test_a_style_with_an_outline_level_that_holds_the_body_text_makes_no_headings(tmp_path):
    # 新疆大学本科毕业论文（设计）规范及格式要求 (WPS 10.8): its Plain Text style is at outline level 1 and holds
    # sentences; an outline style of its own (要点标题) that holds titles still makes headings
    from docxkit import Package, paragraph, run

    package = Package()
    package.add(paragraph(run("参考文献"), style="Heading1"))
    for text in ("参考文献应另起一页。", "参考文献采用实引方式，即在文中用上角标标注。", "（2）编号", "同一文献被多次引用的，全文中始终标注第一次引用的序号。"):
        package.add(paragraph(run(text), style="PlainText"))
    package.add(paragraph(run("著录格式"), style="Point"))
    package.add(paragraph(run("正文。")))
    path = tmp_path / "plain_text.docx"
    package.save(path)
    styles = ('<w:style w:type="paragraph" w:styleId="PlainText"><w:name w:val="Plain Text"/><w:basedOn w:val="a"/>'
              '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="Point"><w:name w:val="要点标题"/><w:basedOn w:val="a"/>'
              '<w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style></w:styles>')
    rewrite_parts(path, lambda parts: {"word/styles.xml": parts["word/styles.xml"].replace(
        b"</w:styles>", styles.encode())})
    document = read(path).document
    assert [(s.title, s.level) for s in document.walk()] == [("参考文献", 1), ("著录格式", 2)]
    assert [p.text for p in document.sections[0].paragraphs][:3] == [
        "参考文献应另起一页。", "参考文献采用实引方式，即在文中用上角标标注。", "（2）编号"]


def test_headings_typed_as_gbt_9704_sets_them_are_read_where_nothing_else_marks_one(tmp_path):
    from docxkit import Package, paragraph, run

    def typed(name: str, lines) -> list:  # noqa: ANN001
        package = Package()
        for text, face in lines:
            package.add(paragraph(run(text, east_asia=face)))
        package.save(tmp_path / name)
        return [(s.title, s.level) for s in read(tmp_path / name).document.walk()]

    lines = [("一、总体情况", "黑体"), ("正文。", "仿宋_GB2312"), ("（一）工作背景", "楷体_GB2312"), ("正文。", "仿宋_GB2312"),
             ("二、主要进展", "SimHei"), ("一、这一句在仿宋里，是正文", "仿宋_GB2312")]
    assert typed("typed.docx", lines) == [("一、总体情况", 1), ("（一）工作背景", 2), ("二、主要进展", 1)]
    # the same lines in the body face, or ending as a sentence, are body text
    assert typed("plain.docx", [("一、总体情况", "仿宋_GB2312"), ("正文。", "仿宋_GB2312")]) == []
    assert typed("sentence.docx", [("一、加强领导。", "黑体"), ("正文。", "仿宋_GB2312")]) == []


def test_typed_headings_in_the_body_face_are_read_when_numbered_in_order_or_bold(tmp_path):
    """行标编制说明 (核电厂定期安全评价指南 第6部分) sets 一、 … 八、 in 宋体 as its text: three or more numbers in order
    from 一 are its outline; fewer, or out of order, are text. A bold typed line is set apart as a face is."""
    from docxkit import Package, paragraph, run

    def typed(name: str, lines) -> list:  # noqa: ANN001
        package = Package()
        for text, bold in lines:
            package.add(paragraph(run(text, east_asia="宋体", bold=bold)))
        package.save(tmp_path / name)
        return [(s.title, s.level) for s in read(tmp_path / name).document.walk()]

    body = ("正文。", False)
    in_order = [("一、任务来源", False), body, ("二、编制过程", False), body, ("（一）征求意见稿", True), body,
                ("三、调研情况", False), body]
    assert typed("in_order.docx", in_order) == [("一、任务来源", 1), ("二、编制过程", 1), ("（一）征求意见稿", 2),
                                                ("三、调研情况", 1)]
    assert typed("two.docx", [("一、任务来源", False), body, ("二、编制过程", False), body]) == []
    assert typed("gap.docx", [("一、任务来源", False), body, ("三、编制过程", False), body, ("四、调研", False), body]) == []


def test_typed_headings_are_not_read_where_the_document_marks_its_headings(tmp_path):
    from docxkit import Package, paragraph, run

    package = Package()
    package.add(paragraph(package.bookmark("_Toc1", run("中荷在京开展科技合作交流"))))
    package.add(paragraph(run("一、合作领域", east_asia="黑体")))
    package.add(paragraph(run("正文。")))
    package.save(tmp_path / "marked.docx")
    assert [s.title for s in read(tmp_path / "marked.docx").document.walk()] == ["中荷在京开展科技合作交流"]


def test_a_bold_bulleted_point_is_no_guessed_heading(tmp_path):
    from docxkit import Package, paragraph, run

    package = Package()
    package.add(paragraph(package.bookmark("_Toc1", run("中荷在京开展科技合作交流"))))
    package.add(paragraph(run("正文。")))
    package.add(paragraph(run("加强政策对话", bold=True),
                          extra_ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>'))
    package.add(paragraph(run("双方同意每年举行一次对话。")))
    package.add(paragraph(run("合作机制", bold=True)))  # a bold line standing alone: still guessed
    package.add(paragraph(run("双方建立联合工作组。")))
    path = tmp_path / "bullets.docx"
    package.save(path)
    with_numbering(path, "bullet", "•")
    document = read(path).document
    assert [(s.title, s.level) for s in document.walk()] == [("中荷在京开展科技合作交流", 1), ("合作机制", 2)]
    assert [p.text for p in document.sections[0].paragraphs] == ["正文。", "加强政策对话", "双方同意每年举行一次对话。"]


def test_a_text_box_anchored_in_an_empty_toc_heading_paragraph_is_kept(tmp_path):
    """A thesis cover's title box sits in an empty paragraph styled TOC Heading: the paragraph is
    regenerated as the contents title, its box is the author's and stays."""
    from docxkit import Package, paragraph, run

    package = Package()
    box = ('<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>'
           f'{paragraph(run("Standard Code Library"))}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
    package.add(paragraph(box, style="TOCHeading"))
    package.add(paragraph(run("一、基本算法"), style="Heading1"))
    package.add(paragraph(run("正文。")))
    path = tmp_path / "cover.docx"
    package.save(path)
    rewrite_parts(path, lambda parts: {"word/styles.xml": parts["word/styles.xml"].replace(
        b"</w:styles>", b'<w:style w:type="paragraph" w:styleId="TOCHeading"><w:name w:val="TOC Heading"/>'
        b'<w:basedOn w:val="Heading1"/></w:style></w:styles>')})
    document = read(path).document
    assert [block.text for block in document.preamble] == ["Standard Code Library"]
    assert [s.title for s in document.sections] == ["一、基本算法"]
