"""The review of a stored document, split by table. Some rules compare tables (copied goals,
department against project targets), so a table is always reviewed within its whole document.

A review is cached under the document's content revision (bumped by every edit, in the edit's
transaction) and the rule set, so paging through a large document reviews it once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

from django.core.cache import cache as store

from jixiao.review import all_rules, review_document
from jixiao.review.engine import Finding
from jixiao.targets.models import TargetDocument

TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class StoredReview:
    department: list[Finding]
    tables: dict[int, list[Finding]]
    """Findings of each table, by the stored table's key."""


def review_stored(document: TargetDocument) -> StoredReview:
    key = f"jixiao:review:{_rules_key()}:{document.pk}:{document.revision}"
    cached: StoredReview | None = store.get(key)
    if cached is None:
        cached = _review(document)
        store.set(key, cached, TIMEOUT)
    return cached


def _review(document: TargetDocument) -> StoredReview:
    rows = list(document.projects.order_by("position"))
    tables: dict[int, list[Finding]] = {row.pk: [] for row in rows}
    department: list[Finding] = []
    for finding in review_document(document.to_core(rows)):
        if finding.project_index is None:
            department.append(finding)
        else:
            tables[rows[finding.project_index].pk].append(finding)
    return StoredReview(department, tables)


@cache
def _rules_key() -> str:
    """Which rules made a cached review: a new rule set never reads an old review."""
    ids = "\n".join(sorted(all_rules()))
    return hashlib.sha256(ids.encode()).hexdigest()[:12]
