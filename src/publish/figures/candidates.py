"""What the pattern finds in a paragraph, with the look-alikes thrown out: dates and years, ordinals,
identifiers, programme names in short quotes and idioms; a bare number before a connector shares the next
figure's unit (55和40纳米)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .numbers import (
    _alternatives, _BARE_CN, _CLAUSE_MARKS, _CN_DIGIT_SET, _fraction, _FULLWIDTH, _LATIN, MONTH_UNITS, _MORE_INSIDE,
    _MULTIPLIERS, _NOT_FIGURE_AFTER, _number, _PATTERN, PERCENT_UNITS, _PRE_MEANING, TENTHS_UNIT, _TIME,
    _UNIT_NOT_BEFORE, _UNITS_AFTER_ONE, _YEAR,
)


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    number_start: int
    value: Decimal | None
    unit: str
    approx: str | None
    multiplier: Decimal | None
    bare: bool  # a plain number with neither unit nor multiplier: may share the next figure's unit


_IDIOMS = ("一次性", "两个一百年", "一年四季", "三天两头", "九天", "一成不变", "千家万户", "十分",
           "百分百", "万无一失", "一五一十", "千千万万", "成千上万", "一揽子",
           "三轮汽车", "三轮车", "两轮车", "四轮驱动",  # kinds of vehicle, not three rounds (轮)
           "九年义务教育", "十二年义务教育")  # the name of the schooling, not a span of nine years
_IDIOM = re.compile(_alternatives(_IDIOMS))  # one search says whether any idiom is near at all
_CONNECTORS = {"和", "与", "及", "或", "至", "到", "、", "-", "—", "–", "－", "~", "～", "——"}
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_PRE_NOT_AFTER = {  # the previous character makes the qualifier part of another word
    "约": "签制条公契预节履违合婚相特集", "近": "最接将附靠临邻亲就贴", "超": "赶高",
}
_AGE_OR_SPAN = _TIME | set(MONTH_UNITS) | {"岁"}
_FAST_COMPARED = frozenset("加更最较赶很飞越")  # 加快, 更快, 越快: 快 is "fast" there, not "almost"
_ORDINAL_BEFORE = frozenset("第每")  # 第四, 每年: an ordinal or a rate, not a figure
_PRE_OVER_AFTER = "入额量数值率模比资"  # 收入过10亿: 过 as a qualifier; elsewhere 通过, 经过 …
_CLAUSE_END = frozenset(_CLAUSE_MARKS)  # a set: the end of the text ("") is in no set


def find_candidates(text: str) -> list[_Candidate]:
    """The figures one paragraph's text may hold, in order, the look-alikes thrown out and no label yet."""
    candidates: list[_Candidate] = []
    bare: list[_Candidate] = []
    quoted = "“" in text  # most paragraphs quote nothing: then no number is in a short quote
    for match in _PATTERN.finditer(text):
        candidate = _judge(text, match, quoted)
        if candidate is None:
            continue
        (bare if candidate.bare else candidates).append(candidate)
    if bare:
        candidates = _share_units(text, bare, candidates)
    return candidates


def _index_points(text: str, start: int, arabic: str | None) -> bool:
    """上证指数报3117.18点, 收于3200点, 上涨25点: a stock index's level or move, with a decimal part or after 报, 于,
    涨 or 跌; else 点 is a clock time (下午3点) or a point made (两点意见)."""
    return bool(arabic) and ("." in arabic or text[start - 1:start] in ("报", "于", "涨", "跌"))


