"""What each figure counts or measures: the noun after a measure word (169个高新区), else the subject before
the clause's verb (粮食产量|比上年增加|888万吨); a change or range after a figure is of the figure just named."""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import Decimal

from .candidates import _Candidate
from .numbers import (
    _alternatives, _BOUNDS, _CLAUSE_MARKS, _CN_DIGITS, _COUNTABLE, _DIGITS, _MEASURED_AFTER, _MONEY, _PATTERN,
    PERCENT_UNITS, _PHYSICAL, _RANGE_MARKS, _RANGE_ONLY_MARKS, _TIME,
)


@dataclass(frozen=True)
class Quantity:
    """A figure found in one paragraph, before it is placed in a section."""

    text: str
    start: int
    end: int
    value: Decimal | None
    unit: str
    approx: str | None
    label: str | None
    sentence: str


# A Quantity's fields as a tuple, which is much quicker to make than a frozen dataclass: figures are many
_Found = namedtuple("_Found", [field.name for field in fields(Quantity)])


def labelled(text: str, candidates: Sequence[_Candidate]) -> list[_Found]:
    """The candidates of ``text`` (``candidates.find_candidates``) as figures, each with its label and sentence."""
    quantities: list[_Found] = []
    subjects: list[str | None] = []  # per figure, the subject stated before it, which a change after it shares
    previous_end = sentence_start = sentence_end = 0
    sentence = ""
    for index, candidate in enumerate(candidates):
        if not previous_end <= candidate.start < sentence_end:  # else in the sentence of the figure before it
            sentence_start, sentence_end = _sentence_bounds(text, candidate.start, candidate.end)
            sentence = text[sentence_start:sentence_end].strip()
        floor = max(sentence_start, previous_end)
        ceiling = candidates[index + 1].start if index + 1 < len(candidates) else len(text)
        label, stated_before = _label(text, candidate, floor, ceiling)
        if stated_before and label and quantities and quantities[-1].end == floor and quantities[-1].label == label \
                and candidate.unit in _COUNTABLE and quantities[-1].unit in _COUNTABLE \
                and candidate.unit != quantities[-1].unit:
            # 授予409项重要科学发现共645人次: the noun the count before is of, then a count in another unit (people,
            # not discoveries): the phrase before names the other count's things, not this one's
            label = None
        # The subject is the label if the phrase before the figure names it too (a label from after the figure
        # can only be that phrase if it stands in the text before: worked out only then, as it costs).
        subject = label if stated_before or label and _may_be_phrase_before(label, text[floor:candidate.start]) \
            and _same_words(label, _preceding_phrase(text, candidate.start, floor)) else None
        if label is None and candidate.unit in ("个百分点", "百分点") and quantities \
                and quantities[-1].start >= sentence_start and _GAP_TO_YARDSTICK.match(
                    text, _after_last(_LAST_CLAUSE_BREAK, text, floor, candidate.start), candidate.start):
            # 完成投资629.0亿元，占年度投资计划的97.2%，超过时间进度13.8个百分点: the share just stated is what
            # is ahead of the yardstick, so the gap is of what that share is of
            label = subject = quantities[-1].label
        elif label is None and candidate.unit in _TIME and quantities and quantities[-1].unit in _TIME:
            label = subject = _subject_before(quantities, subjects, sentence_start, text, candidate.start)  # 由15年以上缩短到5年左右
        elif label is None and (whole := _whole_apposed(text, candidate, floor)):
            # 占公路总里程484.65万公里的3.5%: the figure is the size of the whole; the share after it is still
            # of the subject named before, so the subject passes on
            label, subject = whole, _subject_before(quantities, subjects, sentence_start, text, candidate.start)
        elif label is None and candidate.unit not in _TIME:
            if candidate.unit not in _COUNTABLE:
                label = subject = _subject_before(quantities, subjects, sentence_start, text, candidate.start)
                if label is None and not any(q.start >= sentence_start for q in quantities):
                    label = subject = _sentence_subject(text, sentence_start, candidate.start)
                elif label is None:
                    label = subject = _subject_of_clause_before_change(text, floor, candidate.start)
                if label and text.startswith("的目标", candidate.end):
                    label += "（目标）"
            if label is None:
                label = _label_of_neighbour(text, candidate, quantities, candidates, sentence_start)
                subject = label if label in subjects else None  # 净增1.34亿户 of 5G移动电话用户, then its share
        if label is None and candidate.unit in PERCENT_UNITS and quantities and quantities[-1].label \
                and quantities[-1].start >= sentence_start and _CHANGE_ONLY.match(
                    text, _after_last(_LAST_CLAUSE_BREAK, text, floor, candidate.start), candidate.start) \
                and _after_last(_LAST_CLAUSE_BREAK, text, floor, candidate.start) > quantities[-1].end \
                and text[:quantities[-1].start].endswith(_DONE_BEFORE_AMOUNT):
            # 完成612.88亿人次跨区域人员流动量，同比增长30.7%: a clause of change alone, after an amount done (完成,
            # 实现 …) and labelled by the noun after it, is the change of that amount; after 新增100家企业 it may be
            # the change of the additions, and stays empty
            label = quantities[-1].label
        if candidate.unit in _COUNTABLE and quantities and quantities[-1].end == floor \
                and text[floor:candidate.start] in ("的有", "的共有", "的达"):
            # 年龄不超过35岁的有206人: the count is of those the figure before says which
            label = subject = text[_after_last(_LAST_CLAUSE_BREAK, text, sentence_start, floor):floor]
        elif label in ("占比", "比重") and quantities and quantities[-1].start >= sentence_start \
                and quantities[-1].label and quantities[-1].unit in _COUNTABLE \
                and candidate.unit not in ("个百分点", "百分点"):
            # …的有206人，占比31.9%: the share is of those just counted (a change of the share, 占比较上年末提升1.6个
            # 百分点, is of the share itself)
            label = quantities[-1].label
        if label is None and candidate.unit == "%" and quantities and quantities[-1].label \
                and quantities[-1].start >= sentence_start:
            clause = text[_after_last(_LAST_CLAUSE_BREAK, text, floor, candidate.start):candidate.start]
            if clause.startswith("占") and clause.endswith("的") \
                    and quantities[-1].label.rpartition("的")[2] in clause:  # 与此相关的专利, 占专利总数的
                label = subject = quantities[-1].label  # 贡献了281个提案，占总提案数的11.2%: of those just counted
        if text[candidate.start - 1:candidate.start] == " " \
                and text[max(0, candidate.start - 4):candidate.start].rstrip(" ").endswith("每"):
            label = subject = None  # 每 10股派发现金红利: the base of a rate (每10股 without the space is no figure)
        subjects.append(subject)
        quantities.append(_Found(text[candidate.start:candidate.end], candidate.start, candidate.end,
                                 candidate.value, candidate.unit, candidate.approx, label, sentence))
        previous_end = candidate.end
    return _thresholds(text, [_unscoped(_balanced(q)) for q in _respectively(text, quantities)])


def _same_words(label: str, other: str | None) -> bool:
    """高校的学生 and 高校学生 name the same: 的 is a particle."""
    return other is not None and label.replace("的", "") == other.replace("的", "")


def _whole_apposed(text: str, candidate: _Candidate, floor: int) -> str | None:
    """占公路总里程484.65万公里的3.5%: an amount right after 占 + a noun, and before 的, is the size of that whole."""
    if candidate.unit in PERCENT_UNITS or not text.startswith("的", candidate.end):
        return None
    clause = text[_after_last(_LAST_CLAUSE_BREAK, text, floor, candidate.start):candidate.start]
    whole = clause[1:]
    if not clause.startswith("占") or whole[:1] in ("比", "有") or not 2 <= len(whole) <= _LABEL_MAX \
            or "的" in whole or _PREDICATE.search(whole) or any(map(str.isdigit, whole)):
        return None
    return whole


_PAIRS = (("“", "”"), ("（", "）"), ("(", ")"), ("「", "」"), ("《", "》"), ("‘", "’"))
_DANGLING = " 、，,；;：:—"  # a dash opening the text (——暗物质粒子探测卫星…) is punctuation, not the noun


def _balanced(found: _Found) -> _Found:
    """A label with its quotes and brackets balanced (千人计划”人才 → “千人计划”人才) and no dangling punctuation."""
    label = found.label
    if not label:
        return found
    fixed = label.strip(_DANGLING)
    for opening, closing in _PAIRS:
        if fixed.count(opening) < fixed.count(closing):
            at = found.sentence.find(fixed)
            if at > 0 and found.sentence[at - 1] == opening:
                fixed = opening + fixed  # the opening quote was cut off with what came before it
            else:
                fixed = fixed.replace(closing, "", fixed.count(closing) - fixed.count(opening))
        elif fixed.count(opening) > fixed.count(closing):
            fixed = fixed.replace(opening, "", fixed.count(opening) - fixed.count(closing))
    fixed = _DANGLING_CONJUNCTION.sub("", fixed.strip(_DANGLING))
    if fixed == label:
        return found
    return found._replace(label=fixed if len(fixed) >= 2 else None)


_OUR_COUNTRY = re.compile("^我国的?(?=..)")
_PROVINCES = ("北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
              "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
              "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆")
# a province's (or a municipality's) full name opening a label: 湖北省企业技术输出合同成交额
_PROVINCE_OPENING = re.compile(f"^(?:{'|'.join(_PROVINCES)})(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)(?=.{{4}})")
# and a city's or county's (阜阳市, 常德市石门县, 武威市凉州区): a name of two characters and 市 or 县, not a word that
# ends so (城市, 超市, 上市, 全市; 贫困县, 示范县, 重点县, 全县) or starts so (技术市场)
_CITY_OPENING = re.compile("^(?:(?![贫示重试先百产全本该各])[\u4e00-\u9fff](?<![城超股都门夜集上开闭全本该各省大])"
                           "[\u4e00-\u9fff](?<![困范点强粮进])(?:市(?![场值民委])(?:[\u4e00-\u9fff]{2}[区县])?|县(?![城域级委])))+"
                           "(?=.{4})")  # 市场, 市值, 县城, 县域: words


