"""A figure as an editor quotes it (759亿元, 超过2.7亿, 4000多名), the chart's amounts of one kind, the key
figures by weight, and the figures as JSON or a text table."""

from __future__ import annotations

from collections import Counter, namedtuple
from collections.abc import Sequence
from decimal import Decimal

from ..model import Figure
from .numbers import (
    _BOUNDS, _COUNTABLE, _FULLWIDTH, _LATIN, _MEASURED_AFTER, _MONEY, MONEY_UNITS, MONTH_UNITS, _MORE_INSIDE,
    _MULTIPLIERS, _number, _PATTERN, PERCENT_UNITS, _PHYSICAL, _RANGE_MARKS, TENTHS_UNIT, _TIME,
)


def money_figures(figures: Sequence[Figure]) -> tuple[str, list[Figure]]:
    """The money figures in the most common currency, in text order (5000万美元 is not charted beside 759亿元)."""
    money = [f for f in figures if f.value is not None and f.unit in MONEY_UNITS]
    if not money:
        return "", []
    currency = Counter(f.unit for f in money).most_common(1)[0][0]
    return currency, [f for f in money if f.unit == currency]


# -- the figure as the text states it --------------------------------------------------------------


class Stated(namedtuple("Stated", "number unit display")):
    """759亿元 → (759, "亿元", "759亿元"); 四千多名 → (4000, "名", "4000多名"); 一个月 → (1, "个月", "1个月").

    ``number`` is in the text's own magnitude (None when vague: 数千家), ``unit`` is the multiplier and
    unit as written, ``display`` the whole figure with its qualifiers, in Arabic digits.
    """


_BIG_CHINESE = ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万"))


def stated(figure: Figure) -> Stated:
    """The figure in the text's own magnitude and unit, with its qualifiers (an editor writes 759亿元,
    not 75,900,000,000 元; and 超过2.7亿 printed as 270,000,000 would be a misquote)."""
    text = figure.text
    match = _PATTERN.match(text)
    if match is None or match.end() != len(text) or figure.value is None:
        return Stated(None, figure.unit, text)  # vague (数千家, 几十项), or 零下: as written
    groups = match.groupdict()
    pre, post = groups["pre"] or "", groups["post"] or ""
    if groups["percent"] or groups["denominator"] or groups["slash_denominator"]:  # 百分之九十, 三分之一, 1/3: a share
        number = figure.value
        shown = f"{pre}{_plain(number)}%{post}" if groups["percent"] else text
        return Stated(number, "%", shown)
    multiplier = groups["multiplier"] or ""
    written_unit = groups["unit"] or ""
    if written_unit and figure.unit in ("个月", "%") and written_unit not in PERCENT_UNITS + (TENTHS_UNIT,):
        written_unit = written_unit if written_unit in MONTH_UNITS else figure.unit
    unit = "%" if written_unit == "％" else written_unit
    if groups["arabic"]:
        number = Decimal(groups["arabic"].translate(_FULLWIDTH).replace(",", ""))
    else:
        number = _number(groups["chinese"]) or Decimal(0)
        if not multiplier:  # 二十四万三千 → 24.3万, as an editor writes it
            for size, name in _BIG_CHINESE:
                if number >= size:
                    number, multiplier = number / size, name
                    break
    if not written_unit and figure.unit:  # 55和40纳米, 3-5万人: the unit (and multiplier) shared with the next
        unit = figure.unit
        ratio = figure.value / number if number else Decimal(1)
        multiplier = next((name for name, size in _MULTIPLIERS.items() if size == ratio), multiplier)
    mid = (groups["mid"] or "") + (groups["mid2"] or "")
    shown_unit = unit
    if written_unit in _MORE_INSIDE:  # 3个多月: 多 is inside the unit as written
        unit = _MORE_INSIDE[written_unit]
    number = Decimal(int(number)) if number == number.to_integral_value() else number.normalize()
    if unit == TENTHS_UNIT:
        display = f"{pre}{_plain(number)}{mid}成{post}"
    else:
        display = f"{pre}{_plain(number)}{mid}{multiplier}{shown_unit}{post}"
    return Stated(number, multiplier + unit, display)


def _plain(number: Decimal) -> str:
    return format(number, "f")




# What a money figure is an amount of, told by its label. Only amounts of one kind are compared in a chart:
# an investment beside a revenue, or beside a threshold (过百亿元), says nothing.
AMOUNT_KINDS = (
    ("投入", ("投入", "投资", "资金", "经费", "拨款", "融资", "资助")),
    ("产值", ("产值", "产出", "生产总值", "销售额", "出口", "贸易额", "交易额", "规模")),
    ("收入", ("收入", "营收", "营业额", "利润")),
)


CHART_MINIMUM = 3  # fewer comparable amounts make no chart: two bars are read as well from the table


# -- the chart -------------------------------------------------------------------------------------


class ChartAmount(namedtuple("ChartAmount", "label value figure")):
    """One bar: its label (what and the figure as written), its value in 亿 of the currency, the figure."""


def amount_kind(figure: Figure) -> str | None:
    """投入, 产值 or 收入 for a money figure stated as an amount of that kind; None for others and bounds."""
    if figure.value is None or figure.unit not in MONEY_UNITS or not figure.label:
        return None
    if figure.approx and any(bound in figure.approx for bound in _BOUNDS):
        return None
    return next((kind for kind, words in AMOUNT_KINDS if any(word in figure.label for word in words)), None)