def _judge(text: str, match: re.Match[str], quoted: bool) -> _Candidate | None:
    """The figure ``match`` stands for, or None for a look-alike; ``quoted``: the text has an opening “."""
    (written_pre, percent, percent_number, denominator, denominator_multiplier, numerator, vague, _,
     slash_numerator, slash_denominator, arabic, chinese, written_mid, multiplier_text, mid2, written_unit,
     post) = match.groups()  # as in _PATTERN
    start = match.start()
    number_start = match.end("pre") if written_pre else start  # the number follows its qualifier
    pre = written_pre
    bare_cn = chinese in _BARE_CN  # one of 十百千万亿 alone
    if pre and not _qualifier_stands(text, match, pre, bare_cn):
        pre, start = None, number_start
    before = text[start - 1] if start > 0 else ""
    if before in _ORDINAL_BEFORE or before in "期拜" and text[max(0, start - 2):start] in ("星期", "礼拜"):
        return None
    if written_unit == "周年":
        return None  # 28周年之际: an anniversary
    if written_unit == "季度" and before != "个" and not written_pre:
        return None  # 前三季度, 一季度: a quarter of the year, not a duration (三个季度 is one)
    if arabic and before.isascii() and _identifier_around(text, start):  # not after a Chinese character
        return None
    if written_unit in ("位", "名") and before == "前":
        return None  # 进入排行榜前50位, 夺得前两名: a place in a ranking, not a count
    if written_unit == "点" and not _index_points(text, start, arabic):
        return None  # 3点 (a clock time), 两点 (two points made): not an index level

    end = match.end()
    unit = written_unit or ""
    mid = written_mid or mid2
    # 多 right after a unit belongs to the figure only for time (3年多); otherwise it is the next word
    if post == "多" and unit and unit not in _TIME:
        post, end = None, match.start("post")
    if unit:
        following = text[match.end("unit"):match.end("unit") + 1]
        if unit in _UNIT_NOT_BEFORE and following and following in _UNIT_NOT_BEFORE[unit]:
            unit, post = "", None
            end = match.start("unit")
        elif unit in _LATIN and following and following.isascii() and following.isalpha():
            return None
    # The two look-alikes met most often are told by the number and unit alone: they are looked for first
    if chinese == "一" and not multiplier_text and unit not in _UNITS_AFTER_ONE \
            and not (unit == "次" and text[end:end + 1] in _CLAUSE_END):
        return None  # 一家, 一项: an article, not a count; but 每年评审一次。: how often, closing its clause
    if chinese == "一" and before in "这那该此" and not (pre or mid or post):
        return None  # 这一年, 那一天: a demonstrative, "this year", not a span of one year
    if unit == "年" and arabic and _YEAR.fullmatch(arabic.translate(_FULLWIDTH)) \
            and (not (pre or mid or post) or _year_compared(text, match, pre, mid, post)):
        return None  # 2016年; 超过2019年度…, 超过2015年水平: a year compared with, not 2019 years
    if _NOT_FIGURE_AFTER.match(text, end):
        return None
    if not unit and text[end:end + 1].isascii() and text[end:end + 1].isalpha():
        return None  # 4G, 2G
    if not denominator and _IDIOM.search(text, max(0, start - 3), end + 4):
        window = text[max(0, start - 3):end + 4]
        if any(idiom in window and _overlaps(text, idiom, start, end) for idiom in _IDIOMS):
            return None
    if quoted and _in_short_quote(text, start, end):
        return None

    approx: str | None = None
    value: Decimal | None
    multiplier = _MULTIPLIERS.get(multiplier_text) if multiplier_text else None
    if percent:
        number = _number(percent_number)
        if number is None:
            return None
        value, unit = number, "%"
        if written_unit:  # 百分之三十 followed by a stray unit: keep the percentage only
            end = match.start("unit")
            post = None
    elif denominator or slash_denominator:  # 三分之一, 100万分之一, 1/3: a share, in %
        if slash_denominator:  # a proper fraction only: 24/7 is no share
            denominator, numerator = slash_denominator, slash_numerator
        share = _fraction(denominator, denominator_multiplier, numerator)
        if share is None or slash_denominator and share >= 100:
            return None
        value, unit = share, "%"
        if written_unit:
            end, post = match.start("unit"), None
    elif vague:
        if not unit:
            return None
        value, approx = None, vague
    else:
        raw = arabic or chinese
        number = _number(raw)
        if number is None:
            return None
        if written_mid == "几":
            value, approx = None, "几"
            if not unit:
                return None
        else:
            value = number * (multiplier or 1)
        has_big = multiplier is not None or (chinese is not None and ("万" in chinese or "亿" in chinese))
        if chinese is not None:
            if bare_cn and not (pre or mid or post or unit in PERCENT_UNITS or (chinese == "十" and unit == "年")):
                return None  # 百年, 千人, 万众
            if not unit and not (has_big and not _CN_DIGIT_SET.isdisjoint(chinese)):
                return None
            if unit == "年" and _CN_DIGIT_SET.issuperset(chinese) and len(chinese) >= 2:
                return None  # 二〇一六年
        if not unit and not has_big:
            if arabic and not pre and not mid and not post:
                return _Candidate(start, end, number_start, number, "", None, None, True)
            return None
    if unit == TENTHS_UNIT:
        if value is not None:
            value *= 10
        unit = "%"
    elif unit in _MORE_INSIDE:
        mid, unit = mid or "多", _MORE_INSIDE[unit]
    elif unit == "％":
        unit = "%"
    if value is not None and value == value.to_integral_value():
        value = Decimal(int(value))  # 1.5万 → 15000, not 15000.0
    if before == "下" and text[max(0, start - 2):start] == "零下" and value is not None:
        value, start = -value, start - 2
    if not approx and (pre or mid or post):
        approx = _join_qualifiers(_PRE_MEANING.get(pre, pre), mid, post.removeprefix("及") if post else None)
    return _Candidate(start, end, number_start, value, unit, approx, multiplier, False)


