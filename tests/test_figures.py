"""The figure extractor: the hand-annotated sample, cases beyond it, the look-alikes, and the JSON contract."""

from __future__ import annotations

import io
import itertools
import json
from decimal import Decimal

from pathlib import Path

import pytest
from figures_annotation import SAMPLE_FIGURES, load_labelled, score, score_passages

from publish import read
from publish.figures import labels
from publish.cli import Environment, main
from publish.figures import chinese_number, extract, figures_to_json, find_quantities, format_table, stated
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


@pytest.mark.parametrize("part", ["tuning", "heldout", "heldout2", "heldout3"])
def test_real_texts_meet_the_targets(part):
    passages = load_labelled(part)
    result = score_passages(passages, find_quantities)
    assert result["annotated"] >= 140
    assert result["precision"] >= 0.98, result["spurious"]
    assert result["recall"] >= 0.98, result["missed"]
    assert result["value_unit_approx_agree"] >= 0.98 * result["matched"], result["disagreeing"]
    assert result["label_close"] >= 0.90 * result["matched"], result["label_differences"]


# Exact labels as last measured on each part tuned on (stop 32): a change to the labeller may not lose any of them.
# The parts never tuned on (heldout, heldout4) are measured and reported, never used to keep or drop a rule, so
# they have no floor here (README, "How right the labels are").
MEASURED_LABELS = {"tuning": 761, "heldout2": 233, "heldout3": 206, "tuning2": 219, "tuning3": 193}


@pytest.mark.parametrize("part", sorted(MEASURED_LABELS))
def test_no_part_loses_exact_labels(part):
    result = score_passages(load_labelled(part), find_quantities)
    assert result["label_equal"] >= MEASURED_LABELS[part]


def test_the_second_annotation_of_heldout4_has_its_passages_and_figures():
    def figures(part: str) -> list:
        return [(p.text, [f[:4] for f in p.figures]) for p in load_labelled(part)]

    assert figures("heldout4_second") == figures("heldout4")


def test_the_labelled_parts_come_from_different_pages():
    parts = (*MEASURED_LABELS, "heldout", "heldout4")
    sources = {part: {p.source.split()[0] for p in load_labelled(part)} for part in parts}
    shared = {("heldout", "tuning"): 2}  # the first two parts: other passages of two pages (checked apart below)
    for first, second in itertools.combinations(sorted(sources), 2):
        assert len(sources[first] & sources[second]) == shared.get((first, second), 0), (first, second)


def test_the_labelled_set_is_large_cited_and_apart_from_the_sample():
    passages = load_labelled("tuning") + load_labelled("heldout")
    assert sum(len(p.figures) for p in passages) >= 300
    assert all(p.source.startswith("http") for p in passages)
    sample = (Path(__file__).parent.parent / "input" / "bulletin.txt").read_text(encoding="utf-8")
    assert not [p.text for p in passages if p.text[:20] in sample]
    assert not {p.source for p in load_labelled("tuning")} & {p.source for p in load_labelled("heldout")}


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
    ("合作了一个多月。", ("一个多月", Decimal(1), "个月", "多")),
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
    ("人均预期寿命又提高零点三岁。", ("零点三岁", Decimal("0.3"), "岁", None)),  # a Chinese decimal: 零点三 is 0.3
    ("增长一点五倍。", ("一点五倍", Decimal("1.5"), "倍", None)),
    ("从摩尔定律的提出，至今快60年。", ("快60年", Decimal(60), "年", "快")),  # 快 "almost" before a span
    ("比计划快2天完成。", ("2天", Decimal(2), "天", None)),  # 快 after 比 compares: no qualifier
    ("普通高校生师比为17.33∶1。", ("17.33∶1", Decimal("17.33"), "", None)),  # a ratio to one: its value, no unit
    ("人口四千多万。", ("四千多万", Decimal(40_000_000), "", "多")),
    ("在零下30摄氏度工作。", ("零下30摄氏度", Decimal(-30), "摄氏度", None)),
    ("造价５００万元。", ("５００万元", Decimal(5_000_000), "元", None)),
    ("签约20个项目。", ("20个", Decimal(20), "个", None)),  # 约 belongs to 签约, not a qualifier
    ("通过5家机构认证。", ("5家", Decimal(5), "家", None)),  # 过 belongs to 通过
    ("最近3年里。", ("3年", Decimal(3), "年", None)),  # 近 belongs to 最近
    ("研制周期500km外。", ("500km", Decimal(500), "km", None)),
    ("经济总量占全国的十分之一以上。", ("十分之一以上", Decimal(10), "%", "以上")),
    ("约占三分之一。", ("三分之一", Decimal("33.33"), "%", None)),
    ("不到头发丝的100万分之一。", ("100万分之一", Decimal("0.0001"), "%", None)),
    ("降至千分之一以下。", ("千分之一以下", Decimal("0.1"), "%", "以下")),
    ("有百分之三十五的企业。", ("百分之三十五", Decimal(35), "%", None)),
    ("近九成技术。", ("近九成", Decimal(90), "%", "近")),
    ("粮食产量1.37万亿斤。", ("1.37万亿斤", Decimal(1_370_000_000_000), "斤", None)),
    ("生猪存栏43422万头。", ("43422万头", Decimal(434_220_000), "头", None)),
    ("超过2000年的历史。", ("超过2000年", Decimal(2000), "年", "超过")),  # a span, not the year 2000
    ("历时十年。", ("十年", Decimal(10), "年", None)),
    # 盎司 (gold), 处 (sites) and 列 (trains) are units; 处理, 列入 are words
    ("黄金储备增加至6727万盎司。", ("6727万盎司", Decimal(67_270_000), "盎司", None)),
    ("营业网点增加2.1万处。", ("2.1万处", Decimal(21_000), "处", None)),
    ("全年开行量达1.6万列。", ("1.6万列", Decimal(16_000), "列", None)),
    ("有3个项目列入名单。", ("3个", Decimal(3), "个", None)),
    # 件次, 架次 … count as 人次 does: the whole figure with its unit
    ("出入境证件签发量达7856.4万件次。", ("7856.4万件次", Decimal(78_564_000), "件次", None)),
    ("其中飞机16.1万架次。", ("16.1万架次", Decimal(161_000), "架次", None)),
    ("线上演出展播7.63万场次。", ("7.63万场次", Decimal(76_300), "场次", None)),
    ("总藏量135959万册。", ("135959万册", Decimal(1_359_590_000), "册", None)),
    ("藏品5017.2万件/套。", ("5017.2万件/套", Decimal(50_172_000), "件/套", None)),
    # turnover: ton-kilometres and passenger-kilometres are one unit, not 亿吨 followed by 公里
    ("运输总周转量856.75亿吨公里。", ("856.75亿吨公里", Decimal(85_675_000_000), "吨公里", None)),
    ("旅客周转量7282.55万人公里。", ("7282.55万人公里", Decimal(72_825_500), "人公里", None)),
    ("流域面积50平方公里及以上河流。", ("50平方公里及以上", Decimal(50), "平方公里", "以上")),
    ("飞行了三个多小时。", ("三个多小时", Decimal(3), "个小时", "多")),
    ("只用了一个小时。", ("一个小时", Decimal(1), "个小时", None)),
    # ages, shares, wafers, qubits, energy, degrees, a rate per 100,000
    ("人均预期寿命76.5岁。", ("76.5岁", Decimal("76.5"), "岁", None)),
    ("总股本236万股。", ("236万股", Decimal(2_360_000), "股", None)),
    ("规划月产能3.5万片。", ("3.5万片", Decimal(35_000), "片", None)),
    ("66比特可编程量子计算原型机。", ("66比特", Decimal(66), "比特", None)),
    ("等离子体储能300千焦。", ("300千焦", Decimal(300), "千焦", None)),
    ("中心电子温度1亿度。", ("1亿度", Decimal(100_000_000), "度", None)),
    ("孕产妇死亡率19.9/10万。", ("19.9/10万", Decimal("19.9"), "/10万", None)),
    ("年龄不超过35岁。", ("不超过35岁", Decimal(35), "岁", "不超过")),
    ("2023年我国创新环境指数为177.1。", ("177.1", Decimal("177.1"), "", None)),  # an index's value
    ("国家科学技术奖励每年评审一次。", ("一次", Decimal(1), "次", None)),  # how often, closing its clause
    ("每秒1对。", ("1对", Decimal(1), "对", None)),  # pairs
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