def _unscoped(found: _Found) -> _Found:
    """我国（的）创新药对外授权交易总金额 → 创新药对外授权交易总金额, 湖北省企业技术输出合同成交额 → 企业技术输出合同成交额:
    "our country" or a province's name opening a label says where, as the whole text does, not which ones are
    counted. (全国 and 中国 stay: 全国粮食总产量 is the nation's total, 中国企业 are some firms among others.)"""
    if not found.label:
        return found
    unscoped = _CITY_OPENING.sub("", _PROVINCE_OPENING.sub("", _OUR_COUNTRY.sub("", found.label)))
    return found if unscoped == found.label else found._replace(label=unscoped)
# A conjunction ending a label joins it to nothing (高新技术企业和): not the 和 of 碳中和, 总和, nor the 及 of 普及, 涉及
_DANGLING_CONJUNCTION = re.compile("(?:以及|(?<![总温饱缓中调柔平谐])和|(?<![普涉波危顾企以])及|或)$")


def _thresholds(text: str, quantities: list[_Found]) -> list[_Found]:
    """主营收入过百亿元的企业从2家增至11家，其中有两家超过400亿元: the threshold says which firms are counted.

    A count right after 「a bound on an amount + 的 + noun」 counts the nouns over the bound (主营收入过百亿元的企业),
    as does a count of the same unit later in the sentence (11家); a count followed at once by another bound
    (两家超过400亿元) counts those over that one (主营收入超过400亿元的企业), and that bound is an amount of the
    attribute the threshold was of (主营收入), not of the firms.
    """
    if len(quantities) < 2 or "的" not in text:
        return quantities
    out = list(quantities)
    for index in range(1, len(out)):
        bound, count = out[index - 1], out[index]
        if not (bound.unit in _MONEY and bound.approx and any(b in bound.approx for b in _BOUNDS)
                and count.unit in _COUNTABLE and count.label and text.startswith("的" + count.label, bound.end)):
            continue
        attribute = next((word for word in _ATTRIBUTES if bound.label and word in bound.label), None)
        whose = attribute or (bound.label if bound.label and len(bound.label) <= 6 else "")
        head = count.label
        label = f"{whose}{bound.text}的{head}"
        for later in range(index, len(out)):
            other = out[later]
            if other.sentence != count.sentence or other.start < count.start:
                continue
            if other.unit == count.unit and other.label == head:
                following = out[later + 1] if later + 1 < len(out) else None
                if following is not None and following.start == other.end and following.unit in _MONEY \
                        and following.approx and any(b in following.approx for b in _BOUNDS):
                    out[later] = other._replace(label=f"{whose}{following.text}的{head}")  # 两家超过400亿元
                    if whose:
                        out[later + 1] = following._replace(label=whose)
                else:
                    out[later] = other._replace(label=label)
    return out


def _respectively(text: str, quantities: list[_Found]) -> list[_Found]:
    """床位32.5万张、卫生人员101万人，分别比2020年末增长9.8%、8.8%: the n-th change is of the n-th figure before."""
    if "分别" not in text:
        return quantities
    out = list(quantities)
    for index, quantity in enumerate(quantities):
        clause_start = _after_last(_LAST_CLAUSE_BREAK, text, 0, quantity.start)
        if "分别" not in text[clause_start:quantity.start] or (index and quantities[index - 1].start >= clause_start):
            continue  # only the first figure of a 分别 clause starts a run
        run = [i for i in range(index, len(quantities)) if quantities[i].sentence == quantity.sentence
               and _after_last(_LAST_CLAUSE_BREAK, text, 0, quantities[i].start) == clause_start]
        if any(mark in text[clause_start:text.find("分别", clause_start)] for mark in "和及与、"):
            # 政府属研究机构和高等学校研发经费分别为2418.4亿元和1127.7亿元: the clause names its own subjects, the
            # figures are not of the figures before it (占比分别为82.0%、11.7%: they are); the n-th figure is
            # of the n-th subject (轨道交通、轮渡客运量分别完成19.1亿人和453万人)
            items = _list_items(quantity.label, len(run))
            if items and all(out[i].label == quantity.label for i in run):
                for position, item in zip(run, items):
                    out[position] = out[position]._replace(label=item)
            elif quantity.label and len(quantity.label) > _LIST_LABEL_MAX:  # kept long for this split only
                for position in run:
                    if out[position].label == quantity.label:
                        out[position] = out[position]._replace(label=quantity.label[-_LABEL_MAX:])
            continue
        if _names_own_subject(text[clause_start:text.find("分别", clause_start)]):
            continue  # 城乡居民人均可支配收入分别增长8.1%和8.9%: the clause's own subject, for each figure
        before = [i for i in range(index) if quantities[i].sentence == quantity.sentence]
        if len(run) > 1 and len(before) >= len(run):
            for position, source in zip(run, before[-len(run):]):
                out[position] = out[position]._replace(label=out[source].label)
    return out


_COMPARISON_ONLY = re.compile("^(?:同比|环比|按年|比上年|较上年|比去年|比上年同期|占比|比重|增速|增幅|其中|均|都)*$")


def _names_own_subject(before: str) -> bool:
    """Whether the words of a clause before 分别 name its subject (城乡居民人均可支配收入), not only how the
    figures compare (同比, 占比): then they are not of the figures before it."""
    before = _TIME_OPENING.sub("", before.strip(), count=1)
    return len(before) >= 4 and not _COMPARISON_ONLY.match(before) and not _PREDICATE.search(before)


# What a list's items share, named once after its last item (粮食和食用油价格): the first head word found
# in the last item starts the shared words (试验发展经费所占比重: 经费所占比重).
_SHARED_HEADS = ("研究与试验发展经费", "研发经费", "经费", "价格", "客运量", "货运量", "运输量", "周转量", "吞吐量",
                 "比重", "收入", "产量", "产值", "投资", "人数", "数量", "总量", "增速", "增幅", "占比")
_SHARED_HEAD = re.compile(_alternatives(_SHARED_HEADS))


def _list_items(label: str | None, count: int) -> list[str] | None:
    """The ``count`` items of a list before 分别, each with the words the list shares, or None.

    轨道交通、轮渡客运量 → 轨道交通客运量, 轮渡客运量; 政府属研究机构和高等学校研发经费 → 政府属研究机构研发经费,
    高等学校研发经费; a list set off by 、 may end in a pair joined by 和, 及 or 与 (铁路、公路和水路货运量).
    """
    if not label or count < 2:
        return None
    items = label.split("、")
    if len(items) == count - 1 or "、" not in label and count == 2:
        last = re.split("和|及|与", items[-1])
        if len(last) == 2:
            items = items[:-1] + last
    if len(items) != count or any(len(item) < 2 for item in items):
        return None
    head = _SHARED_HEAD.search(items[-1], 2)
    if head is None:
        return items
    shared = items[-1][head.start():]
    return [item if item.endswith(shared) or _SHARED_HEAD.search(item, 2) else item + shared
            for item in items[:-1]] + [items[-1]]


_SENTENCE_END = "。！？!?"
_CLAUSE_BREAK = _CLAUSE_MARKS + "（()）\n"
_FOLLOWING_STOPS = ("全部", "均", "都", "将", "则", "经", "很快",  # adverbs after the noun: 832个贫困县全部摘帽
                    "参与", "参加", "投身", "齐聚", "进行", "已经", "已", "实现", "通过", "具备", "获得",
                    "达到", "出席", "位于", "分布", "来自", "在", "的", "是", "为", "被", "从", "增至",
                    "超过", "占", "中", "并", "完成", "投入", "规模", "进入", "取得", "齐聚",
                    "集中")  # 98个项目集中开工: 集中 is the adverb of the verb after it, not 集 + the locative 中
# One search finds the earliest stop; 中 is looked at apart, as it is often part of a word.
# 均 "all" (832个贫困县均摘帽), not in 平均, 人均, 年均, 日均, 户均, 亩均: words of the noun
# 则 "then", not in 原则, 规则, 准则, 法则, 细则, 守则, 总则, 否则
_FOLLOWING_STOP = re.compile(_alternatives(set(_FOLLOWING_STOPS) - {"中", "均", "则"})
                             + "|(?<![平人年日户亩])均|(?<![原规准法细守总否])则")
_NOT_STOP_AFTER_ZHONG = frozenset("心国华央部型小药医文")  # 中心, 中国 … 中药, 中医, 中文: words
# A demonstrative and its measure word (这座, 这台, 该): "this one", no part of what is measured
_DEMONSTRATIVE = "(?:[这那该此][座台艘架颗部辆条只]?)"
_LEADING_WORDS = (*(near + measure for near in "这那" for measure in "座台艘架颗部辆条只"),  # 这座大桥长1.5公里
                  "这个", "该", "实现了", "获得了", "获得", "吸引了", "吸引", "每年", "每月", "其中有", "其中", "共有", "实现", "带动", "形成", "建成", "使", "并", "有", "共", "各类", "各种",
                  "仅用", "用", "获", "完成", "来", "内", "后", "期间", "其", "它们", "它",  # 它舰长160米: the pronoun
                  "安排",  # 今年安排全市重点建设项目444项: what is arranged is counted, not the arranging
                  "开通",  # 开通国际道路客货运输线路300余条: the lines opened are counted
                  "另有",  # 另有小学教学点10.14万个: "there are also", as 有 and 其中有
                  "初步测算", "据测算", "测算", "据统计",  # the source of the figure, not what it counts
                  "扣除价格因素", "按可比口径计算", "按可比口径",  # a condition of the figure, not what it counts
                  "力争", "争取",  # 力争每年吸引人才8万: an aim, the adverb of the verb after it
                  "包括", "含",  # （含低速货车719万辆）: "including", the part is what is counted
                  "预计", "预期",  # 建成后预计年产值可达50亿元: a hedge opening the clause
                  "不过", "但是", "而且", "但",  # 不过可搭载…, 但运载能力: a conjunction opening the clause
                  "以及", "及",  # …2亿人次及货邮运输量231.5万吨: the next item of a list
                  "平均每天", "每天", "每日",  # 平均每天揽收快件超过5亿件: how often, not what is counted
                  "一下子",  # 一下子获得300万元科研资金: "at once"
                  "他的", "她的", "他们的", "她们的", "它的", "我们的",  # 他的年收入约30万元: whose, not what
                  "认定登记", "登记", "签订",  # 共登记技术合同484077项: the contracts registered are counted
                  "测得", "得出",  # 测得晚稻平均亩产为936.1公斤: the measuring, not what is measured
                  "此次", "本次", "同时", "另外", "而", "相当于")  # 此次示范片面积, 同时…减少标准煤消耗: the clause's opening