def chart_amounts(figures: Sequence[Figure]) -> tuple[str, str, list[ChartAmount]]:
    """The one chart of a bulletin's figures: (kind, currency, bars), largest first; no bars when fewer than three.

    One currency and one kind of amount: the kind with the most amounts (investments first on a tie). Each
    fact once: the same label and value in two articles (an article repeating another) is one bar.
    """
    currency, money = money_figures(figures)
    by_kind: dict[str, dict[tuple, Figure]] = {}
    for figure in money:
        kind = amount_kind(figure)
        if kind is not None:
            by_kind.setdefault(kind, {}).setdefault((figure.label, figure.value), figure)
    order = [kind for kind, _ in AMOUNT_KINDS]
    ranked = sorted(by_kind, key=lambda kind: (-len(by_kind[kind]), order.index(kind)))
    if not ranked or len(by_kind[ranked[0]]) < CHART_MINIMUM:
        return "", currency, []
    kind = ranked[0]
    chosen = sorted(by_kind[kind].values(), key=lambda f: -f.value)  # stable: text order among equals
    bars = [ChartAmount(_bar_label(f), f.value / _MULTIPLIERS["亿"], f) for f in chosen]
    return kind, currency, bars


def _bar_label(figure: Figure) -> str:
    label = (figure.label or "").strip()
    if len(label) > 12:
        label = label[:11] + "…"
    return f"{label}（{stated(figure).display}）"




KEY_FIGURES = 6


# -- key figures -----------------------------------------------------------------------------------


def key_weight(figure: Figure) -> int:
    """How much a figure says to a reader at a glance, lower first (the 关键数字 box shows the first six).

    0 money: what was spent or earned is what a bulletin's reader looks for first; 1 people: how many took
    part or were trained; 2 counts of achievements and records (项, 家, 个, 篇 …); 3 shares (96%); 4 physical
    measures (4亿亩, 500米), which need their context, and money thresholds and bounds (过百亿元的企业);
    5 durations; 6 what says least on its own: a figure
    without a label, a part of a range or list (the 55 of 55和40纳米), a process node (28纳米工艺), a multiple (倍).
    """
    label = figure.label or ""
    if figure.value is None and figure.approx is None or not label or _part_of_range(figure):
        return 6
    unit = figure.unit
    bound = bool(figure.approx) and any(word in figure.approx for word in _BOUNDS)
    if unit in _MONEY:
        return 4 if bound else 0  # 过百亿元的企业, 超过400亿元: a threshold or bound says less than an amount
    if unit == "%":
        return 3
    if unit in ("人", "名", "人次", "位") or label.endswith(("人员", "人才", "专家", "学者", "学生", "人")):
        return 1
    if unit in ("纳米", "微米", "nm") or label in _MEASURED_AFTER:
        return 6  # a process node (28纳米工艺) names a technology generation, not an amount
    if unit in _COUNTABLE:
        return 2
    if unit in _PHYSICAL or unit in _LATIN:
        return 4
    if unit in _TIME:
        return 5
    return 6


def _part_of_range(figure: Figure) -> bool:
    """The 55 of 55和40纳米, the 3 of 3-5万人, the 60% of 60%~65%: a bound of a range or an item of a list."""
    at = figure.sentence.find(figure.text)
    if at == -1:
        return False
    after = figure.sentence[at + len(figure.text):at + len(figure.text) + 1]
    before = figure.sentence[at - 1:at] if at else ""
    return after in _RANGE_MARKS or before in _RANGE_MARKS - {"至", "到"}  # 增至11家 is no range


def key_figures(figures: Sequence[Figure]) -> list[Figure]:
    """An article's key figures: the six that weigh most (key_weight), each text once, heaviest first."""
    ranked = sorted((f for f in figures if f.value is not None),
                    key=key_weight)  # sorted() is stable: text order within a weight
    chosen: list[Figure] = []
    for figure in ranked:
        if len(chosen) < KEY_FIGURES and all(f.text != figure.text for f in chosen):
            chosen.append(figure)
    return chosen


def json_value(value: Decimal | None) -> int | float | None:
    """An int when integral (75900000000), a float otherwise (0.5), None when vague."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def figures_to_json(figures: Sequence[Figure]) -> list[dict]:
    return [
        {"bookmark": f.bookmark, "section": f.section, "subsection": f.subsection, "text": f.text,
         "value": json_value(f.value), "unit": f.unit, "approx": f.approx, "label": f.label,
         "sentence": f.sentence}
        for f in figures
    ]


def format_table(figures: Sequence[Figure]) -> str:
    """A plain table for the terminal: text, value, unit, qualifier, label, where."""
    header = ("text", "value", "unit", "approx", "label", "section")
    rows = [header] + [
        (f.text, "—" if f.value is None else f"{json_value(f.value):,}", f.unit or "", f.approx or "",
         f.label or "", f.section + (f" / {f.subsection}" if f.subsection else ""))
        for f in figures
    ]
    widths = [max(_display_width(row[i]) for row in rows) for i in range(len(header) - 1)]
    lines = []
    for row in rows:
        cells = [row[i] + " " * (widths[i] - _display_width(row[i])) for i in range(len(header) - 1)]
        cells[1] = " " * (widths[1] - _display_width(row[1])) + row[1]  # numbers right-aligned
        lines.append("  ".join(cells + [row[-1]]).rstrip())
    lines.append(f"{len(figures)} figure{'s' * (len(figures) != 1)}")
    return "\n".join(lines)


def _display_width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    return sum(2 if ord(c) >= 0x1100 and _wide(c) else 1 for c in text)


def _wide(char: str) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(char) in "WF"
