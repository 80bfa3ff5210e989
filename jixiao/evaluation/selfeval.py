"""A project's 绩效自评 in the web application: started by the unit's 单位填报人 once the project's
targets are approved (已批复), filled in (budget figures, each indicator's 实际完成值 and
偏差原因分析及改进措施), scored under the profile in force on every save, adjusted by hand with a
reason, and reviewed along the targets' chain: 单位审核人 → 主管部门审核人 → 财政审核人 → 已批复.

Scoring is `jixiao.evaluate.scoring` (pure): this module builds the core project it scores from
the approved table (`Project.data`) and what the unit entered, and stores what it said. Every
write is one transaction with its audit entry; every state change goes through
`targets.workflow.change_state`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jixiao.audit.models import AuditEntry, record
from jixiao.core import model as core
from jixiao.core.value import fold_width, parse_value
from jixiao.evaluate.profile import Profile, plain_number
from jixiao.evaluate.report import result_data
from jixiao.evaluate.scoring import ScoreResult, ScoringError, adjust, score
from jixiao.evaluation.models import SelfEvaluation
from jixiao.evaluation.profiles import in_force, profile_of
from jixiao.org.access import Role, User, roles_at
from jixiao.org.people import display_name
from jixiao.targets.history import ACTION_LABELS, describe
from jixiao.targets.models import EDITABLE, Project, Status
from jixiao.targets.workflow import (
    NEXT,
    REVIEWER,
    WorkflowError,
    change_state,
    last_submitter,
    require,
    separate_duties,
)

FIGURES = (
    ("initial_budget", "年初预算数"),
    ("full_year_budget", "全年预算数"),
    ("executed", "全年执行数"),
)
"""The budget figures, in the project's 金额单位, as written."""
TEXTS = (("conclusion", "总体完成情况"), ("problems", "存在问题"), ("improvements", "改进措施"))
REASON = ("execution_reason", "执行率偏低的原因")
"""Said under the 预算执行 row; the scorer reads it as the row's 原因."""
MAX_ACTUAL, MAX_DEVIATION, MAX_TEXT = 200, 2000, 5000
FIGURE_DIGITS = (14, 6)
"""What the figure columns hold: 14 digits before the point, 6 after."""

FILLER_ONLY = "只有本单位的单位填报人可以填写、调整或提交绩效自评"
NOT_APPROVED = "项目绩效目标表批复（已批复）后才能开始绩效自评；本表当前为“{status}”"
ALREADY_STARTED = "本项目已开始绩效自评"
NOT_EDITABLE = "绩效自评当前为“{status}”，不能修改（草稿或已退回时才能修改）"
OWN_SUBMISSION = "提交人不能审核自己提交的绩效自评"
RETURN_NEEDS_COMMENT = "退回须填写退回意见，说明需要修改的内容"
REASON_REQUIRED = "人工调整得分须写明理由"

LABELS = {
    **ACTION_LABELS,
    "selfeval.start": "开始绩效自评",
    "selfeval.save": "保存自评",
    "selfeval.adjust": "人工调整得分",
    "selfeval.snapshot": "提交时的自评内容",
}
"""The self-evaluation's audit actions as its history names them."""
WEIGHT_SOURCES = {
    "written": "表内设定",
    "spread": "按评分方案分配",
    "profile": "评分方案设定",
    "none": "未设分值",
}


# -- who may do what -------------------------------------------------------------------------


def fills(user: User, project: Project) -> bool:
    """The unit's 单位填报人 fills in, adjusts and submits the project's self-evaluation."""
    return Role.UNIT_FILLER in roles_at(user, project.unit)


def can_start(user: User, project: Project) -> bool:
    return project.status == Status.APPROVED and fills(user, project)


def can_edit(user: User, evaluation: SelfEvaluation) -> bool:
    return evaluation.status in EDITABLE and fills(user, evaluation.project)


def reviews(user: User, evaluation: SelfEvaluation) -> bool:
    """The user holds the role of the current review step at the project's unit."""
    role = REVIEWER.get(Status(evaluation.status))
    return role is not None and role in roles_at(user, evaluation.project.unit)


