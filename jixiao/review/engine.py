"""The review engine: a registry of small named rules and the loop that runs them.

A rule is a function decorated with `indicator_rule`, `project_rule` or `document_rule`. It
receives what it checks and yields `Hit`s: what is wrong (naming the offending text) and a concrete
fix. The engine turns each hit into a `Finding` that also says where (project, indicator, field),
which rule, its category and severity, and the policy reference behind it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import Any, Literal, TypeVar, get_args

from jixiao.core.framework import categorize
from jixiao.core.model import Indicator, Project, SubGoal, TargetDocument
from jixiao.review.overlaps import Fix, resolve

Category = Literal[
    "direction",
    "unit",
    "conflict",
    "classification",
    "completeness",
    "basis",
    "measurability",
    "duplication",
    "template",
    "consistency",
    "budget",
    "schedule",
    "wording",
    "relevance",
    "scoring",
]
CATEGORIES: tuple[Category, ...] = get_args(Category)
RULE_CATEGORIES: tuple[Category, ...] = tuple(c for c in CATEGORIES if c != "scoring")
"""The categories of the target review's rules; "scoring" holds the findings of a checked
self-evaluation (`jixiao.evaluate.check`), which no rule here makes."""
CATEGORY_LABELS: dict[Category, str] = {
    "direction": "指标方向",
    "unit": "计量单位",
    "conflict": "指标值与描述矛盾",
    "classification": "指标归类",
    "completeness": "完整性",
    "basis": "指标值确定依据",
    "measurability": "可衡量性",
    "duplication": "重复",
    "template": "跨项目雷同",
    "consistency": "部门与项目目标一致性",
    "budget": "预算金额",
    "schedule": "资金支出计划",
    "wording": "规范用语",
    "relevance": "相关性",
    "scoring": "自评评分",
}
Severity = Literal["错误", "警告", "提示"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
Scope = Literal["indicator", "project", "document"]

PRACTICE = "实务经验"
"""The reference of a practice heuristic that no policy document states."""


@dataclass(slots=True)
class Finding:
    """One review finding, as the CLI, the API and the web pages show it.

    A plain dataclass: reviews of whole departments produce hundreds of thousands of them.
    """

    rule: str
    category: Category
    severity: Severity
    project_code: str | None
    project_name: str | None
    project_index: int | None
    """The table's position in the document (0-based); None for the department-wide targets.
    Codes may be missing or repeated in real tables: this says which table for certain."""
    indicator: str | None
    indicator_index: int | None
    field: str | None
    message: str
    suggestion: str
    reference: str
    detail: str = ""
    """What is wrong, without the place and the field (see `problem`)."""
    fix: Fix | None = None
    merged: tuple[str, ...] = ()
    """Rules whose finding at this place proposed the same fix and was merged into this one."""
    overruled: tuple[str, ...] = ()
    """Rules whose finding at this place proposed a contradicting fix and was dropped."""
    mentions: tuple[int, ...] = ()
    """Positions of the other tables the message quotes (copied goals, alike indicator sets):
    a reader who may not see them gets the finding with their names left out."""

    @property
    def problem(self) -> str:
        """What is wrong in the words a row of the table shows beside itself: the field and the
        detail, without the place ("指标值：「≤85%」…")."""
        return (
            f"{FIELD_LABELS.get(self.field, self.field)}：{self.detail}"
            if self.field
            else self.detail
        )

    def to_data(self) -> dict[str, Any]:
        """The finding as JSON data (field by field: `dataclasses.asdict` deep-copies, and
        stores hundreds of thousands of these)."""
        data = {name: getattr(self, name) for name in _FINDING_FIELDS}
        fix = self.fix
        data["fix"] = None if fix is None else {name: getattr(fix, name) for name in _FIX_FIELDS}
        data["merged"] = list(self.merged)
        data["overruled"] = list(self.overruled)
        data["mentions"] = list(self.mentions)
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Finding:
        """The finding `to_data` wrote (as stored findings are kept)."""
        fix = data.get("fix")
        return cls(
            **{
                **data,
                "fix": Fix(**fix) if fix else None,
                "merged": tuple(data.get("merged", ())),
                "overruled": tuple(data.get("overruled", ())),
                "mentions": tuple(data.get("mentions", ())),
            }
        )


_FINDING_FIELDS = tuple(f.name for f in fields(Finding))
_FIX_FIELDS = tuple(f.name for f in fields(Fix))


@dataclass(slots=True)
class Hit:
    """What a rule found. Project and document rules say which indicator (and project) they mean;
    indicator rules need not."""

    message: str
    suggestion: str
    field: str | None = None
    indicator: Indicator | None = None
    project: Project | None = None
    fix: Fix | None = None
    """What the hit definitely proposes (see `overlaps`): findings at one place that propose
    for the same aspect are one problem."""
    mentions: tuple[Project, ...] = ()
    """Other tables the message quotes by code and name."""


@dataclass(slots=True)
class Site:
    """An indicator in its place: a project's table, or a department sub-goal."""

    indicator: Indicator
    index: int
    project: Project | None = None
    sub_goal: SubGoal | None = None
    document: TargetDocument | None = None
    """The document reviewed (its readers' warnings say where a copy was cut off)."""


