"""Review findings stored per table, computed when tables change — never in a page request.

Each table's findings live in its `TableReview` row (with the counts and the computed 审核结果 as
columns, so lists never decode them), the department-wide ones in `DepartmentReview`. They are
written in the transaction of the change that made them:

- an import reviews the whole document once (`refresh_document`) — with a job queue (REDIS_URL)
  in a job right after the import commits (`review_later`), so storing is not held up by it:
  until the job has run, the document's tables are 审核中 (`pending`: no current review),
  shown as such, and cannot be submitted or approved;
- an edit of a table reviews that table against the department-wide targets, and re-runs the
  rules that compare tables (the `template` family: copied goals, alike indicator sets) over
  the tables' fingerprints — their goals and indicator names, a small column — so only the
  tables whose comparison findings changed are reviewed again (`refresh_tables`);
- an edit of the department-wide targets reviews the document again (every table is checked
  against them);
- a new rule set is applied by `jixiao rereview` (`rereview`), which `make serve` runs after
  the schema migration. A table with no stored review, or one made by an older rule set, is
  never shown with it: without a job queue it is reviewed where it is read (`stored_rows`);
  with one, it shows as 审核中 and a review job is asked for.

Stored findings are exactly those of a review of the whole document (tested): a table is
reviewed with the same rules in the same order, the comparison findings merged in where the
whole review puts them. Findings name other tables by their keys (`Finding.mentions`), so a
reader who may not see a quoted table gets it unnamed (`for_reader`) with one bounded query.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, cast

from django.db import transaction
from django.db.models import Q, QuerySet

from jixiao.core import model as core
from jixiao.ops import bulk
from jixiao.org.access import User
from jixiao.review import all_rules, review_document
from jixiao.review.engine import CATEGORIES, FIELD_LABELS, SEVERITIES, Finding, Rule
from jixiao.review.result import review_result
from jixiao.review.summary import verdict_of
from jixiao.targets.models import DepartmentReview, Project, TableReview, TargetDocument

FORMAT = "findings/3"
"""What stored findings hold: changed with `Finding`'s fields, so no row of an old shape is read."""
COMPARING = "template"
"""The rule category whose rules compare tables with each other."""
BATCH = 500
PENDING = "审核中"
"""What a table not yet reviewed by the current rules shows instead of its findings' counts."""


def deferred() -> bool:
    """Whether a whole document's review runs in a job once its transaction commits (a job
    queue with workers: REDIS_URL) rather than in that transaction (in-process: `make run`)."""
    from jixiao.jobs.queue import app

    return not app.conf.task_always_eager


def review_later(
    document: TargetDocument, changed: Iterable[int] | None = None, user: User | None = None
) -> None:
    """Leave the document's review to a job right after this transaction: the tables `changed`
    (every table when None) are 审核中 until it has run."""
    from jixiao.jobs.services import start_review

    stale = TableReview.objects.filter(document=document)
    if changed is not None:
        stale = stale.filter(project__in=list(changed))
    else:
        DepartmentReview.objects.filter(document=document).update(rules="")
    stale.exclude(rules="").update(rules="")
    start_review(user, document.pk)


@cache
def rules_key() -> str:
    """Which rules made a stored review: rows of another rule set are reviewed again."""
    ids = "\n".join([FORMAT, *sorted(all_rules())])
    return hashlib.sha256(ids.encode()).hexdigest()[:12]


@cache
def _rules() -> tuple[list[Rule], list[Rule], dict[str, int]]:
    """(the rules of one table, the rules comparing tables, each rule's registry order)."""
    rules = list(all_rules().values())
    own = [rule for rule in rules if rule.category != COMPARING]
    comparing = [rule for rule in rules if rule.category == COMPARING]
    return own, comparing, {rule.id: n for n, rule in enumerate(rules)}


# -- writing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reviewed:
    """A document read from an upload and the findings of its whole review, made once for the
    API import's answer and handed to `services.store`, which stores them rather than reviewing
    the same document again — only for this very `document` object, and only when the review
    runs in the import's transaction (see `review_imported`)."""

    document: core.TargetDocument
    findings: list[Finding]

    @classmethod
    def of(cls, document: core.TargetDocument) -> Reviewed:
        return cls(document, review_document(document))