def evaluation_of(project: Project) -> SelfEvaluation | None:
    """The project's self-evaluation (read with the project where it was select_related)."""
    try:
        found: SelfEvaluation = project.self_evaluation
    except SelfEvaluation.DoesNotExist:
        return None
    found.project = project
    return found


# -- starting and saving ---------------------------------------------------------------------


def start(project: Project, user: User) -> SelfEvaluation:
    """A new self-evaluation of an approved project, prefilled from what the table already holds
    (an imported self-evaluation form's figures and actual values; else 年初预算数 = the approved
    预算数), scored at once."""
    if not fills(user, project):
        raise PermissionDenied(FILLER_ONLY)
    with transaction.atomic():
        locked = (
            Project.objects.select_for_update(of=("self",))
            .select_related("unit__parent__parent", "document")
            .get(pk=project.pk)
        )
        if locked.status != Status.APPROVED:
            raise WorkflowError(NOT_APPROVED.format(status=locked.get_status_display()))
        if SelfEvaluation.objects.filter(project=locked).exists():
            raise WorkflowError(ALREADY_STARTED)
        evaluation = SelfEvaluation(project=locked, **_prefill(locked.to_core()))
        compute(evaluation)
        evaluation.save()
        record(user, "selfeval.start", evaluation, after=_state(evaluation))
    return evaluation


def _prefill(table: core.Project) -> dict[str, Any]:
    line = _total_line(table)
    figures = (
        {key: getattr(line, key) for key, _ in FIGURES}
        if line is not None
        else {"initial_budget": table.budget.total}
    )
    actuals = [
        {
            "index": index,
            "actual": indicator.actual.raw if indicator.actual is not None else "",
            "deviation": indicator.deviation or "",
        }
        for index, indicator in enumerate(table.indicators)
    ]
    evaluation = table.evaluation
    texts = {
        key: (getattr(evaluation, key) or "") if evaluation is not None else "" for key, _ in TEXTS
    }
    # a figure the columns cannot hold is left for the filler to enter
    figures = {key: value if _fits(value) else None for key, value in figures.items()}
    written = {key: _text_of(value) for key, value in figures.items()}
    return {**figures, **texts, "actuals": actuals, "result": {"figures": written}}


def _fits(number: Decimal | None) -> bool:
    return number is not None and bool(_NUMBER.match(format(number, "f")))


def save(
    evaluation: SelfEvaluation,
    user: User,
    *,
    figures: Mapping[str, str] | None = None,
    actuals: Mapping[int, Mapping[str, str | None]] | None = None,
    texts: Mapping[str, str] | None = None,
) -> SelfEvaluation:
    """Save what the filler entered and score it again under the profile in force. `figures` are
    the budget figures as typed (empty: not filled in); `actuals` by indicator index, each with
    `actual` and/or `deviation` (a key left out keeps its stored text); `texts` the conclusions.
    Every problem is reported at once, naming its field or row (ValidationError)."""
    with transaction.atomic():
        locked = _locked_for_edit(evaluation, user)
        table = locked.project.to_core()
        problems: list[str] = []
        parsed = _parse_figures(figures or {}, locked.project.money_unit, problems)
        entered = _parse_actuals(actuals or {}, table, problems)
        written_texts = _parse_texts(texts or {}, problems)
        if problems:
            raise ValidationError(problems)
        before = _state(locked)
        written = dict((locked.result or {}).get("figures") or {})
        for key, (number, text) in parsed.items():
            setattr(locked, key, number)
            written[key] = text
        rows = {int(entry["index"]): dict(entry) for entry in locked.actuals}
        for index, changes in entered.items():
            row = rows.setdefault(index, {"index": index, "actual": "", "deviation": ""})
            row.update(changes)
        locked.actuals = [rows[index] for index in sorted(rows)]
        for key, text in written_texts.items():
            setattr(locked, key, text)
        locked.result = {**(locked.result or {}), "figures": written}
        compute(locked, table)
        locked.save()
        after = _state(locked)
        changed = [key for key in after if before.get(key) != after.get(key)]
        record(
            user, "selfeval.save", locked,
            before={key: before.get(key) for key in changed},
            after={key: after[key] for key in changed},
        )  # fmt: skip
    return locked