def _year_compared(text: str, match: re.Match[str], pre: str | None, mid: str | None, post: str | None) -> bool:
    """超过2019年度全社会研发支出: a qualifier before a year names the year compared with, not a duration."""
    if mid or post:
        return False  # 2000多年, 1000年以上
    after = text[match.end("unit"):match.end("unit") + 3]
    return after.startswith("度") or not after.startswith(("的历史", "历史", "之久", "前"))


def _identifier_around(text: str, start: int) -> bool:
    """H7N9, C919, 2G/3G, TD-LTE: digits glued to Latin letters name things; 3-5万 is still a range."""
    before = text[start - 1:start]
    if before.isascii() and before.isalpha():
        return True
    return before in ("-", "/", ".", "_") and bool(_LATIN_LETTER.match(text[start - 2:start - 1]))


def _qualifier_stands(text: str, match: re.Match[str], pre: str, bare_cn: bool) -> bool:
    previous = text[match.start() - 1] if match.start() > 0 else ""
    if pre == "上":
        return bare_cn
    if pre == "过":
        return bare_cn or previous in _PRE_OVER_AFTER
    if pre == "快":  # 至今快60年, 快三十岁: "almost", before a span or an age; elsewhere 快 compares (加快4.9个百分点,
        # 比计划快2天)
        return match["unit"] in _AGE_OR_SPAN and previous not in _FAST_COMPARED \
            and "比" not in text[max(0, match.start() - 12):match.start()]
    return not (pre in _PRE_NOT_AFTER and previous and previous in _PRE_NOT_AFTER[pre])


def _join_qualifiers(*qualifiers: str | None) -> str | None:
    present = [q for q in qualifiers if q]
    return "".join(present) if present else None


def _overlaps(text: str, idiom: str, start: int, end: int) -> bool:
    at = text.find(idiom, max(0, start - len(idiom)))
    while at != -1 and at < end:
        if at + len(idiom) > start:
            return True
        at = text.find(idiom, at + 1)
    return False


def _in_short_quote(text: str, start: int, end: int) -> bool:
    """Inside “十二五”, “千人计划”, “海洋石油981”: a name, not a figure."""
    opening = text.rfind("“", 0, start)
    if opening == -1 or text.rfind("”", opening, start) != -1:
        return False
    closing = text.find("”", end)
    return closing != -1 and closing - opening - 1 <= 12 and "，" not in text[opening:closing]


def _share_units(text: str, bare: list[_Candidate], figures: list[_Candidate]) -> list[_Candidate]:
    """55和40纳米, 3-5万人: a bare number before a connector takes the next figure's unit."""
    merged = sorted(figures, key=lambda c: c.start)
    by_start = {c.number_start: c for c in merged} | {c.start: c for c in merged}
    for candidate in sorted(bare, key=lambda c: c.start, reverse=True):
        for width in (1, 2):
            connector = text[candidate.end:candidate.end + width]
            following = by_start.get(candidate.end + width)
            if connector in _CONNECTORS and following is not None and following.unit:
                if following.unit == "年" and _YEAR.fullmatch(text, candidate.start, candidate.end):
                    break  # 2006—2020年
                value = candidate.value * (following.multiplier or 1) if candidate.value is not None else None
                if value is not None and value == value.to_integral_value():
                    value = Decimal(int(value))
                shared = _Candidate(candidate.start, candidate.end, candidate.number_start, value,
                                    following.unit, None, following.multiplier, False)
                merged.append(shared)
                by_start[candidate.start] = shared
                break
        else:
            if _INDEX_BEFORE.search(text, max(0, candidate.start - 6), candidate.start) and "." in text[
                    candidate.start:candidate.end]:
                candidate.bare = False  # 创新环境指数为177.1: an index's value, no unit
                merged.append(candidate)
            elif (ratio := _RATIO_TO_ONE.match(text, candidate.end)) \
                    and _RATIO_BEFORE.search(text, max(0, candidate.start - 6), candidate.start):
                candidate.bare, candidate.end = False, ratio.end()  # 生师比为17.33∶1: a ratio, its value n, no unit
                merged.append(candidate)
    return sorted(merged, key=lambda c: c.start)


_INDEX_BEFORE = re.compile("指数(?:为|达到|达|是|升至|降至)$")
_RATIO_TO_ONE = re.compile("[∶:]1(?![0-9.:∶])")  # 17.33∶1 (not a clock time, 10:15)
_RATIO_BEFORE = re.compile("比(?!分)[^，。；]{0,3}$")  # 生师比为, 比例为, 男女比例 (not a score: 比分3:1)