def refresh_document(
    document: TargetDocument,
    rows: list[Project] | None = None,
    content: core.TargetDocument | None = None,
    *,
    new: bool = False,
    found: list[Finding] | None = None,
) -> None:
    """Review the whole document and store every table's findings and the department's
    (`content`: the document as the core model, when the caller has it — an import; `new`:
    none of its tables has a stored review yet; `found`: the review of `content` already made,
    stored as it is)."""
    rows = rows if rows is not None else list(document.projects.order_by("position"))
    content = content if content is not None else document.to_core(rows)
    found = found if found is not None else review_document(content)
    department: list[Finding] = []
    tables: list[list[Finding]] = [[] for _ in rows]
    for finding in found:
        if finding.project_index is None:
            department.append(finding)
        else:
            tables[finding.project_index].append(finding)
    keys = [row.pk for row in rows]
    _store_department(document, department)
    _store(
        document,
        new=new,
        reviewed=[
            (row, table, _with_keys(own, keys))
            for row, table, own in zip(rows, content.projects, tables, strict=True)
        ],
    )


def review_imported(
    document: TargetDocument,
    rows: list[Project],
    content: core.TargetDocument,
    user: User | None = None,
    found: list[Finding] | None = None,
) -> None:
    """The review of a document just stored: in its transaction (`found`: the review of
    `content` already made, stored without reviewing again), or in a job right after it (which
    reviews the document as stored, `found` unused)."""
    if deferred():
        review_later(document, [], user)
    else:
        refresh_document(document, rows, content, new=True, found=found)


def refresh_tables(document: TargetDocument, changed: Iterable[int]) -> None:
    """Store the findings of tables whose content changed, and of those whose comparison with
    other tables changed as a result. Call inside the transaction that changed them.

    Most edits leave what the comparing rules read (names, goals, indicator names) as it was:
    then only the edited tables are reviewed, in time independent of the document's size.
    Otherwise the comparing rules re-run over every table's fingerprint (linear, cheap) and the
    tables whose comparison findings changed are reviewed again."""
    rows = {row.pk: row for row in Project.objects.filter(document=document, pk__in=set(changed))}
    tables = {pk: row.to_core() for pk, row in rows.items()}
    stored = {
        review.project_id: review
        for review in TableReview.objects.filter(project__in=rows.keys(), rules=rules_key())
    }
    if rows and all(
        pk in stored and stored[pk].fingerprint == fingerprint(table)
        for pk, table in tables.items()
    ):
        department = core.Department.model_validate(document.data) if document.data else None
        reviewed = []
        for pk, row in sorted(rows.items(), key=lambda item: item[1].position):
            index = Project.objects.filter(document=document, position__lt=row.position).count()
            found = map(expand, stored[pk].findings)
            kept = [finding for finding in found if finding.category == COMPARING]
            found = _table_findings(row, tables[pk], department, index=index, compared=kept)
            reviewed.append((row, tables[pk], found))
        _store(document, reviewed)
        return
    _refresh_compared(document, rows, tables)


def _refresh_compared(
    document: TargetDocument, loaded: dict[int, Project], tables: dict[int, core.Project]
) -> None:
    listing = list(
        Project.objects.filter(document=document)
        .order_by("position")
        .values_list("pk", "stored_review__fingerprint", "stored_review__rules")
    )
    if any(stored is None or rules != rules_key() for *_, stored, rules in listing):
        # some table was never reviewed, or by other rules (or is waiting for its review job)
        if deferred():
            review_later(document, loaded.keys())
        else:
            refresh_document(document)
        return
    prints = [fingerprint(tables[pk]) if pk in tables else stored for pk, stored, _ in listing]
    keys = [pk for pk, *_ in listing]
    skeleton = core.TargetDocument.model_construct(
        source=document.source, department=None, projects=[_skeleton(p) for p in prints]
    )
    _, comparing, _ = _rules()
    compared: dict[int, list[Finding]] = {pk: [] for pk in keys}
    for finding in review_document(skeleton, comparing):
        assert finding.project_index is not None  # comparisons are always about a table
        compared[keys[finding.project_index]].append(finding)
    stored_hashes = dict(
        TableReview.objects.filter(document=document).values_list("project_id", "compared")
    )
    again = loaded.keys() | {
        pk for pk in keys if _hash(compared[pk], keys) != stored_hashes.get(pk)
    }
    rows = {row.pk: row for row in Project.objects.filter(pk__in=again - loaded.keys())}
    rows.update(loaded)
    department = core.Department.model_validate(document.data) if document.data else None
    position = {pk: n for n, pk in enumerate(keys)}
    reviewed = []
    for pk in sorted(again, key=position.__getitem__):
        row = rows[pk]
        table = tables.get(pk) or row.to_core()
        kept = _with_keys(compared[pk], keys)
        found = _table_findings(row, table, department, index=position[pk], compared=kept)
        reviewed.append((row, table, found))
    _store(document, reviewed)


