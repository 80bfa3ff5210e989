"""The 部门整体自评 of a target document: the department-wide indicators' actual values, each judged
against its annual target; the roll-up of the department's project self-evaluations; and its
review cycle, like the department-wide targets': 草稿 → 财政审核 → 已批复, kept by the 主管部门
(its filler or reviewer), reviewed by the fiscal bureau's 财政审核人, a return back to 已退回.

The roll-up is read in two aggregate queries whatever the number of projects; it is shown live
while the self-evaluation is being written and stored (`rollup`) when it is submitted, so the
fiscal bureau reviews the figures the department submitted.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, DecimalField, Q, QuerySet, Sum
from django.utils import timezone

from jixiao.audit.models import AuditEntry, record
from jixiao.core.model import Department, Indicator, Value
from jixiao.core.value import fold_width, parse_value
from jixiao.evaluate.profile import HUNDRED, Profile, plain_number
from jixiao.evaluation.models import DepartmentSelfEvaluation, SelfEvaluation
from jixiao.evaluation.profiles import in_force, profile_of
from jixiao.org.access import User
from jixiao.org.people import display_name
from jixiao.targets.history import Line
from jixiao.targets.models import EDITABLE, Project, Status, TargetDocument
from jixiao.targets.workflow import (
    RETURN_NEEDS_COMMENT,
    WorkflowError,
    change_state,
    keeps_department,
    may_take_review,
    require,
    reviews_department,
    separate_duties,
)

KEEPERS_ONLY = "只有主管部门的填报人或审核人可以填写或报送部门整体自评"
FINANCE_ONLY = "只有财政审核人可以审核或退回部门整体自评"
OWN_SUBMISSION = "报送人不能审核自己报送的部门整体自评"
NOT_STARTED = "部门整体自评尚未开始：请主管部门先填写各项部门整体绩效指标的实际完成值"
CHANGED = "部门整体自评已被他人修改，请刷新页面，在最新内容上重新填写"
GRADES = ("优", "良", "中", "差")
UNDER_REVIEW = (Status.SUBMITTED, Status.DEPARTMENT_REVIEW, Status.FINANCE_REVIEW)
MAX_ACTUAL = 200
MAX_TEXT = 5000
YUAN_PER = {"元": Decimal(1), "万元": Decimal(10000)}


class InputError(ValueError):
    """A value that cannot be stored, in Chinese, saying which field (a message; API: 400)."""


# -- the department-wide indicators and their completion ---------------------------------------


@dataclass(frozen=True)
class Judgement:
    """Whether an indicator's annual target was met: True, False, or None (the rules cannot
    tell: no actual, words where a number is due, another unit), always with the reason."""

    met: bool | None
    words: str

    @property
    def label(self) -> str:
        return {True: "达成", False: "未达成", None: "待判断"}[self.met]


@dataclass
class Row:
    """A department-wide indicator with what the self-evaluation says of it."""

    index: int
    goal: str
    indicator: Indicator
    actual: str = ""
    deviation: str = ""
    judgement: Judgement = field(default_factory=lambda: Judgement(None, "未填写实际完成值"))

    @property
    def name(self) -> str:
        return self.indicator.name

    @property
    def target(self) -> str:
        return self.indicator.target.raw

    def to_data(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "goal": self.goal,
            "name": self.name,
            "target": self.target,
            "actual": self.actual,
            "deviation": self.deviation,
            "met": self.judgement.met,
            "judgement": self.judgement.label,
            "words": self.judgement.words,
        }


def indicators_of(document: TargetDocument) -> list[tuple[str, Indicator]]:
    """The department-wide indicators in the order of the text: each 分项绩效目标's, then those of
    a 部门整体支出绩效目标表's own grid; each with the goal it serves."""
    if not document.data:
        return []
    department = Department.model_validate(document.data)
    found = [
        (f"{number}、{goal.title}", indicator)
        for number, goal in enumerate(department.sub_goals, 1)
        for indicator in goal.indicators
    ]
    found += [("部门整体绩效指标", indicator) for indicator in department.indicators]
    return found


