"""The review of a stored document, split by table. Some rules compare tables (copied goals,
department against project targets), so a table is always reviewed within its whole document.

A review is cached under the document's content revision (bumped by every edit, in the edit's
transaction) and the rule set, so paging through a large document reviews it once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from functools import cache

from django.core.cache import cache as store

from jixiao.org.access import User
from jixiao.review import all_rules, review_document
from jixiao.review.engine import Finding
from jixiao.targets.models import TargetDocument
from jixiao.targets.workflow import visible_projects

TIMEOUT = 24 * 3600
FORMAT = "findings/2"
"""What a cached review holds: changed with `Finding`'s fields, so no process reads an old one."""


@dataclass(frozen=True)
class StoredReview:
    department: list[Finding]
    tables: dict[int, list[Finding]]
    """Findings of each table, by the stored table's key."""
    labels: dict[int, tuple[str, str]]
    """Each table's code and name, as findings about other tables quote them."""
    keys: list[int]
    """The stored table's key at each position of the document (what `Finding.mentions` says)."""

    def seen_by(self, reachable: set[int]) -> StoredReview:
        """The review as a reader who reaches only these tables sees it: the other tables'
        findings left out, and where a finding quotes another unit's table (copied goals, alike
        indicator sets), that table is not named. Linear: each finding looks up only the tables
        it quotes."""
        if len(reachable) >= len(self.labels) and all(pk in reachable for pk in self.labels):
            return self
        return StoredReview(
            [self._unnamed(f, reachable) for f in self.department],
            {pk: [self._unnamed(f, reachable) for f in found]
             for pk, found in self.tables.items() if pk in reachable},
            {pk: label for pk, label in self.labels.items() if pk in reachable},
            self.keys,
        )  # fmt: skip

    def _unnamed(self, finding: Finding, reachable: set[int]) -> Finding:
        if not finding.mentions:
            return finding
        hidden = [
            self.labels[self.keys[n]] for n in finding.mentions if self.keys[n] not in reachable
        ]
        return _unnamed(finding, hidden) if hidden else finding


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


def review_stored(document: TargetDocument) -> StoredReview:
    key = f"jixiao:review:{_rules_key()}:{document.pk}:{document.revision}"
    cached: StoredReview | None = store.get(key)
    if cached is None:
        cached = _review(document)
        store.set(key, cached, TIMEOUT)
    return cached


def review_for(user: User, document: TargetDocument) -> StoredReview:
    """The document's review as this user may read it (see `StoredReview.seen_by`)."""
    reachable = visible_projects(user).filter(document=document).values_list("pk", flat=True)
    return review_stored(document).seen_by(set(reachable))


def _review(document: TargetDocument) -> StoredReview:
    rows = list(document.projects.order_by("position"))
    tables: dict[int, list[Finding]] = {row.pk: [] for row in rows}
    department: list[Finding] = []
    for finding in review_document(document.to_core(rows)):
        if finding.project_index is None:
            department.append(finding)
        else:
            tables[rows[finding.project_index].pk].append(finding)
    labels = {row.pk: (row.code, row.name) for row in rows}
    return StoredReview(department, tables, labels, [row.pk for row in rows])


@cache
def _rules_key() -> str:
    """Which rules made a cached review: a new rule set never reads an old review."""
    ids = "\n".join([FORMAT, *sorted(all_rules())])
    return hashlib.sha256(ids.encode()).hexdigest()[:12]