def department_changed(document: TargetDocument) -> None:
    """The department-wide targets changed: every table is checked against them again."""
    if deferred():
        review_later(document)
    else:
        refresh_document(document)


def rereview(
    documents: Iterable[TargetDocument], progress: Callable[[TargetDocument], None] | None = None
) -> int:
    """Review each document again with the current rules (each in its own transaction);
    the number of tables reviewed."""
    tables = 0
    for document in documents:
        with transaction.atomic():
            rows = list(document.projects.order_by("position"))
            refresh_document(document, rows)
        tables += len(rows)
        if progress is not None:
            progress(document)
    return tables


def needs_review() -> Q:
    """Documents with a table (or department-wide targets) never reviewed or reviewed by
    another rule set."""
    key = rules_key()
    return (
        Q(projects__isnull=False, projects__stored_review__isnull=True)
        | Q(projects__stored_review__rules__isnull=False) & ~Q(projects__stored_review__rules=key)
        | Q(stored_review__isnull=True)
        | ~Q(stored_review__rules=key)
    )


def fingerprint(table: core.Project) -> dict[str, Any]:
    """What the rules comparing tables read of one table: how it is named, its goals and the
    names of its indicators."""
    return {
        "code": table.code,
        "name": table.name,
        "goals": list(table.goals),
        "names": [i.name for i in table.indicators],
    }


@dataclass(slots=True)
class _Name:
    """An indicator as the comparing rules read it: its name (no category, no value)."""

    name: str
    level1: None = None
    level2: None = None
    category: None = None


@dataclass(slots=True)
class _Table:
    """A table as the comparing rules read it, built from its fingerprint (cheaply: an edit
    builds one per table of the document)."""

    code: str | None
    name: str
    goals: list[str]
    indicators: list[_Name]


def _skeleton(print_: dict[str, Any]) -> core.Project:
    table = _Table(
        print_["code"], print_["name"], print_["goals"], list(map(_Name, print_["names"]))
    )
    return cast(core.Project, table)  # what the comparing rules and the engine read of a table


def _table_findings(
    row: Project,
    table: core.Project,
    department: core.Department | None,
    *,
    index: int,
    compared: list[Finding],
) -> list[Finding]:
    """The table's findings as a review of the whole document gives them: its own rules against
    the department-wide targets, with the comparison findings (naming tables by key) merged in
    place. `index`: the table's position in the document."""
    own_rules, _, order = _rules()
    alone = core.TargetDocument.model_construct(
        source="", department=department, projects=[table], year=None, layout=None
    )
    own = [
        replace(f, project_index=index)
        for f in review_document(alone, own_rules)
        if f.project_index is not None
    ]
    return _merge(own, compared, order)


_SCOPE_RANK = {"indicator": 0, "project": 1, "document": 2}
_SEVERITY_RANK = {"错误": 0, "警告": 1, "提示": 2}