def adjust_score(
    evaluation: SelfEvaluation, user: User, index: int, adjusted: str, reason: str
) -> SelfEvaluation:
    """The filler sets indicator `index`'s score by hand (a choice inside a qualitative band, a
    deduction for a target set too low …) with a reason, which the log keeps; an empty score
    goes back to the computed one (a reason is required too). The computed score stays beside it."""
    with transaction.atomic():
        locked = _locked_for_edit(evaluation, user)
        table = locked.project.to_core()
        if not reason.strip():
            raise ValidationError(REASON_REQUIRED)
        if len(reason) > MAX_DEVIATION:
            raise ValidationError(f"调整理由过长（不超过 {MAX_DEVIATION} 字）")
        others = [a for a in locked.adjustments if int(a["index"]) != index]
        plain = _scored(locked, table, profile_of(in_force()), others)
        if not 0 <= index < len(plain.indicators):
            raise ValidationError(f"没有第 {index + 1} 行指标：本表共 {len(plain.indicators)} 行")
        item = plain.indicators[index]
        where = f"第 {index + 1} 行「{item.name}」"
        before = {"row": index + 1, "name": item.name, "score": _text_of(_current(locked, index))}
        text = fold_width(adjusted).strip().replace(",", "")
        if text:
            try:
                number = Decimal(text)
            except InvalidOperation:
                raise ValidationError(
                    f"{where}的得分「{adjusted.strip()}」不是数字，请填写如 8.5 的分数"
                ) from None
            if not number.is_finite():
                raise ValidationError(f"{where}的得分「{adjusted.strip()}」不是数字")
            try:
                done = adjust(plain, index, number, reason)
            except ScoringError as refused:
                raise ValidationError(refused.message) from None
            chosen = done.indicators[index].score
            others.append(
                {
                    "index": index, "score": _text_of(chosen), "reason": reason.strip(),
                    "by": user.pk, "by_name": display_name(user), "at": timezone.now().isoformat(),
                }
            )  # fmt: skip
        elif not any(int(a["index"]) == index for a in locked.adjustments):
            raise ValidationError(f"{where}没有人工调整的得分，请填写调整后的得分")
        locked.adjustments = sorted(others, key=lambda a: int(a["index"]))
        compute(locked, table)
        locked.save()
        after = {
            "row": index + 1, "name": item.name, "score": _text_of(_current(locked, index)),
            "computed": _text_of(item.score), "adjusted": bool(text),
        }  # fmt: skip
        record(user, "selfeval.adjust", locked, before=before, after=after, reason=reason.strip())
    return locked


def _locked_for_edit(evaluation: SelfEvaluation, user: User) -> SelfEvaluation:
    """The row under its lock, once the user is the unit's filler (403) and its state lets them
    change it (a WorkflowError: 409 in the API, a message on the page)."""
    if not fills(user, evaluation.project):
        raise PermissionDenied(FILLER_ONLY)
    locked: SelfEvaluation = (
        SelfEvaluation.objects.select_for_update(of=("self",))
        .select_related("project__unit__parent__parent", "project__document", "profile")
        .get(pk=evaluation.pk)
    )
    if locked.status not in EDITABLE:
        raise WorkflowError(NOT_EDITABLE.format(status=locked.get_status_display()))
    return locked


_NUMBER = re.compile(r"^[0-9]{{1,{}}}(?:\.[0-9]{{1,{}}})?$".format(*FIGURE_DIGITS))


