"""Monitoring rounds (监控轮次): a fiscal bureau asks its departments and units to report, as of a
date, on their approved projects (绩效运行监控表), by a due date; and closes the round afterwards.

Issuing a round creates, in one transaction, one report per approved (已批复) project it reaches
and one department summary per target document those projects belong to. The period is free
text ("1-6月", "1-8月"): local practice differs and no national rule fixes it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from jixiao.audit.models import AuditEntry, bulk_record, record
from jixiao.monitoring.models import DepartmentMonitoring, MonitoringReport, MonitoringRound
from jixiao.org.access import Role, User, lineage, memberships, reach, reach_of, roles_at
from jixiao.org.models import FiscalYear, Organisation
from jixiao.targets.models import Project, Status
from jixiao.targets.workflow import WorkflowError

ISSUERS = frozenset({Role.FINANCE_REVIEWER, Role.ADMIN})
"""Who issues and closes a round: the fiscal bureau's 财政审核人 or 系统管理员."""
ISSUERS_ONLY = "只有财政部门的财政审核人或系统管理员可以发起或结束监控轮次"
ROUND_CLOSED = "本轮监控已结束"
MAX_CODES = 2000


@dataclass(frozen=True)
class RoundCounts:
    """How many of a round's reports the user reaches stand in each state."""

    total: int
    by_status: dict[str, int]

    def label_counts(self) -> list[tuple[str, str, int]]:
        """(status, label, count) in the order of the cycle, the states with reports only."""
        return [(s, label, self.by_status[s]) for s, label in Status.choices if s in self.by_status]


def issuing_bureaus(user: User) -> list[Organisation]:
    """The fiscal bureaus where the user may issue rounds."""
    found: dict[int, Organisation] = {}
    for membership in memberships(user):
        held = membership.organisation
        if membership.role in ISSUERS and held.kind == Organisation.Kind.FINANCE:
            found.setdefault(held.pk, held)
    return sorted(found.values(), key=lambda bureau: bureau.code)


def may_issue(user: User) -> bool:
    return bool(issuing_bureaus(user))


def manages(user: User, monitoring_round: MonitoringRound) -> bool:
    """Whether the user may close the round: an issuer of its fiscal bureau."""
    return bool(roles_at(user, monitoring_round.issuer) & ISSUERS)


def visible_rounds(user: User) -> QuerySet[MonitoringRound]:
    """Rounds the user's organisations take part in: one of its organisations is one of the
    user's, above one of them or below one; and the rounds of the user's own fiscal bureau."""
    above = {key for m in memberships(user) for key in lineage(m.organisation)}
    through = MonitoringRound.organisations.through
    taking_part = through.objects.filter(monitoringround_id=OuterRef("pk")).filter(
        reach(user, "organisation__") | Q(organisation_id__in=above)
    )
    return MonitoringRound.objects.filter(Q(Exists(taking_part)) | reach(user, "issuer__"))


