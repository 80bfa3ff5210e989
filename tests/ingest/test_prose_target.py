"""Layout `prose-target`: a project's 绩效目标设定的公示 with its indicators written inline in
sentences under 一级 headings (041), read on the real page and on notices of the same kind
written differently (full-width ：；, numbered headings and 二级 labels, a 满意度 section,
qualitative values), with what is in doubt warned of and a text without a project refused."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.model import Category
from jixiao.ingest import READERS, IngestError, prose_target, read_bytes, read_text
from jixiao.ingest.source import decode
from tests.ingest.test_pathological import seeds

FIXTURES = Path(__file__).parents[1] / "fixtures"
PAGE = FIXTURES / "corpus" / "041_ningxia-tongxin-xiamaguan-putao-target-prose.txt"

NOTICE = """某县交通运输局关于2024年马家村道路硬化项目绩效目标的公示
发布机构：某县交通运输局
根据《某县2024年财政衔接推进乡村振兴补助资金分配方案》，安排中央财政衔接资金120.50万元，实施马家村道路硬化项目，实施单位为某县马家村村民委员会，建设地点：马家村一组至三组，建设内容：硬化村组道路3.2公里，路面宽4.5米。年度绩效目标为：完成道路硬化3.2公里，解决群众出行难问题。现将绩效目标公示如下：
（一）产出指标
1.数量指标：硬化道路长度（≥**公里）≥3.2公里；召开验收会议（=*次）=1次。
2.质量指标：工程验收合格率（≥**%）≥95%。
3.时效指标：项目完成时间（≤**个月）≤3个月。
4.成本指标：每公里建设成本≤37.65万元。
（二）效益指标
社会效益指标：群众出行条件：明显提升；受益群众人数不少于860人。
可持续影响指标：道路使用年限（≥**年）≥10年。
（三）满意度指标
服务对象满意度指标：受益群众满意度（≥**%）≥95%。
以上公示期5个工作日，如有异议请反映。
联系电话：0000-1234567
某县交通运输局
2024年2月1日
"""


def notice(*, head: str = "", body: str | None = None, items: str | None = None) -> str:
    """A small notice of this kind: a title, a body, the three sections, a signature."""
    return (
        (head or "关于2023年某村肉牛养殖项目绩效目标设定的公示\n")
        + (body if body is not None else "安排资金30万元，实施某村肉牛养殖项目。")
        + "\n一、产出指标\n"
        + (items if items is not None else "数量指标：新建牛棚数量（≥**座）≥2座。")
        + "\n二、效益指标\n经济效益指标：养殖户增收（≥**万元）≥12万元。"
        + "\n三、满意度指标\n服务对象满意度指标：养殖户满意度（≥**%）≥90%。\n"
        + "某县某镇人民政府\n2023年4月6日\n"
    )


# the real page


def test_the_real_page_reads_its_project_from_the_title_and_body() -> None:
    document = read_bytes(PAGE.read_bytes(), PAGE.name)
    assert document.layout == "prose-target"
    [project] = document.projects
    assert project.name == "下马关镇设施农业黄金蜜(葡萄)种植项目"  # the title's, not 同心县…
    assert project.title is None  # the notice's title is no table's (the writers write it as one)
    assert (project.unit.name, project.year, document.year) == ("同心县下马关镇", 2023, 2023)
    # 资金50万元, arranged by the 中央财政 funds' notice: the total, and fiscal money
    assert (project.money_unit, project.budget.total, project.budget.fiscal) == (
        "万元", Decimal("50"), Decimal("50"),
    )  # fmt: skip
    assert project.budget.other is None
    assert str(project.budget.total) == "50"
    assert project.purpose == "按照1760株/栋的标准,在10栋设施温棚中种植黄金蜜(葡萄)。"
    assert project.goals == [
        "增加特色产业产值80万元,受益脱贫户、监测户10户,促使脱贫户、监测户增加收入80万元。"
    ]


def test_the_real_page_reads_each_inline_indicator_with_its_hint_and_stars() -> None:
    [project] = read_bytes(PAGE.read_bytes(), PAGE.name).projects
    rows = [(i.level1, i.level2, i.name, i.target.raw) for i in project.indicators]
    assert rows == [
        (
            "产出指标",
            "数量指标",
            "★补助各类瓜果蔬菜种植数量,黄金蜜(葡萄)种植数量(≥**株)",
            ">=17600株",
        ),
        ("产出指标", "数量指标", "种植作物成活率(≥**%)", ">=85"),
        ("产出指标", "时效指标", "完成及时率(≥**%)", ">=100%"),
        ("产出指标", "成本指标", "作物种植补助标准,黄金蜜(葡萄)补助成本(≤**元/株)", "≤28.40/株"),
        ("效益指标", "经济效益指标", "脱贫地区特色产业产值(≥**万元)", "≥80万元"),
        ("效益指标", "经济效益指标", "促使脱贫户、监测户增加收入(≥**万元)", "≥80万元"),
        ("效益指标", "社会效益目标", "★★★受益脱贫户、监测户人口数(≥**户)", "≥10户"),
        ("效益指标", "生态效益指标", "生态修复功能提高", "生态修复功能提高"),
        ("效益指标", "可持续影响指标", "持续发展", "持续发展"),
        ("满意度指标", "服务对象满意度指标", "受益脱贫户满意度(≥**%)", "≥95%"),
    ]
    first, cost, social = project.indicators[0], project.indicators[3], project.indicators[6]
    assert (first.target.op, first.target.number, first.target.unit) == (">=", 17600, "株")
    assert (cost.target.op, str(cost.target.number)) == ("<=", "28.40")  # written precision
    assert social.category == Category(level1="效益指标", level2="社会效益指标")


def test_the_real_page_warns_of_what_it_could_not_be_sure_of() -> None:
    document = read_bytes(PAGE.read_bytes(), PAGE.name)
    assert [(w.line, w.cell) for w in document.warnings] == [
        (8, "项目负责人金秀梧"),  # no field for it: warned of by name
        (10, "★补助各类瓜果蔬菜种植数量"),  # a part without a value, read into the next name
        (10, "作物种植补助标准"),
        (12, "生态修复功能提高"),  # name and value cannot be told apart
        (12, "持续发展"),
        (15, "附件:下马关镇设施农业黄金蜜(葡萄)种植项目绩效目标设定表.…"),
    ]
    messages = [w.message for w in document.warnings]
    assert messages[0] == "「项目负责人」一项未读入（系统暂无对应栏目）"
    assert messages[1].startswith("「★补助各类瓜果蔬菜种植数量」后面没有指标值，读作下一项")
    assert "分不出指标名称和指标值" in messages[3]
    assert "附件不在本文件中" in messages[5]
    assert {w.table for w in document.warnings} == {"下马关镇设施农业黄金蜜(葡萄)种植项目"}


def test_only_the_prose_page_is_claimed_among_the_fixtures() -> None:
    texts = [
        *sorted((FIXTURES / "corpus").glob("*.txt")),
        FIXTURES / "shanhaiguan-commerce-targets.txt",
    ]
    claimed = [
        path.name for path in texts if prose_target.looks_like(decode(path.read_bytes(), "x"))
    ]
    assert claimed == [PAGE.name]
    readers = [r.layout for r in READERS]  # after the tables' readers, before the refusal
    assert readers.index("label-lines") < readers.index("prose-target") < readers.index("scrambled")
    for text in (PAGE.read_text(encoding="utf-8"), NOTICE):  # and no other reader claims them
        assert [r.layout for r in READERS if r.looks_like(text)] == ["prose-target"]


# the same kind of notice, written differently


def test_a_notice_written_otherwise_reads_to_the_same_shape() -> None:
    assert prose_target.looks_like(NOTICE)
    document = read_text(NOTICE, "notice.txt")
    assert document.layout == "prose-target"
    [project] = document.projects
    # the title's name (the publisher before 关于 left out), the year it writes
    assert (project.name, project.year) == ("2024年马家村道路硬化项目", 2024)
    assert project.unit.name == "某县马家村村民委员会"  # the body's 实施单位 over the publisher
    assert (project.budget.total, project.budget.fiscal) == (Decimal("120.50"), Decimal("120.50"))
    assert str(project.budget.total) == "120.50"
    assert project.purpose == "硬化村组道路3.2公里，路面宽4.5米。"
    assert project.goals == ["完成道路硬化3.2公里，解决群众出行难问题。"]
    rows = [(i.category, i.name, i.target.raw) for i in project.indicators]
    output = lambda two: Category(level1="产出指标", level2=two)  # noqa: E731
    benefit = lambda two: Category(level1="效益指标", level2=two)  # noqa: E731
    assert rows == [
        (output("数量指标"), "硬化道路长度（≥**公里）", "≥3.2公里"),
        (output("数量指标"), "召开验收会议（=*次）", "=1次"),
        (output("质量指标"), "工程验收合格率（≥**%）", "≥95%"),
        (output("时效指标"), "项目完成时间（≤**个月）", "≤3个月"),
        (output("成本指标"), "每公里建设成本", "≤37.65万元"),  # 4.成本指标 under （一）: a 二级
        (benefit("社会效益指标"), "群众出行条件", "明显提升"),
        (benefit("社会效益指标"), "受益群众人数", "不少于860人"),
        (benefit("可持续影响指标"), "道路使用年限（≥**年）", "≥10年"),
        (
            Category(level1="满意度指标", level2="服务对象满意度指标"),
            "受益群众满意度（≥**%）",
            "≥95%",
        ),
    ]
    values = {i.name: i.target for i in project.indicators}
    assert (values["召开验收会议（=*次）"].op, values["召开验收会议（=*次）"].number) == ("=", 1)
    assert values["项目完成时间（≤**个月）"].unit == "个月"
    assert values["群众出行条件"].kind == "qualitative"
    assert (values["受益群众人数"].op, values["受益群众人数"].number) == (">=", 860)
    # 建设地点 has no field; the trailer (公示期, 联系电话, signature, date) is passed over
    assert [(w.line, w.cell) for w in document.warnings] == [(3, "建设地点：马家村一组至三组")]


def test_a_part_without_a_value_is_read_into_the_next_name_with_a_warning() -> None:
    document = read_text(
        notice(items="数量指标：★养殖规模，存栏肉牛数量（≥**头）≥50头；完成率，≥95%。"), "n.txt"
    )
    names = [(i.name, i.target.raw) for i in document.projects[0].indicators][:2]
    assert names == [("★养殖规模，存栏肉牛数量（≥**头）", "≥50头"), ("完成率", "≥95%")]
    [warning] = document.warnings  # 完成率 has no name after it: no doubt
    assert (warning.line, warning.cell) == (4, "★养殖规模")


def test_an_item_without_its_value_is_kept_whole_and_warned_of() -> None:
    document = read_text(
        notice(items="数量指标：新建牛棚数量（≥**座）；质量指标：牛棚质量达标"), "n.txt"
    )
    shed, quality = document.projects[0].indicators[:2]
    assert (shed.name, shed.target.kind) == ("新建牛棚数量（≥**座）", "empty")
    assert (quality.name, quality.target.raw, quality.level2) == (
        "牛棚质量达标",
        "牛棚质量达标",
        "质量指标",
    )
    assert [(w.line, w.cell) for w in document.warnings] == [
        (4, "新建牛棚数量（≥**座）"),
        (4, "牛棚质量达标"),
    ]
    assert document.warnings[0].message.startswith("「新建牛棚数量（≥**座）」没有写指标值")


def test_items_listed_with_a_pause_mark_are_parted_where_each_has_a_value() -> None:
    [project] = read_text(
        notice(items="数量指标：新建牛棚≥2座、购置肉牛≥40头；受益脱贫户、监测户数≥8户。"), "n.txt"
    ).projects
    assert [(i.name, i.target.raw) for i in project.indicators][:3] == [
        ("新建牛棚", "≥2座"), ("购置肉牛", "≥40头"), ("受益脱贫户、监测户数", "≥8户"),
    ]  # fmt: skip


def test_lines_among_the_indicators_that_are_none_are_warned_of_once() -> None:
    items = "数量指标：新建牛棚数量≥2座。\n（注：带★的为必选指标）\n说明见附表\n质量指标：验收合格率≥95%。"
    document = read_text(notice(items=items), "n.txt")
    assert [i.name for i in document.projects[0].indicators][:2] == ["新建牛棚数量", "验收合格率"]
    [warning] = document.warnings
    assert (warning.line, warning.cell) == (5, "（注：带★的为必选指标）")
    assert warning.message.startswith("第5行至第6行（2 行）在绩效指标之间，但不是指标")


def test_the_body_names_the_project_where_the_title_does_not() -> None:
    text = notice(head="绩效目标公示\n", body="下达资金30万元，实施某村肉牛养殖项目。")
    [project] = read_text(text, "n.txt").projects
    assert project.name == "某村肉牛养殖项目"
    assert project.unit.name == "某县某镇人民政府"  # the signature above the closing date
    assert project.year is None  # no year written: none taken


def test_a_title_and_body_naming_different_projects_are_warned_of() -> None:
    document = read_text(notice(body="安排资金30万元，实施某村肉羊养殖项目。"), "n.txt")
    assert document.projects[0].name == "2023年某村肉牛养殖项目"
    [warning] = document.warnings
    assert warning.message == (
        "标题称项目为「2023年某村肉牛养殖项目」，正文称「某村肉羊养殖项目」；"
        "按标题读作「2023年某村肉牛养殖项目」，请核对"
    )


def test_several_amounts_give_the_total_written_as_such_and_its_parts() -> None:
    body = (
        "项目总投资共计80万元，其中：中央财政资金50万元，群众自筹资金30万元，实施某村肉牛养殖项目。"
    )
    [project] = read_text(notice(body=body), "n.txt").projects
    assert (project.budget.total, project.budget.fiscal, project.budget.other) == (
        Decimal("80"), Decimal("50"), Decimal("30"),
    )  # fmt: skip


def test_several_amounts_without_a_total_leave_it_empty_with_a_warning() -> None:
    body = "安排中央财政资金50万元、县级财政资金20万元，实施某村肉牛养殖项目。"
    document = read_text(notice(body=body), "n.txt")
    assert document.projects[0].budget.total is None
    [warning] = document.warnings
    assert warning.line == 2
    assert "多笔资金（资金50万元、资金20万元）" in warning.message


def test_several_years_in_the_funds_text_leave_the_year_empty_with_a_warning() -> None:
    head = "关于某村肉牛养殖项目绩效目标设定的公示\n"
    body = "安排2022年、2023年资金30万元，实施某村肉牛养殖项目。"
    document = read_text(notice(head=head, body=body), "n.txt")
    assert document.projects[0].year is None
    assert "多个年度（2022年、2023年）" in document.warnings[0].message


# refusals and what is not this layout


def test_a_notice_naming_no_project_is_refused_saying_where() -> None:
    text = notice(head="绩效目标公示\n", body="安排资金30万元。")
    with pytest.raises(IngestError, match=r"n\.txt 第1行：文中没有写明项目名称"):  # the title
        read_text(text, "n.txt")


def test_text_without_a_heading_is_refused_by_the_reader() -> None:
    with pytest.raises(IngestError, match="第1行：文中没有“一、产出指标”这样的指标类别标题"):
        prose_target.read("某项目绩效目标\n数量指标：种植≥1株\n", "n.txt")


@pytest.mark.parametrize(
    "text",
    [
        # a self-evaluation report: what was done, no 产出指标 heading
        "一、绩效目标完成情况\n1.产出指标完成情况。数量指标：完成种植17600株，成活率≥85%。\n",
        # a cell a line: the 二级 label alone, the value on a line of its own
        "项目绩效目标表\n一级指标\n产出指标\n数量指标\n种植数量\n≥17600株\n",
        # no 绩效目标 anywhere
        "一、产出指标\n数量指标：种植数量(≥**株)>=17600株；成活率>=85%。\n",
        # a table row
        "项目绩效目标\n产出指标\n数量指标：| 种植数量 | >=17600株 | 成活率 | >=85% |\n",
    ],
    ids=["self-evaluation", "cell-lines", "no-goal", "table-row"],
)
def test_other_texts_are_not_claimed(text: str) -> None:
    assert not prose_target.looks_like(text)


# linear, whatever the input

RUN = 9_000


def _with(number: int, text: str) -> str:
    lines = PAGE.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = text
    return "\n".join(lines)


HUGE = {
    "opening brackets in an item": _with(10, "数量指标:" + "(" * RUN),
    "hints run together": _with(10, "数量指标:" + "(≥**株" * (RUN // 6)),
    "labels run together": _with(10, "数量指标:" * (RUN // 5)),
    "commas": _with(10, "数量指标:" + "a," * (RUN // 2)),
    "pause marks": _with(10, "数量指标:" + "a、" * (RUN // 2)),
    "items with values in a list": _with(10, "数量指标:" + "a≥1、" * (RUN // 4)),
    "operators": _with(10, "数量指标:a" + "≥" * RUN),
    "body brackets": _with(8, "《" * RUN),
    "body amounts": _with(8, "资金1万元" * (RUN // 5)),
    "20,000 indicator lines": _with(10, "\n".join(["数量指标:a≥1;b≥2"] * 20_000)),
    "20,000 lines among the indicators": _with(10, "x\n" * 20_000 + "数量指标:a≥1"),
}


@pytest.mark.parametrize("name", sorted(HUGE))
def test_detection_and_reading_are_linear(name: str) -> None:
    text = HUGE[name]
    assert seeds(lambda: prose_target.looks_like(text)) < 20, name
    # 20,000 lines or 4,500 indicators are hundreds of times the seed's; a step quadratic in
    # them would take minutes
    assert seeds(lambda: prose_target.read(text, "x.txt")) < 1000, name