def _parse_figures(
    fields: Mapping[str, str], money_unit: str, problems: list[str]
) -> dict[str, tuple[Decimal | None, str]]:
    parsed: dict[str, tuple[Decimal | None, str]] = {}
    for key, label in FIGURES:
        if key not in fields:
            continue
        typed = (fields[key] or "").strip()
        text = fold_width(typed).replace(",", "")
        if not text:
            parsed[key] = (None, "")
        elif text.startswith("-") and _NUMBER.match(text[1:]):
            problems.append(f"{label}不能为负数（现为 {typed}）")
        elif not _NUMBER.match(text):
            problems.append(
                f"{label}「{typed}」不是可保存的金额，请填写如 251.89 的数字（单位：{money_unit}；"
                f"整数部分最多 {FIGURE_DIGITS[0]} 位，小数最多 {FIGURE_DIGITS[1]} 位）"
            )
        else:
            parsed[key] = (Decimal(text), text)
    return parsed


def _parse_actuals(
    entered: Mapping[int, Mapping[str, str | None]], table: core.Project, problems: list[str]
) -> dict[int, dict[str, str]]:
    rows = table.indicators
    out: dict[int, dict[str, str]] = {}
    for index in sorted(entered):
        if not 0 <= index < len(rows):
            problems.append(f"没有第 {index + 1} 行指标：本表共 {len(rows)} 行")
            continue
        where = f"第 {index + 1} 行「{rows[index].name}」"
        changes: dict[str, str] = {}
        for key, label, limit in (
            ("actual", "实际完成值", MAX_ACTUAL),
            ("deviation", "偏差原因分析及改进措施", MAX_DEVIATION),
        ):
            value = entered[index].get(key)
            if value is None:
                continue
            text = value.strip()
            if len(text) > limit:
                problems.append(f"{where}的{label}过长（{len(text)} 字，不超过 {limit} 字）")
            changes[key] = text
        out[index] = changes
    return out


def _parse_texts(fields: Mapping[str, str], problems: list[str]) -> dict[str, str]:
    out = {}
    for key, label in (*TEXTS, REASON):
        if key in fields:
            text = (fields[key] or "").strip()
            if len(text) > MAX_TEXT:
                problems.append(f"{label}过长（{len(text)} 字，不超过 {MAX_TEXT} 字）")
            out[key] = text
    return out


# -- scoring ---------------------------------------------------------------------------------


def written_figures(evaluation: SelfEvaluation) -> dict[str, Decimal | None]:
    """The budget figures as the filler wrote them ("251.89", not the column's 251.890000): the
    text kept beside the score where it still says the stored number, else the number itself."""
    kept = (evaluation.result or {}).get("figures") or {}
    out: dict[str, Decimal | None] = {}
    for key, _ in FIGURES:
        stored: Decimal | None = getattr(evaluation, key)
        text = kept.get(key)
        try:
            written = Decimal(text) if text else None
        except InvalidOperation:
            written = None
        if stored is None:
            out[key] = None
        elif written is not None and written == stored:
            out[key] = written
        else:
            out[key] = _trimmed(stored)
    return out


def _trimmed(number: Decimal) -> Decimal:
    """A figure column's number without the zeros its scale adds, cents kept."""
    plain = number.normalize()
    exponent = plain.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        return number.quantize(Decimal("0.01"))
    return plain


def core_project(evaluation: SelfEvaluation, table: core.Project | None = None) -> core.Project:
    """The approved table with what the unit entered: each indicator's 实际完成值 (read by the
    core value parser from the text as written) and 偏差原因分析, the budget figures as the
    table's 年度资金总额 row (its own 分值 for 预算执行率 kept where the table has one)."""
    table = table if table is not None else evaluation.project.to_core()
    entered = {int(entry["index"]): entry for entry in evaluation.actuals}
    indicators = []
    for index, indicator in enumerate(table.indicators):
        entry = entered.get(index, {})
        actual = (entry.get("actual") or "").strip()
        deviation = (entry.get("deviation") or "").strip()
        indicators.append(
            indicator.model_copy(
                update={
                    "actual": parse_value(actual) if actual else None,
                    "deviation": deviation or None,
                    "score": None,  # the score is computed here, not read
                }
            )
        )
    line = _total_line(table)
    fund = core.FundLine(
        label=line.label if line is not None else "年度资金总额",
        weight=line.weight if line is not None else None,
        # the unit's own words, else an imported form's 原因 of its rate
        note=evaluation.execution_reason.strip() or (line.note if line is not None else None),
        **written_figures(evaluation),
    )
    base = table.evaluation or core.Evaluation()
    own = base.model_copy(
        update={
            "funds": [fund],
            "total_score": None,
            "grade": None,
            **{key: getattr(evaluation, key) or None for key, _ in TEXTS},
        }
    )
    return table.model_copy(update={"indicators": indicators, "evaluation": own})