@dataclass(frozen=True)
class Rule:
    id: str
    category: Category
    severity: Severity
    title: str
    rationale: str
    reference: str
    scope: Scope
    check: Callable[..., Iterable[Hit]] = field(repr=False, compare=False)
    specificity: int = 0
    """How much evidence the rule has, when two findings at one place propose the same fix:
    the more specific stands (see `overlaps`)."""

    @property
    def module(self) -> str:
        return self.check.__module__.rsplit(".", 1)[-1]


RULES: dict[str, Rule] = {}
_Check = TypeVar("_Check", bound=Callable[..., Iterable[Hit]])


def _register(
    scope: Scope,
    *,
    id: str,
    category: Category,
    severity: Severity,
    title: str,
    rationale: str,
    reference: str,
    specificity: int = 0,
) -> Callable[[_Check], _Check]:
    def decorate(check: _Check) -> _Check:
        if id in RULES:
            raise ValueError(f"duplicate rule id {id!r}")
        if not id.startswith(category + "."):
            raise ValueError(f"rule id {id!r} must start with its category {category!r}")
        RULES[id] = Rule(
            id, category, severity, title, rationale, reference, scope, check, specificity
        )
        return check

    return decorate


def indicator_rule(**meta: Any) -> Callable[[_Check], _Check]:
    """Register `check(site: Site) -> Iterable[Hit]`, run on every indicator of every project
    and of the department's sub-goals."""
    return _register("indicator", **meta)


def project_rule(**meta: Any) -> Callable[[_Check], _Check]:
    """Register `check(project: Project, document: TargetDocument) -> Iterable[Hit]`."""
    return _register("project", **meta)


def document_rule(**meta: Any) -> Callable[[_Check], _Check]:
    """Register `check(document: TargetDocument) -> Iterable[Hit]`; hits name their project."""
    return _register("document", **meta)


def all_rules() -> dict[str, Rule]:
    """Every registered rule, families imported."""
    import jixiao.review.rules  # noqa: F401 - importing the families registers their rules

    return RULES


