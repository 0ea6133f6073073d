"""The figure extractor: the hand-annotated sample, cases beyond it, the look-alikes, and the JSON contract."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from figures_annotation import SAMPLE_FIGURES, score

from publish import read
from publish.cli import Environment, main
from publish.figures import chinese_number, extract, figures_to_json, find_quantities, format_table
from publish.model import Cell, Document, Paragraph, Section, Table


@pytest.fixture(scope="module")
def sample_figures(sample_docx):
    return extract(read(sample_docx).document)


def test_sample_meets_the_annotation(sample_figures):
    result = score(sample_figures)
    assert result["precision"] >= 0.98, result["spurious"]
    assert result["recall"] >= 0.98, result["missed"]
    assert result["value_unit_approx_agree"] >= 0.98 * result["matched"], result["disagreeing"]
    assert result["label_close"] >= 0.9 * result["matched"], result["label_differences"]


def test_sample_figures_are_placed_in_their_article_and_sub_heading(sample_figures):
    orders = [f for f in sample_figures if f.text == "514架"]
    assert len(orders) == 1
    assert (orders[0].section, orders[0].bookmark, orders[0].subsection) == ("国家科技重大专项成就", "_Toc5078", "大飞机")
    assert orders[0].label == "意向订单"
    assert orders[0].sentence.startswith("2015年11月2日，C919大型客机") and orders[0].sentence.endswith("514架意向订单。")
    money = next(f for f in sample_figures if f.text == "759亿元")
    assert (money.value, money.unit, money.subsection) == (Decimal(75_900_000_000), "元", "专项投入")
    visitors = next(f for f in sample_figures if f.text == "400余人")
    assert (visitors.bookmark, visitors.subsection) == ("_Toc21497", None)


def test_no_figure_in_the_articles_without_one(sample_figures):
    # 中荷 and 中俄 carry only dates, ordinals (第九次, 第十次) and 两国
    assert not [f for f in sample_figures if f.bookmark in ("_Toc22406", "_Toc27194")]


def test_the_annotation_is_complete_for_every_article(sample_figures):
    assert len(SAMPLE_FIGURES) == 58
    assert [f.text for f in sample_figures] == [row[2] for row in SAMPLE_FIGURES]


def only(text: str) -> tuple:
    found = find_quantities(text)
    assert len(found) == 1, [q.text for q in found]
    q = found[0]
    return q.text, q.value, q.unit, q.approx


@pytest.mark.parametrize(("text", "expected"), [
    ("项目总投资近百亿元。", ("近百亿元", Decimal(10_000_000_000), "元", "近")),
    ("逾千人参加了会议。", ("逾千人", Decimal(1000), "人", "逾")),
    ("共有1.5万余人参赛。", ("1.5万余人", Decimal(15_000), "人", "余")),
    ("占比达到百分之三十。", ("百分之三十", Decimal(30), "%", None)),
    ("出口额增长三成。", ("三成", Decimal(30), "%", None)),
    ("获得5000万美元投资。", ("5000万美元", Decimal(50_000_000), "美元", None)),
    ("吸引了上百家企业。", ("上百家", Decimal(100), "家", "上")),
    ("培养了十余名博士。", ("十余名", Decimal(10), "名", "余")),
    ("共1,200家企业。", ("1,200家", Decimal(1200), "家", None)),
    ("合作了一个多月。", ("一个多月", Decimal(1), "月", "多")),
    ("游客达3.5亿人次。", ("3.5亿人次", Decimal(350_000_000), "人次", None)),
    ("产量增长2.5倍。", ("2.5倍", Decimal("2.5"), "倍", None)),
    ("失业率降低了3个百分点。", ("3个百分点", Decimal(3), "个百分点", None)),
    ("功率达到100千瓦。", ("100千瓦", Decimal(100), "千瓦", None)),
    ("约200名代表出席。", ("约200名", Decimal(200), "名", "约")),
    ("误差不到10%。", ("不到10%", Decimal(10), "%", "不到")),
    ("研制了3年多。", ("3年多", Decimal(3), "年", "多")),
    ("耗资数百万元。", ("数百万元", None, "元", "数")),
    ("有十几家单位。", ("十几家", None, "家", "几")),
    ("共二十四万三千人。", ("二十四万三千人", Decimal(243_000), "人", None)),
    ("人口四千多万。", ("四千多万", Decimal(40_000_000), "", "多")),
    ("在零下30摄氏度工作。", ("零下30摄氏度", Decimal(-30), "摄氏度", None)),
    ("造价５００万元。", ("５００万元", Decimal(5_000_000), "元", None)),
    ("签约20个项目。", ("20个", Decimal(20), "个", None)),  # 约 belongs to 签约, not a qualifier
    ("通过5家机构认证。", ("5家", Decimal(5), "家", None)),  # 过 belongs to 通过
    ("最近3年里。", ("3年", Decimal(3), "年", None)),  # 近 belongs to 最近
    ("研制周期500km外。", ("500km", Decimal(500), "km", None)),
])
def test_quantities_beyond_the_sample(text, expected):
    assert only(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("55和40纳米工艺", [("55", Decimal(55), "纳米"), ("40纳米", Decimal(40), "纳米")]),
    ("实现了500米到3000米的跨越", [("500米", Decimal(500), "米"), ("3000米", Decimal(3000), "米")]),
    ("从2家增至11家", [("2家", Decimal(2), "家"), ("11家", Decimal(11), "家")]),
    ("队伍3-5万人", [("3", Decimal(30_000), "人"), ("5万人", Decimal(50_000), "人")]),
    ("投资4亿元至5亿元", [("4亿元", Decimal(400_000_000), "元"), ("5亿元", Decimal(500_000_000), "元")]),
    ("55、40和28纳米", [("55", Decimal(55), "纳米"), ("40", Decimal(40), "纳米"), ("28纳米", Decimal(28), "纳米")]),
])
def test_ranges_and_coordination_give_one_figure_per_number(text, expected):
    assert [(q.text, q.value, q.unit) for q in find_quantities(text)] == expected


@pytest.mark.parametrize("text", [
    "2016年5月19日", "2016年5月16日-18日", "纲要（2006—2020年）出台", "2015年11月2日", "二〇一六年", "80年代",
    "2016年度", "“十二五”期间", "“十三五”", "“千人计划”", "实施千人计划", "H7N9疫情", "C919大型客机",
    "“海洋石油981”钻井平台", "从“2G追赶”、“3G突破”到“4G赶上”", "TD-LTE网络", "第四代移动通信", "第九次会议",
    "全球第3个国家", "第二届", "两国科技发展", "一批企业", "进一步整合", "万众创新", "每一项成就", "每一次突破",
    "多年的积累", "若干重大产品", "千家万户", "一次性补贴", "一家企业", "十分重要", "三峡库区", "三年行动计划",
    "五年规划", "两个一百年", "嫦娥三号", "最近几年", "近年来", "百年老店", "星期三", "一成不变", "一带一路",
])
def test_look_alikes_are_not_figures(text):
    assert [q.text for q in find_quantities(text)] == []


@pytest.mark.parametrize(("text", "value"), [
    ("四千", 4000), ("二十四万三千", 243_000), ("两", 2), ("十", 10), ("十一", 11), ("一百零五", 105),
    ("三千五百", 3500), ("万", 10_000), ("一亿二千万", 120_000_000), ("十三五", None), ("二〇一六", None),
    ("五百三千", None),
])
def test_chinese_numbers(text, value):
    assert chinese_number(text) == value


def test_quantity_reports_its_sentence_and_label():
    [q] = find_quantities("前一句没有。国产抗虫棉份额达到96%以上，减少农药使用。后一句。")
    assert (q.sentence, q.label) == ("国产抗虫棉份额达到96%以上，减少农药使用。", "国产抗虫棉份额")


def test_figures_in_table_cells_and_sub_sections_are_found():
    table = Table(((Cell((Paragraph.plain("投入"),)), Cell((Paragraph.plain("759亿元"),))),))
    document = Document(sections=(Section("成就", 1, ("_Toc1",), blocks=(table,), sections=(
        Section("大飞机", 2, ("_Toc2",), blocks=(Paragraph.plain("获得514架意向订单。"),)),)),))
    figures = extract(document)
    assert [(f.text, f.section, f.bookmark, f.subsection, f.subsection_bookmark) for f in figures] == [
        ("759亿元", "成就", "_Toc1", None, None), ("514架", "成就", "_Toc1", "大飞机", "_Toc2")]


def test_json_has_exactly_the_promised_shape(sample_figures):
    rows = figures_to_json(sample_figures)
    assert all(list(row) == ["bookmark", "section", "subsection", "text", "value", "unit", "approx", "label",
                             "sentence"] for row in rows)
    by_text = {row["text"]: row for row in rows}
    assert by_text["759亿元"]["value"] == 75_900_000_000 and isinstance(by_text["759亿元"]["value"], int)
    assert by_text["24.3万名"]["value"] == 243_000 and isinstance(by_text["24.3万名"]["value"], int)
    assert by_text["数千家"]["value"] is None
    assert by_text["超过2.7亿"] | {"sentence": None} == {
        "bookmark": "_Toc5078", "section": "国家科技重大专项成就", "subsection": "宽带移动通信", "text": "超过2.7亿",
        "value": 270_000_000, "unit": "", "approx": "超过", "label": "国内TD-LTE用户数量", "sentence": None}
    half = figures_to_json(extract(Document(sections=(Section("a", 1, blocks=(Paragraph.plain("0.5吨"),)),))))
    assert half[0]["value"] == 0.5 and isinstance(half[0]["value"], float)


def test_table_lists_every_figure_with_thousands_separators(sample_figures):
    table = format_table(sample_figures)
    lines = table.splitlines()
    assert lines[0].split() == ["text", "value", "unit", "approx", "label", "section"]
    assert len(lines) == len(sample_figures) + 2 and lines[-1] == f"{len(sample_figures)} figures"
    assert any(line.startswith("759亿元") and "75,900,000,000" in line for line in lines)


def test_cli_prints_the_figures_as_json(sample_docx, sample_figures):
    out, err = io.StringIO(), io.StringIO()
    status = main(["figures", str(sample_docx), "--json", "-q"], Environment(stdout=out, stderr=err, variables={}))
    assert status == 0
    assert json.loads(out.getvalue()) == json.loads(json.dumps(figures_to_json(sample_figures), ensure_ascii=False))


def test_money_figures_keep_one_currency_in_text_order():
    from decimal import Decimal

    from publish.figures import money_figures
    from publish.model import Figure

    def figure(value: str, unit: str) -> Figure:
        return Figure(text=value + unit, value=Decimal(value), unit=unit, approx=None, label=None,
                      sentence="", section="甲", bookmark=None)

    currency, money = money_figures([figure("75900000000", "元"), figure("50000000", "美元"),
                                     figure("108000000000", "元"), figure("3", "名")])
    assert currency == "元"
    assert [f.value for f in money] == [Decimal("75900000000"), Decimal("108000000000")]
    assert money_figures([figure("3", "名")]) == ("", [])
