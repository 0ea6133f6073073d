"""Units, numerals and the one pattern that proposes figures: 759亿元, 四千多名, 96%以上, 三分之一."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

# -- units --------------------------------------------------------------------------------------------

TIME_UNITS = ("个小时", "小时", "分钟", "季度", "星期", "周年", "年", "天", "周", "秒",  # 月 only as 个月
              "毫秒", "微秒", "纳秒")  # 量子纠缠寿命550毫秒


# 周年 is matched only to be refused: 28周年之际 is an anniversary, an ordinal, not 28 weeks
# 件次, 架次, 艘次, 列次, 辆次 as 人次: documents issued, aircraft, ships, trains, vehicles checked (签发量达7856.4万件次)
COUNT_UNITS = ("个百分点", "百分点", "人次", "件次", "架次", "艘次", "列次", "辆次", "场次", "件/套", "台/套", "个", "家", "名", "人", "所", "种", "架", "项", "省", "座",
               "台", "套", "件", "艘", "颗", "枚", "辆", "篇", "份", "条", "株", "场", "户", "栋",
               "位", "例", "次", "届", "轮", "头", "张", "班", "客位", "倍", "册",
               "标准箱",  # 标准箱: a container port's count (TEU), 223.85万标准箱
               "处", "列",  # 营业网点增加2.1万处, 中欧班列开行1.6万列: sites and trains
               "点",  # 上证指数报3117.18点: an index's points, only as _index_points says
               "股", "只", "片", "比特", "部门",  # shares, valves, wafers, qubits, departments (工信部等7部门)
               # models (56款创新药), plots (3块田), trees (7000多万棵), wells (659万眼), batches (分二批实施) and
               # pairs (7对“复兴号”, 每秒1对)
               "款", "块", "棵", "眼", "口", "批", "对")
MONEY_UNITS = ("人民币", "美元", "欧元", "日元", "英镑", "卢布", "港元", "港币", "澳元", "韩元", "元")
PHYSICAL_UNITS = ("吨公里", "人公里",  # freight and passenger turnover: 856.75亿吨公里
                  "平方公里", "平方千米", "平方米", "立方米", "千瓦时", "纳米", "微米", "毫米", "厘米",
                  "千米", "公里", "米", "千克", "公斤", "克", "吨", "亩", "公顷", "千瓦", "兆瓦", "吉瓦",
                  "瓦", "千伏", "伏", "毫升", "升", "摄氏度", "℃", "光年", "海里", "赫兹", "马力", "斤",
                  "盎司",  # 黄金储备6727万盎司
                  "岁", "英寸", "千焦", "焦耳", "平米", "度",  # ages, wafer sizes, energy, floor area, degrees
                  "/10万",  # a rate per 100,000: 孕产妇死亡率19.9/10万
                  # yields and prices per area, weight or time, kept as written: 平均亩产401.7公斤/亩
                  "公斤/亩", "千克/亩", "吨/亩", "千克/公顷", "吨/公顷", "元/吨", "元/平方米", "公里/小时", "千米/小时",
                  "米/秒")
LATIN_UNITS = ("kWh", "Gbps", "Mbps", "km", "kg", "nm", "MW", "GW", "kW", "GB", "TB", "MB", "mm", "cm")
PERCENT_UNITS = ("%", "％", "‰")
MONTH_UNITS = ("个多月", "个月")  # 一个月 → 1 个月 (a duration); a bare 月 is a date
_MORE_INSIDE = {"个多月": "个月", "个多小时": "个小时"}  # 三个多小时: 3 个小时, qualifier 多
TENTHS_UNIT = "成"  # 三成 → 30 %

_ALL_UNITS = sorted(set(TIME_UNITS + COUNT_UNITS + MONEY_UNITS + PHYSICAL_UNITS + LATIN_UNITS
                        + PERCENT_UNITS + tuple(_MORE_INSIDE) + MONTH_UNITS + (TENTHS_UNIT,)),
                    key=len, reverse=True)
_TIME = set(TIME_UNITS) | {"个月"}
_COUNTABLE = set(COUNT_UNITS) - {"倍", "个百分点", "百分点"}
_PHYSICAL, _LATIN, _MONEY = frozenset(PHYSICAL_UNITS), frozenset(LATIN_UNITS), frozenset(MONEY_UNITS)  # quick `in`

# A unit that is really the first character of another word: 例如, 所有, 位于, 成为 …
_UNIT_NOT_BEFORE = {
    "例": "如", "所": "有以谓在属", "位": "于数", "成": "为立功果本员就熟效长型都绩交了分", "条": "件例",
    "年": "代级", "次": "性", "周": "边期围", "天": "然津地空", "种": "子植类", "人": "民类才口",  # 100万人口: 人口 is a word
    "头": "脑部等条号", "张": "力", "班": "子级组长主",
    "处": "于理置长级室在", "列": "入为车举出席表队",  # 处于, 处理, 处长; 列入, 列为, 列车
    "股": "份东票权市民价", "只": "有是要能", "片": "区", "度": "假",  # 股份, 只有, 片区, 度假
    "项": "目",  # 百亿项目: a class of projects named by their size, 项目 a word
    "款": "项式", "块": "状", "眼": "睛镜光界前下里中",  # 款项, 款式; 块状; 眼睛, 眼前
    "口": "岸罩号径气味语头碑子袋腔令吻音",  # 钻井4000多口 (wells), not 口岸, 口号, 口径 …
    "对": "于外话比接象应称手照待策抗标口",  # 7对“复兴号”, 每秒1对 (pairs), not 对于, 对外, 对接 …
}


# 千人计划, 五年规划, 三年行动: a programme's name; not 工程师 (1000多名工程师), a word of its own
_NOT_FIGURE_AFTER = re.compile("计划|规划|工程(?!师)|战略|行动|纲要")


_CLAUSE_MARKS = "，。；：！？,;:!?"  # what ends a clause or a sentence (labels adds brackets and line breaks)

# Qualifiers that make a figure a bound or threshold (超过400亿元, 过百亿元, 不少于), not an amount
_BOUNDS = {"超过", "超出", "不到", "不足", "不少于", "不低于", "至少", "逾", "超", "过", "上", "以上", "以下", "以内"}
_RANGE_MARKS = {"和", "、", "至", "到", "-", "—", "–", "－", "~", "～"}
_RANGE_ONLY_MARKS = frozenset(_RANGE_MARKS - {"和", "、"})  # 8万—10万人, 50到100个: a range, not a list (55和40纳米)
_MEASURED_AFTER = {"工艺", "芯片", "制程", "级"}  # 28纳米工艺: the thing named after a physical unit

# -- numbers ------------------------------------------------------------------------------------------

_DIGITS = r"[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?"
_CN_NUMERALS = "〇零一二两三四五六七八九十百千万亿"
_CN = f"[{_CN_NUMERALS}]+"
_CN_DECIMAL_DIGITS = "〇零一二三四五六七八九"  # 零点三 (0.3), 一点五: the digits after 点, one by one
_PRE = ("不超过", "不高于", "不多于", "超过", "超出", "不到", "不足", "不少于", "不低于", "至少", "将近", "接近", "大约",
        "约合", "约", "近", "逾", "超", "过", "上", "快")
_PRE_MEANING = {"约合": "约"}  # （约合2800万欧元）: "about", converted from another currency


_POST = ("及以上", "及以下", "以上", "以下", "以内", "左右", "上下", "之多", "有余", "多")  # 50平方公里及以上: 以上


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Every figure starts with a qualifier or a number (百分之, 三分之一, 数十 included). Saying so in a lookahead
# lets the engine pass over the other characters, most of a Chinese text, at one test each.
_FIGURE_OPENING = "".join(sorted({word[0] for word in _PRE} | set("0123456789０１２３４５６７８９数几" + _CN_NUMERALS)))

_PATTERN = re.compile(
    rf"""
    (?=[{_FIGURE_OPENING}])
    (?P<pre>{_alternatives(_PRE)})?
    (?:\ (?=[0-9]))?  # a space between Chinese and digits, as web text sets them: 超 3.5 万家
    (?:
        (?P<percent>百分之)(?P<percent_number>{_DIGITS}|{_CN})
      | (?P<denominator>{_DIGITS}|{_CN})(?P<denominator_multiplier>万|亿)?分之(?P<numerator>{_DIGITS}|{_CN})
      | (?P<vague>数|几)(?P<vague_number>[十百千万亿]+)
      | (?<![0-9/.])(?P<slash_numerator>[0-9]{{1,2}})/(?P<slash_denominator>[0-9]{{1,2}})(?![0-9/])  # 1/3 (not 10/15/2023)
      | (?P<arabic>{_DIGITS})(?:\ (?=[多余几万亿千百]|{_alternatives(_ALL_UNITS)}))?  # 2.2 万公里, 56 款
      | (?P<chinese>{_CN}(?:点[{_CN_DECIMAL_DIGITS}]+)?)
    )
    (?P<mid>多|余|几)?
    (?P<multiplier>亿亿|千万亿|万亿|亿|千万|百万|万|千(?![米克瓦伏焦])|百(?!分))?
    (?P<mid2>多|余)?
    (?P<unit>{_alternatives(_ALL_UNITS)})?
    (?P<post>{_alternatives(_POST)})?
    """,
    re.VERBOSE,
)

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_MULTIPLIERS = {"亿亿": Decimal(10) ** 16, "千万亿": Decimal(10) ** 15, "万亿": Decimal(10) ** 12,
                "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6, "万": Decimal(10) ** 4,
                "千": Decimal(1000), "百": Decimal(100)}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_BARE_CN = set("十百千万亿")
_CN_DIGIT_SET = frozenset(_CN_DIGITS)
_UNITS_AFTER_ONE = (_TIME | set(MONTH_UNITS) | set(_MORE_INSIDE) | _PHYSICAL | _MONEY) - {"度"}  # 一年, 一个月, 一吨, 一元;
# 一度 is "once"
_YEAR = re.compile(r"[12][0-9]{3}")


def chinese_number(text: str) -> int | None:
    """四千 → 4000, 二十四万三千 → 243000, 两 → 2; None for what is not one number (十三五, 二〇一六)."""
    total = section = 0
    digit: int | None = None
    previous_small = 10**9  # small units must descend within a section: 三千五百, not 五百三千
    for index, char in enumerate(text):
        if char in "零〇" and index and text[index - 1] in "十百千万亿":
            continue  # 一百零五: a placeholder, not a digit
        if char in _CN_DIGITS:
            if digit is not None:
                return None  # two digits in a row: 十三五, 二〇一六
            digit = _CN_DIGITS[char]
        elif char in _CN_SMALL_UNITS:
            unit = _CN_SMALL_UNITS[char]
            if unit >= previous_small:
                return None
            section += (1 if digit is None else digit) * unit
            previous_small, digit = unit, None
        else:  # 万 or 亿
            unit = _CN_BIG_UNITS[char]
            amount = section + (digit or 0)
            if amount == 0 and total == 0:
                amount = 1  # 万 alone
            if unit == 100_000_000:
                total = (total + amount) * unit
            else:
                total += amount * unit
            section, digit, previous_small = 0, None, 10**9
    return total + section + (digit or 0)


_ONE_NUMERAL = {char: Decimal(chinese_number(char)) for char in _CN_NUMERALS}  # 一, 两 and 万 alone are common


def _fraction(denominator: str, multiplier: str | None, numerator: str) -> Decimal | None:
    """三分之二 → 66.67 (%): per hundred, to two places when it does not end."""
    below, above = _number(denominator), _number(numerator)
    if below is None or above is None or below == 0:
        return None
    if multiplier:
        below *= _MULTIPLIERS[multiplier]
    share = above * 100 / below
    exact = share.normalize()
    return exact if exact.as_tuple().exponent >= -4 else share.quantize(Decimal("0.01"))


def _number(raw: str) -> Decimal | None:
    if raw.isascii():
        return Decimal(raw.replace(",", ""))
    if raw in _ONE_NUMERAL:
        return _ONE_NUMERAL[raw]
    if "点" in raw:  # 零点三 → 0.3, 七十七点五 → 77.5: a Chinese decimal, its fraction read digit by digit
        whole, _, fraction = raw.partition("点")
        parsed = chinese_number(whole)
        digits = "".join(str(_CN_DIGITS[char]) for char in fraction)
        return None if parsed is None else Decimal(f"{parsed}.{digits}")
    if raw[0] in _CN_NUMERALS:
        parsed = chinese_number(raw)
        return None if parsed is None else Decimal(parsed)
    return Decimal(raw.translate(_FULLWIDTH).replace(",", ""))
