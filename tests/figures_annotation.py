"""Every figure of the sample bulletin (input/bulletin.txt), annotated by hand, in document order.

Each row: (bookmark of the article, sub-heading or None, text as written, value, unit, qualifier, label).
The label is what is counted or measured as a reader would name it, with the words that say which ones
(主营收入过百亿元的企业, not 企业); None where the sentence does not say (500米到3000米的跨越 names no depth).
A tuple holds every acceptable label; a label is right only when it equals one of them.
Deliberately absent (not figures): dates (2016年5月19日, 5月16日-18日, 2006—2020年, 2013年), plan and programme
names (“十二五”, “十三五”, “千人计划”), identifiers (H7N9, C919, 海洋石油981, 2G/3G/4G, TD-LTE, NICA),
ordinals (第九次, 第十次, 第四代, 第3个, 第七次, 首届), and idioms or vague words (两国, 一批, 进一步, 万众创新,
每一项, 多年, 若干, 这几年).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

D = Decimal

ABOVE_100 = ("主营收入过百亿元的企业", "医药工业主营收入过百亿元的企业")  # the firms the count is of

SAMPLE_FIGURES = [
    # 首届中美创新与投资对接大会在休斯敦举办
    ("_Toc21497", None, "400余人", D(400), "人", "余", ("代表", "投资机构、实业企业、创新公司、创业团队、创新载体代表")),
    # 日本新技术说明会在山东大学顺利召开
    ("_Toc5082", None, "11所", D(11), "所", None, "日本高校、科研机构和企业代表"),
    ("_Toc5082", None, "70余家", D(70), "家", "余", "单位"),
    # “十二五”国家科技重大专项计划
    ("_Toc25668", None, "55", D(55), "纳米", None, "工艺"),
    ("_Toc25668", None, "40纳米", D(40), "纳米", None, "工艺"),
    ("_Toc25668", None, "28纳米", D(28), "纳米", None, "工艺"),
    ("_Toc25668", None, "20多种", D(20), "种", "多", "产品"),
    ("_Toc25668", None, "500米", D(500), "米", None, None),
    ("_Toc25668", None, "3000米", D(3000), "米", None, None),
    ("_Toc25668", None, "65个", D(65), "个", None, "全球商用网络数量"),
    ("_Toc25668", None, "超过130万个", D(1_300_000), "个", "超过", "基站"),
    ("_Toc25668", None, "超过2.7亿", D(270_000_000), "", "超过", "国内用户数"),
    ("_Toc25668", None, "30多种", D(30), "种", "多", "集成电路制造装备"),
    ("_Toc25668", None, "数十种", None, "种", "数", "集成电路材料"),
    ("_Toc25668", None, "过百亿元", D(10_000_000_000), "元", "过", "医药工业主营收入"),
    ("_Toc25668", None, "2家", D(2), "家", None, ABOVE_100),
    ("_Toc25668", None, "11家", D(11), "家", None, ABOVE_100),
    ("_Toc25668", None, "两家", D(2), "家", None, "主营收入超过400亿元的企业"),
    ("_Toc25668", None, "超过400亿元", D(40_000_000_000), "元", "超过", "主营收入"),
    ("_Toc25668", None, "4.4万吨", D(44_000), "吨", None, "氮磷减排"),
    ("_Toc25668", None, "4亿亩", D(400_000_000), "亩", None, "抗虫棉新品种累计推广"),
    ("_Toc25668", None, "96%以上", D(96), "%", "以上", "国产抗虫棉份额"),
    ("_Toc25668", None, "40万吨", D(400_000), "吨", None, "减少农药使用"),
    ("_Toc25668", None, "450亿元", D(45_000_000_000), "元", None, "增收节支效益"),
    ("_Toc25668", None, "16个", D(16), "个", None, "国家科技重大专项"),
    ("_Toc25668", None, "31个", D(31), "个", None, "省市"),
    ("_Toc25668", None, "数千家", None, "家", "数", "科研院所、高校和企业"),
    ("_Toc25668", None, "20多万", D(200_000), "", "多", "科研人员"),
    ("_Toc25668", None, "60%", D(60), "%", None, "高级研发人员"),
    ("_Toc25668", None, "4000多名", D(4000), "名", "多", "海外人才"),
    # 国家科技重大专项成就
    ("_Toc5078", "专项投入", "5年", D(5), "年", None, None),
    ("_Toc5078", "专项投入", "10个", D(10), "个", None, "民口重大专项"),
    ("_Toc5078", "专项投入", "759亿元", D(75_900_000_000), "元", None, ("投入", "民口重大专项投入")),
    ("_Toc5078", "专项投入", "1080亿元", D(108_000_000_000), "元", None, ("投入", "地方、企业及其他单位投入")),
    ("_Toc5078", "覆盖面", "31个", D(31), "个", None, "省市"),
    ("_Toc5078", "覆盖面", "数千家", None, "家", "数", "科研院所高校和企业"),
    ("_Toc5078", "覆盖面", "24.3万名", D(243_000), "名", None, "科研人员"),
    ("_Toc5078", "覆盖面", "60%", D(60), "%", None, "高级研发人员"),
    ("_Toc5078", "覆盖面", "四千多名", D(4000), "名", "多", "海外人才"),
    ("_Toc5078", "覆盖面", "585人", D(585), "人", None, "“千人计划”人才"),
    ("_Toc5078", "覆盖面", "442个", D(442), "个", None, "技术平台"),
    ("_Toc5078", "覆盖面", "94个", D(94), "个", None, "实验或产业化基地"),
    ("_Toc5078", "覆盖面", "515个", D(515), "个", None, "示范工程、示范区"),
    ("_Toc5078", "宽带移动通信", "超过2.7亿", D(270_000_000), "", "超过", "国内TD-LTE用户数量"),
    ("_Toc5078", "宽带移动通信", "65个", D(65), "个", None, "TD-LTE商用网络"),
    ("_Toc5078", "集成电路装备", "30多种", D(30), "种", "多", "集成电路制造装备"),
    ("_Toc5078", "集成电路装备", "数十种", None, "种", "数", "集成电路材料"),
    ("_Toc5078", "新药创制", "过百亿元", D(10_000_000_000), "元", "过", "医药化工主营收入"),
    ("_Toc5078", "新药创制", "2家", D(2), "家", None, ABOVE_100),
    ("_Toc5078", "新药创制", "11家", D(11), "家", None, ABOVE_100),
    ("_Toc5078", "新药创制", "两家", D(2), "家", None, "主营收入超过400亿元的企业"),
    ("_Toc5078", "新药创制", "超过400亿元", D(40_000_000_000), "元", "超过", "主营收入"),
    ("_Toc5078", "传染病防治", "3天", D(3), "天", None, "布防"),
    ("_Toc5078", "传染病防治", "一个月", D(1), "个月", None, "医药储备"),
    ("_Toc5078", "传染病防治", "八年", D(8), "年", None, "疫苗研制"),
    ("_Toc5078", "大飞机", "22个", D(22), "个", None, "省"),
    ("_Toc5078", "大飞机", "200多家", D(200), "家", "多", "企业"),
    ("_Toc5078", "大飞机", "514架", D(514), "架", None, "意向订单"),
]


def score(found, annotated=SAMPLE_FIGURES, rows=None) -> dict:
    """Match found figures to the annotation by (bookmark, sub-heading, text, occurrence) and measure.

    ``found`` holds model.Figure objects (or pass ``rows`` already in the annotation's shape). Returns counts, precision, recall, and on the matched pairs the
    agreement of value, unit and qualifier (all three together) and of labels (equal, or one containing
    the other: 投入 / 民口重大专项投入).
    """
    def keyed(rows):
        seen: dict = {}
        out = {}
        for row in rows:
            base = row[:3]
            seen[base] = seen.get(base, 0) + 1
            out[base + (seen[base],)] = row
        return out

    truth = keyed(SAMPLE_FIGURES if annotated is None else annotated)
    if rows is None:
        rows = [(f.bookmark, f.subsection, f.text, f.value, f.unit, f.approx, f.label) for f in found]
    mine = keyed(rows)
    matched = truth.keys() & mine.keys()
    exact = [k for k in matched if truth[k][3:6] == mine[k][3:6]]
    label_equal = [k for k in matched if mine[k][6] in _acceptable(truth[k][6])]
    label_close = [k for k in matched if any(_label_close(a, mine[k][6]) for a in _acceptable(truth[k][6]))]
    return {
        "annotated": len(truth), "found": len(mine), "matched": len(matched),
        "precision": len(matched) / len(mine) if mine else 1.0,
        "recall": len(matched) / len(truth) if truth else 1.0,
        "value_unit_approx_agree": len(exact), "label_equal": len(label_equal), "label_close": len(label_close),
        "missed": sorted(truth.keys() - mine.keys(), key=str),
        "spurious": sorted(mine.keys() - truth.keys(), key=str),
        "disagreeing": sorted(((truth[k], mine[k]) for k in matched if k not in exact), key=str),
        "label_differences": sorted(((truth[k][6], mine[k][6]) for k in matched if k not in label_close), key=str),
    }


LABELLED = Path(__file__).parent / "figures_data"


@dataclass(frozen=True)
class Passage:
    """A short excerpt of real Chinese text, where it came from, and its figures as annotated by hand."""

    source: str
    text: str
    figures: tuple[tuple, ...]  # (text, value, unit, qualifier, label)


def load_labelled(part: str) -> list[Passage]:
    """The passages of tests/figures_data/<part>.txt: "tuning" or "heldout"."""
    passages: list[Passage] = []
    source, text, figures = "", "", []
    for line in (LABELLED / f"{part}.txt").read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("##"):
            continue
        if line.startswith("# "):
            source = line[2:]
        elif line.startswith("> "):
            text = line[2:]
        elif "|" in line:
            written, value, unit, qualifier, label = (cell.strip() for cell in line.split("|"))
            labels = tuple(part.strip() for part in label.split("//"))
            figures.append((written, None if value == "-" else Decimal(value), "" if unit == "-" else unit,
                            None if qualifier == "-" else qualifier,
                            None if label == "-" else labels if len(labels) > 1 else labels[0]))
        elif not line.strip() and text:
            passages.append(Passage(source, text, tuple(figures)))
            text, figures = "", []
    return passages


def score_passages(passages, find) -> dict:
    """Run ``find`` (text → Quantity list) on every passage and score it like :func:`score`.

    A figure is keyed by (passage, text as written, occurrence); labels are right when equal, or when one
    contains the other (全国粮食总产量 / 粮食总产量) and neither is empty.
    """
    truth: list[tuple] = []
    found: list[tuple] = []
    for index, passage in enumerate(passages):
        truth += [(index, None) + row for row in passage.figures]
        found += [(index, None, q.text, q.value, q.unit, q.approx, q.label) for q in find(passage.text)]
    return score(found=None, annotated=truth, rows=found)


def _acceptable(label) -> tuple:
    """The acceptable labels of an annotation: one, several (a tuple, or "a // b" in the .txt files), or None."""
    return label if isinstance(label, tuple) else (label,)


def _label_close(expected, got) -> bool:
    if expected is None or got is None:
        return expected is got
    expected, got = expected.replace("的", ""), got.replace("的", "")  # 单位GDP的二氧化碳排放: 的 is a particle
    return expected in got or got in expected
