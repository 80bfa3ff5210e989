"""A project's 绩效自评: started once the targets are approved, filled in, scored under the profile
in force on every save, adjusted by hand with a reason, and reviewed along the targets' chain."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from jixiao.audit.models import AuditEntry
from jixiao.evaluation import selfeval
from jixiao.evaluation.models import ScoringProfile, SelfEvaluation
from jixiao.evaluation.profiles import builtin_text, in_force
from jixiao.org.models import Membership
from jixiao.targets.models import Project
from jixiao.targets.workflow import OwnSubmissionError, WorkflowError
from tests.web.conftest import World

CODE = "322-0601-YBN-5D8Z"  # 人事代理专项补助经费, 322003: six 反向 (≤) indicators, 300000.00 元
ACTUALS = {0: "85%", 1: "80%", 2: "75%", 3: "12次", 4: "90%", 5: "95%"}
"""Three met (full marks), three not: rows 1, 4 and 6 need a deviation analysis."""
EXPLAINED = {
    0: "人员调整，主动性下降；已加强考核",
    3: "资料多次更新；下年合并更新",
    5: "宣传不足；加强宣传",
}


def approved(project: Project) -> Project:
    Project.objects.filter(pk=project.pk).update(status="approved")
    project.refresh_from_db()
    return project


def started(world: World, code: str = CODE) -> SelfEvaluation:
    return selfeval.start(approved(world.project(code)), world.users["filler"])


LOW_RATE = "下半年两项代理服务合同延期签订，资金相应延后支付"
"""Why 83.96% was spent (the 中央 profile asks below 90%)."""


def filled(world: World, *, explained: bool = True) -> SelfEvaluation:
    evaluation = started(world)
    return selfeval.save(
        evaluation, world.users["filler"],
        figures={"full_year_budget": "300000.00", "executed": "251890.50"},
        texts={"execution_reason": LOW_RATE} if explained else {},
        actuals={
            index: {"actual": actual, **({"deviation": EXPLAINED[index]} if explained and index in EXPLAINED else {})}
            for index, actual in ACTUALS.items()
        },
    )  # fmt: skip


def actions_of(evaluation: SelfEvaluation) -> list[str]:
    return list(
        AuditEntry.objects.filter(
            object_type="evaluation.selfevaluation", object_id=str(evaluation.pk)
        )
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_only_the_units_filler_starts_and_only_once_the_targets_are_approved(world: World) -> None:
    project = world.project(CODE)
    with pytest.raises(WorkflowError, match="批复（已批复）后才能开始绩效自评；本表当前为“草稿”"):
        selfeval.start(project, world.users["filler"])
    approved(project)
    for role in ("unit_reviewer", "department_reviewer", "finance_reviewer", "readonly", "admin"):
        with pytest.raises(PermissionDenied):
            selfeval.start(project, world.users[role])
    evaluation = selfeval.start(project, world.users["filler"])
    with pytest.raises(WorkflowError, match="已开始绩效自评"):
        selfeval.start(project, world.users["filler"])
    # 年初预算数 is the approved 预算数, as written; the rest waits for the filler
    assert selfeval.written_figures(evaluation) == {
        "initial_budget": Decimal("300000.00"), "full_year_budget": None, "executed": None,
    }  # fmt: skip
    assert [row["actual"] for row in evaluation.actuals] == [""] * 6
    assert evaluation.profile == in_force()
    assert evaluation.result["execution"]["arithmetic"] == (
        "未填写全年执行数，无法计算执行率，不计分"
    )
    assert actions_of(evaluation) == ["selfeval.start"]


def test_each_save_scores_under_the_profile_in_force_and_shows_the_arithmetic(world: World) -> None:
    evaluation = filled(world)
    result = evaluation.result
    assert result["execution"]["arithmetic"] == (
        "执行率 = 全年执行数 251890.50 ÷ 全年预算数 300000.00 = 83.96%；"
        "得分 = 分值 10 × 83.96% = 8.40 分"
    )
    assert result["execution"]["notes"] == ["执行率 83.96% 低于 90%，须说明原因"]
    rows = result["indicators"]
    assert [row["weight"] for row in rows] == ["16.67", "16.67", "16.66", "15.00", "15.00", "10.00"]
    assert rows[0]["arithmetic"] == "反向：目标 80% ÷ 实际 85% × 分值 16.67 = 15.69 分"
    assert rows[1]["arithmetic"] == "反向：实际 80% 未超过目标 80%，得满分 16.67 分"
    assert rows[3]["arithmetic"] == "反向：目标 10次 ÷ 实际 12次 × 分值 15.00 = 12.50 分"
    assert [row["score"] for row in rows] == ["15.69", "16.67", "16.66", "12.50", "15.00", "8.95"]
    # 8.40 + the six rows
    assert evaluation.total_score == Decimal("93.87")
    assert evaluation.grade == "优"
    assert evaluation.profile.key == "central"
    assert evaluation.computed_at is not None
    stored = SelfEvaluation.objects.get(pk=evaluation.pk)
    assert stored.executed == Decimal("251890.50")
    assert selfeval.written_figures(stored)["executed"] == Decimal("251890.50")
    assert str(selfeval.written_figures(stored)["executed"]) == "251890.50"  # as written
    assert stored.actuals[3] == {"index": 3, "actual": "12次", "deviation": EXPLAINED[3]}


def test_a_positive_target_is_scored_as_actual_over_target(world: World) -> None:
    # the education bureau's table holds 商务执法行动次数 ≥10次, its unit's filler is other_filler
    project = approved(world.other_project)
    evaluation = selfeval.start(project, world.users["other_filler"])
    evaluation = selfeval.save(
        evaluation,
        world.users["other_filler"],
        actuals={0: {"actual": "8次"}, 1: {"actual": "≥3起"}},
    )
    rows = evaluation.result["indicators"]
    assert rows[0]["arithmetic"] == "正向：实际 8次 ÷ 目标 10次 × 分值 50.00 = 40.00 分"
    assert rows[1]["notes"] == ["实际完成值写作「≥3起」，按 3起 计"]
    assert evaluation.actuals[1]["actual"] == "≥3起"  # the written text is kept


def test_a_new_profile_in_force_scores_the_next_save(world: World) -> None:
    evaluation = filled(world)
    ScoringProfile.objects.update(in_force=False)
    local, _ = ScoringProfile.objects.update_or_create(  # shipped by a migration, or not yet
        key="local-2020", version="2026.1",
        defaults={"title": "地方自评表示例", "text": builtin_text("local-2020"), "in_force": True},
    )  # fmt: skip
    evaluation = selfeval.save(evaluation, world.users["filler"], texts={"conclusion": "基本完成"})
    assert evaluation.profile == local
    assert evaluation.result["execution"]["weight"] == "20"
    assert evaluation.result["profile"]["id"] == "local-2020"


def test_bad_figures_and_rows_are_refused_each_by_name_and_nothing_is_saved(world: World) -> None:
    evaluation = started(world)
    with pytest.raises(ValidationError) as refused:
        selfeval.save(
            evaluation, world.users["filler"],
            figures={"initial_budget": "三十万", "full_year_budget": "-5", "executed": "1.1234567"},
            actuals={1: {"actual": "9" * 201}, 9: {"actual": "1"}},
        )  # fmt: skip
    assert refused.value.messages == [
        "年初预算数「三十万」不是可保存的金额，请填写如 251.89 的数字（单位：元；整数部分最多 14 位，小数最多 6 位）",
        "全年预算数不能为负数（现为 -5）",
        "全年执行数「1.1234567」不是可保存的金额，请填写如 251.89 的数字（单位：元；整数部分最多 14 位，小数最多 6 位）",
        "第 2 行「工作完成情况比率」的实际完成值过长（201 字，不超过 200 字）",
        "没有第 10 行指标：本表共 6 行",
    ]
    stored = SelfEvaluation.objects.get(pk=evaluation.pk)
    assert stored.initial_budget == Decimal("300000.00")
    assert actions_of(stored) == ["selfeval.start"]


def test_full_width_figures_are_read_and_separators_dropped(world: World) -> None:
    evaluation = selfeval.save(
        started(world), world.users["filler"], figures={"executed": "２５１，８９０.５"}
    )
    assert selfeval.written_figures(evaluation)["executed"] == Decimal("251890.5")


def test_the_filler_adjusts_a_score_with_a_reason_and_the_computed_one_stays(world: World) -> None:
    evaluation = filled(world)
    filler = world.users["filler"]
    with pytest.raises(ValidationError, match="须写明理由"):
        selfeval.adjust_score(evaluation, filler, 3, "14", " ")
    with pytest.raises(ValidationError, match="应在 0 至分值 15 分之间，不能调整为 16 分"):
        selfeval.adjust_score(evaluation, filler, 3, "16", "更新是应要求而为")
    with pytest.raises(ValidationError, match="不是数字"):
        selfeval.adjust_score(evaluation, filler, 3, "十四", "更新是应要求而为")
    with pytest.raises(PermissionDenied):
        selfeval.adjust_score(evaluation, world.users["unit_reviewer"], 3, "14", "理由")
    evaluation = selfeval.adjust_score(evaluation, filler, 3, "14", "更新是应上级要求而为")
    row = evaluation.result["indicators"][3]
    assert row["score"] == "14.00"
    assert row["adjustment"] == {
        "computed": "12.50",
        "adjusted": "14.00",
        "reason": "更新是应上级要求而为",
    }
    assert evaluation.total_score == Decimal("95.37")
    assert evaluation.adjustments[0]["by_name"] == "filler"
    # a later save keeps the adjustment; an empty score goes back to the computed one
    evaluation = selfeval.save(evaluation, filler, actuals={3: {"actual": "11次"}})
    assert evaluation.result["indicators"][3]["adjustment"]["computed"] == "13.64"
    evaluation = selfeval.adjust_score(evaluation, filler, 3, "", "按公式计分")
    assert evaluation.adjustments == []
    assert evaluation.result["indicators"][3]["score"] == "13.64"
    lines = [line for line in selfeval.history(evaluation) if line.action == "人工调整得分"]
    assert [(line.change, line.reason) for line in lines] == [
        ("第4行「资料更新比率」得分：恢复计算得分 13.64", "按公式计分"),
        ("第4行「资料更新比率」得分：12.50 → 14.00（人工调整）", "更新是应上级要求而为"),
    ]


def test_submitting_needs_every_item_scored_and_each_shortfall_explained(world: World) -> None:
    evaluation = started(world)
    filler = world.users["filler"]
    with pytest.raises(WorkflowError) as refused:
        selfeval.submit(evaluation, filler)
    assert "预算执行率未计分：未填写全年执行数" in str(refused.value)
    assert "第 1 行「工作主动性比率」未计分：未填写实际完成值，不计分" in str(refused.value)
    evaluation = selfeval.save(
        SelfEvaluation.objects.get(project=world.project(CODE)), filler,
        figures={"full_year_budget": "300000.00", "executed": "251890.50"},
        actuals={index: {"actual": actual} for index, actual in ACTUALS.items()},
    )  # fmt: skip
    with pytest.raises(WorkflowError) as refused:
        selfeval.submit(evaluation, filler)
    assert str(refused.value) == (
        "绩效自评还不能提交："
        "预算执行率 83.96% 低于评分方案的要求，须在预算执行情况下方填写执行率偏低的原因；"
        "第 1 行「工作主动性比率」未完全达成（得分 15.69，分值 16.67），须填写偏差原因分析及改进措施；"
        "第 4 行「资料更新比率」未完全达成（得分 12.50，分值 15.00），须填写偏差原因分析及改进措施；"
        "第 6 行「群众满意度」未完全达成（得分 8.95，分值 10.00），须填写偏差原因分析及改进措施"
    )
    assert SelfEvaluation.objects.get(pk=evaluation.pk).status == "draft"
    evaluation = selfeval.save(
        evaluation, filler, actuals={i: {"deviation": text} for i, text in EXPLAINED.items()}
    )
    with pytest.raises(WorkflowError, match=r"须在预算执行情况下方填写执行率偏低的原因$"):
        selfeval.submit(evaluation, filler)
    evaluation = selfeval.save(evaluation, filler, texts={"execution_reason": LOW_RATE})
    assert evaluation.result["execution"]["reason"] == LOW_RATE
    submitted = selfeval.submit(evaluation, filler, "请审核")
    assert submitted.status == "submitted"
    assert submitted.submitted_at is not None
    assert actions_of(submitted)[-2:] == ["submit", "selfeval.snapshot"]
    snapshot = AuditEntry.objects.filter(action="selfeval.snapshot").get()
    assert snapshot.after["total_score"] == "93.87"
    assert snapshot.after["figures"]["executed"] == "251890.50"
    assert snapshot.after["result"]["indicators"][3]["arithmetic"].startswith("反向：目标 10次")
    assert snapshot.after["actuals"][5]["deviation"] == "宣传不足；加强宣传"


def test_the_review_chain_is_the_targets_one(world: World) -> None:
    evaluation = filled(world)
    users = world.users
    submitted = selfeval.submit(evaluation, users["filler"])
    with pytest.raises(WorkflowError, match="不能修改"):
        selfeval.save(submitted, users["filler"], texts={"conclusion": "改"})
    with pytest.raises(PermissionDenied, match="只有单位审核人可以审核或退回"):
        selfeval.approve(submitted, users["filler"])
    # the department's reviewer takes a later step, not this one
    with pytest.raises(PermissionDenied, match="当前处于“已提交”，只有单位审核人可以审核或退回"):
        selfeval.approve(submitted, users["department_reviewer"])
    steps = [
        ("unit_reviewer", "department_review"),
        ("department_reviewer", "finance_review"),
        ("finance_reviewer", "approved"),
    ]
    for role, status in steps:
        submitted = selfeval.approve(submitted, users[role], "同意")
        assert submitted.status == status
    with pytest.raises(WorkflowError, match="不能修改"):
        selfeval.adjust_score(submitted, users["filler"], 0, "16", "理由")
    assert actions_of(submitted)[-3:] == ["approve", "approve", "approve"]


def test_a_return_needs_a_comment_and_opens_it_again(world: World) -> None:
    evaluation = selfeval.submit(filled(world), world.users["filler"])
    reviewer = world.users["unit_reviewer"]
    with pytest.raises(WorkflowError, match="退回须填写退回意见"):
        selfeval.send_back(evaluation, reviewer, "  ")
    returned = selfeval.send_back(evaluation, reviewer, "第4行原因写得不具体")
    assert returned.status == "returned"
    changed = selfeval.save(returned, world.users["filler"], actuals={3: {"deviation": "具体原因"}})
    assert selfeval.submit(changed, world.users["filler"]).status == "submitted"
    lines = selfeval.history(changed)
    assert [(line.action, line.change) for line in lines[:3]] == [
        (
            "提交时的自评内容",
            "总分 93.87，等级 优；评分方案 中央部门项目支出绩效自评默认方案（第 2026.1 版）",
        ),
        ("提交", "已退回 → 已提交"),
        ("保存自评", "第4行 偏差原因分析及改进措施：资料多次更新；下年合并更新 → 具体原因"),
    ]
    assert ("退回", "第4行原因写得不具体") in [(line.action, line.reason) for line in lines]


def test_the_submitter_does_not_review_their_own(world: World) -> None:
    both = User.objects.create_user("both")
    for role in (Membership.Role.UNIT_FILLER, Membership.Role.UNIT_REVIEWER):
        Membership.objects.create(user=both, organisation=world.investment_unit, role=role)
    evaluation = filled(world)
    submitted = selfeval.submit(evaluation, both)
    assert not selfeval.may_take_review(both, submitted)
    with pytest.raises(OwnSubmissionError, match="提交人不能审核自己提交的绩效自评"):
        selfeval.approve(submitted, both)
    with pytest.raises(OwnSubmissionError):
        selfeval.send_back(submitted, both, "退回")
    assert selfeval.may_take_review(world.users["unit_reviewer"], submitted)