_HOW_OFTEN = ("每年", "每月", "每天", "每日")  # an adverb before the figure (涵盖论文数每年约为57000篇) and after the noun
_TRAILING_WORDS = ("达到", "达", "占", "为", "是", "约", "共计", "合计", "共", "有", "增至", "增加", "增长",
                   "到", "至", "从", "的", "已", "了", "亦", "也", "平均", "均", "在", "则", "仅", "已经",
                   "首次", "连年", "进一步", "可", "基本覆盖", "覆盖",
                   "虽然", "虽", "却",  # adverbs and verbs before the figure; 虽, 却: 高速公路里程虽占…的2.79%
                   "预计", "预期", "有望", "大概", "大约",  # a hedge: 全国卫生总费用预计达65195.9亿元, 利润大概1.3万亿元
                   # how the figure was reckoned, before its verb: 卫生总费用初步推算为75593.6亿元
                   "初步推算", "初步测算", "初步核算", "初步估算", "初步统计", "推算", "测算", "核算", "估算",
                   "各",  # 公共汽电车、轨道交通…客运量各下降58.3%、54.3%: "each", an adverb
                   "实际", "名义",  # (扣除价格因素实际增长11.7%: real, nominal
                   "今日", "当日", "昨日",  # 主力资金今日净流出: the day, an adverb before the verb
                   "一度", "曾经", "曾",  # 其发射成功率一度高达96.7%: "at one time", an adverb
                   "仍未", "尚未", "仍",  # 科研经费总量仍未达到欧盟的1/3: "still (not)", an adverb
                   "只",  # 账上只有3000元: "only"
                   "将", "更", "还",  # 保有量将达, 成交额更达: adverbs before the verb
                   "每秒", "每分钟", "每小时",  # 浮点运算每秒33.86千万亿次: the rate belongs with the unit
                   *_HOW_OFTEN)
_LABEL_MAX = 24  # 规模以上高技术制造业企业法人单位全年专利申请量; a phrase before a figure that is longer gives none
_LIST_LABEL_MAX = 30  # 投资机构、实业企业、创新公司、创业团队、创新载体代表: a list cut short names other things
_RESPECTIVE_LIST_MAX = 60  # 技术市场成交合同平均金额指数、拥有注册商标企业所占比重指数、每万人科技论文数指数分别
# What follows a figure, to the end of its clause and at most 40 characters: up to a list mark 、 or past it
_UP_TO_LIST_MARK = re.compile(f"[^{re.escape(_CLAUSE_BREAK)}、]{{0,40}}")
_UP_TO_CLAUSE_BREAK = re.compile(f"[^{re.escape(_CLAUSE_BREAK)}]{{0,40}}")
_CN_NUMBER_IN_PHRASE = re.compile(f"[{''.join(_CN_DIGITS)}](?=[十百千万亿多余])")

_SENTENCE_MARK = re.compile(f"[{re.escape(_SENTENCE_END)}]")
# The last mark before a position: the greedy (?s:.*) backs off from the end to it, all in C.
_LAST_SENTENCE_END = re.compile(f"(?s:.*)[{re.escape(_SENTENCE_END)}]")
# A dash between spaces parts clauses as a comma does in text from the web (临床试验与审批进展 - 2022年药物…)
_LAST_CLAUSE_BREAK = re.compile(f"(?s:.*)(?:[{re.escape(_CLAUSE_BREAK)}]| [-–—] )")


def _after_last(marks: re.Pattern[str], text: str, floor: int, start: int) -> int:
    """Where text[floor:start] goes on after the last of ``marks`` in it; ``floor`` when it holds none."""
    found = marks.match(text, floor, start)
    return found.end() if found else floor


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    following = _SENTENCE_MARK.search(text, end)
    return _after_last(_LAST_SENTENCE_END, text, 0, start), (following.end() if following else len(text))


def _label(text: str, candidate: _Candidate, floor: int, ceiling: int) -> tuple[str | None, bool]:
    """What is counted: the noun after a measure word (514架意向订单), else the phrase before (投入759亿元);
    and whether it is that phrase before, _preceding_phrase(text, candidate.start, floor).

    ``floor`` is where the phrase before may begin (the sentence, or the end of the previous figure), ``ceiling``
    where the phrase after must end (the next figure, or the text's end).
    """
    if candidate.unit in _TIME:  # 3天完成布防; but 八年持续努力, 五年年均增长 name no thing counted
        if period := _PERIOD_AFTER.match(text, candidate.end, ceiling):
            return period[0], False  # 三年有效期内, 5年建设期: the span is the period named
        if text.startswith(_DONE_IN_TIME, candidate.end):
            return _following_phrase(text[:ceiling], candidate.end, candidate.unit, strip_leading=True), False
        if text.endswith(_SPAN_BEFORE, 0, candidate.start) and text.startswith("的", candidate.end):
            # 为期5天的访问活动, 经过7小时的出舱活动: the span of what follows
            return _following_phrase(text[:ceiling], candidate.end + 1, candidate.unit, strip_leading=False), False
        clause = text[_after_last(_LAST_CLAUSE_BREAK, text, floor, candidate.start):candidate.start]
        if clause.rstrip("了").endswith(_VERBS_OF_COUNTED) and (following := _following_phrase(
                text[:ceiling], candidate.end, candidate.unit, strip_leading=False)) and following.endswith(_LASTING):
            return following, False  # 实现了403秒稳态…等离子体运行: the verb's object is what lasted, not its agent
        if _PREDICATE.search(clause) or clause.rstrip("了已经").endswith(_LASTING):
            # 与国外差距由专项启动前的15年以上: the span of what is before the verb; 持续运行1066秒: what lasted
            return _preceding_phrase(text, candidate.start, floor), True
        following = _following_phrase(text[:ceiling], candidate.end, candidate.unit, strip_leading=False)
        if following and following.endswith(_LASTING):
            return following, False  # 101.2秒高约束等离子体运行: what lasted that long
        return None, False
    if candidate.unit in _NOUN_UNITS:
        return candidate.unit, False  # 工业和信息化部等7部门提出…: the measure word is the noun counted
    if candidate.unit in _COUNTABLE and (bound := _BOUND_BEFORE_NOUN.match(text, candidate.end)):
        noun = _following_phrase(text, bound.end(), candidate.unit, strip_leading=False)
        if noun and not _PREDICATE.match(noun):  # 156个亿元以上重大项目: the bound says which projects
            return bound[0] + noun, False
    if candidate.unit in ("倍", "%"):
        clause_start = _after_last(_LAST_CLAUSE_BREAK, text, floor, candidate.start)
        times = _IS_TIMES_OF.match(text, clause_start, candidate.start)
        if times and times.start(1) > clause_start:
            # 日本的经济规模是中国的4倍: what is so many times another is before 是, the yardstick after it
            return _preceding_phrase(text, times.start(1), floor), True
    if candidate.unit in _COUNTABLE and ceiling < len(text) and text[candidate.end:ceiling] in _RANGE_ONLY_MARKS:
        return None, False  # 50到100个不同的类别: a range's start counts what its end counts (_label_of_neighbour)
    if candidate.unit in _COUNTABLE and text.startswith(_BEING, candidate.end):
        # 7颗卫星，其中5颗为新一代导航卫星, 有9个属于临床急需境外用药: what those counted are is said after the verb
        being = next(word for word in _BEING if text.startswith(word, candidate.end))
        noun = _following_phrase(text[:ceiling], candidate.end + len(being), candidate.unit, strip_leading=False)
        if noun and not _PREDICATE.match(noun):
            return noun, False
    if candidate.unit in _COUNTABLE and ceiling == candidate.end:
        size = _PATTERN.match(text, candidate.end)
        if size and size["unit"] in _PHYSICAL:  # 1台60万千瓦高温气冷堆核电机组: the size says which; the noun is counted
            noun = _following_phrase(text, size.end(), candidate.unit, strip_leading=False)
            if noun and not _PREDICATE.match(noun):
                return noun, False
    if candidate.unit in _COUNTABLE or candidate.unit == "" or candidate.unit in _PHYSICAL:
        following = _following_phrase(text[:ceiling], candidate.end, candidate.unit, strip_leading=False,
                                      next_figure=ceiling < len(text))
        if following and candidate.unit in _PHYSICAL:
            # 1亿摄氏度高温等离子体持续运行: what ran at that heat is measured, the running is its predicate
            following = _LASTING_AT_END.sub("", following)
        if following and not _PREDICATE.match(following):
            if candidate.unit not in _PHYSICAL:
                return _owner_of_attribute(following), False  # 169个高新区生产总值 → 高新区
            if candidate.approx in ("以上", "以下") and text[candidate.end - 2:candidate.end] in ("以上", "以下"):
                return _preceding_phrase(text, candidate.start, floor), True  # 流域面积50平方公里及以上河流
            measured = next((word for word in _MEASURED_AFTER if following.startswith(word)), following)
            if measured == "级" and len(following) >= 3:
                measured = following[1:]  # 3兆瓦级高速感应电机系统: the class of the thing named after 级
            adjective = _ADJECTIVE_AND_DE.match(text, candidate.end)  # 1731克珍贵的月球样品
            if measured in _MEASURED_AFTER or text.startswith(following, adjective.end() if adjective else candidate.end) \
                    and following not in _NOT_COUNTED_AFTER:
                return measured, False  # 14纳米工艺产业化 → 工艺; 65纳米介质刻蚀机 → 介质刻蚀机
    if candidate.unit == "%" and text[candidate.end:candidate.end + 1] not in _CLAUSE_BREAK + "的":
        share_of = _share_of_following(text, candidate.end, ceiling)
        if share_of:
            return share_of, False
    if text.startswith("的", candidate.end) and candidate.unit in _OWNER_UNITS and not _reached_bound(text, candidate, floor):
        owned = _following_phrase(text[:ceiling], candidate.end + 1, candidate.unit, strip_leading=False)
        if owned and owned not in _NOT_COUNTED_AFTER:  # 70%的国家制造业创新中心; not 60%的目标
            return owned, False
        if owned == "目标":  # 有望在今年实现60%的目标: the target for the subject named before
            return None, False
    if candidate.unit in _PHYSICAL and (dimension := _DIMENSION_ALONE.match(
            text[_after_last(_LAST_CLAUSE_BREAK, text, floor, candidate.start):candidate.start].lstrip("、"))):
        return dimension[1], True  # 长183米，宽22米; 长达180米: one character names the dimension measured
    if candidate.unit in ("个百分点", "百分点") and _GAP_TO_YARDSTICK.match(
            text, _after_last(_LAST_CLAUSE_BREAK, text, floor, candidate.start), candidate.start):
        return None, False  # 超过时间进度13.8个百分点: the yardstick is named, not what the gap is of
    if _RANK_OPENING.match(text, candidate.end):
        return None, False  # 联想以140台名列冠军: the one ranked stands before, not what the figure counts
    if (opening := _figure_aside_opening(text, candidate, floor)) is not None:
        # 国家战略先导专项（2.5亿元）1项: an amount alone in brackets right after a noun, and a count right after
        # those brackets, are of that noun
        if opening == floor:
            return None, False  # 2亿人民币（约合2800万欧元）: the same amount in other money, not a noun's
        named = _NAMED_BEFORE_BRACKET.search(text, max(0, opening - 40), opening)  # 其次是数字通信（9.0%）、医疗技术（7.1%）
        return (_strip_leading(named[0]) if named else None), True
    preceding = _preceding_phrase(text, candidate.start, floor)
    if preceding is None and candidate.unit in _MONEY:  # 获得5000万美元投资 → 投资
        return _following_phrase(text[:ceiling], candidate.end, candidate.unit, strip_leading=False), False
    return preceding, True