@pytest.mark.parametrize(("text", "expected"), [
    # web text sets a space between digits and Chinese: the figure is found whole, spaces kept as written
    ("国家药监局今年已批准 56 款创新药，总金额近 660 亿美元。",
     [("56 款", Decimal(56), "款", "创新药"), ("近 660 亿美元", Decimal(66_000_000_000), "美元", "总金额")]),
    ("我国高铁里程 2.2 万公里。", [("2.2 万公里", Decimal(22_000), "公里", "高铁里程")]),
    # 亿亿 and 千万亿 are 10^16 and 10^15 (a supercomputer's speed)
    ("浮点运算速度高达每秒9.3亿亿次。", [("9.3亿亿次", Decimal(93) * 10 ** 15, "次", "浮点运算速度")]),
    ("浮点运算每秒33.86千万亿次。", [("33.86千万亿次", Decimal("33.86") * 10 ** 15, "次", "浮点运算")]),
    # a year with a space, or a span of years, opens the phrase as a date does
    ("2023-2024年国产1类新药获批数均达30个及以上。", [("30个及以上", Decimal(30), "个", "国产1类新药获批数")]),
    ("2025 年上半年创新药对外授权交易总金额近 660 亿美元。",
     [("近 660 亿美元", Decimal(66_000_000_000), "美元", "创新药对外授权交易总金额")]),
    # 将 and 更 before the verb are adverbs; 则 in 原则 is part of the word, not "then"
    ("燃料电池汽车保有量将达10万辆左右，技术合同成交额更达6.8万亿元。",
     [("10万辆左右", Decimal(100_000), "辆", "燃料电池汽车保有量"),
      ("6.8万亿元", Decimal(6_800_000_000_000), "元", "技术合同成交额")]),
    ("转化实施 71 个 ICH 指导原则。", [("71 个", Decimal(71), "个", "ICH 指导原则")]),
    # 我国 (的) opening a label says where, not which ones
    ("我国的先进治疗药品在研管线数量达 2400 个。", [("2400 个", Decimal(2400), "个", "先进治疗药品在研管线数量")]),
    # a proper fraction with a slash is a share, as 三分之一 is; a date or 24/7 is none; 仍未 is an adverb
    ("中国的科研经费总量仍未达到欧盟的1/3，2023/10/15发布，24/7服务。",
     [("1/3", Decimal("33.33"), "%", "中国的科研经费总量")]),
    # 约合 is "about"; the same amount in other money in brackets is no noun's gloss: it takes the amount's label
    ("国内参与者每年获得补助2亿人民币（约合2800万欧元）。",
     [("2亿人民币", Decimal(200_000_000), "人民币", "补助"), ("约合2800万欧元", Decimal(28_000_000), "欧元", "补助")]),
])
def test_figures_of_web_text(text, expected):
    assert [(q.text, q.value, q.unit, q.label) for q in find_quantities(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the measuring (测得, 得出) and a clause's opening (此次, 同时, 另外, 而, 相当于) are no part of what is counted
    ("测得晚稻平均亩产为936.1公斤。", [("936.1公斤", "晚稻平均亩产")]),
    ("此次示范片面积共计10005亩。", [("10005亩", "示范片面积")]),
    ("而氘代丁苯那嗪片仅用时115天。", [("115天", "氘代丁苯那嗪片")]),
    # a verb or a postposition after the counted noun ends it
    ("带动上下游近6000家企业形成完整的产业链供应体系。", [("近6000家", "企业")]),
    ("携近2吨科学物资升空。", [("近2吨", "科学物资")]),
    # a change after an amount submitted, or against a year, or a slight fall, is of that amount
    ("全球申请总量为27.26万件，同比微降1.8%。", [("27.26万件", "全球申请总量"), ("1.8%", "全球申请总量")]),
    ("中国企业共提交2.5539万件专利申请，较2013年增长18.7%。", [("2.5539万件", "专利申请"), ("18.7%", "专利申请")]),
    # a locative 中 never opens the noun (6个中药); a count before a size counts the thing after the size
    ("包括47个化学药品、23个生物制品和6个中药。", [("47个", "化学药品"), ("23个", "生物制品"), ("6个", "中药")]),
    ("规划建设4台华龙一号机组和1台60万千瓦高温气冷堆核电机组。",
     [("4台", "华龙一号机组"), ("1台", "高温气冷堆核电机组"), ("60万千瓦", "高温气冷堆核电机组")]),
    # a figure alone in brackets after a noun is that noun's
    ("计算机技术（9.9%）占比最大，其次是数字通信（9.0%）、医疗技术（7.1%）。",
     [("9.9%", "计算机技术"), ("9.0%", "数字通信"), ("7.1%", "医疗技术")]),
    # what those counted are, said after 为 or 属于; a share after 占 of the ones just counted
    ("发射了7颗卫星，其中5颗为新一代导航卫星，有2颗属于备份卫星。",
     [("7颗", "卫星"), ("5颗", "新一代导航卫星"), ("2颗", "备份卫星")]),
    ("贡献了281个提案，占总提案数的11.2%。还拥有477个与此相关的专利，占专利总数的18.2%。",
     [("281个", "提案"), ("11.2%", "提案"), ("477个", "与此相关的专利"), ("18.2%", "与此相关的专利")]),
    # a place in a ranking is no figure, and the one ranked is not what a figure before the place counts
    ("共有13家中国企业进入排行榜前50位，联想以140台名列冠军。", [("13家", "中国企业"), ("140台", None)]),
    # a plan's period (到“十三五”末) opens the clause as a date does; a span's own noun (寿命, 周期) is what lasted
    ("我国农业科技贡献率达到57.5%，预计到“十三五”末将达到60%。", [("57.5%", "农业科技贡献率"), ("60%", "农业科技贡献率")]),
    ("质量为631公斤，设计寿命2年。", [("631公斤", "质量"), ("2年", "设计寿命")]),
    ("经历了120天全生命周期的水稻种子。", [("120天", "全生命周期")]),
    # 人口 is a word, not 人 + 口; 眼 counts wells; 至今 and “十四五”以来 open a clause as dates do
    ("满足100万人口的用电需求，能够正常使用的机电井659万眼。", [("100万", "人口"), ("659万眼", "机电井")]),
    ("2025年至今已达到惊人的49个。“十四五”以来企业营业收入年均增长12.3%。", [("49个", None), ("12.3%", "企业营业收入")]),
    # a determiner or a verb of change alone is no subject: the change is of what was named before
    ("其浮点运算速度从每秒12.23亿亿次增加到每秒14.35亿亿次。",
     [("12.23亿亿次", "浮点运算速度"), ("14.35亿亿次", "浮点运算速度")]),
    # 工程师 is a word, not the programme name 工程; 口 counts wells; 毫秒 is a span; a yield per 亩 keeps its unit
    ("来自20多个国家的1000多名工程师和科学家，累计钻井4000多口，参与国家多达20多个。",
     [("20多个", "国家"), ("1000多名", "工程师和科学家"), ("4000多口", "累计钻井"), ("20多个", "参与国家")]),
    ("实现了量子纠缠寿命550毫秒，小麦平均亩产369.1公斤/亩。", [("550毫秒", "量子纠缠寿命"), ("369.1公斤/亩", "小麦平均亩产")]),
    # a common adjective and 的 before the counted noun; a verb after it (提交, 访华, 之一) ends it
    ("将一种疾病划分为50到100个不同的类别。从月球带回了1731克珍贵的月球样品。",
     [("50", "类别"), ("100个", "类别"), ("1731克", "月球样品")]),
    ("共接收2401个依托单位提交的申请，是首批20个标杆实验室之一。", [("2401个", "依托单位"), ("20个", "标杆实验室")]),
    # the verb of registering a contract opens no label; 约合 is "about"
    ("全年共登记技术合同484077项。", [("484077项", "技术合同")]),
    # X是Y的N倍: what is so many times the yardstick stands before 是; 现在 opens the clause as a date does
    ("20年前，日本的经济规模是中国的4倍。现在中国的经济规模是日本的近4倍。",
     [("20年", None), ("4倍", "日本的经济规模"), ("近4倍", "中国的经济规模")]),
    # a province's name opening a label says where; a pronoun's 的 says whose; 截止至今年底 is a date
    ("上半年湖北省企业技术输出合同成交额784.19亿元，他的年收入约30万元，截止至今年底总人数将达到580余人。",
     [("784.19亿元", "企业技术输出合同成交额"), ("约30万元", "年收入"), ("580余人", "总人数")]),
    # a superlative before 的 says which ones; 到 after the counted noun is a verb
    ("在全球100家平均合作分值最高的机构中，已有6000多名中国青年科研人员和学生到日本访问。",
     [("100家", "平均合作分值最高的机构"), ("6000多名", "中国青年科研人员和学生")]),
    # a city's and a county's names say where, as a province's do; not 技术市场 nor 贫困县, which are words
    ("阜阳市“烟农999”良种小麦面积50万亩左右，常德市石门县“种三产四”种植面积15.8万亩，技术市场成交额8%，贫困县数量12个。",
     [("50万亩左右", "“烟农999”良种小麦面积"), ("15.8万亩", "“种三产四”种植面积"), ("8%", "技术市场成交额"),
      ("12个", "贫困县数量")]),
    # the whole (全国的) says where; a span of years opens the clause as a date does; 获 "gained" is no part of it
    ("全国的药品申请临床数量总数为9462件，拟自2014年至2020年共投入近800亿欧元，获科学数据逾300TB，获奖项目达到300项。",
     [("9462件", "药品申请临床数量总数"), ("近800亿欧元", "投入"), ("逾300TB", "科学数据"), ("300项", "获奖项目")]),
    # a dash between spaces parts clauses in web text
    ("临床试验与审批进展 - 2022年药物临床试验登记总量达3410项。", [("3410项", "药物临床试验登记总量")]),
    # an adverb or modal verb after the counted noun ends it (not 共同 of 共同体); 每年 before a figure is how often
    ("1000多名工程师和科学家共同参与，1.5万个城乡学校共同体，100个小麦示范县平均增产，涵盖论文数每年约为57000篇。",
     [("1000多名", "工程师和科学家"), ("1.5万个", "城乡学校共同体"), ("100个", "小麦示范县"), ("57000篇", "涵盖论文数")]),
    # 对 counts pairs, unless it begins a word (对外, 对接); 率先 is an adverb of the verb after the noun
    ("每天将有 7 对“复兴号”率先上线运营，两国对外合作，五对接平台。", [("7 对", "复兴号")]),
])
def test_labels_leave_out_openings_and_verbs(text, expected):
    assert [(q.text, q.label) for q in find_quantities(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the table: the thing counted, never a verb, adverb or fragment
    ("科技进步贡献率达到59.5%，有望在今年实现60%的目标。",
     [("59.5%", "科技进步贡献率"), ("60%", "科技进步贡献率（目标）")]),
    ("与国外差距由专项启动前的15年以上缩短到5年左右。", [("15年以上", "与国外差距"), ("5年左右", "与国外差距")]),
    ("169个高新区生产总值达12万亿元。", [("169个", "高新区"), ("12万亿元", "高新区生产总值")]),
    ("芯片设计业的产值仅为一两亿元，去年则达到1644亿元。", [("1644亿元", "芯片设计业的产值")]),
    ("集成电路实现14纳米工艺产业化。", [("14纳米", "工艺")]),
    ("65纳米介质刻蚀机经多国客户近百次测试。", [("65纳米", "介质刻蚀机"), ("近百次", "测试")]),
    # the head of X的Y, and the subject before the verb
    ("单位GDP的二氧化碳排放下降了48.1%。", [("48.1%", "单位GDP的二氧化碳排放")]),
    ("全年粮食产量69541万吨，比上年增加888万吨，增产1.3%。",
     [("69541万吨", "粮食产量"), ("888万吨", "粮食产量"), ("1.3%", "粮食产量")]),
    ("2018年全国粮食总产量为13158亿斤，比1949年增长4.8倍。", [("13158亿斤", "全国粮食总产量"), ("4.8倍", "全国粮食总产量")]),
    ("全年铁路完成旅客发送量38.55亿人次。", [("38.55亿人次", "铁路旅客发送量")]),  # 铁路 says which passengers
    ("5G基站总数达305.5万个，占移动基站总数的26.9%。", [("305.5万个", "5G基站总数"), ("26.9%", "5G基站总数")]),
    ("国家高新区聚集了70%的国家制造业创新中心、80%的全国重点实验室。",
     [("70%", "国家制造业创新中心"), ("80%", "全国重点实验室")]),
    # both halves of a range, and 分别
    ("碳排放强度比2005年下降60%~65%。", [("60%", "碳排放强度"), ("65%", "碳排放强度")]),
    ("覆盖率为35%—50%。", [("35%", "覆盖率"), ("50%", "覆盖率")]),
    ("床位32.5万张、卫生人员101万人，分别增长9.8%、8.8%。",
     [("32.5万张", "床位"), ("101万人", "卫生人员"), ("9.8%", "床位"), ("8.8%", "卫生人员")]),
    # a verb with a nominal suffix is a noun (增加值, 增长率); 占比 is the noun "share", 高达 a verb
    ("工业增加值突破40万亿元。", [("40万亿元", "工业增加值")]),
    ("产业增加值增长率达8%。", [("8%", "产业增加值增长率")]),
    ("华东和华中占比高达53%。", [("53%", "华东和华中占比")]),
    ("用户达5.92亿户，占比较上年末提升1.6个百分点。", [("5.92亿户", "用户"), ("1.6个百分点", "占比")]),
    # a noun of measure right before the figure is what is measured, a verb in its modifier included
    ("全年新建和改造提升高标准农田面积574万公顷。", [("574万公顷", "新建和改造提升高标准农田面积")]),
    # 累计 before a verb is an adverb: the figure measures what was done; 累计完成 still counts its object, and
    # 累计完成投资 is the statistics' term for the investment made
    ("抗虫棉新品种累计推广4亿亩。", [("4亿亩", "抗虫棉新品种累计推广")]),
    ("全省累计完成投资100亿元。", [("100亿元", "累计完成投资")]),
    # a noun phrase after a figure that runs into the next figure ends with that figure's verb
    ("建成3万公里高铁覆盖80个城市。", [("3万公里", "高铁"), ("80个", "城市")]),
    # an adverb ends the subject (就, 再度, 已经); before it only a time word: no label (就业 is a noun)
    ("当年就批准建设27家。", [("27家", None)]),
    ("1992年再度新增批准建设25家。", [("25家", None)]),
    ("企业已经达到100家。", [("100家", "企业")]),
    ("城镇新增就业1206万人。", [("1206万人", "城镇新增就业")]),
    # a count before an attribute noun (市值, 产值, 收入) counts the owners, not the attribute
    ("全球70家最大数字平台公司市值增长。", [("70家", "最大数字平台公司")]),
    # 增长到 a date is no object: the count is of the subject named before
    ("企业数量从2012年的3.9万家增长到2022年的40万家。", [("3.9万家", "企业数量"), ("40万家", "企业数量")]),
    # an event and 后 or 以来 opening a clause is a time adverbial; 售后 is a word
    ("该项目总投资约12亿元，建成后年产值可达50亿元。", [("约12亿元", "项目总投资"), ("50亿元", "年产值")]),
    ("改革开放以来粮食产量增长了5倍。", [("5倍", "粮食产量")]),
    ("售后服务收入达100亿元。", [("100亿元", "售后服务收入")]),
    # 5G is a name, not a number: 5G基站 is the object counted
    ("全国已建成5G基站337.7万个。", [("337.7万个", "5G基站")]),
    ("全国建成337.7万个5G基站。", [("337.7万个", "5G基站")]),
    # X期间 is a time adverbial; 现有 and 已有 are verbs of having, whose object is counted
    ("会议期间共签约项目56个。", [("56个", "签约项目")]),
    ("中心现有科研人员300余名。", [("300余名", "科研人员")]),
    # 了 follows a verb: the noun phrase after a figure ends before it
    ("我国已有52个城市开通了地铁。", [("52个", "城市")]),
    # the phrase running into the next figure drops the conjunction that joins the two
    ("部署了约2000名士兵和30架战斗机。", [("约2000名", "士兵"), ("30架", "战斗机")]),
    # 有效 and 平均 are words: neither 有 "there is" nor the adverb 均 is stripped out of them
    ("本文收集了300份问卷，有效回收率为92%。", [("300份", "问卷"), ("92%", "有效回收率")]),
    ("该算法识别精度平均提升了5.2%。", [("5.2%", "算法识别精度")]),
    # 高于 Y的 figure: Y's value; 高于 Y figure: the gap, of the subject
    ("治疗组总有效率为93.3%，明显高于对照组的76.7%。", [("93.3%", "治疗组总有效率"), ("76.7%", "对照组")]),
    ("城镇居民收入增速高于农村居民0.5个百分点。", [("0.5个百分点", "城镇居民收入增速")]),
    # 在…上, 在…中 say where: the locative is no part of the noun, and the frame no subject
    ("该算法在3个公开数据集上进行了实验。", [("3个", "公开数据集")]),
    ("在64项技术中有九成以上位居第一。", [("64项", "技术"), ("九成以上", None)]),
    # empty rather than wrong
    ("经过八年持续努力。", [("八年", None)]),
    ("两家超过400亿元。", [("两家", None), ("超过400亿元", None)]),
])
def test_labels_name_what_is_counted(text, expected):
    assert [(q.text, q.label) for q in find_quantities(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a label found after the figure is also its subject when the phrase before names the same thing (even
    # with a 的 left out: 高校的学生 → 高校学生), so a change after the figure is of that thing
    ("企业有100家企业，比上年增长5%。", [("100家", "企业"), ("5%", "企业")]),
    ("高校的学生有100名高校学生，比上年增长5%。", [("100名", "高校学生"), ("5%", "高校学生")]),
    ("今年新增100家企业，比上年增长5%。", [("100家", "企业"), ("5%", None)]),
])
def test_a_change_is_of_the_subject_named_before_and_after_a_figure(text, expected):
    assert [(q.text, q.label) for q in find_quantities(text)] == expected


def _passes(phrase: str, words: tuple[str, ...], from_end: bool, keep_one: bool) -> str:
    """Word stripping as plainly said: passes through the list in order until one strips nothing."""
    changed = True
    while changed and phrase:
        changed = False
        for word in words:
            there = phrase.endswith(word) if from_end else phrase.startswith(word)
            if there and not (keep_one and len(phrase) == len(word)):
                phrase, changed = (phrase[:-len(word)] if from_end else phrase[len(word):]), True
    return phrase


def test_stripping_words_looks_only_at_those_that_can_be_there_and_strips_what_plain_passes_do():
    for words, table, from_end in ((labels._LEADING_WORDS, labels._LEADING_BY_START, False),
                                   (labels._TRAILING_WORDS, labels._TRAILING_BY_END, True)):
        for first, second in itertools.product(words + ("", "产量"), repeat=2):
            for phrase in (first + second, "产量" + first + second, first + second + "产量"):
                for keep_one in (False, True):
                    assert labels._strip_words(phrase, table, from_end=from_end, keep_one=keep_one) \
                        == _passes(phrase, words, from_end, keep_one), (phrase, keep_one)
    # a pass goes on down the list: after 到 it strips 至, not 增至, which came before 到
    assert labels._strip_words("产量增至到", labels._TRAILING_BY_END, from_end=True, keep_one=True) == "产量增"


@pytest.mark.parametrize(("phrase", "cut"), [
    ("企业全部", 2), ("企业在中部", 2), ("实验中", 2), ("创新中心在", 4), ("中国企业中", 4), ("中药", 2), ("高校中小企业", 6), ("", 0),
])
def test_a_noun_phrase_after_a_figure_stops_at_the_first_stop_and_only_the_first_zhong_is_looked_at(phrase, cut):
    assert labels._first_stop(phrase) == cut


@pytest.mark.parametrize(("phrase", "before"), [
    ("单位5家", "单位"), ("企业①家", "企业"), ("面积²", "面积"), ("三百家", ""), ("一些企业", "一些企业"), ("", ""),
])
def test_the_phrase_after_a_figure_ends_before_the_next_number(phrase, before):
    assert labels._before_number(phrase) == before


@pytest.mark.parametrize("text", [
    "2016年5月19日", "2016年5月16日-18日", "纲要（2006—2020年）出台", "2015年11月2日", "二〇一六年", "80年代",
    "2016年度", "“十二五”期间", "“十三五”", "“千人计划”", "实施千人计划", "H7N9疫情", "C919大型客机",
    "“海洋石油981”钻井平台", "从“2G追赶”、“3G突破”到“4G赶上”", "TD-LTE网络", "第四代移动通信", "第九次会议",
    "全球第3个国家", "第二届", "两国科技发展", "一批企业", "进一步整合", "万众创新", "每一项成就", "每一次突破",
    "多年的积累", "若干重大产品", "千家万户", "一次性补贴", "一家企业", "十分重要", "三峡库区", "三年行动计划",
    "五年规划", "两个一百年", "嫦娥三号", "最近几年", "近年来", "百年老店", "星期三", "一成不变", "一带一路",
    "超过2019年度全社会研发支出总额", "高于2015年水平", "比2010年翻一番", "超过2015年同期", "前三季度", "较一季度",
    "沪深300成分股",  # an index's name and 成分 (its constituents), not 300 tenths
    "下午3点开会", "提出两点意见",  # a clock time and points made, not an index's points
    "这一年，创新成果令人振奋", "那一天",  # a demonstrative: this year, that day
    "在香港回归祖国28周年之际", "建校120周年",  # an anniversary, an ordinal: not 28 weeks
    "价格一度上涨", "百亿项目",  # 一度 "once"; a class of projects named by their size
    "三点一线", "上午九点三十分",  # 点 between numerals with no unit after: a phrase, a clock time
    "以3:1获胜", "比分3:1", "会议于10:15开始",  # a score or a clock time, not a ratio after 比
    "普及九年义务教育",  # the name of the schooling, not nine years
    "这是一次会议", "双方对接合作",  # 一次 before its noun is an article; 对接 a word
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


def test_a_figure_holds_no_character_its_document_lacks(sample_docx):
    # The PDF's font is made to cover the document's characters (and the writer's own words): what a
    # figure says must come from the text, or the digest's figure tables could print blanks.
    from publish.writers.pdf.fonts import characters_in, core_charset

    core = set(core_charset())
    documents = [read(sample_docx).document] + [
        Document(sections=(Section("标题", 1, ("_Toc1",), blocks=(Paragraph.plain(passage.text),)),))
        for part in ("tuning", "heldout") for passage in load_labelled(part)]
    found = 0
    for document in documents:
        figures_found = extract(document)
        found += len(figures_found)
        assert set(characters_in(figures_found)) <= set(characters_in(document)) | core
    assert found > 300  # the sample's and the 308 labelled figures


@pytest.mark.parametrize("text, expected", [
    # the threshold says which firms are counted; a second bound, which of those; the bound is of the revenue
    ("医药工业主营收入过百亿元的企业从专项实施前的2家增至11家，其中有两家超过400亿元。",
     [("过百亿元", "医药工业主营收入"), ("2家", "主营收入过百亿元的企业"), ("11家", "主营收入过百亿元的企业"),
      ("两家", "主营收入超过400亿元的企业"), ("超过400亿元", "主营收入")]),
    # quotes stay balanced: the opening quote cut off with the text before it comes back
    ("吸引了四千多名海外人才，其中“千人计划”人才585人。", [("四千多名", "海外人才"), ("585人", "“千人计划”人才")]),
    # a list is named whole, not cut to its last items
    ("来自国内及美国的投资机构、实业企业、创新公司、创业团队、创新载体代表400余人齐聚一堂。",
     [("400余人", "投资机构、实业企业、创新公司、创业团队、创新载体代表")]),
    # the object of 部署, 建成 is what is counted; 各类 and a leading date are no part of the label
    ("部署基站超过130万个，全球建成TD-LTE商用网络65个。", [("超过130万个", "基站"), ("65个", "TD-LTE商用网络")]),
    ("国家上海新药安评中心等各类技术平台442个。", [("442个", "技术平台")]),
    ("10月1—3日中国铁路发送旅客4542.3万人次。", [("4542.3万人次", "中国铁路发送旅客")]),
    ("全国共有普通高等学校2631所。", [("2631所", "普通高等学校")]),
    # a relative clause of rank or selection says which ones; 的 stays, as the clause is no owner
    ("中国位居第一的技术由3项增加到57项。", [("3项", "中国位居第一的技术"), ("57项", "中国位居第一的技术")]),
    ("入选名录的企业有35家。", [("35家", "入选名录的企业")]),
    # an agent's share of a whole of another kind is a share of that whole; a part's share is its own
    ("两国占区块链技术所有相关专利的75%。", [("75%", "区块链技术所有相关专利")]),
    ("七大“超级平台”占有前70大平台总市值的三分之二。", [("三分之二", "前70大平台总市值")]),
    ("民营企业占企业总数的90%，中国占全球的30%。", [("90%", "民营企业"), ("30%", "中国")]),
    # 标准箱 (TEU) is a count unit: the figure is found whole, and what it counts is the phrase before
    ("集装箱箱位223.85万标准箱，增长13.8%。", [("223.85万标准箱", "集装箱箱位"), ("13.8%", "集装箱箱位")]),
    # 内 that begins a word (内河, 内地) is kept; the 内 that closes a span is stripped
    ("内河港口生产用码头泊位17331个，减少854个。", [("17331个", "内河港口生产用码头泊位"), ("854个", "内河港口生产用码头泊位")]),
    # 集中 before a verb is an adverb: the noun after the count ends before it
    ("此次共有98个项目集中开工。", [("98个", "项目")]),
    # a concessive conjunction (虽, 虽然, 却) between the subject and its verb is no part of the subject
    ("高速公路里程虽占公路总里程的2.79%。", [("2.79%", "高速公路里程")]),
    # 目前 and a span of months open the clause as a date does: no part of what is counted
    ("其中1-10月份计划新开工223项，目前实际已开工206项。", [("223项", "计划新开工"), ("206项", "实际已开工")]),
    # the verb 安排 opening a clause: its object is what is counted
    ("今年安排全市重点建设项目444项。", [("444项", "全市重点建设项目")]),
    # 在…中有 says among which ones; the noun after it is counted
    ("其中医院3.0万个，在医院中有公立医院1.2万个。", [("3.0万个", "医院"), ("1.2万个", "公立医院")]),
    # an amount right after 占 + a noun and before 的 is the size of that whole; the share is still the subject's
    ("全国收费公路里程16.81万公里，占公路总里程484.65万公里的3.5%。",
     [("16.81万公里", "全国收费公路里程"), ("484.65万公里", "公路总里程"), ("3.5%", "全国收费公路里程")]),
    # a bound reached by an attribute and followed by 的 is a threshold of that attribute, not a count of the noun
    ("年旅客吞吐量达到100万人次以上的通航机场有106个。", [("100万人次以上", "年旅客吞吐量"), ("106个", "通航机场")]),
    # an amount with a bound between a count and its noun says which ones are counted
    ("此次全市共有156个亿元以上重大项目集中开工。", [("156个", "亿元以上重大项目"), ("亿元以上", "重大项目")]),
    # after 完成…的 comes the plan the share is measured against: the share is of what was named before
    ("目前实际已开工206项，完成年度计划开工的80.8%。", [("206项", "实际已开工"), ("80.8%", "实际已开工")]),
    # a time adverbial (…后) before a figure is no subject: the count is of what the figure before counts
    ("今年安排全市重点建设项目444项（打包项目拆分后共569项）。", [("444项", "全市重点建设项目"), ("569项", "全市重点建设项目")]),
    # 到 opens a date only before one: 到位率 is a word
    ("累计投资完成率44.04%，到位率75.11%。", [("44.04%", "累计投资完成率"), ("75.11%", "到位率")]),
    # a hedge (预计, 预期, 有望) before the verb is no part of the subject
    ("2019年全国卫生总费用预计达65195.9亿元。", [("65195.9亿元", "全国卫生总费用")]),
    # 为…的 before a share names the yardstick, as 占…的 and 完成…的 do
    ("累计完成投资313.64亿元，为年度投资计划的30.90%。", [("313.64亿元", "累计完成投资"), ("30.90%", "累计完成投资")]),
    # a pair joined by 和 is kept whole as a list is, not cut to its last member
    ("2019年乡镇卫生院和社区卫生服务中心（站）门诊服务量达20.3亿人次。",
     [("20.3亿人次", "乡镇卫生院和社区卫生服务中心（站）门诊服务量")]),
    # 总投资 after a count's noun is the sum of those counted, not part of the noun
    ("集中开工的19个项目总投资86.53亿元。", [("19个", "项目"), ("86.53亿元", "项目总投资")]),
    # a verb after the first character ends the noun after a count; at its start it modifies the noun
    ("5家企业入选省潜在独角兽，10家企业挂牌上市，另有172名海外人才正在对接。",
     [("5家", "企业"), ("10家", "企业"), ("172名", "海外人才")]),
    ("本届共有115个签约项目。", [("115个", "签约项目")]),
    # 净减 is a change as 净增 is: of what was named before
    ("一级公路由20667公里减少到19592公里，净减1074公里。", [("20667公里", "一级公路"), ("19592公里", "一级公路"), ("1074公里", "一级公路")]),
    # 另有 opens a clause as 有 does; 各 before the verb is an adverb
    ("另有小学教学点10.14万个，比上年减少0.16万个。", [("10.14万个", "小学教学点"), ("0.16万个", "小学教学点")]),
    ("轨道交通客运量各下降54.3%。", [("54.3%", "轨道交通客运量")]),
    # a measure noun that carries the unit (诊疗人次) names the change stated in that unit after it
    ("入院人次30187.3万，比上年增加5501.1万人次。", [("30187.3万", "入院人次"), ("5501.1万人次", "入院人次")]),
    # 是…的 before a figure names the yardstick: the multiple is of what was named before
    ("全国公路总里程达到484.65万公里，是1984年末的5.2倍。", [("484.65万公里", "全国公路总里程"), ("5.2倍", "全国公路总里程")]),
    # a short aside in brackets that ends the noun right before the figure is part of the noun
    ("全国共有社区卫生服务中心（站）37177个。", [("37177个", "社区卫生服务中心（站）")]),
    # a list after a count is kept whole up to the list length, as one before it is
    ("四川省内396家高校、科研院所、企事业单位及产业园区签订引才协议。", [("396家", "高校、科研院所、企事业单位及产业园区")]),
    # right before the figure, a longer aside in brackets is another name of the noun
    ("国内旅游总人次14.55亿，国内旅游收入（旅游总消费）1.17万亿元。",
     [("14.55亿", "国内旅游总人次"), ("1.17万亿元", "国内旅游收入（旅游总消费）")]),
    ("规模以上文化及相关产业实现利润大概1.3万亿元。", [("1.3万亿元", "利润")]),
    # a relative clause of place (在…的) before a short head says which ones are counted
    ("全国共有村卫生室581964个，在村卫生室工作的人员132.7万。", [("581964个", "村卫生室"), ("132.7万", "在村卫生室工作的人员")]),
    # 上升 is a verb of change as 上涨 is
    ("2016年中国研发经费投入强度为2.11%，2017年进一步上升至2.12%。", [("2.11%", "中国研发经费投入强度"), ("2.12%", "中国研发经费投入强度")]),
    # a long gloss in brackets between the noun and its verb is left out of the subject
    ("研发经费投入强度（研发经费与国内生产总值之比）为2.12%，较上年提高0.01个百分点。",
     [("2.12%", "研发经费投入强度"), ("0.01个百分点", "研发经费投入强度")]),
    # the source of a figure (初步测算, 据统计) opening the clause is no part of what it counts
    ("初步测算去年全社会研究与试验发展（R&D）经费投入2.79万亿元。", [("2.79万亿元", "全社会研究与试验发展（R&D）经费投入")]),
    # a 分别 clause that names its own subjects (X和Y…分别为) does not take the labels of the figures before it
    ("企业研发经费为13733亿元，比上年增长13.1%；政府属研究机构和高等学校研发经费分别为2418.4亿元和1127.7亿元。",
     [("13733亿元", "企业研发经费"), ("13.1%", "企业研发经费"), ("2418.4亿元", "政府属研究机构研发经费"),
      ("1127.7亿元", "高等学校研发经费")]),
    # X完成Y: the part X did (a route, a region) says which Y; the whole (全行业), a time or a count before it do not
    ("国内航线完成旅客运输量43908.02万人次；国际航线完成旅客运输量147.72万人次。",
     [("43908.02万人次", "国内航线旅客运输量"), ("147.72万人次", "国际航线旅客运输量")]),
    ("全行业完成运输总周转量856.75亿吨公里。", [("856.75亿吨公里", "运输总周转量")]),
    ("2022年我国全年完成营业性货运量506.63亿吨。", [("506.63亿吨", "营业性货运量")]),
    ("36个中心城市完成公共交通客运量42.6亿人。", [("36个", "中心城市"), ("42.6亿人", "公共交通客运量")]),
    # a list of nouns each with its figure, the last after 及: each figure is of the noun before it, and 及 opens no label
    ("民航全行业共完成运输总周转量403.5亿吨公里、旅客运输量2亿人次及货邮运输量231.5万吨，按年分别增长19.8%、12.3%及19.4%。",
     [("403.5亿吨公里", "运输总周转量"), ("2亿人次", "旅客运输量"), ("231.5万吨", "货邮运输量"),
      ("19.8%", "运输总周转量"), ("12.3%", "旅客运输量"), ("19.4%", "货邮运输量")]),
    ("铁路共完成货运量5亿吨。", [("5亿吨", "铁路货运量")]),
    # the noun after a count ends at the verb after it (来华, 设置, 建立), not at the 的 after an adjective
    ("支持8300多名各国青年科学家来华工作，启动建设33家“一带一路”联合实验室，建设5个国家级的技术转移平台。",
     [("8300多名", "各国青年科学家"), ("33家", "“一带一路”联合实验室"), ("5个", "国家级的技术转移平台")]),
    ("在70个使领馆（使团）设置科技处，与160多个国家和地区建立科技合作关系。",
     [("70个", "使领馆（使团）"), ("160多个", "国家和地区")]),
    # a day (8日, 今日) and how often (平均每天) open the clause; what was sent out (出动) is counted
    ("8日解放军出动各型军机71架次，军舰9艘次。", [("71架次", "各型军机"), ("9艘次", "军舰")]),
    ("今日北上资金净流入78.61亿元人民币。", [("78.61亿元", "北上资金")]),
    ("目前平均每天揽收快件超过5亿件。", [("超过5亿件", "揽收快件")]),
    # 从业, 复合年均 are words, not the verbs 从 "from" and 年均 "yearly"; 相关的, 政府间的 are adjectives
    ("直接从业人员147万人。", [("147万人", "直接从业人员")]),
    ("复合年均增长率达14%。", [("14%", "复合年均增长率")]),
    ("全球共发表了约1.3万篇与纳米科学相关的论文。", [("约1.3万篇", "与纳米科学相关的论文")]),
    ("签订了114个政府间的科技合作协定。", [("114个", "政府间的科技合作协定")]),
    # a bound of a measure (流域面积…及以上) before the noun it bounds is of that measure; 为期N天的X is X's span;
    # 高 after a measure noun compares, it is no part of it; 开展 takes what was held as counted
    ("全国共有流域面积50平方公里及以上河流45203条。", [("50平方公里及以上", "流域面积"), ("45203条", "河流")]),
    ("开启为期5天的访问活动。", [("5天", "访问活动")]),
    ("单位投资产出量高35%—50%。", [("35%", "单位投资产出量"), ("50%", "单位投资产出量")]),
    ("全国艺术表演团体开展线上演出展播7.63万场次。", [("7.63万场次", "线上演出展播")]),
    # 均 "all" ends the noun after a figure, but 平均, 人均 are words of it
    ("是各领域3.7%的平均复合年增长率。", [("3.7%", "平均复合年增长率")]),
    ("832个贫困县均已摘帽。", [("832个", "贫困县")]),
    # 等离子体 is a word (plasma), not a list ending in 等; 只 "only"; verbs and a dash end the noun after a count;
    # a span after 经过, 历时 … is of what follows its 的; a 分别 clause with its own subject keeps it
    ("等离子体中心电子温度首次达到1亿度。", [("1亿度", "等离子体中心电子温度")]),
    ("账上只有3000元。", [("3000元", "账上")]),
    ("23个重大产品创新项目竣工投产。", [("23个", "重大产品创新项目")]),
    ("构建了66比特可编程量子计算原型机—祖冲之二号。", [("66比特", "可编程量子计算原型机")]),
    ("经过7小时的出舱活动。", [("7小时", "出舱活动")]),
    ("税收增长5%，城乡居民人均可支配收入分别增长8.1%和8.9%。",
     [("5%", "税收"), ("8.1%", "城乡居民人均可支配收入"), ("8.9%", "城乡居民人均可支配收入")]),
    # 那些 the figure before says which (…35岁的有206人), and their share; a share says of what whole; 占比 is a word
    ("年龄不超过35岁的有206人，占比31.9%，年龄不超过40岁的有340人，占比52.7%。",
     [("不超过35岁", "年龄"), ("206人", "年龄不超过35岁"), ("31.9%", "年龄不超过35岁"),
      ("不超过40岁", "年龄"), ("340人", "年龄不超过40岁"), ("52.7%", "年龄不超过40岁")]),
    ("美国在全球半导体制造能力中的份额从1990年的37%下降到了2021年的12%。",
     [("37%", "美国在全球半导体制造能力中的份额"), ("12%", "美国在全球半导体制造能力中的份额")]),
    ("税收占比提高4.7个百分点。", [("4.7个百分点", "税收占比")]),
    ("一下子获得300万元科研资金的支持。", [("300万元", "科研资金")]),
    # a span is of what lasted: the verb before it (在轨运行一年, 持续运行1066秒) or the phrase after it
    ("暗物质粒子探测卫星在轨运行一年。", [("一年", "暗物质粒子探测卫星在轨运行")]),
    ("3名航天员在轨工作已超过4个月。", [("3名", "航天员"), ("超过4个月", "航天员在轨工作")]),
    ("EAST创造了101.2秒高约束等离子体运行的世界纪录。", [("101.2秒", "高约束等离子体运行")]),
    # a long noun phrase is kept whole, not cut inside a word
    ("每万名R&D人员高价值发明专利拥有量指数比上年增长15.6%。", [("15.6%", "每万名R&D人员高价值发明专利拥有量指数")]),
    # the items of a pair, each with the words the pair shares
    ("应用研究和试验发展经费所占比重分别为11.3%和82.1%。", [("11.3%", "应用研究经费所占比重"), ("82.1%", "试验发展经费所占比重")]),
    # real or nominal growth (扣除价格因素, 实际增长) is of what was named before; 实际利用外资 stays a noun
    ("全社会研发经费投入2.79万亿元，按年增长14.2%；扣除价格因素，实际增长9.4%。",
     [("2.79万亿元", "全社会研发经费投入"), ("14.2%", "全社会研发经费投入"), ("9.4%", "全社会研发经费投入")]),
    ("全年实际利用外资1200亿美元。", [("1200亿美元", "实际利用外资")]),
    # an aim (力争, 争取) opening the clause is the adverb of its verb, no part of what is counted
    ("新民营经济发展人才是关键，力争每年吸引人才8万。", [("8万", "人才")]),
    # the end of a range counts what its start counts
    ("力争每年吸引人才8万—10万人。", [("8万", "人才"), ("10万人", "人才")]),
    # 等 that closes a list ends the noun after a figure; 高等 is a word
    ("太平320兆瓦光伏发电项目等123个项目签约，全国共有10所高等学校。",
     [("320兆瓦", "光伏发电项目"), ("123个", "项目"), ("10所", "高等学校")]),
    ("这次活动选取了10名高端人才作为代表。", [("10名", "高端人才")]),
    # a short aside in brackets inside the noun after a count is part of it
    ("集聚100个教授工作室、10个院士（总师）工作室。", [("100个", "教授工作室"), ("10个", "院士（总师）工作室")]),
    ("全年城镇新增就业1244万人，比上年多增38万人。", [("1244万人", "城镇新增就业"), ("38万人", "城镇新增就业")]),
    # a figure in an aside closed before a change is not what changed
    ("年末全国民用汽车保有量33618万辆（其中低速货车719万辆），比上年末增加1715万辆。",
     [("33618万辆", "全国民用汽车保有量"), ("719万辆", "低速货车"), ("1715万辆", "全国民用汽车保有量")]),
    # 含, 包括 (including) open a part that is counted; 含税, 含量 are words
    ("民用汽车保有量33618万辆（含低速货车719万辆），含税价格100元。",
     [("33618万辆", "民用汽车保有量"), ("719万辆", "低速货车"), ("100元", "含税价格")]),
    # 三轮汽车 is a kind of vehicle, not three rounds
    ("年末全国民用汽车保有量33618万辆（包括三轮汽车和低速货车719万辆）。",
     [("33618万辆", "全国民用汽车保有量"), ("719万辆", "三轮汽车和低速货车")]),
    # a hedge opening the clause (预计) is no part of what is counted
    ("该项目总投资约12亿元，建成后预计年产值可达50亿元。", [("约12亿元", "项目总投资"), ("50亿元", "年产值")]),
    # 交付 is a verb: what is delivered is counted, before or after it
    ("ARJ21新支线飞机交付100架，已交付飞机30架。", [("100架", "ARJ21新支线飞机"), ("30架", "飞机")]),
    # 比 + a yardstick + an adjective of degree: the gap is of what stands before 比
    ("全省地区生产总值增长6.1%，增速比全国高0.9个百分点。", [("6.1%", "全省地区生产总值"), ("0.9个百分点", "增速")]),
    # a grade (一等奖, 特等奖) holds 等 but closes no list: it is what is counted
    ("授奖项目157项，其中：特等奖2项，一等奖18项。", [("157项", "授奖项目"), ("2项", "特等奖"), ("18项", "一等奖")]),
    # 其他, 其余 are words: the pronoun 其 is stripped, not their first character
    ("医院38.8亿人次，其他医疗卫生机构3.4亿人次。", [("38.8亿人次", "医院"), ("3.4亿人次", "其他医疗卫生机构")]),
    # a list set off by 、 before 分别: the n-th figure, and the n-th change after it, are of its n-th item
    ("轨道交通、轮渡客运量分别完成19.1亿人和453万人，同比分别增长0.3%和17.3%。", [("19.1亿人", "轨道交通客运量"), ("453万人", "轮渡客运量"), ("0.3%", "轨道交通客运量"), ("17.3%", "轮渡客运量")]),
    # how a figure was reckoned (初步推算, 测算) before its verb is no part of what is counted
    ("2021年卫生总费用初步推算为75593.6亿元。", [("75593.6亿元", "卫生总费用")]),
    # 共 and a verb (共查验, 共登记): the object is counted, not the agent; 公共 and 共有 are words
    ("全国移民管理机构共查验出入境人员6506.5万人次，上半年全国共登记技术合同136434项，全国共有公共图书馆3309个。", [("6506.5万人次", "出入境人员"), ("136434项", "技术合同"), ("3309个", "公共图书馆")]),
    # an index's level in points (报3117.18点), and its move after it, are of the index named before 报
    ("截至收盘，上证指数报3117.18点，跌0.17%，成交额2695.14亿元。", [("3117.18点", "上证指数"), ("0.17%", "上证指数"), ("2695.14亿元", "成交额")]),
    # a flow of money (净流出, 净流入) is the verb, and 今日 an adverb before it: what flows is counted
    ("沪深两市主力资金今日净流出40.45亿元，科创板主力资金净流入1.79亿元。", [("40.45亿元", "沪深两市主力资金"), ("1.79亿元", "科创板主力资金")]),
    # a note of scope in brackets right before the figure (不含边民) is no part of what is counted; inside the noun it stays
    ("免签入境来华外国人（不含边民）195.7万人次，县级（含县级市）医院17555所。", [("195.7万人次", "免签入境来华外国人"), ("17555所", "县级（含县级市）医院")]),
    # 以 "with" right before the figure opens it, it is no part of the subject
    ("技术服务合同以3684.1亿元成交额居首。", [("3684.1亿元", "技术服务合同")]),
    # 环比 is a comparison as 同比 is: the change after it is of what was named before
    ("11月份，CPI同比上涨1.6%，环比下降0.2%。", [("1.6%", "CPI"), ("0.2%", "CPI")]),
    # a rate's move (回落, 扩大, 缩减至) is a change, and 比上月 a yardstick as 比上年 is
    ("食品价格同比上涨3.7%，涨幅比上月回落3.3个百分点，代码数量由3542个缩减至1389个。", [("3.7%", "食品价格"), ("3.3个百分点", "涨幅"), ("3542个", "代码数量"), ("1389个", "代码数量")]),
    # a share of a yardstick after 恢复至 (按可比口径恢复至2019年同期的42.8%) is of what was named before
    ("全国国内旅游出游5271.34万人次，同比增长0.44%，按可比口径恢复至2019年同期的42.8%。", [("5271.34万人次", "全国国内旅游出游"), ("0.44%", "全国国内旅游出游"), ("42.8%", "全国国内旅游出游")]),
    # a gap after a comparison that names only the yardstick (超过时间进度13.8个百分点) is of what the share before it is of
    ("重点项目投资629.0亿元，占年度计划的97.2%，超过时间进度13.8个百分点。", [("629.0亿元", "重点项目投资"), ("97.2%", "重点项目投资"), ("13.8个百分点", "重点项目投资")]),
    # 其中 and a scope word before X的Y do not make the owner X too long to keep
    ("其中万吨级以上的泊位有2751个，全国内河航道的通航里程是12.8万公里。", [("2751个", "万吨级以上的泊位"), ("12.8万公里", "内河航道的通航里程")]),
    # 发表, 获授权 … are verbs whose object is counted: the agent and the verb are no part of the label
    ("在国内外各种学术刊物上发表了学术论文60多篇，获授权发明专利50件。", [("60多篇", "学术论文"), ("50件", "授权发明专利")]),
    # a model's digits after a Chinese character and a hyphen (歼-15) are part of its name, not a number that ends the noun
    ("这艘航母可搭载36架歼-15战机。", [("36架", "歼-15战机")]),
    # what a ship or missile carries (搭载, 携带) is counted, a range's start counts it too; 不过 opening the clause is a conjunction
    ("不过可搭载32至36架歼-15战机，标准排水量67500吨，搭载歼-15舰载机24架。", [("32", "歼-15战机"), ("36架", "歼-15战机"), ("67500吨", "标准排水量"), ("24架", "歼-15舰载机")]),
    # 比 + a yardstick + an adjective of degree and 了: the gap is of what stands before 比
    ("张钟华和他的团队是因“量子化霍尔电阻基准”项目领先国际而荣获国家科技进步一等奖的——这一基准的准确度比国外最高水平还高了10倍多！",
     [("10倍", "准确度")]),
    # a dash (——) after a figure opens an aside, it names nothing measured
    ("油菜籽亩产达到175.7公斤——中国农科院油料所团队6年持续耕耘。", [("175.7公斤", "油菜籽亩产"), ("6年", None)]),
    # an adverb before the verb (一度) and a conjunction opening the clause (但) are no part of what is measured
    ("其发射成功率一度高达96.7%，但运载能力也已达到了1.9吨。", [("96.7%", "发射成功率"), ("1.9吨", "运载能力")]),
    # 历时, 用时 give the span of what was named before them
    ("飞船成功对接于空间站天和核心舱径向端口，整个对接过程历时约6.5小时。", [("约6.5小时", "整个对接过程")]),
    # a clause of change alone after a figure labelled by the noun after it is that figure's change
    ("去年国内完成612.88亿人次跨区域人员流动量，同比增长30.7%。", [("612.88亿人次", "跨区域人员流动量"), ("30.7%", "跨区域人员流动量")]),
    # the pronoun 它 opening the phrase is no part of what is measured
    ("它舰长160米，排水量超过7000吨。", [("160米", "舰长"), ("超过7000吨", "排水量")]),
    # a dimension of one character alone before a length (长183米, 宽22米, 长达180米) is what is measured
    ("055型导弹驱逐舰的技战术性能如下：长183米，宽22米，吃水8米。", [("183米", "长"), ("22米", "宽"), ("8米", "吃水")]),
    # a verb after the noun (正处于, 开通, 整合) ends it, after its first character
    ("全球有162种候选疫苗正处于研发阶段，共有53个城市开通运营城市轨道交通。", [("162种", "候选疫苗"), ("53个", "城市")]),
    # 开通 opening the clause: the lines opened are counted
    ("开通国际道路客货运输线路300余条。", [("300余条", "国际道路客货运输线路")]),
    # 级 after a unit gives the class of the thing named after it; 很快 after the noun is an adverb that ends it
    ("多项关键技术被突破，3兆瓦级高速感应电机系统很快研制成功。", [("3兆瓦", "高速感应电机系统")]),
    # after a verb of what is counted (拥有) and a second verb (一共有), the object between them is counted
    ("港口拥有生产性码头泊位一共有2.1万个。", [("2.1万个", "生产性码头泊位")]),
    # X的人员 keeps X, which says which staff: a bare 人员 would name every staff
    ("在村卫生室工作的人员136.7万人中，执业（助理）医师和持乡村医生证的人员114.1万人。", [("136.7万人", "在村卫生室工作的人员"), ("114.1万人", "执业（助理）医师和持乡村医生证的人员")]),
    # a number alone before 的 (a hull number) is no part of the label
    ("据推测，003的水线长度约300米。", [("约300米", "水线长度")]),
    # a dash opening the sentence (——) is punctuation, no part of the label
    ("——暗物质粒子探测卫星在轨运行一年。", [("一年", "暗物质粒子探测卫星在轨运行")]),
    # a clause of 比 + a yardstick + 高 alone: the gap is of the share just stated
    ("发明专利申请所占比重为53.5%，比规模以上制造业平均水平高15.6个百分点。",
     [("53.5%", "发明专利申请所占比重"), ("15.6个百分点", "发明专利申请所占比重")]),
    # 安装, 并网 after the noun are its predicate (机组并网发电), not part of what is counted
    ("今年有6台核电机组并网发电，3台风电机组安装完毕。", [("6台", "核电机组"), ("3台", "风电机组")]),
    # a clause of 占 + the whole + 比重 with its subject left out: the share names itself
    ("经费支出6960.2亿元；占规模以上制造业的比重为34.6%，比2018年提高6.2个百分点。",
     [("6960.2亿元", "经费支出"), ("34.6%", "占规模以上制造业的比重"), ("6.2个百分点", "占规模以上制造业的比重")]),
    # 占地 is a noun (floor area), not 占 "a share of"; a dimension after a demonstrative and its measure word is measured
    ("正是从这台重30余吨、占地约170平米的机器开始，园区占地约3000亩。",
     [("30余吨", "重"), ("约170平米", "占地"), ("约3000亩", "园区占地")]),
    # a demonstrative and its measure word opening the phrase are no part of what is measured
    ("这座大桥长1.5公里。", [("1.5公里", "大桥长")]),
    # a lasting verb after a temperature is its predicate; a span after a verb of what is done measures what lasted
    ("EAST首次实现1亿摄氏度高温等离子体持续运行1066秒，去年实现了403秒稳态长脉冲等离子体运行。",
     [("1亿摄氏度", "高温等离子体"), ("1066秒", "高温等离子体持续运行"), ("403秒", "稳态长脉冲等离子体运行")]),
    ("等离子体中心电子温度首次实现1亿摄氏度运行近10秒。", [("1亿摄氏度", "等离子体中心电子温度"), ("近10秒", "运行")]),
    # 零部件, 零售 are words, not a number zero; 协同 after the noun is its predicate
    ("近百万个零部件协同工作，全市新增120家零售企业。", [("近百万个", "零部件"), ("120家", "零售企业")]),
    # a verb right after 、 opens a list item's modifier; a long list before 分别 is kept whole, each item to its figure
    ("技术市场成交合同平均金额指数、拥有注册商标企业所占比重指数、每万人科技论文数指数分别比上年增长5.0%、4.7%和1.2%。",
     [("5.0%", "技术市场成交合同平均金额指数"), ("4.7%", "拥有注册商标企业所占比重指数"), ("1.2%", "每万人科技论文数指数")]),
    # 发放, 派发 are verbs whose object is what is paid out
    ("银行发放贷款1000亿元，公司向全体股东派发现金红利0.15元。", [("1000亿元", "贷款"), ("0.15元", "现金红利")]),
    # the base of a rate after 每 and a space (每 10股) names nothing counted
    ("向全体股东每 10股派发现金红利 0.15元（含税）。", [("10股", None), ("0.15元", "现金红利")]),
    # 完成投资 is the statistics' term for the investment made, as written (累计完成投资 too)
    ("28个百亿项目完成投资1142亿元，重点工程累计完成投资1300亿元以上。",
     [("28个", "百亿项目"), ("1142亿元", "完成投资"), ("1300亿元以上", "累计完成投资")]),
    # after a count and its noun, a count in another unit is not of that noun (the people, not the discoveries)
    ("诺贝尔自然科学奖授予409项重要科学发现共645人次。", [("409项", "重要科学发现"), ("645人次", None)]),
    # a period named right after a span is what lasted (三年有效期); an adverb of time with 期 (中长期) is not
    ("三年有效期内企业所得税税率为15%，制定5年中长期规划。", [("三年", "有效期"), ("15%", "企业所得税税率"), ("5年", None)]),
    # after 累计, a verb and its object: the object is counted (not the agent, nor the verb)
    ("工作站已累计收集常规粳稻各世代育种材料22935份，全市已累计培训农民工10万人次。",
     [("22935份", "常规粳稻各世代育种材料"), ("10万人次", "农民工")]),
    # the yardstick after 比 may hold 的 (最快的超算): the gap is still of what stands before 比
    ("其计算速度比目前世界上计算速度最快的超算快了1000万倍。", [("1000万倍", "计算速度")]),
    # a clause of change alone is of the subject of the clause right before it, when that holds no figure
    ("该领域5个评价指标指数全部实现增长；其中，享受加计扣除减免税企业所占比重指数较快提升，比上年增长24.0%。",
     [("5个", "评价指标指数"), ("24.0%", "享受加计扣除减免税企业所占比重指数")]),
    # an index named after a share (占…比重指数) holds 占 inside its name
    ("理工类毕业生占适龄人口比重指数比上年增长15.1%。", [("15.1%", "理工类毕业生占适龄人口比重指数")]),
    # a measure word that is itself the noun (部门) is the label, whatever verb follows
    ("工业和信息化部等7部门提出推动未来产业创新发展的实施意见。", [("7部门", "部门")]),
    # an amount alone in brackets after a noun, and a count right after the brackets, are of that noun
    ("其中，国家战略先导专项（2.5亿元）1项、重点研发计划12项。",
     [("2.5亿元", "国家战略先导专项"), ("1项", "国家战略先导专项"), ("12项", "重点研发计划")]),
    ("九年义务教育巩固率达93.8%。", [("93.8%", "九年义务教育巩固率")]),
    # a conjunction ending a label joins it to nothing and is stripped; the 和 of 碳中和 is kept
    ("国家高新区汇聚了全国33%的高新技术企业和46%的专精特新企业，全国实现碳中和100%。",
     [("33%", "高新技术企业"), ("46%", "专精特新企业"), ("100%", "碳中和")]),
    # 比重 is a noun, 提高 a verb: no comparison 比…高; an adverb alone before 占 leaves the share to name itself
    ("铁路、水路的货运量分别增长4.4%和3.8%，合计占营业性货运量比重较上年提高1.8个百分点。",
     [("4.4%", "铁路货运量"), ("3.8%", "水路的货运量"), ("1.8个百分点", "合计占营业性货运量比重")]),
    # 连续 "in a row" is an adverb: it ends the subject, the ordinal after it is no part of the label
    ("黄金储备已连续第7个月净增长，累计增加463万盎司。", [("463万盎司", "黄金储备")]),
    # 运送 and its object are the term of transport statistics, after an agent too
    ("这些公路每年运送货物400多亿吨，民航运送旅客715万人次。", [("400多亿吨", "运送货物"), ("715万人次", "运送旅客")]),
])
def test_labels_say_which_ones_are_counted(text, expected):
    assert [(q.text, q.label) for q in find_quantities(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # 用 of 用户, 共 of 共建 and 为 of 作为 begin or end words: no label opens or closes inside them
    ("中国电信已推出量子加密办公应用，用户规模近500万。", [("近500万", "用户规模")]),
    ("其中，省部共建国家重点实验室保持在70个左右。", [("70个左右", "省部共建国家重点实验室")]),
    ("我国作为合作成员参加的约有21项。", [("21项", None)]),
    # a phrase before the figure longer than a label may be, cut to that length, would open inside a word
    ("吉林省前郭县红旗农场吉粳88超级稻万亩示范区平均亩产达702.1公斤。", [("702.1公斤", None)]),
])
def test_labels_keep_words_whole(text, expected):
    assert [(q.text, q.label) for q in find_quantities(text)] == expected


def test_a_figure_as_the_text_states_it():
    from publish.figures import stated

    def first(text):
        return stated(extract(Document(sections=(Section("a", 1, blocks=(Paragraph.plain(text),)),)))[0])

    assert first("投入759亿元。") == (Decimal(759), "亿元", "759亿元")
    assert first("用户超过2.7亿。") == (Decimal("2.7"), "亿", "超过2.7亿")
    assert first("吸引了四千多名海外人才。") == (Decimal(4000), "名", "4000多名")
    assert first("共二十四万三千人。") == (Decimal("24.3"), "万人", "24.3万人")
    assert first("用了一个月。") == (Decimal(1), "个月", "1个月")
    assert first("飞行了三个多小时。") == (Decimal(3), "个小时", "3个多小时")
    assert first("合作了两个多月。") == (Decimal(2), "个月", "2个多月")
    assert first("占比达到百分之三十。") == (Decimal(30), "%", "30%")
    assert first("有数千家企业。") == (None, "家", "数千家")
    assert first("采用55和40纳米工艺。") == (Decimal(55), "纳米", "55纳米")
    assert first("招募3-5万人。") == (Decimal(3), "万人", "3万人")
    assert first("仍未达到欧盟的1/3。") == (Decimal("33.33"), "%", "1/3")  # a share as written
    assert first("占三分之一。") == (Decimal("33.33"), "%", "三分之一")


def test_every_figure_found_in_the_labelled_texts_can_be_stated():
    # the writers show each figure through stated(): a kind of figure it cannot read again (a slash fraction, once)
    # would stop the PDF and the annex
    texts = [p.text for part in (*MEASURED_LABELS, "heldout", "heldout4") for p in load_labelled(part)]
    document = Document(sections=tuple(Section(f"s{i}", 1, blocks=(Paragraph.plain(t),)) for i, t in enumerate(texts)))
    found = extract(document)
    assert len(found) > 1900
    assert all(stated(figure).display for figure in found)


def test_key_figures_by_weight_not_order():
    from publish.figures import key_figures, key_weight

    text = ("采用55和40纳米工艺，28纳米工艺实现产业化。增收节支效益450亿元，抗虫棉新品种累计推广4亿亩，"
            "国产抗虫棉份额达到96%以上。吸引了四千多名海外人才，建成实验基地94个，用时5年。")
    found = extract(Document(sections=(Section("a", 1, blocks=(Paragraph.plain(text),)),)))
    # the sixth place goes to what weighs least (55 of a process node, 5年 unlabelled), in text order
    assert [f.text for f in key_figures(found)] == ["450亿元", "四千多名", "94个", "96%以上", "4亿亩", "55"]
    assert {key_weight(f) for f in found if "纳米" in f.unit} == {6}  # process nodes only when nothing else


def test_the_chart_takes_one_kind_of_amount_each_fact_once():
    from publish.figures import chart_amounts

    def figures(*texts):
        return extract(Document(sections=tuple(Section(f"s{i}", 1, (f"_Toc{i}",), blocks=(Paragraph.plain(t),))
                                               for i, t in enumerate(texts))))

    kind, currency, bars = chart_amounts(figures("中央投入200亿元，企业投入350亿元。", "地方投入120亿元，销售收入超过400亿元。",
                                                  "中央投入200亿元。"))
    assert (kind, currency) == ("投入", "元")
    assert [(b.label, b.value) for b in bars] == [("企业投入（350亿元）", 350), ("中央投入（200亿元）", 200),
                                                   ("地方投入（120亿元）", 120)]
    assert chart_amounts(figures("中央投入200亿元，企业投入350亿元。"))[2] == []  # two compare: no chart
    assert chart_amounts(figures("收入过百亿元的企业，收入超过400亿元，收入超过500亿元，收入超过600亿元。"))[2] == []


def test_a_long_list_before_fenbie_is_cut_as_before_when_its_items_do_not_match_the_figures():
    # three items, two figures: no item is given to a figure, and no label is longer than a list's longest
    text = "技术市场成交合同平均金额指数、拥有注册商标企业所占比重指数、每万人科技论文数指数分别比上年增长5.0%和4.7%。"
    assert all(len(q.label or "") <= labels._LIST_LABEL_MAX for q in find_quantities(text))
