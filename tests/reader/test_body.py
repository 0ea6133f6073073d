"""The docx-shaped parse, element by element, on fragments built in a line."""

from __future__ import annotations

from lxml import etree

from publish.reader.body import BodyReader, RawParagraph, Story
from publish.reader.styles import Styles

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def body(xml: str) -> list:
    root = etree.fromstring(f'<w:body xmlns:w="{W}">{xml}</w:body>')
    reader = BodyReader(Styles(None), Story(hyperlink=lambda rel_id: None, image=lambda rel_id: None))
    blocks = reader.read_body(root)
    body.warnings = reader.warnings
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