def rows_of(
    document: TargetDocument, evaluation: DepartmentSelfEvaluation | None, profile: Profile
) -> list[Row]:
    """Each department-wide indicator with its stored actual and deviation, judged. An actual is
    kept by index and indicator name: after a 目标调整 that moved the indicators, it follows its
    indicator (or is dropped with it). Before the self-evaluation is started, an imported
    部门整体支出绩效自评表's 实际完成值 and 偏差原因 are the values it starts from."""
    stored = list(evaluation.actuals) if evaluation is not None else []
    by_place = {(entry.get("index"), entry.get("name")): entry for entry in stored}
    by_name = {entry.get("name"): entry for entry in stored}
    rows = []
    for index, (goal, indicator) in enumerate(indicators_of(document)):
        entry = by_place.get((index, indicator.name)) or by_name.get(indicator.name) or {}
        if evaluation is None and indicator.actual is not None:
            entry = {"actual": indicator.actual.raw, "deviation": indicator.deviation or ""}
        actual = str(entry.get("actual") or "")
        row = Row(index, goal, indicator, actual, str(entry.get("deviation") or ""))
        row.judgement = judge(indicator.target, actual, profile)
        rows.append(row)
    return rows


def judge(target: Value, actual_text: str, profile: Profile) -> Judgement:
    """Whether `actual_text` meets `target`, read by the core value parser; "=" and a target of
    0 as the profile in force scores them, words by its qualitative bands."""
    if not actual_text.strip():
        return Judgement(None, "未填写实际完成值")
    actual = parse_value(actual_text)
    if target.kind == "empty":
        return Judgement(None, "年度目标值未填写，无法判断是否达成")
    if target.kind in ("quantity", "range"):
        return _quantity(target, actual, profile)
    if target.kind == "date":
        return _date(target, actual, profile)
    return _words(target, actual, profile)


def _band_of(actual: Value, target: Value, profile: Profile) -> int | None:
    """The qualitative band (0 the top) the actual's words fall in, if any."""
    said = fold_width(actual.text or actual.raw).strip()
    if said and said == fold_width(target.text or target.raw).strip():
        return 0
    for position, band in enumerate(profile.bands):
        if said in band.words:
            return position
    return None


def _words(target: Value, actual: Value, profile: Profile) -> Judgement:
    band = _band_of(actual, target, profile)
    if band == 0:
        return Judgement(True, f"实际「{actual.raw}」，达到目标「{target.raw}」")
    if band is not None:
        name = profile.bands[band].name
        return Judgement(False, f"实际「{actual.raw}」属「{name}」，未完全达到目标「{target.raw}」")
    return Judgement(
        None, f"实际「{actual.raw}」无法与目标「{target.raw}」自动比对，请在偏差说明中写明完成情况"
    )


_MONTH = re.compile(r"(\d{1,2})\s*月")
_NEXT_YEAR = re.compile(r"次年|明年|下年|下一年|翌年")


def _month(value: Value) -> int | None:
    """The month a date names, counted on past December for one of the next year (次年2月: 14)."""
    text = fold_width(value.raw)
    found = _MONTH.search(text)
    if found is None:
        return None
    return int(found.group(1)) + (12 if _NEXT_YEAR.search(text) else 0)


def _date(target: Value, actual: Value, profile: Profile) -> Judgement:
    band = _band_of(actual, target, profile)
    if band is not None:
        return _words(target, actual, profile)
    due, done = _month(target), _month(actual)
    if due is None or done is None:
        return Judgement(
            None, f"实际「{actual.raw}」无法与目标「{target.raw}」比对时间，请在偏差说明中写明"
        )
    if done <= due:
        return Judgement(True, f"实际「{actual.raw}」不晚于目标「{target.raw}」，按时完成")
    return Judgement(False, f"实际「{actual.raw}」晚于目标「{target.raw}」，未按时完成")


