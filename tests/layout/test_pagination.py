"""The pagination model: LibreOffice's line breaking of Chinese text and its page filling."""

from __future__ import annotations

import pytest

from publish.layout import metrics, pagination
from publish.layout.pagination import Item, line_spans, paginate
from publish.writers.docx import DEFAULT_TEMPLATE, load_template

HANZI = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地人日月星辰山川"


@pytest.fixture(scope="module")
def layout():
    return load_template(DEFAULT_TEMPLATE).layout


def lines(text: str, layout, role: str = "body") -> list[str]:
    style = layout.styles[role]
    spans, _ = line_spans(((text, False, False),), style, layout.text_width - style.left - style.right)
    return [text[a:b] for a, b in spans]


def test_the_template_gives_the_official_type_area(layout):
    assert (layout.text_width, layout.body_height, layout.pitch) == (8845, 12756, 579)
    assert layout.body_height // layout.pitch == 22
    assert layout.styles["body"].first_line == 640
    assert layout.styles["heading1"].keep_next and layout.styles["heading1"].before == 579


def test_a_body_line_holds_28_characters_and_the_first_26(layout):
    # GB/T 9704's 28 a line: 16 pt characters 7 twips tighter (w:spacing -7), as LibreOffice sets them
    assert layout.styles["body"].spacing == -7
    text = HANZI * 3
    found = lines(text, layout)
    assert [len(line) for line in found] == [26, 28, 28, 11]


def test_a_comma_never_starts_a_line_it_takes_a_character_down(layout):
    text = HANZI[:26] + "，" + HANZI
    assert lines(text, layout)[:2] == [HANZI[:25], HANZI[25] + "，" + HANZI[:28 - 2]]


def test_an_opening_bracket_never_ends_a_line(layout):
    text = HANZI[:25] + "（" + HANZI
    assert lines(text, layout)[0] == HANZI[:25]


def test_numbers_and_words_are_not_split(layout):
    assert lines(HANZI[:24] + "20160" + HANZI, layout)[0] == HANZI[:24]
    assert lines(HANZI[:25] + "24.3万" + HANZI, layout)[0] == HANZI[:25]
    # after a hyphen a line may break, as LibreOffice does: ARJ21-|700
    text = HANZI[:21] + "ARJ21-700，" + HANZI
    assert lines(text, layout)[0] == HANZI[:21] + "ARJ21-"


def test_latin_next_to_ideographs_gets_extra_space(layout):
    plain = metrics.char_widths("中a中", 16)
    assert plain == [320, pytest.approx(142.08), 320]
    # 25 ideographs and "ab" fit the first line only without LibreOffice's ideograph/Latin spacing
    assert lines(HANZI[:24] + "ab" + HANZI, layout)[0] == HANZI[:24] + "ab"
    assert lines(HANZI[:25] + "ab" + HANZI, layout)[0] == HANZI[:25]


def test_a_double_em_dash_stays_whole(layout):
    text = HANZI[:25] + "——" + HANZI
    assert lines(text, layout)[0] == HANZI[:25]


def test_quotes_opening_a_paragraph_are_latin_and_inside_it_full_width():
    assert metrics.scripts_of("“中”")[0] == metrics.LATIN
    assert metrics.scripts_of("中“中”")[1:] == [metrics.ASIAN] * 3


def test_pages_hold_22_lines_and_headings_keep_with_their_text(layout):
    body = [Item("body", HANZI[:20]) for _ in range(21)]
    heading = Item("heading1", "标题", bookmarks=("_Toc1",))
    items = body + [heading, Item("body", HANZI[:20], bookmarks=("_Toc2",))]
    pages, _ = paginate(items, layout)
    # 21 lines leave room for one: the heading (spacing above + its line) would fit only without its text
    assert pages == {"_Toc1": 2, "_Toc2": 2}
    pages, _ = paginate(body[:19] + items[21:], layout)
    assert pages == {"_Toc1": 1, "_Toc2": 1}


def test_headings_that_end_the_document_have_nothing_to_keep_with_and_stay_where_they_fall(layout):
    body = [Item("body", HANZI[:20]) for _ in range(21)]
    headings = [Item("heading3", f"标题{n}", bookmarks=(f"_Toc{n}",)) for n in range(2)]
    # the document's last paragraphs, two headings after 21 lines: they flow on as LibreOffice sets them
    assert paginate(body + headings, layout)[0] == {"_Toc0": 1, "_Toc1": 2}
    # followed by text, they are kept with it on page 2
    assert paginate(body + headings + [Item("body", HANZI[:20])], layout)[0] == {"_Toc0": 2, "_Toc1": 2}