def _total_line(table: core.Project) -> core.FundLine | None:
    funds = table.evaluation.funds if table.evaluation is not None else []
    for line in funds:
        if "总额" in line.label or "合计" in line.label:
            return line
    return funds[0] if funds else None


def _scored(
    evaluation: SelfEvaluation,
    table: core.Project,
    profile: Profile,
    adjustments: list[dict[str, Any]],
) -> ScoreResult:
    """The score with these manual adjustments applied (one no longer applicable — the table's
    rows changed since — is left out; `compute` says so)."""
    result = score(core_project(evaluation, table), profile)
    for entry in adjustments:
        try:
            result = adjust(result, int(entry["index"]), Decimal(entry["score"]), entry["reason"])
        except (ScoringError, InvalidOperation, KeyError):
            continue
    return result


def compute(evaluation: SelfEvaluation, table: core.Project | None = None) -> None:
    """Score the self-evaluation under the profile in force and keep what the score said: the
    arithmetic (`result`), total and grade (once every item is scored), the profile, the time."""
    table = table if table is not None else evaluation.project.to_core()
    row = in_force()
    profile = profile_of(row)
    result = _scored(evaluation, table, profile, evaluation.adjustments)
    data = result_data(result)
    data["figures"] = dict((evaluation.result or {}).get("figures") or {})
    data["unapplied"] = [
        f"第 {int(a['index']) + 1} 行的人工调整（{a.get('score')} 分）已不适用，未计入：请重新调整"
        for a in evaluation.adjustments
        if not _applied(result, a)
    ]
    evaluation.result = data
    evaluation.profile = row
    evaluation.total_score = profile.round(result.total) if result.complete else None
    evaluation.grade = result.grade or ""
    evaluation.computed_at = timezone.now()


def _applied(result: ScoreResult, entry: Mapping[str, Any]) -> bool:
    index = int(entry["index"])
    if not 0 <= index < len(result.indicators):
        return False
    return result.indicators[index].adjustment is not None


def _current(evaluation: SelfEvaluation, index: int) -> Decimal | None:
    rows = (evaluation.result or {}).get("indicators") or []
    if 0 <= index < len(rows) and rows[index].get("score") is not None:
        return Decimal(rows[index]["score"])
    return None


def submit_problems(evaluation: SelfEvaluation) -> list[str]:
    """What keeps the self-evaluation from being submitted, one line each, naming the row: an
    item not scored, and every indicator not fully met without 偏差原因分析及改进措施."""
    result = evaluation.result or {}
    problems = []
    execution = result.get("execution") or {}
    if execution.get("score") is None:
        problems.append(f"预算执行率未计分：{execution.get('arithmetic', '未填写预算执行情况')}")
    elif execution.get("needs_reason") and not execution.get("reason"):
        problems.append(
            f"预算执行率 {execution.get('rate_percent')}% 低于评分方案的要求，"
            "须在预算执行情况下方填写执行率偏低的原因"
        )
    for item in result.get("indicators") or []:
        where = f"第 {item['index'] + 1} 行「{item['name']}」"
        if item.get("score") is None:
            problems.append(f"{where}未计分：{item['arithmetic']}")
        elif item.get("deviation_missing"):
            problems.append(
                f"{where}未完全达成（得分 {item['score']}，分值 {item['weight']}），"
                "须填写偏差原因分析及改进措施"
            )
    problems.extend(result.get("unapplied") or [])
    return problems


# -- the review cycle ------------------------------------------------------------------------