_BEING = ("属于", "为", "是")
_IS_TIMES_OF = re.compile(f"[^{re.escape(_CLAUSE_BREAK)}]*?(是)[^{re.escape(_CLAUSE_BREAK)}是]+的$")


def _figure_aside_opening(text: str, candidate: _Candidate, floor: int) -> int | None:
    """Where the brackets open that hold the figure alone (专项（2.5亿元）), or that hold only the figure before,
    right before this one (专项（2.5亿元）1项); None otherwise."""
    if text[candidate.start - 1:candidate.start] in ("（", "(") and text[candidate.end:candidate.end + 1] in ("）", ")"):
        return candidate.start - 1
    if text[floor:candidate.start] in ("）", ")"):
        opening = max(text.rfind("（", max(0, floor - 16), floor), text.rfind("(", max(0, floor - 16), floor))
        if opening != -1 and _PATTERN.fullmatch(text, opening + 1, floor):
            return opening
    return None


# the noun right before a figure's brackets: back to a clause break, a list mark, or a verb or conjunction before it
_NAMED_BEFORE_BRACKET = re.compile(f"[^{re.escape(_CLAUSE_BREAK)}、是为和及与]{{2,16}}$")
_NOUN_UNITS = {"部门"}  # measure words that are the noun of what they count
_DONE_BEFORE_AMOUNT = ("完成", "实现", "达到", "接待", "发送", "提交", "发表", "登记")
# A dimension alone before a length or weight (长183米, 宽22米, 长达180米): a word of one character, kept as the label
# (after a demonstrative and its measure word too: 这台重30余吨, 该桥长1.5公里)
_DIMENSION_ALONE = re.compile(f"^(?:.*{_DEMONSTRATIVE})?(长|宽|高|深|厚|重)(?:达|约|为|高达|近)?$")
# A clause that is a change and nothing else: 同比增长|30.7%, 比上年下降|2.0%
_CHANGE_ONLY = re.compile("(?:同比|环比|按年|[比较](?:上年同期|上年|去年|[0-9]{4}年(?:同期)?))?(?:增长|下降|增加|减少|提高|上升|上涨|下滑|回落|微降|微增|微涨|略降|略增)了?$")
# A clause that opens with a comparison and names only the yardstick: 超过时间进度|13.8个百分点, 高于全国|0.5个百分点,
# 比规模以上制造业平均水平高|1.39个百分点 (比 + the yardstick + an adjective of degree, nothing before 比)
_GAP_TO_YARDSTICK = re.compile("(?:(?:超过|超出|高于|低于|快于|慢于)[^比较的]{1,10}"
                               "|比[^比较的]{1,12}?(?:高出|高|低|快|慢|多|少)了?)$")

_REACHING = ("达到", "达", "在", "超过")


def _reached_bound(text: str, candidate: _Candidate, floor: int) -> bool:
    """年旅客吞吐量达到100万人次以上的通航机场: a count with a bound, reached by an attribute named before it and
    followed by 的, is a threshold on that attribute (of 年旅客吞吐量), not a count of the noun after 的."""
    if candidate.unit not in _COUNTABLE or not candidate.approx or not any(b in candidate.approx for b in _BOUNDS):
        return False
    clause = text[_after_last(_LAST_CLAUSE_BREAK, text, floor, candidate.start):candidate.start]
    verb = next((word for word in _REACHING if clause.endswith(word)), None)
    return verb is not None and len(clause) - len(verb) >= 2


# An amount with a bound between a count and its noun (156个亿元以上重大项目, 20个5000万元以上项目)
_BOUND_BEFORE_NOUN = re.compile(f"(?:{_DIGITS}|[一二两三四五六七八九十百千])?[万亿]?元(?:以上|以下)")


def _share_of_following(text: str, end: int, ceiling: int) -> str | None:
    """覆盖80%大城市、…, 在近九成技术上: a share right before a noun is a share of that noun, as a count is.

    Only a short noun phrase closed by a list mark 、 or by the locative of 在…上 / 在…中: a share before a verb
    (九成以上位居第一, 60%企业实现盈利) or before anything else is left to the phrase before the figure.
    """
    raw = _UP_TO_LIST_MARK.match(text, end, ceiling)[0]
    if text[end + len(raw):end + len(raw) + 1] == "、":
        phrase = raw
    elif "在" in text[_after_last(_LAST_CLAUSE_BREAK, text, 0, end):end]:
        at = min((raw.find(mark) for mark in "上中" if raw.find(mark) > 0), default=-1)
        phrase = raw[:at] if at > 0 else ""
    else:
        return None
    if not 2 <= len(phrase) <= 8 or _FOLLOWING_STOP.search(phrase) or _PREDICATE.search(phrase) \
            or any(map(str.isdigit, phrase)) or _starts_number(phrase):
        return None
    return phrase


_OWNER_UNITS = {"%", "倍"} | _COUNTABLE  # 70%的国家制造业创新中心: a share or count of what follows 的


_ATTRIBUTES = ("生产总值", "总产值", "产值", "营业收入", "主营收入", "收入", "总市值", "市值", "总额", "总量", "产量", "规模", "占比",
               "计划总投资", "总投资")  # 19个项目总投资86.53亿元: the count is of 项目, the sum their 总投资
_ANY_ATTRIBUTE = re.compile(_alternatives(_ATTRIBUTES))


def _owner_of_attribute(phrase: str) -> str:
    """169个高新区生产总值: the measure word counts 高新区; 生产总值 is what a later figure gives of them."""
    if not _ANY_ATTRIBUTE.search(phrase):
        return phrase
    for attribute in _ATTRIBUTES:  # in this order: the first attribute of the list that is found wins
        at = phrase.find(attribute)
        if at > 0:
            return phrase[:at]
    return phrase


# A period named right after a span (三年有效期, 5年建设期, 两年过渡期); not 期间 "during", nor 3年期 (a term), nor an
# adverb or time word (中长期, 到期, 同期, 学期)
_PERIOD_AFTER = re.compile("[\u4e00-\u9fff]{1,2}(?<![长短中近远同早后初前定到逾为学周星时])期(?![间货刊])")
_DONE_IN_TIME = ("完成", "实现", "建成")  # 3天完成布防: what was done in that time
_SPAN_BEFORE = ("为期", "经过", "历时", "长达")  # 为期5天的访问活动
_LASTING = ("运行", "工作", "飞行", "停留", "驻留", "值守", "航行",  # what lasts: 在轨运行一年
            "寿命", "有效期", "期限", "周期", "工期", "时长", "年限")  # a span's own noun: 设计寿命2年, 120天全生命周期
_LASTING_AT_END = re.compile(f"(?:持续|连续|稳定)?(?:{_alternatives(_LASTING)})$")
_NOT_COUNTED_AFTER = {"目标", "水平", "比重", "份额", "速度", "增幅", "比例", "大关", "关口", "台阶"}


def _label_of_neighbour(text: str, candidate: _Candidate, done: Sequence[_Found],
                        candidates: Sequence[_Candidate], sentence_start: int) -> str | None:
    """2家增至11家, 55和40纳米, 其中有两家: the same kind of figure nearby counts the same thing."""
    position = len(done)
    if position + 1 < len(candidates):
        following = candidates[position + 1]
        if following.unit == candidate.unit and len(text[candidate.end:following.start]) <= 2:
            ceiling = candidates[position + 2].start if position + 2 < len(candidates) else len(text)
            later_label, _ = _label(text, following, following.start, ceiling)
            if later_label:
                return later_label
    if done and done[-1].label and text[done[-1].end:candidate.start] in _RANGE_ONLY_MARKS:
        return done[-1].label  # 8万—10万人: the end of a range counts what its start counts
    for earlier in reversed(done):
        if earlier.start < sentence_start:
            break
        if _in_aside_before(text, earlier, candidate.start):
            continue  # （包括三轮汽车和低速货车719万辆），比上年末增加1715万辆: the aside is not what changed
        if earlier.unit == candidate.unit and earlier.label and candidate.unit in _COUNTABLE:
            return earlier.label
        if not earlier.unit and earlier.label and candidate.unit in _COUNTABLE and earlier.label.endswith(candidate.unit) \
                and earlier is done[-1]:
            # 总诊疗人次95.5亿，比上年增加11.3亿人次: the measure noun carries the unit the change then states
            return earlier.label
    return None