def _quantity(target: Value, actual: Value, profile: Profile) -> Judgement:
    if actual.kind != "quantity" or actual.number is None or target.number is None:
        return Judgement(
            None,
            f"实际「{actual.raw}」不是数值，无法与目标「{target.raw}」比较；请填写数值（如"
            f"「{plain_number(target.number or Decimal(0))}{target.unit or ''}」）",
        )
    unit, written = target.unit or "", actual.unit or ""
    if written and unit and fold_width(written) != fold_width(unit):
        return Judgement(
            None, f"实际的单位「{written}」与目标「{target.raw}」的单位「{unit}」不同，无法比较"
        )
    a, t = actual.number, target.number
    shown = f"{plain_number(a)}{unit}"
    if target.kind == "range" and target.upper is not None:
        inside = t <= a <= target.upper
        where = "之内" if inside else ("低于下限" if a < t else "高于上限")
        return Judgement(inside, f"实际 {shown} 在目标区间 {target.raw} {where}")
    op = target.op or "="
    if op in ("<=", "<") or (op == "=" and t == 0):
        if t == 0 and profile.zero_target.rule == "manual":
            return Judgement(None, f"目标为 0，实际 {shown}：由审核人按完成情况判断")
        met = a <= t if op in ("<=", "=") else a < t
        sign = {"<=": "不高于", "<": "低于", "=": "等于"}[op]
        said = f"实际 {shown}，目标{sign} {plain_number(t)}{unit}"
        return Judgement(met, said + ("，达成" if met else "，超出目标，未达成"))
    if op == "=" and profile.equal.rule != "as_positive":
        met = a == t
        return Judgement(met, f"实际 {shown}，目标为 {plain_number(t)}{unit}" + _said(met))
    met = a > t if op == ">" else a >= t
    share = f"（完成目标的 {plain_number(_share(a, t))}%）" if not met and t > 0 else ""
    sign = "高于" if op == ">" else "不低于"
    return Judgement(met, f"实际 {shown}，目标{sign} {plain_number(t)}{unit}{share}" + _said(met))


def _said(met: bool) -> str:
    return "，达成" if met else "，未达成"


def _share(actual: Decimal, target: Decimal) -> Decimal:
    return (actual / target * HUNDRED).quantize(Decimal("0.01"))


# -- the roll-up of the department's project self-evaluations ---------------------------------


def rollup(document: TargetDocument) -> dict[str, Any]:
    """The department's projects' self-evaluations summed up, as JSON (numbers as decimal
    strings): how many projects and how far each is, the scores (count, total, mean), the grade
    distribution and the execution rate over all projects with budget figures, in 元."""
    ev = "self_evaluation__"
    scores = DecimalField(max_digits=30, decimal_places=2)
    counted = Project.objects.filter(document=document).aggregate(
        projects=Count("pk"),
        started=Count(f"{ev}pk"),
        draft=Count(f"{ev}pk", filter=Q(**{f"{ev}status__in": EDITABLE})),
        submitted=Count(f"{ev}pk", filter=Q(**{f"{ev}status__in": UNDER_REVIEW})),
        approved=Count(f"{ev}pk", filter=Q(**{f"{ev}status": Status.APPROVED})),
        scored=Count(f"{ev}total_score"),
        score_total=Sum(f"{ev}total_score", output_field=scores),
        **{
            f"grade_{n}": Count(f"{ev}pk", filter=Q(**{f"{ev}grade": grade}))
            for n, grade in enumerate(GRADES)
        },
    )
    money = DecimalField(max_digits=30, decimal_places=6)
    by_unit = (
        SelfEvaluation.objects.filter(
            project__document=document, full_year_budget__isnull=False, executed__isnull=False
        )
        .values("project__money_unit")
        .annotate(
            budget=Sum("full_year_budget", output_field=money),
            executed=Sum("executed", output_field=money),
            count=Count("pk"),
        )
        .order_by()
    )
    budget = executed = Decimal(0)
    with_figures = 0
    for line in by_unit:
        per = YUAN_PER.get(line["project__money_unit"], Decimal(1))
        budget += Decimal(line["budget"]) * per
        executed += Decimal(line["executed"]) * per
        with_figures += line["count"]
    scored = counted["scored"]
    total = Decimal(counted["score_total"] or 0)
    return {
        "projects": counted["projects"],
        "not_started": counted["projects"] - counted["started"],
        "draft": counted["draft"],
        "submitted": counted["submitted"],
        "approved": counted["approved"],
        "scored": scored,
        "score_total": _text(total.quantize(Decimal("0.01"))) if scored else None,
        "score_mean": _text((total / scored).quantize(Decimal("0.01"))) if scored else None,
        "grades": {grade: counted[f"grade_{n}"] for n, grade in enumerate(GRADES)},
        "with_figures": with_figures,
        "budget": _text(_trim(budget)) if with_figures else None,
        "executed": _text(_trim(executed)) if with_figures else None,
        "rate": _text((executed / budget * HUNDRED).quantize(Decimal("0.01")))
        if with_figures and budget
        else None,
    }


def _trim(amount: Decimal) -> Decimal:
    """An amount in 元 to the cent (sums of 万元 figures keep no more places than that)."""
    return amount.quantize(Decimal("0.01"))


def _text(number: Decimal) -> str:
    return format(number, "f")