def submit(evaluation: SelfEvaluation, user: User, comment: str = "") -> SelfEvaluation:
    """The filler submits a draft (or a returned one) to the 单位审核人. It is scored once more
    under the profile in force; every item must be scored and each indicator not fully met
    explained. The self-evaluation as submitted is kept in the log."""

    def gate(locked: SelfEvaluation) -> None:
        compute(locked)
        problems = submit_problems(locked)
        if problems:
            raise WorkflowError("绩效自评还不能提交：" + "；".join(problems))
        locked.submitted_at = timezone.now()
        locked.save(update_fields=[*_SCORED, "submitted_at", "updated_at"])

    with transaction.atomic():
        changed = change_state(
            evaluation, user, "submit", allowed=lambda s: fills(user, s.project),
            source=EDITABLE, target=lambda s: Status.SUBMITTED, reason=comment,
            denied=FILLER_ONLY, gate=gate,
        )  # fmt: skip
        record(user, "selfeval.snapshot", changed, after=snapshot(changed))
    return changed


_SCORED = ["result", "profile", "total_score", "grade", "computed_at"]


def approve(evaluation: SelfEvaluation, user: User, comment: str = "") -> SelfEvaluation:
    """The reviewer of the current step passes it on (at 财政审核: approves it); never its
    submitter."""
    return change_state(
        evaluation, user, "approve", allowed=lambda s: reviews(user, s),
        source=tuple(NEXT), target=lambda s: NEXT[Status(s.status)], reason=comment,
        denied=_reviewer_needed, gate=lambda s: separate_duties(s, user, OWN_SUBMISSION),
    )  # fmt: skip


def send_back(evaluation: SelfEvaluation, user: User, comment: str) -> SelfEvaluation:
    """The reviewer of the current step returns it to the unit (已退回), saying why."""

    def gate(locked: SelfEvaluation) -> None:
        separate_duties(locked, user, OWN_SUBMISSION)
        require(comment, RETURN_NEEDS_COMMENT)

    return change_state(
        evaluation, user, "return", allowed=lambda s: reviews(user, s),
        source=tuple(REVIEWER), target=lambda s: Status.RETURNED, reason=comment,
        denied=_reviewer_needed, gate=gate,
    )  # fmt: skip


def _reviewer_needed(evaluation: SelfEvaluation) -> str:
    role = REVIEWER.get(Status(evaluation.status))
    label = Role(role).label if role is not None else "审核人"
    return f"绩效自评当前处于“{evaluation.get_status_display()}”，只有{label}可以审核或退回"


ACTIONS: dict[str, Callable[[SelfEvaluation, User, str], SelfEvaluation]] = {
    "submit": submit,
    "approve": approve,
    "return": send_back,
}
"""The state changes by the names the pages and the API use."""
DONE = {"submit": "已提交", "approve": "已审核通过", "return": "已退回", "start": "已开始"}


def may_take_review(user: User, evaluation: SelfEvaluation) -> bool:
    """Whether to offer the review step's actions (not to its submitter)."""
    return reviews(user, evaluation) and last_submitter(evaluation) != user.pk


def snapshot(evaluation: SelfEvaluation) -> dict[str, Any]:
    """The self-evaluation as submitted: figures, entries, adjustments and the score with its
    arithmetic under the named profile."""
    return {
        "figures": {key: _text_of(value) for key, value in written_figures(evaluation).items()},
        "actuals": evaluation.actuals,
        "adjustments": evaluation.adjustments,
        **{key: getattr(evaluation, key) for key, _ in TEXTS},
        "total_score": _text_of(evaluation.total_score),
        "grade": evaluation.grade,
        "profile": (evaluation.result or {}).get("profile"),
        "result": evaluation.result,
    }


# -- history ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    at: datetime
    actor: str
    action: str
    change: str
    reason: str


