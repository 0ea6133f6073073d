"""List labels as Word draws them, from numbering.xml fragments built in a line."""

from __future__ import annotations

import pytest
from lxml import etree

from publish.reader.numbering import Numbering, format_number

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def numbering(*levels: str, nums: str = '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>') -> Numbering:
    lvls = "".join(f'<w:lvl w:ilvl="{i}">{body}</w:lvl>' for i, body in enumerate(levels))
    xml = f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0">{lvls}</w:abstractNum>{nums}</w:numbering>'
    return Numbering(etree.fromstring(xml))


def level(fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>{extra}'


@pytest.mark.parametrize(("fmt", "values", "expected"), [
    ("chineseCountingThousand", [1, 10, 11, 20, 21], ["一", "十", "十一", "二十", "二十一"]),
    ("decimalEnclosedCircleChinese", [1, 20, 21], ["①", "⑳", "㉑"]),
    ("ideographTraditional", [1, 10, 11], ["甲", "癸", "甲"]),
    ("lowerLetter", [1, 26, 27], ["a", "z", "aa"]),
    ("upperRoman", [4, 9, 14], ["IV", "IX", "XIV"]),
    ("decimalFullWidth", [12], ["１２"]),
    ("decimalZero", [7], ["07"]),
])
def test_number_formats(fmt, values, expected):
    assert [format_number(v, fmt) for v in values] == expected


def test_chinese_outline_labels_count_and_restart_below():
    lists = numbering(level("chineseCounting", "%1、"), level("chineseCounting", "（%2）"), level("decimal", "%3."))
    labels = [lists.item("1", lvl).label for lvl in (0, 1, 1, 2, 0, 1, 2)]
    assert labels == ["一、", "（一）", "（二）", "1.", "二、", "（一）", "1."]


def test_multilevel_pattern_and_legal_numbering():
    lists = numbering(level("chineseCounting", "第%1章"),
                      level("decimal", "%1.%2", extra='<w:isLgl/>'))
    assert [lists.item("1", lvl).label for lvl in (0, 1, 1, 0, 1)] == ["第一章", "1.1", "1.2", "第二章", "2.1"]


def test_legal_numbering_sets_the_levels_own_number_in_arabic_too():
    # 新疆大学本科毕业论文范例 (Word 16): heading 1 numbered chineseCountingThousand with w:isLgl; Word's own TOC
    # lists its chapters as 1 绪论, 2 …, and their sections as 1.1, 2.1
    lists = numbering(level("chineseCountingThousand", "%1  ", extra='<w:isLgl/>'),
                      level("decimal", "%1.%2", extra='<w:isLgl/>'))
    assert [lists.item("1", lvl).label for lvl in (0, 1, 0, 1)] == ["1  ", "1.1", "2  ", "2.1"]


def test_a_second_num_on_the_same_definition_continues_unless_it_restarts():
    nums = ('<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
            '<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>'
            '<w:num w:numId="3"><w:abstractNumId w:val="0"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>')
    lists = numbering(level("decimal", "%1)"), nums=nums)
    assert [lists.item(n, 0).label for n in ("1", "1", "2", "3", "3")] == ["1)", "2)", "3)", "1)", "2)"]
    assert lists.used["3"].starts == ((0, 1),)
    assert {d.family for d in lists.used.values()} == {"0"}


def test_start_value_and_bullets():
    lists = numbering(level("decimal", "%1.", start=5), level("bullet", "\uf0b7"))
    assert [lists.item("1", lvl).label for lvl in (0, 0, 1)] == ["5.", "6.", "•"]


def test_a_level_that_never_restarts_keeps_counting():
    lists = numbering(level("decimal", "%1."), level("decimal", "(%2)", extra='<w:lvlRestart w:val="0"/>'))
    assert [lists.item("1", lvl).label for lvl in (0, 1, 1, 0, 1)] == ["1.", "(1)", "(2)", "2.", "(3)"]


def test_num_id_zero_or_unknown_is_no_list():
    lists = numbering(level("decimal", "%1."))
    assert lists.item("0", 0) is None
    assert lists.item("9", 0) is None


def test_a_level_that_draws_nothing_is_no_list():
    lists = numbering(level("none", ""), level("decimal", "%2."))
    assert lists.item("1", 0) is None
    assert lists.item("1", 1).label == "1."



def test_a_start_beyond_words_range_is_clamped_and_said_once():
    lists = numbering(level("decimal", "%1.", start=2 ** 63), level("decimal", "%2)", start=-5))
    assert [lists.item("1", 0).label, lists.item("1", 1).label] == ["32767.", "0)"]
    assert lists.clamps.warnings() == [
        "A list's start number (w:start) 9223372036854775808 is beyond what Word accepts; used 32767"]


def test_a_level_override_is_read_with_its_start_clamped():
    lists = numbering(level("decimal", "%1."), nums=(
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">'
        '<w:startOverride w:val="99999999999"/><w:lvl w:ilvl="0">' + level("upperRoman", "%1)") + '</w:lvl>'
        '</w:lvlOverride></w:num>'))
    assert lists.item("1", 0).label == "32767)"  # beyond Roman numerals Word writes the number
    assert lists.clamps.warnings() == [
        "A list's start number (w:startOverride) 99999999999 is beyond what Word accepts; used 32767"]
