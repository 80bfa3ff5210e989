"""Every rule, one case that fires and a near miss that must not.

Each row builds the smallest table that shows the defect, and beside it the same table with the
defect mended: the rule must find exactly what it claims, where it claims, and nothing on the mend.
Family-specific behaviour (messages, suggestions, edge cases) is pinned in test_<family>.py files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest

from jixiao.core.model import Budget, Checkpoint, Indicator, TargetDocument, Task
from jixiao.review import all_rules
from tests.review.builders import (
    clean_indicators,
    department,
    document,
    findings,
    indicator,
    project,
)


@dataclass(frozen=True)
class Case:
    fires: Callable[[], TargetDocument]
    mended: Callable[[], TargetDocument]
    field: str | None
    phrase: str
    count: int = 1


def one(*indicators: Indicator, **fields: object) -> Callable[[], TargetDocument]:
    return lambda: document(project(indicators=list(indicators), **fields))  # type: ignore[arg-type]


def tasks_document(total: str) -> TargetDocument:
    """A department whose 年度主要任务 (1500 + 200) add up to `total` or not."""
    tasks = [
        Task(name="高标准农田建设", budget=Budget(total=Decimal("1500"))),
        Task(name="动物防疫", budget=Budget(total=Decimal("200"))),
    ]
    unit = department().model_copy(
        update={"tasks": tasks, "budget": Budget(total=Decimal(total)), "money_unit": "万元"}
    )
    return document(department=unit)


def with_project(**fields: object) -> Callable[[], TargetDocument]:
    return lambda: document(project(**fields))  # type: ignore[arg-type]


def replaced(position: int, new: Indicator) -> list[Indicator]:
    indicators = clean_indicators()
    indicators[position] = new
    return indicators


def without(*level1: str) -> list[Indicator]:
    return [i for i in clean_indicators() if i.category is None or i.category.level1 not in level1]


def copies(*goals: list[str], names: list[str] | None = None) -> Callable[[], TargetDocument]:
    def build() -> TargetDocument:
        projects = []
        for number, own in enumerate(goals, start=1):
            indicators = clean_indicators()
            if names is not None and number > 1:
                indicators = [
                    indicator(name, "≥1次", description=f"第{number}个项目的{name}")
                    for name in names
                ]
            projects.append(
                project(
                    f"101-0001-ABC-000{number}", f"项目{number}", goals=own, indicators=indicators
                )
            )
        return document(*projects)

    return build


def planned(*percents: str | None) -> Callable[[], TargetDocument]:
    return with_project(plan=list(percents))


ENFORCEMENT = ("执法工作。", "规范市场。", "每年执法检查行动不少于80次。")
VISITORS = ("组织企业参加推介会。", "扩大影响。", "参加专项推介会的客商数量不少于200人。")


def against(
    department_target: tuple[str, str, str], *indicators: Indicator
) -> Callable[[], TargetDocument]:
    return lambda: document(
        project(indicators=[*clean_indicators(), *indicators]),
        department=department(department_target),
    )


CASES: dict[str, Case] = {
    # direction
    "direction.positive-upper-bound": Case(
        one(indicator("群众满意度", "≤85%", "满意度指标", "服务对象满意度指标")),
        one(indicator("群众满意度", "≥85%", "满意度指标", "服务对象满意度指标")),
        "target", "建议改为「≥85%」",
    ),
    "direction.implied-positive-upper-bound": Case(
        one(indicator("赴地区数量", "≤8个")), one(indicator("赴地区数量", "≥8个")), "target", "产出数量",
    ),
    "direction.negative-lower-bound": Case(
        one(indicator("差错率", "≥1%", "产出指标", "质量指标")),
        one(indicator("差错率", "≤1%", "产出指标", "质量指标")),
        "target", "建议改为「≤1%」",
    ),
    "direction.strict-inequality": Case(
        one(indicator("举办活动数量", "<5次")), one(indicator("举办活动数量", "≤5次")), "target", "「≤5次」",
    ),
    # unit
    "unit.rate-with-count-unit": Case(
        one(indicator("资料更新比率", "≥10次")), one(indicator("资料更新次数", "≥10次")), "target", "比率",
    ),
    "unit.count-with-percent": Case(
        one(indicator("到会客商人数", "≥85%")), one(indicator("到会客商人数", "≥200人")), "target", "百分比",
    ),
    "unit.name-unit-mismatch": Case(
        one(indicator("执法行动次数（次）", "≥10个")),
        one(indicator("执法行动次数（次）", "≥10次")),
        "target", "「≥10次」",
    ),
    "unit.rate-at-least-100": Case(
        one(indicator("项目完成及时率", "≥100%", "产出指标", "时效指标")),
        one(indicator("项目完成及时率", "100%", "产出指标", "时效指标"), indicator("出口额增长率", "≥100%", "效益指标", "经济效益指标")),
        "target", "只能等于100%",
    ),
    "unit.rate-above-100": Case(
        one(indicator("验收合格率", "≥105%", "产出指标", "质量指标")),
        one(indicator("出口额增长率", "≥105%", "效益指标", "经济效益指标")),
        "target", "超过100%",
    ),
    "unit.name-states-other-unit": Case(
        one(indicator("村组干部230人", "≥230个")),
        one(indicator("村组干部人数", "≥230人")),
        "target", "「≥230人」",
    ),
    "unit.timeliness-with-count": Case(
        one(indicator("按时发放", "≥1人/年", "产出指标", "时效指标")),
        one(indicator("报酬按时发放率", "100%", "产出指标", "时效指标")),
        "target", "衡量不了是否按时",
    ),
    "unit.missing-unit": Case(
        one(indicator("培训人次", "≥200")), one(indicator("培训人次", "≥200人次")), "target", "没有计量单位",
    ),
    # conflict
    "conflict.description-direction": Case(
        one(indicator("资料更新次数", "≤10次", description="完成招商平台资料更新10以上")),
        one(indicator("资料更新次数", "≥10次", description="完成招商平台资料更新10以上")),
        "target", "不少于 10",
    ),
    "conflict.description-commitment": Case(
        one(indicator("编印宣传资料", "≤1版", description="编印新版宣传资料1版")),
        one(indicator("编印宣传资料", "≥1版", description="编印新版宣传资料1版")),
        "target", "「≥1版」",
    ),
    "conflict.description-kind": Case(
        one(indicator("活动开展", "≥5次", description="开展活动数量占预计开展活动比例")),
        one(indicator("活动开展", "≥90%", description="开展活动数量占预计开展活动比例")),
        "description", "是比例",
    ),
    "conflict.name-description-kind": Case(
        one(indicator("到会客商人数", "≥85%", description="到会客商人数占预计到会人数比例")),
        one(indicator("到会客商比例", "≥85%", description="到会客商人数占预计到会人数比例")),
        "name", "是数量",
    ),
    # classification
    "classification.level2-outside-level1": Case(
        one(indicator("带动就业人数", "≥50人", "产出指标", "社会效益指标")),
        one(indicator("带动就业人数", "≥50人", "效益指标", "社会效益指标")),
        "level1", "属于「效益指标」",
    ),
    "classification.timeliness-as-quality": Case(
        one(indicator("工资按时发放率", "100%", "产出指标", "质量指标")),
        one(indicator("工资按时发放率", "100%", "产出指标", "时效指标")),
        "level2", "时效指标",
    ),
    "classification.not-satisfaction": Case(
        one(indicator("招商活动成效比率", "≥80%", "满意度指标", "服务对象满意度指标")),
        one(indicator("客商满意度", "≥80%", "满意度指标", "服务对象满意度指标")),
        "level1", "不是满意度指标",
    ),
    "classification.output-as-benefit": Case(
        one(indicator("资料更新", "≥10次", "效益指标", "经济效益指标")),
        one(indicator("带动新增就业", "≥10人", "效益指标", "社会效益指标")),
        "level2", "属于产出",
    ),
    "classification.input-as-output": Case(
        one(indicator("预算资金当年下达率", "100%", "产出指标", "时效指标")),
        one(indicator("工程验收合格率", "100%", "产出指标", "质量指标")),
        "name", "资金投入",
    ),
    "classification.satisfaction-as-benefit": Case(
        one(indicator("市民对空气质量改善的满意程度", "≥90%", "效益指标", "社会效益指标")),
        one(indicator("市民对空气质量改善的满意程度", "≥90%", "满意度指标", "服务对象满意度指标")),
        "level2", "满意度指标",
    ),
    "classification.period-as-benefit": Case(
        one(indicator("保障期限", "2020年1月--2020年11月", "效益指标", "可持续影响指标")),
        one(indicator("工程设计使用年限", "≥20年", "效益指标", "可持续影响指标")),
        "target", "时间段",
    ),
    "classification.older-template": Case(
        with_project(indicators=[*without("满意度指标"), indicator("受训人员满意度", "≥90%", "效益指标", "社会公众或服务对象满意度指标")]),
        with_project(), "indicators", "旧版模板",
    ),
    # completeness
    "completeness.missing-level1": Case(
        with_project(indicators=without("效益指标")), with_project(), "indicators", "没有效益指标",
    ),
    "completeness.missing-satisfaction": Case(
        with_project(indicators=without("满意度指标")), with_project(), "indicators", "没有满意度指标",
    ),
    "completeness.no-cost-indicator": Case(
        with_project(indicators=[i for i in clean_indicators() if i.level2 != "成本指标"]),
        with_project(), "indicators", "没有成本指标",
    ),
    "completeness.missing-field": Case(
        with_project(goals=[]), with_project(), "goals", "绩效目标为空",
    ),
    "completeness.missing-code": Case(
        with_project(code=None), with_project(), "code", "没有项目编码",
    ),
    "completeness.placeholder-target": Case(
        one(indicator("培训合格率", "≥**%", "产出指标", "质量指标")),
        one(indicator("培训合格率", "≥95%", "产出指标", "质量指标")),
        "target", "「≥**%」",
    ),
    "completeness.template-hint": Case(
        one(indicator("培训人次(≥**人次)", "≥200人次")),
        one(indicator("培训人次", "≥200人次")),
        "name", "删去「(≥**人次)」",
    ),
    "completeness.numeric-name": Case(
        one(indicator("0", "0.00%", "成本指标", "经济成本指标")),
        one(indicator("项目总成本", "≤6万元", "成本指标", "经济成本指标")),
        "name", "只是一个数字",
    ),
    "completeness.empty-target": Case(
        one(indicator("培训人次", "")), one(indicator("培训人次", "≥200人次")), "target", "指标值为空",
    ),
    "completeness.department-target": Case(
        lambda: document(project(), department=department(("执法工作。", "", "每年执法检查不少于80次。"))),
        lambda: document(project(), department=department(ENFORCEMENT)),
        "sub_goals", "缺少绩效目标",
    ),
    # basis
    "basis.missing": Case(
        one(indicator("培训人次", "≥200人次", basis=None), indicator("合格率", "≥95%", basis=None)),
        one(indicator("培训人次", "≥200人次"), indicator("合格率", "≥95%")),
        "basis", "全部 2 个指标",
    ),
    # measurability
    "measurability.vague-name": Case(
        one(indicator("工作主动性比率", "≥80%", "产出指标", "质量指标")),
        one(indicator("招商项目签约率", "≥80%", "产出指标", "质量指标")),
        "name", "工作主动性",
    ),
    "measurability.ungraded-qualitative": Case(
        one(indicator("宣传效果", "明显提升", "效益指标", "社会效益指标")),
        one(indicator("宣传效果", "良好", "效益指标", "社会效益指标")),
        "target", "没有分级标准",
    ),
    "measurability.percent-without-measure": Case(
        one(indicator("促进人口与经济、社会、资源、环境协调和可持续发展", "100%", "效益指标", "社会效益指标")),
        one(indicator("全年足额发放工资及缴纳保险", "100%", "产出指标", "质量指标")),
        "name", "不是一个比率",
    ),
    "measurability.name-without-subject": Case(
        one(indicator("维持时效", "≥1年", "产出指标", "时效指标")),
        one(indicator("补助发放完成时间", "12月底前", "产出指标", "时效指标")),
        "name", "只写了「时效」",
    ),
    "measurability.vague-goal": Case(
        with_project(goals=["认真开展商务综合执法工作"]),
        with_project(goals=["全年开展商务综合执法检查120次"]),
        "goals", "认真开展",
    ),
    "measurability.unquantified-department-target": Case(
        lambda: document(project(), department=department(("执法工作。", "规范市场。", "执法工作取得实效。"))),
        lambda: document(project(), department=department(ENFORCEMENT)),
        "sub_goals", "没有可量化的数值",
    ),
    # duplication
    "duplication.goal": Case(
        with_project(goals=["开展执法检查120次", "开展执法检查120次"]),
        with_project(goals=["开展执法检查120次", "案件结案率95%"]),
        "goals", "重复出现 2 次",
    ),
    "duplication.indicator": Case(
        one(indicator("培训人次", "≥200人次"), indicator("培训人次", "≥300人次")),
        one(indicator("培训人次", "≥200人次"), indicator("培训期数", "≥4期")),
        "name", "出现 2 次",
    ),
    "duplication.same-description": Case(
        one(*[indicator(name, "≥1次", description="该指标值数据合理") for name in ("检查次数", "培训期数", "宣传次数")]),
        one(*[indicator(name, "≥1次", description=f"全年{name}") for name in ("检查次数", "培训期数", "宣传次数")]),
        "description", "「该指标值数据合理」",
    ),
    "duplication.department-goal": Case(
        lambda: document(project(), department=department(ENFORCEMENT, ("执法工作二。", "规范市场。", "结案不少于30起。"))),
        lambda: document(project(), department=department(ENFORCEMENT, ("执法工作二。", "打击违法。", "结案不少于30起。"))),
        "sub_goals", "相同",
    ),
    # template
    "template.indicator-set": Case(
        copies(["目标甲：培训200人次"], ["目标乙：检查120次"]),
        copies(["目标甲：培训200人次"], ["目标乙：检查120次"], names=["检查次数", "检查覆盖率", "整改率"]),
        "indicators", "相似度 100%",
    ),
    "template.copied-goal": Case(
        copies(["保障招商引资工作正常开展"], ["保障招商引资工作正常开展"], names=["甲", "乙"]),
        copies(["保障招商引资工作正常开展"], ["全年组织招商活动5次"], names=["甲", "乙"]),
        "goals", "与项目 101-0001-ABC-0001",
    ),
    # consistency
    "consistency.project-below-department": Case(
        against(ENFORCEMENT, indicator("执法检查行动次数", "≥10次")),
        against(ENFORCEMENT, indicator("执法检查行动次数", "≥80次")),
        "target", "低于部门承诺",
    ),
    "consistency.opposite-direction": Case(
        against(VISITORS, indicator("参加专项推介会客商人数", "≤85%", description="参加专项推介会的客商比例")),
        against(VISITORS, indicator("参加专项推介会客商人数", "≥200人")),
        "target", "设上限",
    ),
    "consistency.different-measure": Case(
        against(ENFORCEMENT, indicator("执法检查行动覆盖率", "≥90%", "产出指标", "质量指标")),
        against(ENFORCEMENT, indicator("执法检查行动次数", "≥90次")),
        "target", "口径不同",
    ),
    # budget
    "budget.sum-mismatch": Case(
        with_project(budget=("60000.00", "50000.00", "5000.00")),
        with_project(budget=("60000.00", "50000.00", "10000.00")),
        "budget", "差 5000.00",
    ),
    "budget.implausible-unit": Case(
        with_project(budget=("40", "40", None)), with_project(), "budget", "没有注明金额单位",
    ),
    "budget.non-positive": Case(
        with_project(budget=("0.00", "0.00", None)), with_project(), "budget", "预算数为 0.00",
    ),
    "budget.tasks-sum-mismatch": Case(
        lambda: tasks_document("1800"), lambda: tasks_document("1700"), "tasks", "差 100",
    ),
    "budget.cost-above-budget": Case(
        one(indicator("项目总成本", "≤8万元", "产出指标", "成本指标"), budget=("60000.00", "60000.00", None)),
        one(indicator("项目总成本", "≤6万元", "产出指标", "成本指标"), budget=("60000.00", "60000.00", None)),
        "target", "超过项目预算数",
    ),
    "budget.cost-restates-budget": Case(
        one(indicator("项目总投入", "6万元", "产出指标", "成本指标"), budget=("60000.00", "60000.00", None)),
        one(indicator("项目总成本", "≤6万元", "产出指标", "成本指标"), budget=("60000.00", "60000.00", None)),
        "target", "就是项目预算数",
    ),
    # schedule
    "schedule.decreasing": Case(planned("30.00", "20.00", "80.00", "100.00"), planned(), "spending_plan", "少于"),
    "schedule.out-of-range": Case(planned("30.00", "60.00", "110.00", "100.00"), planned(), "spending_plan", "110.00%", count=1),
    "schedule.not-complete": Case(planned("25.00", "50.00", "80.00", "90.00"), planned(), "spending_plan", "不是100%"),
    "schedule.missing-percent": Case(planned("25.00", None, "80.00", "100.00"), planned(), "spending_plan", "6月底"),
    "schedule.pacing": Case(planned("10.00", "20.00", "30.00", "100.00"), planned(), "spending_plan", "超过全年的一半"),
    # relevance
    "relevance.unrelated-output": Case(
        with_project(indicators=replaced(1, indicator("作风建设评分", "≥90分", "产出指标", "质量指标"))),
        with_project(), "name", "没有共同内容",
    ),
    "relevance.unrelated-outputs": Case(
        one(indicator("道路硬化里程", "≥100公里"), indicator("供水设施数量", "≥20座")),
        one(indicator("培训期数", "≥4期"), indicator("道路硬化里程", "≥100公里")),
        "indicators", "都与项目名称",
    ),
    # wording
    "wording.non-standard-category": Case(
        one(indicator("带动就业", "≥10人", "效果指标", "社会效益指标"), indicator("增收", "≥5万元", "效果指标", "经济效益指标")),
        one(indicator("带动就业", "≥10人", "效益指标", "社会效益指标")),
        "indicators", "「效果指标」（2 行）应为「效益指标」",
    ),
    "wording.typo": Case(
        one(indicator("招商工作", "≥5次", description="积极开招招商工作")),
        one(indicator("招商工作", "≥5次", description="积极开展招商工作")),
        "description", "「开招」",
    ),
}  # fmt: skip


def test_every_rule_has_a_case() -> None:
    assert set(CASES) == set(all_rules())


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_the_rule_fires_on_the_defect(rule_id: str) -> None:
    case = CASES[rule_id]
    found = findings(case.fires(), rule_id)
    assert len(found) == case.count, [f.message for f in found]
    rule = all_rules()[rule_id]
    for finding in found:
        assert (finding.rule, finding.category, finding.severity) == (
            rule.id,
            rule.category,
            rule.severity,
        )
        assert finding.field == case.field
        assert case.phrase in finding.message + finding.suggestion
        assert finding.reference == rule.reference
        assert finding.suggestion


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_the_rule_stays_silent_on_the_mended_table(rule_id: str) -> None:
    assert [f.message for f in findings(CASES[rule_id].mended(), rule_id)] == []


def test_a_checkpoint_without_a_percent_is_not_read_as_zero() -> None:
    doc = document(project(plan=["25.00", None, "80.00", "100.00"]))
    assert doc.projects[0].spending_plan[1] == Checkpoint(by="6月底", percent=None)
    assert findings(doc, "schedule.decreasing") == []