def history(evaluation: SelfEvaluation) -> list[Line]:
    """The self-evaluation's audit entries in words, newest first (one query)."""
    entries = AuditEntry.objects.filter(
        object_type=SelfEvaluation._meta.label_lower, object_id=str(evaluation.pk)
    ).select_related("actor")
    return [
        Line(
            at=entry.at,
            actor=display_name(entry.actor),
            action=LABELS.get(entry.action, "其他操作"),
            change=_describe(entry),
            reason=entry.reason,
        )
        for entry in entries.order_by("-pk")
    ]


STATE_LABELS = {
    **dict(FIGURES),
    **dict(TEXTS),
    REASON[0]: REASON[1],
    "total_score": "总分",
    "grade": "等级",
}


def _describe(entry: AuditEntry) -> str:
    before, after = entry.before or {}, entry.after or {}
    if entry.action in ("submit", "approve", "return"):
        return describe(entry)
    if entry.action == "selfeval.snapshot":
        total = after.get("total_score") or "—"
        profile = after.get("profile") or {}
        return (
            f"总分 {total}，等级 {after.get('grade') or '—'}；评分方案 "
            f"{profile.get('title', '')}（第 {profile.get('version', '')} 版）"
        )
    if entry.action == "selfeval.adjust":
        row = f"第{after.get('row')}行「{after.get('name')}」得分："
        if after.get("adjusted"):
            return f"{row}{before.get('score') or '—'} → {after.get('score')}（人工调整）"
        return f"{row}恢复计算得分 {after.get('score') or '—'}"
    parts = [
        f"{_state_label(key)}：{_shown(before.get(key))} → {_shown(after.get(key))}"
        for key in _in_order({**before, **after})
    ]
    if entry.action == "selfeval.start":
        parts = [f"{_state_label(key)}：{_shown(after[key])}" for key in _in_order(after)]
        parts = [part for part in parts if not part.endswith("（空）")]
    return "；".join(parts) if parts else "（内容未变）"


def _in_order(keys: Mapping[str, Any]) -> list[str]:
    """Figures, then each row's entries, then the conclusions, then total and grade."""
    figures, texts = [key for key, _ in FIGURES], [key for key, _ in TEXTS]

    def place(key: str) -> tuple[int, int, str]:
        kind, _, index = key.partition(":")
        if index.isdigit():
            return (1, int(index), kind)
        if key in figures:
            return (0, figures.index(key), key)
        if key in texts:
            return (2, texts.index(key), key)
        return (3, 0 if key == "total_score" else 1, key)

    return sorted(keys, key=place)


def _state_label(key: str) -> str:
    kind, _, index = key.partition(":")
    if index.isdigit():
        what = "实际完成值" if kind == "actual" else "偏差原因分析及改进措施"
        return f"第{int(index) + 1}行 {what}"
    return STATE_LABELS.get(key, key)


def _shown(value: Any) -> str:
    text = "（空）" if value in (None, "") else str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _state(evaluation: SelfEvaluation) -> dict[str, Any]:
    """What the log compares: figures as written, texts, each row's entries, total and grade."""
    state: dict[str, Any] = {
        key: _text_of(value) for key, value in written_figures(evaluation).items()
    }
    state.update({key: getattr(evaluation, key) for key, _ in (*TEXTS, REASON)})
    for entry in evaluation.actuals:
        state[f"actual:{entry['index']}"] = entry.get("actual") or ""
        state[f"deviation:{entry['index']}"] = entry.get("deviation") or ""
    state["total_score"] = _text_of(evaluation.total_score)
    state["grade"] = evaluation.grade
    return state


def _text_of(number: Decimal | None) -> str:
    return "" if number is None else format(number, "f")


def weight_source(item: Mapping[str, Any], profile: Profile | None) -> str:
    """Where an indicator's 分值 comes from, in words: 表内设定, or a share of its 一级's."""
    source = str(item.get("weight_source") or "none")
    if source == "spread" and profile is not None and item.get("group"):
        group = next((g for g in profile.weights.groups if g.name == item["group"]), None)
        if group is not None:
            return f"按评分方案分配（{group.name}共 {plain_number(group.points)} 分）"
    return WEIGHT_SOURCES.get(source, source)