def _merge(own: list[Finding], compared: list[Finding], order: dict[str, int]) -> list[Finding]:
    """Comparison findings (table-level, document rules) put where the whole review's stable
    sort by place puts them: after every finding at an earlier place, and after the findings at
    the same place made by indicator and project rules or by document rules registered before."""
    if not compared:
        return own
    rules = all_rules()

    def before(finding: Finding, other: Finding) -> bool:
        place = _place(finding), _place(other)
        if place[0] != place[1]:
            return place[0] < place[1]
        rank = _SCOPE_RANK[rules[finding.rule].scope] if finding.rule in rules else 0
        return (rank, order.get(finding.rule, 0)) <= (2, order[other.rule])

    merged = list(own)
    for finding in compared:
        at = len(merged)
        while at > 0 and not before(merged[at - 1], finding):
            at -= 1
        merged.insert(at, finding)
    return merged


def _place(finding: Finding) -> tuple[int, int]:
    index = finding.indicator_index
    return (-1 if index is None else index), _SEVERITY_RANK[finding.severity]


def _with_keys(found: list[Finding], keys: list[int]) -> list[Finding]:
    """Mentions of other tables by their stored keys instead of positions."""
    return [
        replace(f, mentions=tuple(keys[n] for n in f.mentions)) if f.mentions else f for f in found
    ]


def _hash(found: list[Finding], keys: list[int] | None = None) -> str:
    """What the comparison findings say, hashed: `keys` turns positions in mentions into the
    tables' keys (findings fresh from a review; stored ones already name keys)."""
    said = [
        (f.rule, f.message, f.suggestion, f.detail, f.severity,
         [keys[n] for n in f.mentions] if keys is not None else list(f.mentions))
        for f in found
    ]  # fmt: skip
    return hashlib.sha256(repr(said).encode()).hexdigest()[:16]


def _store(
    document: TargetDocument,
    reviewed: list[tuple[Project, core.Project, list[Finding]]],
    *,
    new: bool = False,
) -> None:
    from jixiao.targets.grading import scheme  # grading reads the workflow, which lists here

    rules, chosen = rules_key(), scheme()
    rows = []
    for project, table, found in reviewed:
        severities = [f.severity for f in found]
        compared = [f for f in found if f.category == COMPARING]
        rows.append(
            TableReview(
                project_id=project.pk,
                document_id=document.pk,
                rules=rules,
                revision=project.revision,
                findings=[compact(f) for f in found],
                errors=severities.count("错误"),
                warnings=severities.count("警告"),
                hints=severities.count("提示"),
                grade=review_result(found, chosen).grade,
                categories=dict(Counter(f.category for f in found)),
                indicators=len(table.indicators),
                fingerprint=fingerprint(table),
                compared=_hash(compared),
            )
        )
    if new:
        bulk.insert(TableReview, rows)
        return
    for start in range(0, len(rows), BATCH):
        TableReview.objects.bulk_create(
            rows[start : start + BATCH],
            update_conflicts=True,
            unique_fields=["project"],
            update_fields=[
                "rules", "revision", "findings", "errors", "warnings", "hints", "grade",
                "categories", "indicators", "fingerprint", "compared",
            ],
        )  # fmt: skip


_DEFAULTS: dict[str, Any] = {
    "fix": None, "merged": [], "overruled": [], "mentions": [], "indicator": None,
    "indicator_index": None, "field": None, "project_code": None, "detail": "",
}  # fmt: skip


def compact(finding: Finding) -> dict[str, Any]:
    """A finding as stored: without what its rule or its place says anyway (the rule's
    category, severity and reference; the message when it is the place and the detail as the
    engine words them; empty values) — about half the bytes, restored exactly by `expand`."""
    data = finding.to_data()
    rule = all_rules().get(finding.rule)
    if rule is not None:
        for key in ("category", "severity", "reference"):
            if data[key] == getattr(rule, key):
                del data[key]
    if data["message"] == _message(data):
        del data["message"]
    for key, default in _DEFAULTS.items():
        if data.get(key, default) == default:
            data.pop(key, None)
    return data


def expand(data: dict[str, Any]) -> Finding:
    """The finding `compact` stored."""
    full = {**_DEFAULTS, **data}
    rule = all_rules().get(full["rule"])
    for key in ("category", "severity", "reference"):
        if key not in full and rule is not None:
            full[key] = getattr(rule, key)
    if "message" not in full:
        full["message"] = _message(full)
    return Finding.from_data(full)