def _sentence_subject(text: str, sentence_start: int, end: int) -> str | None:
    """芯片设计业的产值仅为一两亿元，去年则达到1644亿元: the sentence's first clause names what is counted."""
    for clause in re.split(f"[{_CLAUSE_BREAK}]", text[sentence_start:end])[:-1]:
        verb = _PREDICATE.search(clause)
        if verb:
            return _preceding_phrase(clause, verb.start(), 0)
    return None


def _subject_of_clause_before_change(text: str, floor: int, start: int) -> str | None:
    """…；其中，享受加计扣除减免税企业所占比重指数较快提升，比上年增长24.0%: a clause of change alone is of the subject
    of the clause right before it, when that clause holds no figure (it starts after ``floor``, the figure before)."""
    clause_start = _after_last(_LAST_CLAUSE_BREAK, text, floor, start)
    if clause_start <= floor or not _CHANGE_ONLY.match(text, clause_start, start):
        return None
    previous_start = _after_last(_LAST_CLAUSE_BREAK, text, floor, clause_start - 1)
    return _sentence_subject(text, previous_start, start) if previous_start > floor else None


def _in_aside_before(text: str, earlier: _Found, start: int) -> bool:
    """Whether ``earlier`` stands in brackets closed before ``start``: 33618万辆（包括三轮汽车和低速货车719万辆），
    比上年末增加1715万辆: the aside's figure is not the one a change after the brackets is of."""
    close = max(text.find("）", earlier.end, start), text.find(")", earlier.end, start))
    if close == -1:
        return False
    opening = max(text.rfind("（", 0, earlier.start), text.rfind("(", 0, earlier.start))
    return opening != -1 and max(text.find("）", opening, earlier.start), text.find(")", opening, earlier.start)) == -1


def _subject_before(done: Sequence[_Found], subjects: Sequence[str | None], sentence_start: int,
                    text: str = "", start: int = 0) -> str | None:
    """比上年增长4.5%, 60%~65%: a change or range states nothing before it; it is of the figure just named.

    Only the nearest figure counts, and only when its label was its subject (两家企业超过400亿元: not 企业); a figure in
    an aside closed before ``start`` of ``text`` does not count.
    """
    for earlier, subject in zip(reversed(done), reversed(subjects)):
        if earlier.start < sentence_start:
            return None
        if text and _in_aside_before(text, earlier, start):
            continue
        if earlier.unit in _TIME and not earlier.label:
            continue  # 五年年均增长5.2%: the span, not the thing that grew
        return subject
    return None


# A conjunction right after a figure
_CONJUNCTION_OPENING = re.compile("以及|及|或|并")  # (和, 与 may open a phrase: 与纳米科学相关的论文)


def _following_phrase(text: str, end: int, unit: str, *, strip_leading: bool, next_figure: bool = False) -> str | None:
    """The noun phrase after a figure in ``text``, which ends where the phrase may end: at the next figure
    when ``next_figure``."""
    raw = _UP_TO_LIST_MARK.match(text, end)[0]
    if raw.startswith("——"):
        return None  # 亩产达到175.7公斤——中国农科院油料所团队…: a dash opens an aside, not the noun measured
    if _CONJUNCTION_OPENING.match(raw):
        return None  # 旅客运输量2亿人次及货邮运输量231.5万吨: the next item of a list, with its own figure
    after = end + len(raw)
    if raw and text[after:after + 1] in ("（", "("):  # 10个院士（总师）工作室: a short aside inside the noun
        close = max(text.find("）", after, after + 7), text.find(")", after, after + 7))
        more = _UP_TO_LIST_MARK.match(text, close + 1)[0] if close != -1 else ""
        if more and not _starts_number(more):
            raw = text[end:close + 1 + len(more)]
    phrase = _before_number(raw)
    if _RANK_OPENING.match(phrase):
        return None  # 以140台名列冠军: a place in a ranking follows, not the thing counted
    if strip_leading:
        phrase = _strip_leading(phrase)
    if phrase and _starts_number(phrase):
        return None
    if adjective := _ADJECTIVE_AND_DE.match(phrase):
        phrase = phrase[adjective.end():]
    cut = _first_stop(phrase)
    phrase = phrase[:cut]
    adverbs = _ADVERB_OPENING.match(phrase)
    verb = _PREDICATE.search(phrase, adverbs.end() if adverbs else 0)  # a verb after any opening adverbs
    if verb:  # 3项大幅增加到了57项: the phrase after is the verb, not a noun
        phrase = "" if adverbs or verb.start() == 0 else phrase[:verb.start()]
        cut = len(phrase) + 1  # no list continues past a verb
    elif next_figure and cut == len(phrase) == len(raw) and end + len(raw) == len(text):
        # run into the next figure (3万公里高铁基本覆盖|80%): the phrase ends with the verb that governs that
        # figure, which is stripped as it is from a phrase before a figure
        phrase = _strip_words(phrase, _TRAILING_BY_END, from_end=True, keep_one=True)
        phrase = _strip_words(phrase, _CONJUNCTIONS_BY_END, from_end=True, keep_one=True)  # 2000名士兵和|30架
        cut = len(phrase)
    elif (aspect := phrase.find("了")) != -1:  # 城市开通了地铁: 了 follows a verb, most often of two characters
        phrase = phrase[:max(aspect - 2, 0)]
        cut = len(phrase) + 1  # no list continues past a verb
    # 日本高校、科研机构和企业代表: a list continues past 、 up to the verb
    if phrase and text[end + len(phrase):end + len(phrase) + 1] == "、" and cut == len(phrase):
        rest = _UP_TO_CLAUSE_BREAK.match(text, end)[0]
        rest = rest[:_list_end(rest)]
        phrase = rest[:_first_stop(rest)]
    phrase = phrase.strip("“”\"' 、")
    if phrase in _RANGE_MARKS:
        return None  # 50到100个: the mark of a range, the noun comes after its end
    if phrase[-1:] in ("上", "里", "内") and "在" in text[_after_last(_LAST_CLAUSE_BREAK, text, 0, end):end]:
        phrase = phrase[:-1]  # 在3个公开数据集上: the locative closes 在…上, it is not part of the noun
    shortest = 1 if unit == "个" else 2  # 22个省: after the general 个, one character names the thing
    # a list after the figure (396家高校、科研院所、企事业单位及产业园区) is kept whole, as one before it is
    longest = _LIST_LABEL_MAX if "、" in phrase else _LABEL_MAX
    return phrase[:longest] if phrase and not _starts_number(phrase) and len(phrase) >= shortest else None


# Verbs that end the noun phrase after a figure, but only after its first character: at its start they modify the
# noun (115个签约项目, 20个落地项目), after it they are the predicate (5家企业入选…, 30万大学生落户光谷, 10名高端人才作为代表,
# 162种候选疫苗正处于研发阶段, 53个城市开通运营城市轨道交通, 将9个科学部整合为…)
_VERB_AFTER_NOUN = re.compile("正在|正处于|处于|入选|挂牌|上市|落户|签订|签约|签署|对接|落地|入驻|作为|开通|整合|"
                              "来华|设置|设立|建立|开展|举办|启动|落成|竣工|投产|安装|并网|协同|诞生|位列|位居|跻身|—|"
                              "形成|编写|升空|连续|成为|之后|以后|名列|排名|排在|提交|访华|访日|访问|遥遥领先|之一|推进|到|"
                              # adverbs and modal verbs, a closed class, before the verb (1000多名工程师和科学家共同参与,
                              # 100个小麦示范县平均产量, 1572个依托单位各类项目, 近七成的技术交易涉及…), not 共同体
                              "共同(?!体)|一起|一道|持续|不断|仍然|依然|率先|可以|能够|平均|各类|各种|涉及|"
                              + "|".join(_HOW_OFTEN))
# (8300多名青年科学家来华工作, 70个使领馆设置科技处, 23个项目竣工投产, 2.3兆瓦漂浮式海上风电机组安装并网,
# 近百万个零部件协同工作; a dash opens another name: 原型机—祖冲之二号; 近6000家企业形成…, 近2吨科学物资升空,
# 6952件申请连续五年, 23天的飞行之后: a verb, or a postposition, ends the noun)


# 等 that closes a list the noun ends (320兆瓦光伏发电项目等123个项目); not in 高等, 同等, 平等, 中等, 一等奖, 等级 …
_DENG_AFTER_NOUN = re.compile("(?<![高同平均中初超对一二三特头])等(?![级离同])")  # 等离子体: plasma


# A common adjective and 的 opening the noun of a count (50到100个不同的类别, 1731克珍贵的月球样品): the noun is counted
_ADJECTIVE_AND_DE = re.compile("(?:不同|珍贵|宝贵|主要|重要|优秀|典型|知名|著名|先进|大型|小型|新型|重大|丰富|年轻)的(?=..)")
# 国家级的, 新型的, 政府间的, 与纳米科学相关的: an adjective, the noun follows its 的
_ATTRIBUTIVE_END = re.compile("(?:[级型性式间]|相关|有关|最[高大多低少快强])$")  # 平均合作分值最高的机构


def _first_stop(phrase: str) -> int:
    """Where the noun phrase after a figure ends: at the first verb or particle of _FOLLOWING_STOPS."""
    found = _FOLLOWING_STOP.search(phrase)
    while found and found[0] == "的" and _ATTRIBUTIVE_END.search(phrase, 0, found.start()):
        found = _FOLLOWING_STOP.search(phrase, found.end())  # 5个国家级的技术转移平台: 的 after an adjective
    cut = found.start() if found else len(phrase)
    verb = _VERB_AFTER_NOUN.search(phrase, 1)
    if verb and verb.start() < cut:
        cut = verb.start()
    deng = _DENG_AFTER_NOUN.search(phrase, 1)
    if deng and deng.start() < cut:
        cut = deng.start()
    at = phrase.find("中", 1, cut)  # the first 中 only, and not in 创新中心, 中国: words, not 在…中; nor
    # opening the phrase (6个中药, 3家中小企业): a locative closes 在…中, it never opens the noun
    if at != -1 and phrase[at + 1:at + 2] not in _NOT_STOP_AFTER_ZHONG:
        cut = at
    return cut