# -- reading and writing -------------------------------------------------------------------------


def of(document: TargetDocument) -> DepartmentSelfEvaluation | None:
    """The document's self-evaluation, if started (read with the document when it was loaded
    with `select_related("self_evaluation")`)."""
    try:
        return document.self_evaluation  # type: ignore[no-any-return]
    except DepartmentSelfEvaluation.DoesNotExist:
        return None


@dataclass(frozen=True)
class Entry:
    """What a form or the API writes: each indicator's actual and deviation by index, the texts,
    and the stamp of the content the form was filled in from (None: not checked)."""

    actuals: dict[int, tuple[str, str]]
    summary: str = ""
    problems: str = ""
    improvements: str = ""
    stamp: str | None = None


def stamp_of(evaluation: DepartmentSelfEvaluation | None) -> str:
    """A short hash of the stored content: a form carries it, and saving over newer content is
    refused."""
    if evaluation is None:
        return "new"
    content = [evaluation.actuals, evaluation.summary, evaluation.problems, evaluation.improvements]
    text = json.dumps(content, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _checked(entry: Entry, rows: list[Row]) -> list[dict[str, Any]]:
    count = len(rows)
    for index, (actual, deviation) in entry.actuals.items():
        if not 0 <= index < count:
            raise InputError(f"没有第 {index + 1} 项部门整体绩效指标（共 {count} 项）")
        name = rows[index].name
        if len(actual) > MAX_ACTUAL:
            raise InputError(f"第 {index + 1} 项「{name}」的实际完成值过长（最多 {MAX_ACTUAL} 字）")
        if len(deviation) > MAX_TEXT:
            raise InputError(f"第 {index + 1} 项「{name}」的偏差说明过长（最多 {MAX_TEXT} 字）")
    for label, text in (
        ("总体情况", entry.summary),
        ("存在问题", entry.problems),
        ("改进措施", entry.improvements),
    ):
        if len(text) > MAX_TEXT:
            raise InputError(f"{label}过长（最多 {MAX_TEXT} 字）")
    kept = {row.index: (row.actual, row.deviation) for row in rows}
    kept.update({i: (a.strip(), d.strip()) for i, (a, d) in entry.actuals.items()})
    return [
        {"index": row.index, "name": row.name, "actual": kept[row.index][0],
         "deviation": kept[row.index][1]}
        for row in rows
        if kept[row.index] != ("", "")
    ]  # fmt: skip


def _refuse_unless_approved(document: TargetDocument) -> None:
    if document.status != Status.APPROVED:
        raise WorkflowError(
            f"部门整体绩效目标当前为“{document.get_status_display()}”：批复后才能填写部门整体自评"
        )


def save(document: TargetDocument, user: User, entry: Entry) -> DepartmentSelfEvaluation:
    """The 主管部门 writes its self-evaluation (the first save starts it, as a 草稿): while the
    department-wide targets stand approved and the self-evaluation is a draft or returned. All or
    nothing; the audit entry names what changed."""
    if not keeps_department(user, document):
        raise PermissionDenied(KEEPERS_ONLY)
    with transaction.atomic():
        locked = (
            TargetDocument.objects.select_for_update(of=("self",))
            .select_related("department__parent", "fiscal_year")
            .get(pk=document.pk)
        )
        _refuse_unless_approved(locked)
        evaluation = (
            DepartmentSelfEvaluation.objects.select_for_update().filter(document=locked).first()
        )
        if evaluation is not None and evaluation.status not in EDITABLE:
            raise WorkflowError(
                f"部门整体自评当前为“{evaluation.get_status_display()}”，不能修改"
                + ("" if evaluation.status == Status.APPROVED else "；请等待审核结果")
            )
        if entry.stamp is not None and entry.stamp != stamp_of(evaluation):
            raise WorkflowError(CHANGED)
        rows = rows_of(locked, evaluation, profile_of(in_force()))
        actuals = _checked(entry, rows)
        if evaluation is None:
            try:
                with transaction.atomic():
                    evaluation = DepartmentSelfEvaluation.objects.create(document=locked)
            except IntegrityError:  # started by another request under the same lock: not reached
                raise WorkflowError(CHANGED) from None
            evaluation.document = locked
            record(user, "selfeval_start", evaluation, after={"status": evaluation.status})
        before = _content(evaluation)
        evaluation.actuals = actuals
        evaluation.summary = entry.summary.strip()
        evaluation.problems = entry.problems.strip()
        evaluation.improvements = entry.improvements.strip()
        after = _content(evaluation)
        if after != before:
            evaluation.save(update_fields=["actuals", "summary", "problems", "improvements",
                                           "updated_at"])  # fmt: skip
            changed = [key for key in after if after[key] != before[key]]
            record(
                user, "selfeval_save", evaluation,
                before={k: before[k] for k in changed}, after={k: after[k] for k in changed},
            )  # fmt: skip
    return evaluation


def _content(evaluation: DepartmentSelfEvaluation) -> dict[str, Any]:
    return {
        "actuals": list(evaluation.actuals),
        "summary": evaluation.summary,
        "problems": evaluation.problems,
        "improvements": evaluation.improvements,
    }


# -- the review cycle ----------------------------------------------------------------------------


def _row_for(
    document: TargetDocument, user: User, allowed: bool, denied: str
) -> DepartmentSelfEvaluation:
    """The self-evaluation to act on: none started yet is refused by the role first (403), then
    by the state (a message, 409)."""
    evaluation = DepartmentSelfEvaluation.objects.filter(document=document).first()
    if evaluation is None:
        if not allowed:
            raise PermissionDenied(denied)
        raise WorkflowError(NOT_STARTED)
    return evaluation


def submit(document: TargetDocument, user: User, comment: str = "") -> DepartmentSelfEvaluation:
    """The 主管部门 submits its self-evaluation to the fiscal bureau: every indicator has its
    actual, every one not met (or that cannot be judged) its deviation analysis, the summary is
    written. The roll-up is stored as it stands now."""
    evaluation = _row_for(document, user, keeps_department(user, document), KEEPERS_ONLY)

    def gate(locked: DepartmentSelfEvaluation) -> None:
        _refuse_unless_approved(locked.document)
        problems = incomplete(locked)
        if problems:
            raise WorkflowError("还不能报送：" + "；".join(problems))

    with transaction.atomic():
        changed: DepartmentSelfEvaluation = change_state(
            evaluation, user, "submit", allowed=lambda e: keeps_department(user, e.document),
            source=EDITABLE, target=lambda e: Status.FINANCE_REVIEW, reason=comment,
            denied=KEEPERS_ONLY, gate=gate,
        )  # fmt: skip
        changed.rollup = rollup(changed.document)
        changed.submitted_at = timezone.now()
        changed.save(update_fields=["rollup", "submitted_at"])
    return changed


def incomplete(evaluation: DepartmentSelfEvaluation) -> list[str]:
    """What a submission still lacks, in words (empty: it may go)."""
    rows = rows_of(evaluation.document, evaluation, profile_of(in_force()))
    problems = []
    missing = [row for row in rows if not row.actual]
    if missing:
        problems.append("以下指标未填写实际完成值：" + "、".join(_named(row) for row in missing))
    unexplained = [row for row in rows if row.actual and row.judgement.met is not True
                   and not row.deviation]  # fmt: skip
    if unexplained:
        problems.append(
            "以下指标未达成或无法自动判断，须填写偏差原因分析及改进措施："
            + "、".join(_named(row) for row in unexplained)
        )
    if not evaluation.summary.strip():
        problems.append("请填写总体情况")
    return problems


def _named(row: Row) -> str:
    return f"第 {row.index + 1} 项「{row.name}」"


def approve(document: TargetDocument, user: User, comment: str = "") -> DepartmentSelfEvaluation:
    """The fiscal bureau's 财政审核人 approves the self-evaluation; not whoever submitted it."""
    evaluation = _row_for(document, user, reviews_department(user, document), FINANCE_ONLY)
    changed: DepartmentSelfEvaluation = change_state(
        evaluation, user, "approve", allowed=lambda e: reviews_department(user, e.document),
        source=(Status.FINANCE_REVIEW,), target=lambda e: Status.APPROVED, reason=comment,
        denied=FINANCE_ONLY, gate=lambda e: separate_duties(e, user, OWN_SUBMISSION),
    )  # fmt: skip
    return changed


def send_back(document: TargetDocument, user: User, comment: str) -> DepartmentSelfEvaluation:
    """The 财政审核人 returns the self-evaluation to the 主管部门 (已退回), with a comment."""
    evaluation = _row_for(document, user, reviews_department(user, document), FINANCE_ONLY)

    def gate(locked: DepartmentSelfEvaluation) -> None:
        separate_duties(locked, user, OWN_SUBMISSION)
        require(comment, RETURN_NEEDS_COMMENT)

    changed: DepartmentSelfEvaluation = change_state(
        evaluation, user, "return", allowed=lambda e: reviews_department(user, e.document),
        source=(Status.FINANCE_REVIEW,), target=lambda e: Status.RETURNED, reason=comment,
        denied=FINANCE_ONLY, gate=gate,
    )  # fmt: skip
    return changed


ActionName = Literal["submit", "approve", "return"]
ACTIONS = {"submit": submit, "approve": approve, "return": send_back}
DONE = {"submit": "已报送财政审核", "approve": "已审核通过", "return": "已退回主管部门"}


@dataclass(frozen=True)
class May:
    """What the user may do with the self-evaluation now (the pages offer only these)."""

    edit: bool
    submit: bool
    review: bool


def may(user: User, document: TargetDocument, evaluation: DepartmentSelfEvaluation | None) -> May:
    status = evaluation.status if evaluation is not None else Status.DRAFT
    edit = (
        keeps_department(user, document)
        and document.status == Status.APPROVED
        and status in EDITABLE
    )
    review = (
        evaluation is not None
        and status == Status.FINANCE_REVIEW
        and may_take_review(user, evaluation, reviews_department(user, document))
    )
    return May(edit=edit, submit=edit and evaluation is not None, review=review)


def shown_rollup(document: TargetDocument, evaluation: DepartmentSelfEvaluation | None) -> Any:
    """The roll-up a reader sees: as submitted once it has been, live before (and after a
    return)."""
    if evaluation is not None and evaluation.status not in EDITABLE and evaluation.rollup:
        return evaluation.rollup
    return rollup(document)


# -- the log ---------------------------------------------------------------------------------------

ACTION_LABELS = {
    "selfeval_start": "开始部门整体自评",
    "selfeval_save": "保存部门整体自评",
    "submit": "报送财政审核",
    "approve": "审核通过",
    "return": "退回",
}
CONTENT_LABELS = {
    "summary": "总体情况",
    "problems": "存在问题",
    "improvements": "改进措施",
}
SHORT = 40


def describe(action: str, before: Any, after: Any) -> str:
    """Before → after of an entry of the self-evaluation's log, in the words of the page."""
    before, after = before or {}, after or {}
    labels = dict(Status.choices)
    if isinstance(after.get("status"), str) and isinstance(before.get("status"), str):
        return f"{labels.get(before['status'], '')} → {labels.get(after['status'], '')}"
    if action == "selfeval_start":
        return "新建（草稿）"
    parts = []
    if "actuals" in after or "actuals" in before:
        old = {e.get("name"): e for e in before.get("actuals") or []}
        new = {e.get("name"): e for e in after.get("actuals") or []}
        for name in list(dict.fromkeys([*old, *new])):
            was, now = old.get(name) or {}, new.get(name) or {}
            if was.get("actual", "") != now.get("actual", ""):
                old_actual, new_actual = _short(was.get("actual")), _short(now.get("actual"))
                parts.append(f"「{name}」实际完成值：{old_actual} → {new_actual}")
            if was.get("deviation", "") != now.get("deviation", ""):
                parts.append(f"「{name}」偏差说明：{_short(now.get('deviation'))}")
    for key, label in CONTENT_LABELS.items():
        if key in after:
            parts.append(f"{label}：{_short(before.get(key))} → {_short(after.get(key))}")
    return "；".join(parts) or "（内容未变）"


def _short(value: Any) -> str:
    text = str(value or "").strip() or "（空）"
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def log_entries(evaluation: DepartmentSelfEvaluation | None) -> QuerySet[AuditEntry]:
    """The self-evaluation's audit entries, newest first (a query: pages take a page of it)."""
    if evaluation is None:
        return AuditEntry.objects.none()
    return (
        AuditEntry.objects.filter(
            object_type=evaluation._meta.label_lower, object_id=str(evaluation.pk)
        )
        .select_related("actor")
        .order_by("-id")
    )


def log_lines(entries: Iterable[AuditEntry]) -> list[Line]:
    return [
        Line(
            at=entry.at,
            actor=display_name(entry.actor),
            action=ACTION_LABELS.get(entry.action, "其他操作"),
            subject="部门整体自评",
            change=describe(entry.action, entry.before, entry.after),
            reason=entry.reason,
        )
        for entry in entries
    ]