def _message(data: dict[str, Any]) -> str:
    """The message the engine words for a finding on a table: its place, the field, the detail."""
    code, name = data.get("project_code"), data.get("project_name")
    place = f"项目 {code}「{name}」" if code else f"项目「{name}」"
    if data.get("indicator") is not None:
        place += f"指标「{data['indicator']}」"
    field = data.get("field")
    label = f"的{FIELD_LABELS.get(field, field)}" if field else ""
    return f"{place}{label}：{data.get('detail', '')}"


def _store_department(document: TargetDocument, found: list[Finding]) -> None:
    DepartmentReview.objects.update_or_create(
        document=document,
        defaults={"rules": rules_key(), "findings": [f.to_data() for f in found]},
    )


# -- reading ---------------------------------------------------------------------------------


def stored_rows(projects: list[Project]) -> dict[int, TableReview]:
    """The current reviews of these tables, keyed by table. One that is missing or was made by
    another rule set (tables stored before reviews were, or by other means, or waiting for
    their review job) is made now without a job queue; with one, it is left out (the table is
    审核中) and a job is asked for."""
    found = {
        row.project_id: row
        for row in TableReview.objects.filter(project__in=[p.pk for p in projects])
    }
    stale = {p.document_id for p in projects if _stale(found.get(p.pk))}
    if stale and deferred():
        _ask_for_review(stale)
        return {pk: row for pk, row in found.items() if not _stale(row)}
    if stale:
        for document in TargetDocument.objects.filter(pk__in=stale):
            with transaction.atomic():
                refresh_document(document)
        found = {
            row.project_id: row
            for row in TableReview.objects.filter(project__in=[p.pk for p in projects])
        }
    return found


def _ask_for_review(documents: Iterable[int]) -> None:
    """Review jobs for these documents, unless one is already waiting (a job that failed, or
    reviews that went stale, are asked for again by the next page that finds them)."""
    from jixiao.jobs.services import start_review

    for document in sorted(documents):
        with transaction.atomic():
            start_review(None, document)


def counts_of(projects: list[Project]) -> dict[int, dict[str, Any]]:
    """错误/警告/提示 counts and the computed 审核结果 of each table, without its findings; a
    table 审核中 (see `deferred`) has `pending` set and its counts at 0."""
    rows = {
        pk: (errors, warnings, hints, grade)
        for pk, errors, warnings, hints, grade, rules in TableReview.objects.filter(
            project__in=[p.pk for p in projects]
        ).values_list("project_id", "errors", "warnings", "hints", "grade", "rules")
        if rules == rules_key()
    }
    if len(rows) < len({p.pk for p in projects}):
        if not deferred():
            stored_rows([p for p in projects if p.pk not in rows])
            return counts_of(projects)
        _ask_for_review({p.document_id for p in projects if p.pk not in rows})
    counts = {
        pk: {"错误": errors, "警告": warnings, "提示": hints, "computed_grade": grade}
        for pk, (errors, warnings, hints, grade) in rows.items()
    }
    for project in projects:
        if project.pk not in counts:
            counts[project.pk] = {
                "错误": 0, "警告": 0, "提示": 0, "computed_grade": "", "pending": True
            }  # fmt: skip
    return counts


def ensure_reviewed(document: TargetDocument) -> None:
    """Review the document now if some table of it was never reviewed or by other rules (one
    query when all is current, as after every import and edit)."""
    if TargetDocument.objects.filter(pk=document.pk).filter(needs_review()).exists():
        if deferred():
            _ask_for_review([document.pk])
            return
        with transaction.atomic():
            refresh_document(document)