def _may_be_phrase_before(phrase: str, before: str) -> bool:
    """Whether _preceding_phrase of the text ``before`` a figure can be ``phrase``: what it returns is a piece
    of that text, or the head after a 的 with a short owner before it (收入过百亿元的企业 → 企业)."""
    return phrase in before or "的" in before


def _preceding_phrase(text: str, start: int, floor: int) -> str | None:
    cut = _after_last(_LAST_CLAUSE_BREAK, text, floor, start)
    # 执业（助理）医师: a short aside in brackets inside the noun phrase is no clause break, nor is one that ends
    # it right before the figure (社区卫生服务中心（站）37177个)
    while cut > floor + 1 and text[cut - 1] in "）)" and cut <= start:
        opening = max(text.rfind("（", floor, cut - 1), text.rfind("(", floor, cut - 1))
        # right before the figure, a longer aside is another name of the noun: 国内旅游收入（旅游总消费）1.17万亿元
        if opening <= floor or cut - 1 - opening > (8 if cut == start else 5) or text[opening - 1] in _CLAUSE_BREAK:
            break
        cut = _after_last(_LAST_CLAUSE_BREAK, text, floor, opening)
    clause = text[cut:start]
    if cut > floor + 1 and text[cut - 1] in "）)" and _PREDICATE.fullmatch(clause):
        # 研发经费投入强度（研发经费与国内生产总值之比）为2.12%: a long gloss between the noun and its verb is
        # left out; the noun before it is the subject
        opening = max(text.rfind("（", floor, cut - 1), text.rfind("(", floor, cut - 1))
        if opening > floor and text[opening - 1] not in _CLAUSE_BREAK:
            clause = text[_after_last(_LAST_CLAUSE_BREAK, text, floor, opening):opening] + clause
    # 36个中心城市完成公共交通客运量: a count before the clause says who did it, the object is what is counted
    phrase = _subject(clause, segment=not (cut == floor > 0 and text[cut - 1] not in _CLAUSE_BREAK))
    handled = None
    for handled in _TOTAL_AND_VERB.finditer(phrase):
        pass  # the last one
    # 全国移民管理机构共查验出入境人员: who did it and the verb, then what is counted; with no agent before 共
    # (会议期间共签约项目), the verb may as well modify the noun (签约项目), and the phrase stays
    if handled and _names_agent(phrase[:handled.start()]):
        phrase = phrase[handled.end():]
    if "的" in phrase.rstrip("的"):  # 收入过百亿元的企业 → 企业; 芯片设计业的产值 stays as written
        phrase = phrase.rstrip("的")
        owner, _, head = phrase.rpartition("的")
        owner = owner[owner.rfind("的") + 1:]
        # 其中万吨级以上的泊位, 全国内河航道的通航里程: 其中 and a scope (全国, 我国) open the phrase, they are no
        # part of the owner whose length says whether it is a name
        owner = _SCOPE_OPENING.sub("", _strip_leading(owner, allow_empty=True), count=1)
        if (_RANKING.search(owner) or head in _SHARE_HEADS) and len(owner) + 1 + len(head) <= _LABEL_MAX:
            # 中国位居第一的技术: a relative clause of rank says which ones are counted; 美国在全球半导体制造能力
            # 中的份额: a share says of what whole
            phrase = f"{owner}的{head}"
        elif len(head) <= 2 and len(owner) > 5 and not _PREDICATE.search(owner) and (
                owner[:1] == "在" and len(owner) + 1 + len(head) <= _LABEL_MAX
                or head == "人员" and len(owner) + 1 + len(head) <= (
                    _LIST_LABEL_MAX if any(word in owner for word in "和及与、") else _LABEL_MAX)):
            # 在村卫生室工作的人员, 执业（助理）医师和持乡村医生证的人员: a bare 人员 would name every staff
            phrase = f"{owner}的{head}"
        else:
            # a number alone as the owner (003的水线长度) is a hull or model number, not words to keep
            # nor is the whole (全国的药品申请临床数量): it says where, as the text does, not which ones
            keep_owner = owner and len(owner) <= 5 and not _PREDICATE.search(owner) and not owner.isdigit() \
                and owner not in _WHOLE
            phrase = f"{owner}的{head}" if keep_owner else head
    phrase = _SCOPE_NOTE_AT_END.sub("", phrase)
    at = _LIST_END_DENG.search(phrase[::-1])  # the last 等 that ends a list (…等各类技术平台), not 高等, 同等
    if at:
        phrase = phrase[len(phrase) - at.start():]
    phrase = _strip_words(phrase, _TRAILING_BY_END, from_end=True, keep_one=True)
    if len(phrase) > 3 and phrase[-1] in "高低" and phrase[-2] in _MEASURE_NOUN_END:
        phrase = phrase[:-1]  # 单位投资产出量高35%: how it compares, after the measure noun
    if len(phrase) > 2 and phrase.endswith("以") and phrase[-2] not in "可所加予难足得":
        phrase = phrase[:-1]  # 技术服务合同以3684.1亿元成交额居首: 以 "with" opens the figure; 可以, 所以 are words
    phrase = _strip_leading(phrase, allow_empty=True).strip(" 、“”")
    phrase = _TIME_OPENING.sub("", phrase, count=1)
    phrase = _EVENT_OPENING.sub("", phrase, count=1)
    phrase = _LOCATIVE_OPENING.sub("", phrase, count=1)
    phrase = _strip_leading(phrase, allow_empty=True)
    if phrase == "投资" and clause.endswith("完成投资"):
        # 完成投资1142亿元: the statistics' term for the investment made in the period, which 投资 alone (planned,
        # total) is not; 累计完成投资 as written
        phrase = "累计完成投资" if clause.endswith("累计完成投资") else "完成投资"
    if len(phrase) >= 4 and phrase.endswith(("后", "以后", "以来", "期间")):
        return None  # 打包项目拆分后共569项: a time adverbial (after …) is all there is, no subject
    if phrase[-1:] in ("中", "上", "里", "内") and "在" in text[_after_last(_LAST_CLAUSE_BREAK, text, 0, start):start]:
        return None  # 在64项技术中有九成: 在…中 says where, it is no subject
    # a list or a pair joined by 和, 及, 与 (乡镇卫生院和社区卫生服务中心（站）门诊服务量) is kept whole as well:
    # cut inside, it names only its last member
    if "、" in phrase and "分别" in clause:
        longest = _RESPECTIVE_LIST_MAX  # _respectively splits a list before 分别 into its items, one label each
    elif "、" in phrase or any(word in phrase for word in "和及与"):
        longest = _LIST_LABEL_MAX
    else:
        longest = _LABEL_MAX
    if len(phrase) > longest:
        return None  # cut to a length, it would open inside a word (吉林|省前郭县…平均亩产): no label is better
    if phrase in _NO_SUBJECT or _PREDICATE.fullmatch(phrase):
        return None  # 其他两块; 从…增加到|14.35亿亿次: a determiner or a verb alone names nothing counted
    return phrase if len(phrase) >= 2 else None


_NO_SUBJECT = frozenset({"其他", "其余", "其中", "另外", "此外", "同时"})


# Verbs and comparisons between what is counted and the figure: 粮食产量|比上年增加|888万吨
# (The group keeps the verbs in what split() returns: _subject needs them.) A verb followed by a nominal
# suffix is part of a noun, not a verb: 工业增加值, 增长率, 减少额, 提升量 (what is counted, not how it changed);
# one before 后 opens a time adverbial (建成后年产值可达50亿元), it is not the clause's verb.
# 占比 is the noun "share" (占比较上年末提高, 华东和华中占比高达53%), not the verb 占 before 比; 高达 "as high as".
# 净减 is the change as 净增 is (净减1074公里: of the road named before, not a thing called 净减); 上升 as 上涨;
# 多增, 少增 too (比上年多增38万人); 交付 is a verb whose subject or object is counted (ARJ21新支线飞机交付100架);
# 占地 "floor area" is a noun, not 占 "take a share of" (园区占地3000亩, 占地约170平米);
# 环比 (on the month or quarter before) is a comparison as 同比 is (CPI同比上涨1.6%，环比下降0.2%), 比上月 as 比上年;
# a rate's move is a change too (涨幅比上月回落3.3个百分点, 降幅扩大, 由3542个缩减至1389个); 恢复至 a yardstick's share
# (按可比口径恢复至2019年同期的42.8%: of what was named before, as 达到2019年同期的73% is);
# 发表, 出版, 承担, 主持, 获得 and 获 before 授权 are verbs whose object is counted (发表了学术论文60多篇), as are
# 发放, 派发 (派发现金红利0.15元); 运送 too, kept with its object (运送货物400多亿吨);
# 历时, 耗时, 用时 give the span of what was named before (整个对接过程历时约6.5小时);
# 报 after an index's name is its verb (上证指数报3117.18点), elsewhere part of a word (公报, 快报); a flow of money
# (主力资金净流出40.45亿元) is a change of what flows, but 净流入金额 is a noun.
_PREDICATE = re.compile(
    "(?:(增加到|增加|增长到|增长至|增长|增至|增产|减产|减少|下降|微降|微增|微涨|略降|略增|下滑|降低|降到|降至|降为|恢复到|恢复至|回落到|回落至|回落|回升到|回升至|回升|扩大到|扩大至|扩大|收窄至|收窄|收缩|缩小到|缩小至|缩小|缩减到|缩减至|缩减|减至|提高到|提高|提升至|提升|上涨|上升到|上升至|上升|"
    "(?<=[指数])报|净流入(?!金)|净流出(?!金)|净买入(?!金)|净卖出(?!金)|达到|高达|多达|达|(?<![作成认称因以视较更最极尤颇广分列评定选转改变行])为|控制在|稳定在|保持在|保持|突破|累计|一共有|同比|环比|按年|(?<!复合)年均|净增|净减|多增|少增|分别|超过|相当于|高于|低于|多于|少于|优于|拥有|共有|现有|已有|"
    "缩短到|缩短至|延长到|完成|实现|部署|交付|建成(?!了)|发表|出版|承担|主持|获得|获(?=授权)|搭载|携带|装载|配备|出动|派出|派驻|开展|发放|派发|运送|历时|耗时|用时|由|从(?![业事])|占(?![比地])|较|比(?=上年|去年|上月|上季|上一|前|同期|[0-9０-９一二两三四五六七八九十〇零]))(?![值额率量后]))")