def counts_of(user: User, rounds: Sequence[MonitoringRound]) -> dict[int, RoundCounts]:
    """The reports of these rounds the user reaches, by round and state (one query)."""
    rows = (
        reached_reports(user)
        .filter(round__in=[r.pk for r in rounds])
        .values_list("round_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found: dict[int, dict[str, int]] = {r.pk: {} for r in rounds}
    for round_id, status, n in rows:
        found[round_id][status] = n
    return {key: RoundCounts(sum(by.values()), by) for key, by in found.items()}


def reached_reports(user: User) -> QuerySet[MonitoringReport]:
    """The reports of projects the user's roles reach (never those of a withdrawn document)."""
    return MonitoringReport.objects.filter(
        reach(user, "project__unit__"), project__document__withdrawn_at__isnull=True
    )


def scope_choices(bureau: Organisation) -> list[tuple[Organisation, int]]:
    """The departments and units below the bureau, in tree order, each with its depth (1: a
    department): what a round may name."""
    below = Organisation.objects.filter(path__startswith=bureau.path).exclude(pk=bureau.pk)
    rows = sorted(below.exclude(kind=Organisation.Kind.FINANCE), key=lambda o: _tree_key(o.path))
    depth = len(bureau.lineage)
    return [(o, len(o.lineage) - depth) for o in rows]


def _tree_key(path: str) -> list[int]:
    return [int(key) for key in path.split("/") if key]


def issue_from_form(
    user: User, bureau: Organisation, fields: Mapping[str, str], organisation_ids: Sequence[str]
) -> MonitoringRound:
    """The 发起监控 form (or the API's body), every field checked before anything is written;
    all problems at once, each naming its field."""
    problems: list[str] = []
    title = fields.get("title", "").strip()
    period = fields.get("period", "").strip()
    if not title:
        problems.append("名称：请填写监控轮次的名称，如“2024年1-6月绩效运行监控”")
    elif len(title) > 200:
        problems.append("名称：不超过 200 字")
    if not period:
        problems.append("监控期间：请填写，如“1-6月”或“1-8月”")
    elif len(period) > 32:
        problems.append("监控期间：不超过 32 字")
    as_of = _date(fields.get("as_of", ""), "截至日期", problems)
    due = _date(fields.get("due", ""), "报送截止日期", problems)
    chosen = [key for key in organisation_ids if key.strip()]
    organisations: list[Organisation] = []
    if not chosen:
        problems.append("参加单位：请至少选择一个主管部门或预算单位")
    elif not all(key.strip().isascii() and key.strip().isdigit() for key in chosen):
        problems.append("参加单位：所选单位无效，请刷新页面后重新选择")
    else:
        wanted = {int(key) for key in chosen}
        organisations = list(Organisation.objects.filter(pk__in=wanted))
        if len(organisations) != len(wanted):
            problems.append("参加单位：所选单位有的已不存在，请刷新页面后重新选择")
    codes = [line.strip() for line in fields.get("projects", "").splitlines() if line.strip()]
    if len(codes) > MAX_CODES:
        problems.append(f"指定项目：一次最多指定 {MAX_CODES} 个项目编码")
    if problems or as_of is None or due is None:
        raise ValidationError(problems)
    return issue_round(
        user, bureau, title=title, period=period, as_of=as_of, due=due,
        organisations=organisations, project_codes=codes,
    )  # fmt: skip


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def _date(text: str, label: str, problems: list[str]) -> date | None:
    """2024-06-30, 2024/6/30, 2024.6.30 or 2024年6月30日."""
    found = _DATE.fullmatch(text.strip())
    try:
        if found is None:
            raise ValueError(text)
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        problems.append(f"{label}：请按“2024-06-30”的格式填写日期")
        return None


def issue_round(
    user: User,
    bureau: Organisation,
    *,
    title: str,
    period: str,
    as_of: date,
    due: date,
    organisations: Sequence[Organisation],
    project_codes: Sequence[str] = (),
) -> MonitoringRound:
    """Issue a round over these departments and units (each with everything below it), or only
    the projects of `project_codes` among them; every approved project of the year reached
    gets its report, in bulk, with the round's audit entry and one for each report."""
    if not any(b.pk == bureau.pk for b in issuing_bureaus(user)):
        raise PermissionDenied(ISSUERS_ONLY)
    problems: list[str] = []
    if due < as_of:
        problems.append("报送截止日期：不能早于截至日期")
    year = FiscalYear.objects.filter(year=as_of.year).first()
    if year is None:
        problems.append(f"截至日期：系统中没有 {as_of.year} 年度，请先由管理员设立该预算年度")
    outside = [o for o in organisations if not o.path.startswith(bureau.path) or o.pk == bureau.pk]
    if outside:
        names = "、".join(o.name for o in outside)
        problems.append(f"参加单位：{names} 不在{bureau.name}之下，不能参加本轮监控")
    if problems or year is None:
        raise ValidationError(problems)
    approved = Project.objects.filter(
        reach_of(list(organisations), "unit__"), document__fiscal_year=year,
        document__withdrawn_at__isnull=True, status=Status.APPROVED,
    )  # fmt: skip
    if project_codes:
        approved = approved.filter(code__in=set(project_codes))
        found = set(approved.values_list("code", flat=True))
        for row, code in enumerate(project_codes, start=1):
            if code not in found:
                problems.append(
                    f"指定项目第 {row} 行：项目编码 {code} 不是所选单位 {year.year} 年度"
                    "已批复的项目"
                )
    chosen = list(approved.order_by("document_id", "position").values_list("pk", "document_id"))
    if not chosen and not problems:
        problems.append(
            f"所选单位没有 {year.year} 年度已批复的项目绩效目标表，无法发起监控：请确认参加单位，"
            "或待项目批复后再发起"
        )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        created = MonitoringRound.objects.create(
            fiscal_year=year, issuer=bureau, title=title, period=period, as_of=as_of, due=due,
            created_by=user,
        )  # fmt: skip
        created.organisations.set(organisations)
        if project_codes:
            created.projects.set([pk for pk, _ in chosen])
        reports = MonitoringReport.objects.bulk_create(
            MonitoringReport(round=created, project_id=pk) for pk, _ in chosen
        )
        documents = sorted({document for _, document in chosen})
        DepartmentMonitoring.objects.bulk_create(
            DepartmentMonitoring(round=created, document_id=d) for d in documents
        )
        record(
            user, "monitoring_round.issue", created,
            after={
                "title": title, "period": period, "as_of": as_of.isoformat(),
                "due": due.isoformat(), "organisations": [o.name for o in organisations],
                "reports": len(reports),
            },
        )  # fmt: skip
        label = MonitoringReport._meta.label_lower
        by_project = dict(chosen)
        bulk_record(
            [
                AuditEntry(
                    actor=user,
                    action="monitoring_report.create",
                    object_type=label,
                    object_id=str(report.pk),
                    document_id=by_project[report.project_id],
                    after={"round": title, "period": period, "due": due.isoformat()},
                )
                for report in _saved(reports)
            ]
        )
    return created


def _saved(reports: list[MonitoringReport]) -> list[MonitoringReport]:
    """The reports with their keys (a database that does not return them from a bulk insert
    is asked once)."""
    if all(r.pk is not None for r in reports) or not reports:
        return reports
    return list(MonitoringReport.objects.filter(round=reports[0].round))


def close_round(monitoring_round: MonitoringRound, user: User, reason: str = "") -> MonitoringRound:
    """结束监控: no report of the round is submitted or edited afterwards (reviews of those
    already submitted go on)."""
    if not manages(user, monitoring_round):
        raise PermissionDenied(ISSUERS_ONLY)
    with transaction.atomic():
        locked = MonitoringRound.objects.select_for_update().get(pk=monitoring_round.pk)
        if locked.closed_at is not None:
            raise WorkflowError(f"「{locked.title}」{ROUND_CLOSED}")
        locked.closed_at = timezone.now()
        locked.save(update_fields=["closed_at"])
        record(
            user, "monitoring_round.close", locked, before={"closed": False},
            after={"closed": True}, reason=reason.strip(),
        )  # fmt: skip
    return locked
