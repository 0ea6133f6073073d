"""The docx-shaped parse, element by element, on fragments built in a line."""

from __future__ import annotations

from lxml import etree

from publish.model import Link, Table
from publish.reader.body import BodyReader, RawParagraph, Story
from publish.reader.styles import Styles

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def body(xml: str) -> list:
    root = etree.fromstring(f'<w:body xmlns:w="{W}">{xml}</w:body>')
    reader = BodyReader(Styles(None), Story(hyperlink=lambda rel_id: None, image=lambda rel_id: None))
    blocks = reader.read_body(root)
    body.warnings = reader.warnings
    body.clamps = reader.clamps.warnings()
    return blocks


def only_paragraph(xml: str) -> RawParagraph:
    (paragraph,) = body(xml)
    return paragraph


def test_runs_join_and_tabs_and_breaks_map_to_characters():
    p = only_paragraph('<w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r>'
                       '<w:r><w:t xml:space="preserve"> 丁</w:t></w:r></w:p>')
    assert p.text == "甲\t乙\n丙 丁"
    assert len(p.runs) == 1


def test_bold_and_italic_come_from_run_properties():
    p = only_paragraph('<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>粗</w:t></w:r>'
                       '<w:r><w:rPr><w:b w:val="0"/><w:i/></w:rPr><w:t>斜</w:t></w:r></w:p>')
    assert [(r.text, r.bold, r.italic) for r in p.runs] == [("粗", True, False), ("斜", False, True)]