# 到 only before a date (到2020年底): 到位率, 到达量 are words
# 目前, 当前 and a span of months (1-10月份) open a clause as a date does: 目前实际已开工, 其中1-10月份计划新开工;
# so does a span of years (拟自2014年至2020年共投入)
_TIME_OPENING = re.compile(r"^(?:截止至|截至|截止|到 ?(?=[0-9今去上当本年])|目前|当前|现在|如今|至今)?(?:(?:到|至)?“?十[一二三四五六七八九]五”?(?:末|期间|时期|以来)?)?(?:(?:拟|将)?(?:自|从)?[0-9]{4}年(?:至|到)(?=[0-9]{4}年))?(?:[0-9]{4}(?:[—\-–~～至][0-9]{4})? ?年 ?|去年|今年|上年|当年)?(?:年末|年底|末|底|全年|上半年|下半年|前三季度|至今)?"
                           r"(?:[0-9]{1,2}(?:[—\-–~～至][0-9]{1,2})?月份?(?:[0-9]{1,2}(?:[—\-–~～至][0-9]{1,2})?日)?)?"  # 10月1—3日
                           r"(?:[1-4一二三四]季度)?"
                           r"(?:(?<![0-9])[0-9]{1,2}日|今日|昨日|当日|今天|昨天|当天|本期|当期)?")  # 8日解放军出动…, 今日北上资金


# An event and 后, 以来 or 期间 opening the phrase is a time adverbial, not the subject: 建成后|年产值, 会议期间|…
# (two to four characters before it: 售后, 落后 and 最后 are words)
_EVENT_OPENING = re.compile("^[^的、]{2,4}?(?:以后|以来|期间|期内|后)(?=..)")  # 有效期内企业所得税税率
# 在…中有 opening the phrase says among which ones, the noun after it is counted: 在医院中有公立医院1.2万个
_LOCATIVE_OPENING = re.compile("^在[^的、]{1,8}?中(?:有|共有)(?=..)")
# 共 "in all" and a verb of two characters (共查验, 共登记, 共签发, 共接待), with at least two characters after it: the
# object of the verb is counted, not its agent (全国移民管理机构共查验出入境人员). Not in words: 公共, 中共, 共同, 共享,
# 共产, 共青, 共和, 共识, 共赢, 共性, 共振, 共建 (省部共建国家重点实验室); nor 共计 and 共有, which are verbs of their own.
_TOTAL_AND_VERB = re.compile("(?<![公中])共(?![同享产青和识赢性振计有建])[^的、，。；：0-9]{2}(?=[^的、，。；：0-9]{2})")

# A note of scope in brackets right before the figure says what the figure leaves out or takes in, not what it
# counts: 免签入境来华外国人（不含边民）195.7万人次 → 免签入境来华外国人. Inside the noun it stays (县级（含县级市）医院).
_SCOPE_NOTE_AT_END = re.compile("(?<=..)[（(](?:不含|含|不包括|包括|不计)[^（）()]{1,12}[）)]$")


_TOPIC_OPENING = re.compile("^[^的、]{1,4}方面")  # 货运方面全年完成…: the topic, not who did it


def _strip_time(before: str) -> str:
    """The words before a verb without the topic, scope and time that open them: 2021年国内航线 → 国内航线,
    货运方面全年 → "", 我国全年 → ""."""
    while True:  # in any order: 2022年我国全年
        rest = _TOPIC_OPENING.sub("", before)
        rest = _SCOPE_OPENING.sub("", rest) if rest[2:] else rest
        rest = rest[_TIME_OPENING.match(rest).end():]
        if rest == before:
            return rest
        before = rest


# The whole of the country or trade: (民航)全行业完成运输总周转量 is the 运输总周转量, not one part's
_WHOLE = ("全国", "我国", "全省", "全市", "全区", "全球", "全行业", "全年", "国内")
# (共, 合计 after the part are adverbs, stripped before: 全行业共完成)
_ADVERB_BEFORE_VERB = re.compile("(?:总共|一共|共|累计|合计|已经|已|均|分别|还|也|亦)+$")


def _part_named(before: str) -> str | None:
    """The part the words before 完成 say did it (国内航线, 东部地区, 铁路), without the time before it and the
    adverbs after (2021年全行业共 → None: the whole), or None when they name the whole, a time or nothing."""
    part = _ADVERB_BEFORE_VERB.sub("", _strip_time(before))
    named = len(part) >= 2 and not part.endswith(_WHOLE) and not any(map(str.isdigit, part)) \
        and _names_agent(before)
    return part if named else None


def _names_agent(before: str) -> bool:
    """Whether the words before 共 name who did it (全国移民管理机构, 全国), not only when (会议期间, 上半年)."""
    when = _TIME_OPENING.match(before)
    rest = before[when.end():] if when else before
    rest = _EVENT_OPENING.sub("", rest + "..", count=1)[:-2]  # (the pattern wants two characters after 后, 期间)
    return len(rest) >= 2


_SHARE_HEADS = ("份额", "比重", "比例", "占比")  # a tuple, for endswith
_SHARE_INDEXES = tuple(head + "指数" for head in _SHARE_HEADS)  # 占适龄人口比重指数: the index of a share
_SCOPE_OPENING = re.compile("^(?:全国|我国|全省|全市|全区|全球)(?=..)")
# Verbs of rank (以140台名列冠军), and with them those of selection, in a relative clause (中国位居第一的技术,
# 入选名录的企业)
_RANK_OPENING = re.compile("位居|位列|名列|排名|排在|居于")
_RANKING = re.compile(_RANK_OPENING.pattern + "|入选|荣获")


# on the reversed phrase: 等 not after 高, 同, 平 …, nor in a grade (一等奖, 二等奖, 特等奖, 头等舱), as after a figure
_LIST_END_DENG = re.compile("(?<!离)等(?![高同平均中初超对一二三特头])")  # reversed: 等离子 read backwards


# Adverbs that can open a clause before its verb: 大幅增加到, 再度新增, 亦有
# 实际, 名义 before a verb of change (扣除价格因素，实际增长9.4%): real or nominal growth of what was named before
_ADVERB_OPENING = re.compile("^(?:大幅|再度|进一步|显著|稳步|持续|首次|分别|均|亦|也|又|再|就|已|将|则|仍|"
                             "(?:实际|名义)(?=增长|下降))+")
# A noun of measure ends in one of these (面积, 产量, 总数, 人数, 总额, 规模, 增长率, 产值): the phrase it ends, right
# before a figure, is what is measured, even when a verb stands in its modifier (新增高效节水灌溉面积).
_MEASURE_NOUN_END = frozenset("积量数额模率值")
_COMPARING = {"比", "较", "由", "从", "占", "同比", "环比", "按年"}  # after these comes a yardstick, not the subject
# Adverbs that no noun phrase holds (就业 and 成就 aside; 连续 "in a row", not 连续性): one inside a clause ends its
# subject (黄金储备已连续第7个月净增长，累计增加463万盎司)
_ADVERB_INSIDE = re.compile("(?<!成)就(?![业读医诊近地])|再度|再次|曾经|已经|连续(?![性剧])")
_HIGHER_LOWER = {"高于", "低于", "多于", "少于", "优于"}
# 铁路完成旅客发送量, 团队发表论文300余篇, 获授权发明专利50件: the object is counted
_VERB_OF_COUNTED = {"完成", "实现", "拥有", "共有", "现有", "已有", "部署", "建成", "交付",
                    "发表", "出版", "承担", "主持", "获得", "获",
                    "搭载", "携带", "装载", "配备",  # 可搭载32至36架歼-15战机: what a ship or missile carries
                    "出动", "派出", "派驻",  # 解放军出动各型军机71架次: what was sent out
                    "开展",  # 开展线上演出展播7.63万场次: what was held
                    "发放", "派发"}  # 发放贷款1000亿元, 派发现金红利0.15元: what was paid out
# A verb whose object is counted, kept with it as the term of transport statistics is (运送旅客715万人次: the
# passengers carried, 这些公路每年运送货物 → 运送货物)
_VERB_KEPT_WITH_OBJECT = ("运送",)
_VERBS_OF_COUNTED = tuple(_VERB_OF_COUNTED)  # for endswith


# 比 + a yardstick + an adjective of degree, right before the figure: 增速比全国高|0.9个百分点, 比全社会R&D经费快
# (占比, 对比, 相比, 比重, 比例 are words: 税收占比提高4.7个百分点, 比重较上年提高; so is 提高); the yardstick
# may hold 的 (比…计算速度最快的超算快了|1000万倍)
_COMPARED_WITH = re.compile("(?<![占对相评排])比(?![重例])[^，。；比]{1,16}?(?:高出|(?<!提)高|低|快|慢|多|少)了?$")  # 比国外最高水平还高了|10倍