def review_document(document: TargetDocument, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """All findings on a document, in document order: the department first, then each project's
    table-level findings and its rows in order; within one place, errors before warnings.
    Overlapping findings at one place are resolved into one (`overlaps.resolve`).

    Categories are read anew from the labels as written before the rules run (`canonical`), so a
    document stored before the framework learnt a local label or the older template is judged
    by what its labels mean today."""
    document = canonical(document)
    chosen = list(rules) if rules is not None else list(all_rules().values())
    by_scope: dict[Scope, list[Rule]] = {"indicator": [], "project": [], "document": []}
    for rule in chosen:
        by_scope[rule.scope].append(rule)
    review = _Review({id(project): n for n, project in enumerate(document.projects)})
    checks = [(rule.check, rule) for rule in by_scope["indicator"]]
    department: list[Finding] = []
    if document.department is not None:
        for sub_goal in document.department.sub_goals:
            for index, indicator in enumerate(sub_goal.indicators):
                site = Site(indicator, index, sub_goal=sub_goal, document=document)
                review.indicator_findings(checks, site, department)
        # a 部门整体支出绩效目标表's own indicator grid: rows placed by their position in it
        for index, indicator in enumerate(document.department.indicators):
            site = Site(indicator, index, document=document)
            review.indicator_findings(checks, site, department)
    buckets: dict[int, list[Finding]] = {}
    for project in document.projects:
        bucket = buckets.setdefault(id(project), [])
        for index, indicator in enumerate(project.indicators):
            site = Site(indicator, index, project=project, document=document)
            review.indicator_findings(checks, site, bucket)
        for rule in by_scope["project"]:
            for hit in rule.check(project, document):
                bucket.append(review.finding(rule, hit, hit.project or project, hit.indicator))
    for rule in by_scope["document"]:
        for hit in rule.check(document):
            finding = review.finding(rule, hit, hit.project, hit.indicator)
            target = buckets.get(id(hit.project)) if hit.project is not None else None
            (department if target is None else target).append(finding)
    rank = _ranks(chosen)
    ordered = resolve(sorted(department, key=_place_order), rank)
    for project in document.projects:
        ordered.extend(resolve(sorted(buckets.pop(id(project), []), key=_place_order), rank))
    return ordered


def canonical(document: TargetDocument) -> TargetDocument:
    """The document with each project indicator's category read from its 一级/二级 labels as
    the framework reads them now; the document itself when nothing changes (the usual case: the
    readers categorise with the same framework). Never modifies the document passed in."""
    changed: dict[int, Project] = {}
    for number, project in enumerate(document.projects):
        updated = _all_recategorised(project.indicators)
        if updated is not None:
            changed[number] = project.model_copy(update={"indicators": updated})
    department = document.department
    grid = _all_recategorised(department.indicators) if department is not None else None
    if not changed and grid is None:
        return document
    update: dict[str, object] = {
        "projects": [changed.get(n, project) for n, project in enumerate(document.projects)]
    }
    if department is not None and grid is not None:
        update["department"] = department.model_copy(update={"indicators": grid})
    return document.model_copy(update=update)


def _all_recategorised(indicators: list[Indicator]) -> list[Indicator] | None:
    """The indicators with their categories read anew, or None when none changes."""
    updated = [_recategorised(indicator) for indicator in indicators]
    if all(new is old for new, old in zip(updated, indicators, strict=True)):
        return None
    return updated


def _recategorised(indicator: Indicator) -> Indicator:
    if not indicator.level1 and not indicator.level2:
        return indicator
    category = categorize(indicator.level1, indicator.level2)
    if category is None or category == indicator.category:
        return indicator
    return indicator.model_copy(update={"category": category})


def _ranks(rules: list[Rule]) -> dict[str, tuple[int, int]]:
    return {rule.id: (_SEVERITY_RANK[rule.severity], -rule.specificity) for rule in rules}


_SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


def _place_order(finding: Finding) -> tuple[int, int]:
    index = finding.indicator_index
    return (-1 if index is None else index), _SEVERITY_RANK[finding.severity]


class _Review:
    """One review run: turns hits into findings, writing each place's wording once."""

    def __init__(self, positions: dict[int, int]) -> None:
        self._places: dict[tuple[int, int, int], str] = {}
        self._positions = positions

    def indicator_findings(
        self,
        checks: list[tuple[Callable[..., Iterable[Hit]], Rule]],
        site: Site,
        out: list[Finding],
    ) -> None:
        """Run the indicator rules on one site, appending its findings to `out`. The hot loop of
        a review: most sites raise nothing, so the place is worded only on the first hit."""
        place: str | None = None
        project, indicator = site.project, site.indicator
        index = None if site.sub_goal is not None else site.index
        code, name = (project.code, project.name) if project is not None else (None, None)
        position = self._positions.get(id(project)) if project is not None else None
        for check, rule in checks:
            for hit in check(site):
                if place is None:
                    place = where(project, indicator, None, site.sub_goal)
                field = hit.field
                message = (
                    f"{place}的{FIELD_LABELS.get(field, field)}：{hit.message}"
                    if field
                    else f"{place}：{hit.message}"
                )
                finding = Finding(
                    rule.id, rule.category, rule.severity, code, name, position, indicator.name,
                    index, field, message, hit.suggestion, rule.reference,
                    hit.message, hit.fix,
                )  # fmt: skip
                out.append(finding)

    def finding(
        self,
        rule: Rule,
        hit: Hit,
        project: Project | None,
        indicator: Indicator | None,
        sub_goal: SubGoal | None = None,
        *,
        indicator_index: int | None = None,
    ) -> Finding:
        if sub_goal is not None:
            indicator_index = None  # positions count within a project's table only
        elif indicator is not None and project is not None and indicator_index is None:
            indicator_index = next(
                (i for i, item in enumerate(project.indicators) if item is indicator), None
            )
        key = (id(project), id(indicator), id(sub_goal))
        place = self._places.get(key)
        if place is None:
            place = self._places[key] = where(project, indicator, None, sub_goal)
        label = FIELD_LABELS.get(hit.field, hit.field) if hit.field else None
        return Finding(
            rule=rule.id,
            category=rule.category,
            severity=rule.severity,
            project_code=project.code if project else None,
            project_name=project.name if project else None,
            project_index=self._positions.get(id(project)) if project is not None else None,
            indicator=indicator.name if indicator else None,
            indicator_index=indicator_index,
            field=hit.field,
            message=f"{place}的{label}：{hit.message}" if label else f"{place}：{hit.message}",
            suggestion=hit.suggestion,
            reference=rule.reference,
            detail=hit.message,
            fix=hit.fix,
            mentions=tuple(self._positions[id(p)] for p in hit.mentions),
        )


FIELD_LABELS = {
    "score": "得分",
    "weight": "分值",
    "total_score": "总分",
    "grade": "等级",
    "rate": "执行率",
    "deviation": "偏差原因分析及改进措施",
    "code": "项目编码",
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "description": "绩效指标描述",
    "target": "指标值",
    "basis": "指标值确定依据",
    "goals": "绩效目标",
    "long_term_goals": "长期目标",
    "budget": "预算数",
    "spending_plan": "资金支出计划",
    "purpose": "资金用途",
    "indicators": "绩效指标",
    "overall_goal": "总体绩效目标",
    "sub_goals": "分项绩效目标",
    "safeguards": "工作保障措施",
    "tasks": "年度主要任务",
}


def where(
    project: Project | None,
    indicator: Indicator | None,
    field: str | None,
    sub_goal: SubGoal | None = None,
) -> str:
    """The place of a finding in the words of the form, e.g.
    `项目 322-0601-YBN-5D8Z「人事代理专项补助经费」指标「群众满意度」的指标值`."""
    if project is not None:
        named = f"「{project.name}」" if project.name.strip() else "（未写明项目名称）"
        place = f"项目 {project.code}{named}" if project.code else f"项目{named}"
    elif sub_goal is not None:
        place = f"部门整体目标·分项「{short(sub_goal.title)}」"
    else:
        place = "部门整体目标"
    if indicator is not None:
        place += f"指标「{indicator.name}」"
    if field is not None:
        place += "的" + FIELD_LABELS.get(field, field)
    return place


def short(text: str, limit: int = 16) -> str:
    """A long title cut for a message: "借助我国对美、对俄、对台、多边贸…"."""
    text = text.rstrip("。")
    return text if len(text) <= limit else text[:limit] + "…"