def summary_of(
    document: TargetDocument, tables: QuerySet[Project], department: list[Finding]
) -> dict[str, Any]:
    """`review.summary.summarize` of these tables and the department-wide findings, from the
    stored counts: no table's findings are read."""
    severities = Counter(f.severity for f in department)
    categories = Counter(f.category for f in department)
    projects = indicators = 0
    counts = TableReview.objects.filter(project__in=tables, rules=rules_key()).values_list(
        "errors", "warnings", "hints", "categories", "indicators"
    )
    for errors, warnings, hints, by_category, count in counts.iterator(chunk_size=BATCH):
        projects += 1
        indicators += count
        severities.update({"错误": errors, "警告": warnings, "提示": hints})
        categories.update(by_category)
    return {
        "projects": projects,
        "indicators": indicators,
        "findings": sum(severities.values()),
        "by_severity": {name: severities[name] for name in SEVERITIES},
        "by_category": {name: categories[name] for name in CATEGORIES if categories[name]},
        "verdict": verdict_of(severities["错误"], severities["警告"]),
        "pending": tables.count() - projects if deferred() else 0,
    }


def _stale(row: TableReview | None) -> bool:
    return row is None or row.rules != rules_key()


def table_findings(project: Project) -> list[Finding] | None:
    """The table's stored findings (as every reader who reaches all tables sees them); None
    while it is 审核中."""
    row = stored_rows([project]).get(project.pk)
    return None if row is None else [expand(data) for data in row.findings]


def department_findings(document: TargetDocument) -> list[Finding] | None:
    """The department-wide findings; None while the document is 审核中."""
    row = DepartmentReview.objects.filter(document=document).first()
    if row is None or row.rules != rules_key():
        if deferred():
            _ask_for_review([document.pk])
            return None
        with transaction.atomic():
            refresh_document(document)
        row = DepartmentReview.objects.get(document=document)
    return [expand(data) for data in row.findings]


def findings_for(user: User, project: Project) -> list[Finding] | None:
    """The table's findings as this user may read them (see `for_reader`); None while it is
    审核中."""
    found = table_findings(project)
    return None if found is None else for_reader(user, found)


def for_reader(user: User, found: list[Finding]) -> list[Finding]:
    """The findings with every table the user may not see left unnamed where they are quoted
    (copied goals, alike indicator sets): one query over the quoted tables only."""
    quoted = {pk for f in found for pk in f.mentions}
    if not quoted:
        return found
    from jixiao.targets.workflow import visible_projects  # the workflow reads stored reviews

    seen = set(visible_projects(user).filter(pk__in=quoted).values_list("pk", flat=True))
    if seen >= quoted:
        return found
    hidden = Project.objects.filter(pk__in=quoted - seen).values_list("pk", "code", "name")
    labels = {pk: (code, name) for pk, code, name in hidden}
    return [
        _unnamed(f, [labels[pk] for pk in f.mentions if pk in labels]) if f.mentions else f
        for f in found
    ]


def document_findings(
    user: User, document: TargetDocument, tables: Iterable[Project]
) -> Iterator[tuple[Project, list[Finding] | None]]:
    """Each of these tables with its findings as the user may read them (None while it is
    审核中), streamed in batches (the printable review of a large document never holds all
    its findings at once)."""
    batch: list[Project] = []
    for project in tables:
        batch.append(project)
        if len(batch) == BATCH:
            yield from _batch(user, batch)
            batch = []
    if batch:
        yield from _batch(user, batch)


def _batch(user: User, projects: list[Project]) -> Iterator[tuple[Project, list[Finding] | None]]:
    rows = stored_rows(projects)
    found = {pk: [expand(d) for d in row.findings] for pk, row in rows.items()}
    everything = for_reader(user, [f for p in projects for f in found.get(p.pk, [])])
    at = 0
    for project in projects:
        if project.pk not in found:
            yield project, None
            continue
        count = len(found[project.pk])
        yield project, everything[at : at + count]
        at += count


UNNAMED = "其他预算单位的项目"


def _unnamed(finding: Finding, hidden: list[tuple[str, str]]) -> Finding:
    texts = {"message": finding.message, "detail": finding.detail, "suggestion": finding.suggestion}
    for code, name in hidden:
        for quoted in (f"{code}「{name}」", f"「{name}」" if name else "", code):
            if quoted and any(quoted in text for text in texts.values()):
                texts = {key: text.replace(quoted, UNNAMED) for key, text in texts.items()}
    if texts == {
        "message": finding.message,
        "detail": finding.detail,
        "suggestion": finding.suggestion,
    }:
        return finding
    return replace(finding, **texts)