def _subject(clause: str, segment: bool = True) -> str:
    """The noun phrase a clause states a figure of: before its verb, or the verb's object (铁路完成旅客发送量:
    铁路旅客发送量, with ``segment``: the words before 完成 may name which part did it).

    After 占 comes the whole the share is of (占移动基站总数的), never the thing counted.
    """
    clause = _ADVERB_OPENING.sub("", clause)
    compared = _COMPARED_WITH.search(clause)
    if compared and compared.start() >= 2:
        clause = clause[:compared.start()]  # 增速比全国高0.9个百分点: the gap is of 增速, 全国 is the yardstick
    if clause.startswith("是") and clause.endswith("的"):
        return ""  # 是1984年末的5.2倍: the yardstick, as after 占…的; the figure is of what was named before
    adverb = _ADVERB_INSIDE.search(clause, 1)
    if adverb:  # 当年就批准建设27家: the subject ends at an adverb; what follows it is the predicate
        clause = clause[:adverb.start()]
    pieces = _PREDICATE.split(clause)  # the text between the verbs, and the verbs
    if len(pieces) == 1:
        return clause  # no verb
    if "、" in clause:
        pieces = _list_item_verbs_joined(pieces)
        if len(pieces) == 1:
            return clause
    parts, markers = pieces[::2], pieces[1::2]
    tail = parts[-1].strip("的了")
    if markers == ["占"] and parts[1].endswith("的") and _holds_share_of(parts[0], tail.removeprefix("有")):
        return tail.removeprefix("有")  # 两国占区块链技术所有相关专利的75%: the share is of what they hold
    has_object = len(tail) >= 2 and not _starts_number(tail) and "占" not in markers
    if markers[0] == "占" and len(markers) >= 2 and parts[1].endswith(
            _SHARE_HEADS if not parts[0] or _ADVERB_BEFORE_VERB.fullmatch(parts[0]) else _SHARE_INDEXES):
        # ；占规模以上制造业的比重为34.6%, 合计占营业性货运量比重较上年提高: the subject is left out (an adverb at
        # most before 占), the share names itself; 理工类毕业生占适龄人口比重指数比上年增长: an index named after a
        # share, 占 is inside its name
        return parts[0] + "占" + parts[1]
    if markers in (["完成"], ["为"]) and not parts[0] and pieces[-1].endswith("的"):
        # 完成年度计划开工的80.8%, 为年度投资计划的30.90%: the plan is the yardstick, the share is of what was
        # named before
        return ""
    if segment and markers == ["完成"] and has_object and (part := _part_named(parts[0])):
        return part + tail  # 国内航线完成旅客运输量: the route's share, beside 国际航线's
    if markers and has_object and markers[-1] in _VERB_KEPT_WITH_OBJECT:
        return markers[-1] + tail
    if markers and has_object and markers[-1] in _VERB_OF_COUNTED:
        return tail
    if len(markers) >= 2 and not tail and markers[-1] in ("共有", "一共有", "有", "达", "达到", "为") \
            and markers[-2] in _VERB_OF_COUNTED and len(parts[-2]) >= 2 and not _starts_number(parts[-2]):
        return parts[-2]  # 港口拥有生产性码头泊位一共有2.1万个: the object of 拥有 is what the figure counts
    if markers and has_object and markers[-1] in _HIGHER_LOWER and pieces[-1].endswith("的"):
        return tail  # 高于对照组的76.7%: that one's value; 增速高于农村居民0.5个百分点: the gap, of the subject
    if markers and has_object and not parts[0] and len(markers) == 1 and not any(map(str.isdigit, tail)):
        return clause  # 减少农药使用40万吨: the change itself is what is counted (增长到2022年的: a date, no object)
    if markers and has_object and markers[-1] == "累计":
        if len(tail) >= 4 and tail[-1] not in _MEASURE_NOUN_END:
            return tail[2:]  # 工作站已累计收集常规粳稻育种材料: a verb (of two characters, most are) and its object, counted
        return clause  # 新品种累计推广4亿亩: 累计 before a verb is an adverb; the figure measures what was done
    if markers and has_object and tail[-1] in _MEASURE_NOUN_END and markers[-1] not in _COMPARING:
        return clause  # 新建和改造提升高标准农田面积574万公顷: the verb is in the modifier of the measure noun
    return parts[0]


def _list_item_verbs_joined(pieces: list[str]) -> list[str]:
    """_PREDICATE.split's pieces, with a verb right after a list mark 、 joined to the text around it: it opens the
    modifier of a list item (…金额指数、拥有注册商标企业所占比重指数、…分别增长), it is not the clause's verb."""
    joined = [pieces[0]]
    for at in range(1, len(pieces), 2):
        if joined[-1].endswith("、"):
            joined[-1] += pieces[at] + pieces[at + 1]
        else:
            joined += [pieces[at], pieces[at + 1]]
    return joined


# Who holds a share (两国占…的75%, 七大超级平台占有…的三分之二): an agent, of another kind than the whole
_HOLDER_END = re.compile("(?:国|省|市|地区|企业|公司|集团|平台|机构|高校|银行)$")
_SCOPES = {"全国", "全球", "世界", "全省", "全市", "全区", "全部", "总量", "总数"}


def _holds_share_of(subject: str, whole: str) -> bool:
    """Whether in 「subject 占 whole 的 share」 the share is a share of the whole the subject holds, not the
    subject's own share: only when the subject is an agent (两国, 七大超级平台) and the whole is a thing of another
    kind (民营企业占企业总数: the same kind, a part) or an amount they own, not a scope (占全国的) or a ratio (份额)."""
    subject = subject.strip("“”\"")
    if not _HOLDER_END.search(subject) or len(whole) < 2 or whole in _SCOPES:
        return False
    if any(whole.endswith(word) for word in _NOT_COUNTED_AFTER):
        return False
    # 七大超级平台占有前70大平台总市值: the whole is an amount (_ATTRIBUTES) they own, even of their own kind
    return subject[-2:] not in whole or whole.endswith(_ATTRIBUTES)


def _strip_leading(phrase: str, *, allow_empty: bool = False) -> str:
    stripped = _strip_words(phrase, _LEADING_BY_START, from_end=False, keep_one=not allow_empty)
    if stripped and len(stripped) < len(phrase) and (word_after := _WORD_AFTER.get(phrase[-len(stripped) - 1])) \
            and stripped[0] in word_after:
        return phrase[-len(stripped) - 1] + stripped  # 有效回收率, 内河港口: the character begins a word
    return stripped


# 有效, 有关, 有限, 有机, 有色 …: words, not 有 "there are"; 内河, 内地, 内陆, 内蒙古, 内资, 内需: words, not the
# 内 that closes a span (三年内)
_WORD_AFTER = {"有": frozenset("效关限机色线益力序偿"), "内": frozenset("河地陆蒙资需贸部燃"),
               "用": frozenset("户途量电水地工"),  # 用户规模, 用电量: words, not 用 "using"
               "获": frozenset("奖批得取悉准益利评选"),  # 获奖项目, 获批项目: words, not 获 "gained"
               "含": frozenset("税量金水油硫碳"),  # 含税价格, 含量, 含金量: words, not 含 "including"
               "其": frozenset("他余")}  # 其他医疗卫生机构, 其余: words, not the pronoun 其 "its"


def _strip_words(phrase: str, words_at: dict[str, list[tuple[int, str]]], *, from_end: bool, keep_one: bool) -> str:
    """Strip words of a list from one end of the phrase, in passes, until a pass strips none.

    A pass goes through the list in order and strips each word found at that end when its turn comes (with
    ``keep_one``, not one that is all that is left). ``words_at`` holds, by the character at that end, the
    words and their turns: only those can be there, so a pass looks at no other word.
    """
    while phrase:
        turn, stripped = 0, False
        while phrase and (words := words_at.get(phrase[-1] if from_end else phrase[0])):
            for index, word in words:
                if index >= turn and (phrase.endswith(word) if from_end else phrase.startswith(word)) \
                        and not (keep_one and len(phrase) == len(word)):
                    phrase = phrase[:-len(word)] if from_end else phrase[len(word):]
                    turn, stripped = index + 1, True
                    break
            else:
                break
        if not stripped:
            return phrase
    return phrase


def _words_at(words: Sequence[str], edge: int) -> dict[str, list[tuple[int, str]]]:
    """The words by their character at ``edge`` (0: first, -1: last), each with its place in the list."""
    found: dict[str, list[tuple[int, str]]] = {}
    for index, word in enumerate(words):
        found.setdefault(word[edge], []).append((index, word))
    return found


_CONJUNCTIONS_BY_END = _words_at(("以及", "和", "与", "及", "或", "并"), -1)
_LEADING_BY_START = _words_at(_LEADING_WORDS, 0)
_TRAILING_BY_END = _words_at(_TRAILING_WORDS, -1)


def _before_number(phrase: str) -> str:
    """The phrase up to a number in it: a digit, or a Chinese digit before 十, 万, 多 …"""
    found = _CN_NUMBER_IN_PHRASE.search(phrase)
    if found:
        phrase = phrase[:found.start()]
    # str.isdigit, as ① and ² count too, which regex \d does not match; a phrase of letters (汉字) has none.
    # Digits glued to Latin letters name a thing (5G基站, C919客机): they are no number.
    if not phrase.isalpha() and any(map(str.isdigit, phrase)):
        masked = _IDENTIFIER.sub(lambda found: "x" * len(found[0]), phrase)
        phrase = phrase[:next((index for index, char in enumerate(masked) if char.isdigit()), len(phrase))]
    return phrase


def _list_end(rest: str) -> int:
    """A list after a measure word ends where an item starts with a number: 省、200多家企业."""
    at = 0
    while (at := rest.find("、", at)) != -1:
        if _starts_number(rest[at + 1:]) or rest[at + 1:at + 2] == "数":
            return at
        at += 1
    return len(rest)


# 5G, C919, TD-LTE's parts: a name, not a number; so are the digits of a model after a Chinese character and a
# hyphen (歼-15战机, 东风-41导弹)
_IDENTIFIER = re.compile("[0-9A-Za-z]*[A-Za-z][0-9A-Za-z]*|(?<=[\u4e00-\u9fff])-[0-9]+[A-Za-z]*")


_NAMES_OF_NUMERALS = ("一带一路", "一线", "一流", "一体化", "一站式",  # 33家“一带一路”联合实验室: a name, no number
                      "零部件", "零配件", "零件", "零售")  # 近百万个零部件: 零 "spare", "retail", not zero


def _starts_number(phrase: str) -> bool:
    """Whether the phrase starts with a number (5G基站 and 一带一路 do not: they are names)."""
    return bool(phrase) and (phrase[0] in _CN_DIGITS and not phrase.startswith(_NAMES_OF_NUMERALS)
                             or phrase[0].isdigit() and not _IDENTIFIER.match(phrase))