def test_spacing_above_is_dropped_at_the_top_of_a_page_after_a_natural_break(layout):
    trace: list = []
    items = [Item("body", HANZI[:20]) for _ in range(22)] + [Item("heading1", "标题", bookmarks=("_Toc1",))] + [
        Item("body", HANZI[:20]) for _ in range(21)]
    pagination._place(items, layout, {}, trace)
    assert [page for page, index in trace].count(2) == 22


def test_a_page_break_starts_a_new_page(layout):
    items = [Item("body", "一"), Item("heading1", "标题", page_break_before=True, bookmarks=("_Toc9",))]
    assert paginate(items, layout)[0] == {"_Toc9": 2}


def test_contents_entries_whose_number_does_not_fit_take_another_line(layout):
    style = layout.styles["toc1"]
    title = HANZI[:28]
    count, last = pagination.count_lines(((title, False, False),), style, layout.text_width)
    assert (count, round(last)) == (1, 28 * 315)  # 320 twips, 7 tighter, 2 of LibreOffice's allowance
    boxes, _, _ = pagination._boxes(Item("toc1", title, toc_anchor="_Toc1"), layout, {"_Toc1": 12})
    assert len(boxes) == 2
    boxes, _, _ = pagination._boxes(Item("toc1", HANZI[:27], toc_anchor="_Toc1"), layout, {"_Toc1": 12})
    assert len(boxes) == 1


def test_a_template_without_exact_spacing_gives_a_warning():
    from lxml import etree

    styles = etree.fromstring(
        b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b'<w:style w:type="paragraph" w:styleId="B"><w:name w:val="Body Text"/></w:style></w:styles>')
    layout = pagination.Layout.from_template(styles, None, {"body": "B"})
    assert layout.estimated
    _, warnings = paginate([Item("body", "正文")], layout)
    assert warnings and "estimates" in warnings[0]


def test_repeated_header_rows_take_their_room_on_every_page_a_table_continues_on(layout):
    from publish.layout.pagination import TableCell

    rows = [[TableCell([Item("table_text", "甲")], 4000)] for _ in range(58)]
    assert pagination._boxes(Item("table", "", table_rows=rows), layout, {})[0][0] == 410  # 20 pt + border
    # 31 rows of 410 twips fill a 12756-twip page; the other 27 leave room on page 2 for a heading
    # (1158 twips with its spacing) unless the 3 header rows are drawn again at its top.
    heading = Item("heading1", "标题", bookmarks=("_Toc1",))
    assert paginate([Item("table", "", table_rows=rows), heading], layout)[0] == {"_Toc1": 2}
    assert paginate([Item("table", "", table_rows=rows, header_rows=3), heading], layout)[0] == {"_Toc1": 3}


# -- what the model knows it cannot lay out exactly ---------------------------------------------------


def test_the_model_is_unsure_of_characters_it_has_no_widths_for():
    from publish.layout import metrics

    assert metrics.unmeasured("中国科技合作，“C919”—— 24.3万名\t") == frozenset()
    assert metrics.unmeasured("合作 مرحبا ① नमस्ते") == frozenset("مرحبا①नमस्ते")


def test_the_model_says_what_it_is_unsure_of():
    from publish.layout.pagination import LONG_LATIN_LETTERS, Item, Layout, TableCell, unsure_of

    layout = Layout()
    assert unsure_of([Item("body", "中国科技合作" * 2000)], layout) == set()
    inner = Item("table", "", table_rows=[[TableCell([Item("table_text", "内")], 2000)]])
    outer = Item("table", "", table_rows=[[TableCell([inner], 4000)]])
    assert unsure_of([outer], layout) == {"tables in table cells"}
    tall = Item("table", "", table_rows=[[TableCell([Item("table_text", "字" * 20 * 60)], 300)]])
    assert unsure_of([tall], layout) == {"table rows longer than a page"}
    latin = "a" * (LONG_LATIN_LETTERS + 1)
    assert unsure_of([Item("body", latin)], layout) == {"long Latin text"}
    assert unsure_of([Item("body", latin[:-2])], layout) == set()
    assert unsure_of([Item("body", "", runs=(("اللغة", False, False),))], layout) == {"characters without font metrics"}