def test_field_instructions_are_not_text_but_results_are():
    p = only_paragraph('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                       '<w:r><w:instrText> PAGEREF _Toc1 \\h </w:instrText></w:r>'
                       '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
                       '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    assert p.text == "7"


def test_toc_field_spanning_paragraphs_marks_every_entry():
    blocks = body('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                  '<w:r><w:instrText> TOC \\o "1-3" \\h </w:instrText></w:r>'
                  '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                  '<w:hyperlink w:anchor="_Toc1"><w:r><w:t>第一篇</w:t></w:r></w:hyperlink></w:p>'
                  '<w:p><w:hyperlink w:anchor="_Toc2"><w:r><w:t>第二篇</w:t></w:r></w:hyperlink></w:p>'
                  '<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
                  '<w:p><w:r><w:t>正文</w:t></w:r></w:p>')
    assert [(b.in_toc, b.toc_anchor) for b in blocks] == [
        (True, "_Toc1"), (True, "_Toc2"), (True, None), (False, None)]


def test_bookmark_before_the_paragraph_belongs_to_it_and_go_back_is_dropped():
    blocks = body('<w:bookmarkStart w:id="1" w:name="_Toc9"/><w:p><w:bookmarkEnd w:id="1"/>'
                  '<w:bookmarkStart w:id="2" w:name="_GoBack"/><w:r><w:t>标题</w:t></w:r></w:p>')
    assert blocks[0].bookmarks == ["_Toc9"]


def test_bookmark_opened_after_the_text_and_closed_later_marks_the_next_paragraph():
    blocks = body('<w:p><w:r><w:t>上一段。</w:t></w:r><w:bookmarkStart w:id="3" w:name="_Toc3"/></w:p>'
                  '<w:p><w:r><w:t>标题</w:t></w:r><w:bookmarkEnd w:id="3"/></w:p>')
    assert [b.bookmarks for b in blocks] == [[], ["_Toc3"]]


def test_deleted_and_hidden_text_is_left_out_inserted_text_kept():
    p = only_paragraph('<w:p><w:del><w:r><w:delText>删</w:delText></w:r></w:del>'
                       '<w:ins><w:r><w:t>增</w:t></w:r></w:ins>'
                       '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐</w:t></w:r></w:p>')
    assert p.text == "增"


def test_unknown_elements_are_warned_about_once():
    body('<w:p><w:r><w:t>文</w:t></w:r><w:foo/><w:foo/></w:p>')
    assert body.warnings == ["Unrecognised element w:foo was ignored"]


def test_table_cells_hold_their_paragraphs():
    (table,) = body('<w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc>'
                    '<w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    assert [[c.text for c in row] for row in table.to_model().rows] == [["甲", "乙"]]


def test_libreoffice_renamed_toc_bookmarks_get_their_word_names_back():
    p = only_paragraph('<w:p><w:bookmarkStart w:id="1" w:name="__RefHeading___Toc22406"/>'
                       '<w:r><w:t>标题</w:t></w:r><w:bookmarkEnd w:id="1"/></w:p>')
    assert p.bookmarks == ["_Toc22406"]


def test_libreoffice_own_heading_bookmarks_keep_their_names():
    p = only_paragraph('<w:p><w:bookmarkStart w:id="1" w:name="__RefHeading___Toc100_2863412133"/>'
                       '<w:r><w:t>标题</w:t></w:r><w:bookmarkEnd w:id="1"/></w:p>')
    assert p.bookmarks == ["__RefHeading___Toc100_2863412133"]


M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def test_underline_strike_and_vertical_alignment_reach_the_runs():
    p = only_paragraph('<w:p><w:r><w:t>面积</w:t></w:r><w:r><w:t>m</w:t></w:r>'
                       '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>2</w:t></w:r>'
                       '<w:r><w:t>CO</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="subscript"/></w:rPr><w:t>2</w:t></w:r>'
                       '<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>下</w:t></w:r>'
                       '<w:r><w:rPr><w:strike/></w:rPr><w:t>删</w:t></w:r></w:p>')
    assert [(r.text, r.vertical, r.underline, r.strike) for r in p.runs] == [
        ("面积m", "", False, False), ("2", "superscript", False, False), ("CO", "", False, False),
        ("2", "subscript", False, False), ("下", "", True, False), ("删", "", False, True)]


def test_hyperlink_fields_and_anchors_become_links():
    p = only_paragraph(
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://www.most.gov.cn/" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>科技部</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>和</w:t></w:r>'
        '<w:hyperlink w:anchor="_Toc123"><w:r><w:t>上文</w:t></w:r></w:hyperlink></w:p>')
    assert [(r.text, r.link) for r in p.runs] == [
        ("科技部", Link(url="https://www.most.gov.cn/")), ("和", None), ("上文", Link(anchor="_Toc123"))]


def test_an_inline_equation_keeps_its_omml_and_reads_as_a_line():
    p = only_paragraph(f'<w:p><w:r><w:t>比值</w:t></w:r><m:oMath xmlns:m="{M}"><m:f><m:num><m:r><m:t>a</m:t></m:r>'
                       '</m:num><m:den><m:r><m:t>b</m:t></m:r></m:den></m:f></m:oMath></w:p>')
    assert p.text == "比值a/b"
    equation = p.runs[-1].equation
    assert equation.linear == "a/b" and not equation.display
    assert etree.fromstring(equation.omml).tag == f"{{{M}}}oMath"


def test_a_text_box_is_read_once_and_placed_after_its_paragraph():
    box = '<w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent>'
    p = only_paragraph(
        f'<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent xmlns:mc="{MC}">'
        f'<mc:Choice Requires="wps"><w:drawing><wps:txbx xmlns:wps="urn:wps">{box}</wps:txbx></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:textbox xmlns:v="urn:schemas-microsoft-com:vml">{box}</v:textbox></w:pict>'
        '</mc:Fallback></mc:AlternateContent></w:r></w:p>')
    assert p.text == "正文"
    assert [b.text for b in p.after] == ["框内文字"]


def test_symbol_font_characters_keep_their_character():
    p = only_paragraph('<w:p><w:r><w:sym w:font="Wingdings" w:char="F0FE"/><w:sym w:font="Wingdings" w:char="F0A8"/>'
                       '<w:sym w:font="Symbol" w:char="F061"/><w:sym w:font="Symbol" w:char="F0B1"/></w:r></w:p>')
    assert p.text == "☑☐α±"


def test_alignment_comes_from_the_paragraph():
    assert only_paragraph('<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>图1</w:t></w:r></w:p>').align == "center"
    assert only_paragraph('<w:p><w:pPr><w:jc w:val="end"/></w:pPr><w:r><w:t>签名</w:t></w:r></w:p>').align == "right"


def test_merged_cells_become_spans_and_nested_tables_stay_tables():
    (table,) = body(
        '<w:tbl><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="3000"/><w:gridCol w:w="1000"/></w:tblGrid>'
        '<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc>'
        '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>数量</w:t></w:r></w:p></w:tc></w:tr>'
        '<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc>'
        '<w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr>'
        '<w:tr><w:tc><w:p><w:r><w:t>丙</w:t></w:r></w:p></w:tc><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>内</w:t></w:r>'
        '</w:p></w:tc></w:tr></w:tbl><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>')
    model = table.to_model()
    assert model.column_widths == (100.0, 150.0, 50.0)
    assert model.header_rows == 1
    assert [[(c.text, c.column_span, c.row_span) for c in row] for row in model.rows] == [
        [("项目", 1, 2), ("数量", 2, 1)], [("甲", 1, 1), ("乙", 1, 1)], [("丙", 1, 1), ("内", 1, 1), ("", 1, 1)]]
    assert [(r, c) for r, c, _ in model.placed()] == [(0, 0), (0, 1), (1, 1), (1, 2), (2, 0), (2, 1), (2, 2)]
    nested = model.rows[2][1].blocks[0]
    assert isinstance(nested, Table) and nested.rows[0][0].text == "内"



def test_a_span_reaches_at_most_the_end_of_the_grid_of_at_least_63_columns():
    """A cell's w:gridSpan of a billion would size every writer's grid: with no declared grid it stops at
    Word's 63 columns."""
    (table,) = body('<w:tbl><w:tr>'
                    '<w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc>'
                    '<w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc>'
                    '</w:tr></w:tbl>')
    model = table.to_model()
    assert [(c.text, c.column_span) for c in model.rows[0]] == [("甲", 1), ("乙", 62)]
    assert model.columns == 63
    assert body.clamps == ["A table cell's span (w:gridSpan) 1000000000 is beyond what Word accepts; used 62"]


def test_a_span_reaches_at_most_the_end_of_the_declared_grid():
    """A span of 2147483647 in a table whose w:tblGrid has three columns (a fuzzed poi stress011): the cell
    spans the columns left, and the other rows keep their widths, not 64 columns of 138 twips each."""
    grid = '<w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>'
    three = "".join(f'<w:tc><w:p><w:r><w:t>{n}</w:t></w:r></w:p></w:tc>' for n in "一二三")
    (table,) = body(f'<w:tbl>{grid}<w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc>'
                    '<w:tc><w:tcPr><w:gridSpan w:val="2147483647"/></w:tcPr><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc>'
                    f'</w:tr><w:tr>{three}</w:tr></w:tbl>')
    model = table.to_model()
    assert [(c.text, c.column_span) for c in model.rows[0]] == [("甲", 1), ("乙", 2)]
    assert [c.text for c in model.rows[1]] == ["一", "二", "三"]
    assert model.columns == 3
    assert body.clamps == ["A table cell's span (w:gridSpan) 2147483647 is beyond what Word accepts; used 2"]


def test_a_grid_wider_than_words_and_than_its_cells_loses_its_unused_end():
    columns = "".join('<w:gridCol w:w="20"/>' for _ in range(3000))
    (table,) = body(f'<w:tbl><w:tblGrid>{columns}</w:tblGrid><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>')
    assert table.to_model().columns == 63
    assert body.clamps == ["A table grid's column count (w:gridCol) 3000 is beyond what Word accepts; used 63"]


def test_a_wide_grid_does_not_let_a_span_reach_past_the_cells():
    """A grid of 3,000 w:gridCol and a span of 100,000 in a table of two-cell rows: every row would be padded
    to 3,000 columns (a fuzzed 568-row table took 1.3 GB); the grid stops at Word's 63 columns."""
    columns = "".join('<w:gridCol w:w="20"/>' for _ in range(3000))
    two_cells = '<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>'
    (table,) = body(f'<w:tbl><w:tblGrid>{columns}</w:tblGrid>'
                    '<w:tr><w:tc><w:p/></w:tc><w:tc><w:tcPr><w:gridSpan w:val="100000"/></w:tcPr><w:p/></w:tc></w:tr>'
                    f'{two_cells}</w:tbl>')
    model = table.to_model()
    assert [c.column_span for c in model.rows[0]] == [1, 62]
    assert model.columns == 63
    assert body.clamps == ["A table cell's span (w:gridSpan) 100000 is beyond what Word accepts; used 62",
                           "A table grid's column count (w:gridCol) 3000 is beyond what Word accepts; used 63"]


def test_a_row_of_more_real_cells_than_word_allows_keeps_them_all():
    cells = "".join(f'<w:tc><w:p><w:r><w:t>{n}</w:t></w:r></w:p></w:tc>' for n in range(70))
    (table,) = body(f'<w:tbl><w:tr>{cells}</w:tr>'
                    '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="500"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>')
    model = table.to_model()
    assert [c.text for c in model.rows[0]] == [str(n) for n in range(70)]
    assert model.rows[1][0].column_span == 70
    assert body.clamps == ["A table cell's span (w:gridSpan) 500 is beyond what Word accepts; used 70"]


def test_spans_within_the_grid_are_as_written():
    (table,) = body('<w:tbl><w:tblGrid><w:gridCol w:w="20"/><w:gridCol w:w="20"/><w:gridCol w:w="20"/></w:tblGrid>'
                    '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>')
    assert table.to_model().rows[0][0].column_span == 3
    assert body.clamps == []


def test_links_keep_any_scheme_but_those_that_run_code_or_open_local_files():
    reader = BodyReader(Styles(None), Story(hyperlink=lambda rel_id: None, image=lambda rel_id: None))
    kept = [reader._safe_url(u) for u in ("https://a.cn/", "mailto:x@y.cn", "consultantplus://offline/ref=1",
                                          "JavaScript:alert(1)", "file:///etc/passwd", "data:text/html,x")]
    assert kept == ["https://a.cn/", "mailto:x@y.cn", "consultantplus://offline/ref=1", None, None, None]
    assert reader.warnings == ["A link to a javascript: address was kept as plain text",
                               "A link to a file: address was kept as plain text",
                               "A link to a data: address was kept as plain text"]


def test_ruby_keeps_its_base_text():
    p = only_paragraph('<w:p><w:r><w:t>在</w:t></w:r><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>とうきょう</w:t></w:r></w:rt>'
                       '<w:rubyBase><w:r><w:t>東京</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>')
    assert p.text == "在東京"


def test_properties_out_of_schema_order_and_repeated_are_read_as_find_reads_them():
    # pPr/rPr after other children (some producers do this) are still found; of two w:vanish the first counts.
    p = only_paragraph('<w:p><w:bookmarkStart w:id="1" w:name="_Toc1"/><w:pPr><w:jc w:val="center"/>'
                       '<w:jc w:val="right"/></w:pPr><w:r><w:t>见</w:t><w:rPr><w:b/></w:rPr></w:r>'
                       '<w:r><w:rPr><w:vanish w:val="0"/><w:vanish/></w:rPr><w:t>显</w:t></w:r></w:p>')
    assert p.align == "center"
    assert [(r.text, r.bold) for r in p.runs] == [("见", True), ("显", False)]


PNG = b"\x89PNG\r\n\x1a\n" + bytes(16)
V = "urn:schemas-microsoft-com:vml"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def pictures_of(xml: str) -> list:
    root = etree.fromstring(f'<w:body xmlns:w="{W}" xmlns:v="{V}" xmlns:r="{R_NS}">{xml}</w:body>')
    reader = BodyReader(Styles(None), Story(hyperlink=lambda rel_id: None,
                                            image=lambda rel_id: (PNG, f"word/media/{rel_id}.png")))
    (paragraph,) = reader.read_body(root)
    return [(image.width_emu, image.height_emu) for image in paragraph.images]


def test_every_picture_of_a_vml_group_is_kept_at_its_size_in_the_group_s_coordinates():
    # WPS's cover of a thesis: a banner and a side strip in one group 479.3 pt x 285.95 pt of 47930 x 28595 units
    group = ('<v:group coordsize="47930,28595" style="position:absolute;width:479.3pt;height:285.95pt">'
             '<v:shape style="position:absolute;width:47930;height:7505"><v:imagedata r:id="rId5"/></v:shape>'
             '<v:shape style="position:absolute;margin-top:1780;width:5010;height:26815">'
             '<v:imagedata r:id="rId6"/></v:shape></v:group>')
    assert pictures_of(f"<w:p><w:r><w:pict>{group}</w:pict></w:r></w:p>") == [
        (int(479.3 * 12700), int(75.05 * 12700)), (int(50.1 * 12700), int(268.15 * 12700))]


def test_an_embedded_object_keeps_one_preview_picture_sized_by_its_shape():
    shape = '<v:shape style="width:100pt;height:50pt"><v:imagedata r:id="rId1"/><v:imagedata r:id="rId2"/></v:shape>'
    assert pictures_of(f"<w:p><w:r><w:object>{shape}</w:object></w:r></w:p>") == [(1270000, 635000)]


def test_the_pictures_of_a_drawingml_group_each_take_their_own_extent():
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    pic = ('<pic:pic xmlns:pic="urn:pic"><pic:blipFill><a:blip r:embed="{rel}"/></pic:blipFill>'
           '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm></pic:spPr></pic:pic>')
    group = (f'<wpg:wgp xmlns:wpg="urn:wpg" xmlns:a="{a}"><wpg:grpSpPr><a:xfrm><a:off x="0" y="0"/>'
             '<a:ext cx="2000000" cy="1000000"/><a:chOff x="0" y="0"/><a:chExt cx="4000000" cy="2000000"/>'
             f'</a:xfrm></wpg:grpSpPr>{pic.format(rel="rId1", cx=4000000, cy=1000000)}'
             f'{pic.format(rel="rId2", cx=1000000, cy=2000000)}</wpg:wgp>')
    drawing = (f'<w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
               f'<wp:extent cx="2000000" cy="1000000"/><a:graphic xmlns:a="{a}"><a:graphicData>{group}'
               '</a:graphicData></a:graphic></wp:anchor></w:drawing>')
    assert pictures_of(f"<w:p><w:r>{drawing}</w:r></w:p>") == [(2000000, 500000), (500000, 1000000)]


def test_a_note_alone_in_a_merged_cell_is_kept():
    """A continued cell (w:vMerge) folds into the cell above: a paragraph holding only a footnote's mark is
    content too (its text leaves the mark out), so the note is not lost with it."""
    note = etree.fromstring(f'<w:footnote xmlns:w="{W}" w:id="1"><w:p><w:r><w:t>注释</w:t></w:r></w:p></w:footnote>')
    root = etree.fromstring(
        f'<w:body xmlns:w="{W}"><w:tbl>'
        '<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr>'
        '<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:footnoteReference w:id="1"/></w:r></w:p></w:tc></w:tr>'
        '</w:tbl></w:body>')
    reader = BodyReader(Styles(None), Story(hyperlink=lambda rel_id: None, image=lambda rel_id: None),
                        notes={"footnote": {"1": note}})
    (table,) = reader.read_body(root)
    (cell,) = table.to_model().rows[0]
    assert [[(run.text, run.note is not None) for run in block.runs] for block in cell.blocks] == [
        [("甲", False)], [("1", True)]]
