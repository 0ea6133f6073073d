"""Chinese line breaking: the clreq rules on real sentences from the sample, and as properties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from publish.layout.linebreak import CANNOT_END, CANNOT_START, break_lines, clusters, unbreakable_words, violations

SENTENCE = ("2016年5月19日，科技部国际合作司相关负责人与荷兰教育、文化和科学部总司长汉斯·舒德举行磋商，"
            "就中荷科技创新合作、两国科技发展情况等进行了深入交流。中美创新联盟主席Bernard Harris先生以及"
            "“十三五”期间（NICA项目）TD-LTE用户数量超过2.7亿，高级研发人员占60%。")


def lay_out(text: str, width: float) -> list[str]:
    return [text[start:end] for start, end in break_lines(text, [1.0] * len(text), width)]


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation_at_any_width() -> None:
    for width in range(8, 40):
        lines = lay_out(SENTENCE, width)
        for line in lines:
            assert violations(line) == [], (width, line)
            assert len(line) <= width, (width, line)


def test_numbers_and_latin_words_stay_whole_at_any_width() -> None:
    words = unbreakable_words(SENTENCE)
    assert {"2016", "Bernard", "Harris", "TD-LTE", "2.7", "NICA", "60"} <= set(words)
    for width in range(8, 40):
        lines = lay_out(SENTENCE, width)
        for word in words:
            assert any(word in line for line in lines), (width, word, lines)


def test_the_text_comes_back_whole_minus_the_spaces_at_breaks() -> None:
    for width in range(8, 40):
        lines = lay_out(SENTENCE, width)
        assert "".join(lines).replace(" ", "") == SENTENCE.replace(" ", "")
        assert all(line == line.strip() for line in lines)


def test_a_closing_mark_pulls_the_character_before_it_to_the_next_line() -> None:
    # Ten characters fit; the eleventh is a comma, so 九 goes down with it instead of leaving "，" alone.
    text = "一二三四五六七八九十，后面"
    assert lay_out(text, 10) == ["一二三四五六七八九", "十，后面"]


def test_an_opening_mark_goes_down_with_the_character_after_it() -> None:
    text = "一二三四五六七八九“十”后面"
    assert lay_out(text, 10) == ["一二三四五六七八九", "“十”后面"]


def test_doubled_dashes_and_ellipses_are_one_unit() -> None:
    spans = [("甲——乙")[a:b] for a, b in clusters("甲——乙")]
    assert "——" in "".join(spans) and all(piece.count("—") in (0, 2) for piece in spans)
    lines = lay_out("一二三四五六七八……后面", 9)
    assert all(line.count("…") in (0, 2) for line in lines), lines


def test_a_paragraph_does_not_end_on_a_line_of_one_or_two_characters() -> None:
    text = "五年来十个民口重大专项投入七百亿元。"
    # Greedy gives "…投入七百亿" + "元。"; one more character goes down.
    assert lay_out(text, 17) == ["五年来十个民口重大专项投入七百", "亿元。"]
    assert lay_out(text, 18) == [text]


def test_a_word_wider_than_the_line_is_cut_rather_than_overflowing() -> None:
    lines = lay_out("见ABCDEFGHIJKLMNOP。", 6)
    assert all(len(line) <= 6 for line in lines)
    assert "".join(lines) == "见ABCDEFGHIJKLMNOP。"


def test_a_narrower_first_line_leaves_room_for_the_indent() -> None:
    text = "一二三四五六七八九十甲乙丙丁戊己庚辛"
    lines = lay_out_widths(text, lambda index: 8 if index == 0 else 10)
    assert [len(line) for line in lines] == [8, 10]


def lay_out_widths(text: str, widths) -> list[str]:  # noqa: ANN001
    return [text[start:end] for start, end in break_lines(text, [1.0] * len(text), widths)]


def test_spaces_at_a_break_are_dropped_and_do_not_count() -> None:
    assert lay_out("abc defg hij", 8) == ["abc defg", "hij"]


def test_a_space_before_a_closing_mark_is_no_place_to_break() -> None:
    assert lay_out("一二三四五六七 ，八九", 8) == ["一二三四五六", "七 ，八九"]


def test_violations_reports_what_a_reader_would_see() -> None:
    assert violations("，开头") == ["starts with '，': ，开头"]
    assert violations("结尾“") == ["ends with '“': 结尾“"]
    assert violations("  正常的一行。  ") == []


CJK = "中国科技合作专项成就研发人员投入亿元平台网络产业创新发展"
ALPHABET = CJK + "ABCxyz0123 " + "".join(sorted(CANNOT_START))[:12] + "".join(sorted(CANNOT_END))[:6]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=120), st.integers(min_value=4, max_value=30),
       st.lists(st.sampled_from([0.5, 1.0, 1.0, 1.0]), min_size=120, max_size=120))
def test_any_text_breaks_within_the_width_and_by_the_rules_when_each_cluster_fits(text, width, advances) -> None:
    widths = advances[:len(text)]
    prefix = [0.0]
    for advance in widths:
        prefix.append(prefix[-1] + advance)
    lines = break_lines(text, widths, width)
    assert "".join(text[a:b] for a, b in lines).replace(" ", "") == text.replace(" ", "")
    for start, end in lines:
        assert end > start
        assert prefix[end] - prefix[start] <= width + 1e-6 or end - start == 1
    if all(prefix[b] - prefix[a] <= width for a, b in clusters(text)):
        for index, (start, end) in enumerate(lines):
            line = text[start:end]
            unavoidable = ([f"starts with {line[0]!r}: {line[:12]}"] if index == 0 else []) + \
                          ([f"ends with {line[-1]!r}: {line[-12:]}"] if index == len(lines) - 1 else [])
            assert [v for v in violations(line) if v not in unavoidable] == [], (text, width, line)


def test_a_typed_line_break_ends_a_line_and_two_leave_an_empty_one() -> None:
    text = "第一行\n第二行很长很长\n\n第四行"
    lines = break_lines(text, [1.0] * len(text), lambda index: 4 if index else 3)  # line 0 is indented
    assert [text[start:end] for start, end in lines] == ["第一行", "第二行很", "长很长", "", "第四行"]
    assert all("\n" not in text[start:end] for start, end in lines)


def test_the_format_characters_are_unicodes_cf_less_the_printed_concatenation_marks() -> None:
    import unicodedata

    from publish.layout.linebreak import FORMAT_CHARACTERS

    printed = {chr(c) for c in (*range(0x0600, 0x0606), 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD)}
    assert FORMAT_CHARACTERS == {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"} - printed


def test_an_invisible_character_never_carries_a_closing_mark_to_the_next_line() -> None:
    # 字​， : a zero-width space before the comma must not leave "，" to start a line
    from publish.layout.linebreak import FORMAT_CHARACTERS

    text = "研究字\u200b，继续"
    widths = [0.0 if char in FORMAT_CHARACTERS else 1.0 for char in text]  # no width, as the PDF measures them
    for width in range(2, 8):
        lines = [text[start:end] for start, end in break_lines(text, widths, width)]
        assert all(line.replace("\u200b", "")[:1] != "，" for line in lines), (width, lines)
    assert ["a\u200b", "b"] == [text[s:e] for text in ["a\u200bb"] for s, e in clusters(text)]  # still a break after it
