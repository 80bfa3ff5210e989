"""Self-evaluations from the corpus, built as models with their published figures.

The readers do not read self-evaluation forms yet, so each table is rebuilt here from the
published text, with its numbers as written; the file each comes from is named.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.framework import categorize
from jixiao.core.model import Evaluation, FundLine, Indicator, Organisation, Project
from jixiao.core.value import parse_value


def row(
    name: str,
    target: str,
    actual: str | None,
    level1: str = "产出指标",
    level2: str = "数量指标",
    *,
    weight: str | None = None,
    score: str | None = None,
    deviation: str | None = None,
) -> Indicator:
    return Indicator(
        level1=level1,
        level2=level2,
        name=name,
        target=parse_value(target),
        actual=parse_value(actual) if actual is not None else None,
        weight=Decimal(weight) if weight is not None else None,
        score=Decimal(score) if score is not None else None,
        deviation=deviation,
        category=categorize(level1, level2),
    )


def funds(
    label: str,
    budget: str,
    executed: str,
    *,
    initial: str | None = None,
    rate: str | None = None,
    weight: str | None = None,
    score: str | None = None,
) -> FundLine:
    return FundLine(
        label=label,
        initial_budget=Decimal(initial) if initial else None,
        full_year_budget=Decimal(budget),
        executed=Decimal(executed),
        rate=Decimal(rate) if rate else None,
        weight=Decimal(weight) if weight else None,
        score=Decimal(score) if score else None,
    )


def qingshen_002() -> Project:
    """002 青神县发改局 工资性支出 (2023, Sichuan form): weights written, actuals and scores not."""
    return Project(
        code="51000021R000000019951",
        name="工资性支出",
        unit=Organisation(name="青神县发展和改革局"),
        supervisor=Organisation(name="青神县发展和改革局本级"),
        money_unit="万元",
        indicators=[
            row("发放(缴纳)覆盖率", "=100%", None, weight="60"),
            row("足额保障率(参保率)", "=100%", None, "效益指标", "社会效益指标", weight="30"),
        ],
        evaluation=Evaluation(
            funds=[
                funds("总额", "251.89", "251.89", initial="238.93", rate="100.00", weight="10"),
                funds("其中:财政资金", "251.89", "251.89", initial="238.93", rate="100.00"),
            ]
        ),
    )


def huanggang_010() -> Project:
    """010 黄冈市水土保持与农田水利科研所 水土保持监测 (2020, Hubei local form, 预算执行 20 分):
    分值 not printed per indicator, only 得分; 满意度 filed under 效益. 19.6 for 98% of 98%."""
    satisfied = "效益指标", "服务对象满意度指标"
    return Project(
        name="水土保持监测",
        unit=Organisation(name="黄冈市水土保持与农田水利科研所"),
        supervisor=Organisation(name="黄冈市水利和湖泊局"),
        money_unit="万元",
        indicators=[
            row(
                "监测数据必须合格", "100%", "100%", "产出指标", "质量指标", weight="10", score="10"
            ),
            row(
                "取得2018-2022监测资料",
                "100%",
                "100%",
                "产出指标",
                "时效指标",
                weight="10",
                score="10",
            ),
            row("整编资料审核", "98%", "98%", *satisfied, weight="20", score="19.6"),
            row(
                "监测数据资料整编", "100%", "100%", "产出指标", "质量指标", weight="20", score="20"
            ),
            row(
                "完成年度资料上报", "100%", "100%", "产出指标", "时效指标", weight="20", score="20"
            ),
        ],
        evaluation=Evaluation(
            funds=[funds("年度财政资金总额", "10", "10", rate="100", weight="20", score="20")],
            total_score=Decimal("99.6"),
        ),
    )


def hengshan_017() -> Project:
    """017 衡山县商务和粮食局 县级储备粮 (2020): no weights or scores; targets of 0, a 无, 高/高."""
    return Project(
        name="县级储备粮",
        unit=Organisation(name="粮食调控储备与产业发展股"),
        supervisor=Organisation(name="衡山县商务和粮食局"),
        money_unit="万元",
        indicators=[
            row("5000吨稻谷、500吨成品粮储备到位率", "100%", "100%"),
            row("库存数量真实率", "100%", "100%"),
            row("县级储备粮管理制度严格执行率", "100%", "100%", "产出指标", "质量指标"),
            row("县级储备粮库存粮食明显变质比例", "0", "0", "产出指标", "质量指标"),
            row(
                "政策性挂账利息补贴保障率",
                "100%",
                "无",
                "效益指标",
                "经济效益指标",
                deviation="没有轮换、动用库存",
            ),
            row("粮食储备设备维护及安全性", "高", "高", "效益指标", "可持续影响指标"),
            row(
                "因粮食市场波动引起的粮食安全事件发生数",
                "0起",
                "0起",
                "满意度指标",
                "服务对象满意度指标",
            ),
            row("市民满意度调查", "≥90%", "100%", "满意度指标", "服务对象满意度指标"),
        ],
        evaluation=Evaluation(funds=[funds("年度资金总额", "194.9", "194.9", rate="100")]),
    )


def suixi_036() -> Project:
    """036 濉溪县民政局 临时救助 (2019, 10号-format form): every 得分 full, though 特困人员 4604 of
    ≥4754 and 救助标准 5830 of ≤5300 are not met. The page is cut off in the 满意度 row; its
    actual is completed here as met (≥90%, 95%) so that the table adds up."""
    quality = "产出指标", "质量指标"
    return Project(
        name="临时救助",
        unit=Organisation(code="155", name="濉溪县民政局"),
        supervisor=Organisation(code="155", name="濉溪县民政局"),
        money_unit="万元",
        indicators=[
            row("农村低保发放人数(按月平均)", ">=21933人", "21980人", weight="5", score="5"),
            row(
                "其中:农村低保对象中建档立卡贫困人口数量(按月平均)",
                ">=9431人",
                "9453人",
                weight="5",
                score="5",
            ),
            row(
                "建档立卡贫困人口中接受临时救助的人次数",
                ">=59人次",
                "87人次",
                weight="5",
                score="5",
            ),
            row(
                "特困人员救助供养人数(按月平均)",
                ">=4754人",
                "4604人",
                weight="5",
                score="5",
                deviation="特困人员实行动态管理",
            ),
            row("扶贫临时救助人数(按月平均)", ">=7人", "7人", weight="10", score="10"),
            row("农村低保标准", ">=530元/人*月", "583元/人*月", *quality, weight="5", score="5"),
            row(
                "农村特困人员救助供养基本生活标准",
                ">=570元/人*月",
                "758元/人*月",
                *quality,
                weight="5",
                score="5",
            ),
            row("扶贫临时救助标准", "<=5300元/户", "5830元/户", *quality, weight="10", score="10"),
            row(
                "受益建档立卡贫困人口数",
                ">=80人",
                "87人",
                "效益指标",
                "社会效益指标",
                weight="30",
                score="30",
            ),
            row(
                "受助对象满意度",
                ">=90%",
                "95%",
                "满意度指标",
                "服务对象满意度指标",
                weight="10",
                score="10",
            ),
        ],
        evaluation=Evaluation(
            funds=[
                funds("年度资金总额", "30", "30", rate="100", weight="10", score="10"),
                funds("其中:本年财政拨款", "30", "30", rate="100", weight="10", score="10"),
            ],
            total_score=Decimal("100"),
            grade="优",
        ),
    )


def daying_038() -> Project:
    """038 大英县民政局 孤儿助学 (2022): actuals written, no weights or scores; 资金执行率 100% → 82%
    explained; qualitative targets with 100% as the actual; ≥90% written as an actual."""
    return Project(
        name="福彩公益金孤儿助学",
        unit=Organisation(name="大英县民政局"),
        indicators=[
            row("孤儿助学人数", "应助尽助", "9"),
            row("保障贫困孤儿完成学业", "100%", "100%", "产出指标", "质量指标"),
            row("发放时间达标率", "100%", "100%", "产出指标", "时效指标"),
            row("助学金社会化发放率", "≥95%", "100%", "产出指标", "成本指标"),
            row("资金执行率", "100%", "82%", "产出指标", "成本指标", deviation="动态管理人员减少"),
            row(
                "孤儿身份、年满18周岁后就学水平情况", "有所提升", "100%", "效益指标", "社会效益指标"
            ),
            row("助学制度", "进一步完善", "100%", "效益指标", "可持续影响指标"),
            row("政策知晓率", "≥90%", "≥90%", "满意度指标", "服务对象满意度指标"),
            row(
                "救助对象对社会救助实施的满意度", "≥90%", "≥90%", "满意度指标", "服务对象满意度指标"
            ),
        ],
    )
